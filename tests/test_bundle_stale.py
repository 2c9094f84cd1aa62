"""A bundle edited by hand keeps its records' stamps: the import leaves such changes
out (a version not newer than the one imported before), and now says so, field by
field, and names the initiative as it stands here, not as the file calls it (the file's
new name was printed as imported while the database kept the old one)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.test_bundle_trust import _filled_raw, _import, _write
from workshop.domain.merge import merge_rows
from workshop.domain.records import Initiative
from workshop.store import Store

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def test_a_changed_version_with_the_same_stamp_is_named_not_taken() -> None:
    base = ({"name": "買い物支援", "municipality": "みなと町"}, T0)
    local = base
    edited = ({"name": "手で直した名前", "municipality": "みなと町"}, T0)
    outcome = merge_rows(base, local, edited)
    assert outcome.take == {} and outcome.stale == ("name",)
    older = ({"name": "古い名前", "municipality": "みなと町"}, T0 - timedelta(days=1))
    assert merge_rows(base, local, older).stale == ("name",)
    # the same bundle again: nothing to say
    assert merge_rows(base, local, base).stale == ()
    # a newer version: taken, not stale
    newer = ({"name": "新しい名前", "municipality": "みなと町"}, T0 + timedelta(hours=1))
    taken = merge_rows(base, local, newer)
    assert taken.take == {"name": "新しい名前"} and taken.stale == ()


def test_the_import_reports_it_and_names_what_is_stored(tmp_path: Path, capsys) -> None:
    ini, raw = _filled_raw(tmp_path)
    db = tmp_path / "b.db"
    assert _import(db, _write(tmp_path, raw, "first.json")) == 0
    raw["data"]["initiative"]["name"] = "手で直した名前"
    raw["data"]["sessions"][0]["cards"][0]["text"] = "書き換えた文"
    capsys.readouterr()
    assert _import(db, _write(tmp_path, raw, "edited.json")) == 0
    out = capsys.readouterr().out
    assert "「買い物支援」を取り込みました" in out and "手で直した名前" not in out
    stale = [line for line in out.splitlines() if "取り込まず" in line]
    assert len(stale) == 2
    assert any("name" in line and ini.id in line for line in stale)
    assert any("text" in line for line in stale)
    with Store(db) as b:
        assert b.require(Initiative, ini.id).name == "買い物支援"
    # in a folder, the same line under the file
    folder = tmp_path / "inbox"
    folder.mkdir()
    _write(folder, raw, "edited.json")
    assert _import(db, folder) == 0
    out = capsys.readouterr().out
    assert "「買い物支援」" in out and out.count("取り込まず: ") == 2
