"""A prefecture gathers its municipalities' bundles (issue 15, item 2): several files or
folders, idempotent, newer bundles update, one clear line per file and problem."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from workshop import cli
from workshop.domain.base import utcnow
from workshop.domain.bundle import Bundle, InitiativeData, SessionData
from workshop.domain.enums import Step
from workshop.domain.municipality import check_digit
from workshop.domain.records import Card, Initiative, Session
from workshop.store import Store


def make_bundle(municipality: str, code: str, name: str = "移動支援の連携", **initiative) -> dict:
    ini = Initiative(name=name, municipality=municipality, municipality_code=code, **initiative)
    ses = Session(initiative_id=ini.id, title="第1回", date=date(2026, 10, 1))
    card = Card(session_id=ses.id, step=Step.VISION, text=f"{municipality}の将来像")
    data = InitiativeData(initiative=ini, sessions=[SessionData(session=ses, cards=[card])])
    return json.loads(Bundle(data=data).to_json())


def write(folder: Path, name: str, raw: dict | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False), "utf-8")
    return path


def gather(db: Path, *paths: Path) -> int:
    return cli.main(["--db", str(db), "import", *map(str, paths)])


def test_a_folder_is_gathered_once_and_non_bundles_are_listed(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    write(inbox, "mito.json", make_bundle("水戸市", "082015"))
    write(inbox, "tsuchiura.json", make_bundle("土浦市", "082031"))
    write(inbox / "sub", "nocode.json", make_bundle("みなと町", ""))
    write(inbox, "memo.txt", "会議のメモ")
    write(inbox, "settings.json", '{"theme": "dark"}')
    db = tmp_path / "pref.db"
    assert gather(db, inbox) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert sum(ln.startswith("追加") for ln in lines) == 3
    assert sum(ln.startswith("対象外") for ln in lines) == 2
    assert any("memo.txt" in ln and "バンドルではない" in ln for ln in lines)
    assert any("みなと町（団体コード未設定）" in ln for ln in lines)
    assert "ファイル 5 件: 追加 3、更新 0、変更なし 0、取り込まず 0、対象外 2" in out
    with Store(db) as store:
        before = store.counts()
        assert {i.municipality_code for i in store.initiatives()} == {"082015", "082031", ""}
    # the same set again changes nothing
    assert gather(db, inbox) == 0
    out = capsys.readouterr().out
    assert "変更なし 3" in out
    with Store(db) as store:
        assert store.counts() == before


def test_a_newer_bundle_from_the_same_municipality_updates(tmp_path: Path, capsys) -> None:
    old = make_bundle("水戸市", "082015")
    new = json.loads(json.dumps(old))
    new["data"]["initiative"]["name"] = "移動と買い物の連携"
    new["data"]["initiative"]["updated_at"] = (utcnow() + timedelta(seconds=1)).isoformat()
    new["exported_at"] = new["data"]["initiative"]["updated_at"]
    db = tmp_path / "pref.db"
    a = write(tmp_path / "2025", "mito.json", old)
    b = write(tmp_path / "2026", "mito.json", new)
    assert gather(db, a, b) == 0
    out = capsys.readouterr().out
    assert "追加 1、更新 1" in out
    with Store(db) as store:
        (ini,) = store.initiatives()
        assert ini.name == "移動と買い物の連携"


def test_bad_bundles_get_one_line_each_and_change_nothing(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    good = make_bundle("水戸市", "082015")
    write(inbox, "1-good.json", good)
    newer = make_bundle("土浦市", "082031")
    newer["version"] = 99
    write(inbox, "2-newer.json", newer)
    write(inbox, "3-wrong-code.json", make_bundle("土浦市", "082031") | {})
    wrong = json.loads((inbox / "3-wrong-code.json").read_text("utf-8"))
    wrong["data"]["initiative"]["municipality_code"] = "082032"
    write(inbox, "3-wrong-code.json", wrong)
    # another municipality claims the good bundle's initiative
    thief = json.loads(json.dumps(good))
    thief["data"]["initiative"].update(municipality="笠間市", municipality_code="082163")
    write(inbox, "4-same-uuid.json", thief)
    write(inbox, "5-tokyo.json", make_bundle("千代田区", "131016"))
    db = tmp_path / "pref.db"
    assert gather(db, inbox) == cli.EXIT_DATA
    lines = capsys.readouterr().out.splitlines()
    text = "\n".join(lines)

    def reason(name: str) -> str:
        i = next(i for i, ln in enumerate(lines) if name in ln)
        assert lines[i].startswith("取り込まず")
        return lines[i + 1]

    assert "新しい" in reason("2-newer.json")
    assert "検査数字" in reason("3-wrong-code.json")
    same = reason("4-same-uuid.json")
    assert "082015" in same and "082163" in same
    assert "茨城県" in text and "131016" in text  # warned, not refused
    assert "ファイル 5 件: 追加 2、更新 0、変更なし 0、取り込まず 3、対象外 0" in text
    with Store(db) as store:
        codes = sorted(i.municipality_code for i in store.initiatives())
        assert codes == ["082015", "131016"]
        mito = store.require(Initiative, good["data"]["initiative"]["id"])
        assert mito.municipality == "水戸市"


def test_a_named_file_that_is_not_a_bundle_is_an_error(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "notes.txt", "メモ")
    assert gather(tmp_path / "pref.db", path) == cli.EXIT_USER
    err = capsys.readouterr().err
    assert "notes.txt" in err and len(err.strip().splitlines()) == 1


def test_many_files_in_english(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    for i, code in enumerate(["082015", "082031"]):
        write(inbox, f"{i}.json", make_bundle(f"town {i}", code))
    write(inbox, "x.txt", "memo")
    argv = ["--lang", "en", "--db", str(tmp_path / "p.db"), "import", str(inbox)]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "3 files: 2 added, 0 updated, 0 unchanged, 0 refused, 1 skipped" in out
    assert "not a bundle" in out


def test_many_files_show_a_progress_bar_on_a_terminal(tmp_path: Path, capsys, monkeypatch) -> None:
    inbox = tmp_path / "inbox"
    for i in range(25):
        first = f"08{201 + i:03d}"
        write(inbox, f"{i:02d}.json", make_bundle(f"町{i}", first + str(check_digit(first))))
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich then takes stderr for a terminal
    assert gather(tmp_path / "pref.db", inbox) == 0
    captured = capsys.readouterr()
    assert "バンドルを取り込み中" in captured.err and "25/25" in captured.err
    assert "ファイル 25 件: 追加 25" in captured.out
