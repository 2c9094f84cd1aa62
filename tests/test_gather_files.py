"""A file gives the same answer named alone and found in a folder: a `.json` file that
is not JSON at all (empty, cut short) may be a bundle that broke on the way and is
refused, not passed over as "not a bundle"; JSON without the bundle's marker is not
imported when named alone either. A bundle saved with a byte order mark is read; one in
Shift_JIS is refused saying so; a missing file is named in the UI's words."""

from __future__ import annotations

import json
from pathlib import Path

from tests.db_templates import new_store
from tests.test_bundle_identity import _counts
from tests.test_bundle_trust import _filled, _import, _raw
from workshop import cli
from workshop.domain.records import Initiative
from workshop.store import Store


def _bundle_text(tmp_path: Path) -> tuple[str, str]:
    with new_store(tmp_path / "a.db") as a:
        ini, *_ = _filled(a)
        return ini.id, json.dumps(_raw(a, ini.id), ensure_ascii=False)


def test_broken_json_in_a_folder_is_refused_and_other_json_skipped(tmp_path: Path, capsys) -> None:
    _, text = _bundle_text(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a_empty.json").write_bytes(b"")
    (inbox / "b_cut.json").write_text(text[: len(text) // 2], encoding="utf-8")
    (inbox / "c_list.json").write_text("[1, 2, 3]", encoding="utf-8")
    (inbox / "d_notes.txt").write_text("メモ", encoding="utf-8")
    db = tmp_path / "b.db"
    assert _import(db, inbox) == cli.EXIT_DATA
    out = capsys.readouterr().out
    lines = out.splitlines()
    refused = [line for line in lines if line.startswith("取り込まず")]
    skipped = [line for line in lines if line.startswith("対象外")]
    assert [Path(line.split()[1]).name for line in refused] == ["a_empty.json", "b_cut.json"]
    assert [Path(line.split()[1]).name for line in skipped] == ["c_list.json", "d_notes.txt"]
    assert "JSON として読めません" in out
    assert "取り込まず 2、対象外 2" in lines[-1]


def test_json_without_the_marker_is_not_imported_when_named(tmp_path: Path, capsys) -> None:
    _, text = _bundle_text(tmp_path)
    raw = json.loads(text)
    del raw["format"]
    path = tmp_path / "b.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "b.db"
    capsys.readouterr()
    assert _import(db, path) == cli.EXIT_USER
    assert "バンドルではありません" in capsys.readouterr().err
    with Store(db) as b:
        assert b.initiatives() == []


def test_a_byte_order_mark_is_read_and_shift_jis_is_named(tmp_path: Path, capsys) -> None:
    ini_id, text = _bundle_text(tmp_path)
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    db = tmp_path / "b.db"
    assert _import(db, with_bom) == 0
    with Store(db) as b:
        assert b.require(Initiative, ini_id).name == "買い物支援"
    before = _counts(db)
    sjis = tmp_path / "sjis.json"
    sjis.write_bytes(text.encode("shift_jis"))
    capsys.readouterr()
    assert _import(db, sjis) == cli.EXIT_USER
    assert "UTF-8 ではありません" in capsys.readouterr().err
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "sjis.json").write_bytes(text.encode("shift_jis"))
    assert _import(db, inbox) == cli.EXIT_DATA
    assert "UTF-8 ではありません" in capsys.readouterr().out
    assert _counts(db) == before


def test_a_missing_file_is_named_in_japanese(tmp_path: Path, capsys) -> None:
    capsys.readouterr()
    assert _import(tmp_path / "b.db", tmp_path / "nosuch.json") == cli.EXIT_USER
    err = capsys.readouterr().err
    assert "nosuch.json" in err and "Errno" not in err and "No such file" not in err


def test_a_file_too_large_for_a_bundle_is_refused_unread(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from workshop.store import gather

    _, text = _bundle_text(tmp_path)
    path = tmp_path / "big.json"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(gather, "MAX_BUNDLE_BYTES", len(text.encode()) - 1)
    read: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    capsys.readouterr()
    assert _import(tmp_path / "b.db", path) == cli.EXIT_USER
    assert "大きすぎます" in capsys.readouterr().err
    assert path not in read
