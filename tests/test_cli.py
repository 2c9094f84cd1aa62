"""The command line: one clear line for user mistakes, never a traceback."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.domain.records import Attendee, Initiative, Session
from workshop.store import Store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:  # argparse's --version and usage errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(db_path: Path) -> str:
    with Store(db_path) as store:
        ini = store.add(Initiative(name="見守りの取組"))
        ses = store.add(Session(initiative_id=ini.id, title="第1回 [bold]会議[/]"))
        store.add(Attendee(session_id=ses.id, name="佐藤", department="防災安全課"))
    return ses.id


def test_version(capsys) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("workshop ")


def test_list_plain_and_json(capsys, db_path: Path, filled: str) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "list")
    assert code == 0 and "見守りの取組 / 第1回 [bold]会議[/]" in out and filled[:8] in out
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--json")
    rows = json.loads(out)
    assert rows[0]["id"] == filled and rows[0]["step"] == "prep"


def test_list_reads_workshop_db_from_the_environment(capsys, monkeypatch, db_path, filled) -> None:
    monkeypatch.setenv("WORKSHOP_DB", str(db_path))
    code, out, _ = run(capsys, "list")
    assert code == 0 and "見守りの取組" in out


def test_export_json_and_import_round_trip(capsys, tmp_path: Path, db_path: Path, filled) -> None:
    out_file = tmp_path / "bundle.json"
    code, out, err = run(
        capsys, "--db", str(db_path), "export", "latest", "--format", "json", "--out", str(out_file)
    )
    assert code == 0, err
    assert json.loads(out_file.read_text(encoding="utf-8"))["format"] == "workshop-bundle"
    other = tmp_path / "other.db"
    code, out, _ = run(capsys, "--db", str(other), "import", str(out_file))
    assert code == 0 and "追加 3 件" in out
    code, out, _ = run(capsys, "--db", str(other), "import", str(out_file))
    assert "追加 0 件、更新 0 件、変更なし 3 件" in out


def test_export_into_a_folder_names_the_file(capsys, tmp_path: Path, db_path: Path, filled) -> None:
    code, out, _ = run(
        capsys,
        "--db",
        str(db_path),
        "export",
        filled[:6],
        "--format",
        "json",
        "--out",
        str(tmp_path),
    )
    assert code == 0
    written = Path(out.strip())
    with Store(db_path) as store:
        day = store.require(Session, filled).created_at.strftime("%Y%m%d")  # no meeting date
    # Named by the session's day and title, the "/" that would make a folder taken out
    assert written == tmp_path / f"{day}_第1回 [bold]会議[].json"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".json"] == [written.name]
    bundle = json.loads(written.read_text(encoding="utf-8"))
    assert bundle["format"] == "workshop-bundle"
    assert [s["session"]["title"] for s in bundle["data"]["sessions"]] == ["第1回 [bold]会議[/]"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["export", "nosuch", "--format", "json", "--out", "x.json"], "当てはまる会議がありません"),
        (["export", "latest", "--format", "pdf", "--out", "x"], "出力形式「pdf」は使えません"),
        (["import", "/nonexistent/bundle.json"], "を読めません"),
        (["frobnicate"], "コマンドの指定が正しくありません"),
    ],
)
def test_user_mistakes_print_one_line(capsys, db_path, filled, argv, expected) -> None:
    code, _, err = run(capsys, "--db", str(db_path), *argv)
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in err


def test_malformed_bundle_leaves_the_database_untouched(capsys, tmp_path, db_path, filled) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "workshop-bundle", "version": 1, "data": {"initiative": 5}}')
    before = Store(db_path).counts()
    code, _, err = run(capsys, "--db", str(db_path), "import", str(bad))
    assert code != 0 and "バンドルを読み込めません" in err and "変更していません" in err
    assert Store(db_path).counts() == before


def test_check_reports_ok_garbage_and_english(capsys, tmp_path: Path, db_path, filled) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "check")
    assert code == 0 and "問題は見つかりませんでした" in out
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00garbage" * 100)
    code, _, err = run(capsys, "--db", str(garbage), "check")
    assert code != 0 and "ワークショップのデータベースではありません" in err
    code, _, err = run(capsys, "--lang", "en", "--db", str(garbage), "check")
    assert "is not a workshop database" in err


def test_check_on_a_corrupt_database(capsys, tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Store(path) as store:
        ini = store.add(Initiative(name="x" * 1000))
        for n in range(200):
            store.add(Session(initiative_id=ini.id, title=f"会議{n}" * 50))
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\xff" * (4096 * 2)
    path.write_bytes(bytes(data))
    code, _, err = run(capsys, "--db", str(path), "check")
    assert code != 0 and ("壊れている" in err or "データベースに問題があります" in err)


def test_schema_describes_the_bundle(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and "data" in schema["properties"] and "$defs" in schema


def test_not_a_sqlite_table_of_ours(capsys, tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    code, _, err = run(capsys, "--db", str(path), "list")
    assert code != 0 and "ワークショップのデータベースではありません" in err


# --- the README's launch path: `workshop` and `workshop demo` ------------------------------


def _run_headless(monkeypatch, seen: list[str], keys: tuple[str, ...] = ()) -> None:
    """Make App.run start the app headless; a pilot records the screen and quits."""
    import gc

    from tests.ui_helpers import screen_text, settle
    from workshop.app import WorkshopApp

    original = WorkshopApp.run
    monkeypatch.setattr(gc, "freeze", lambda: None)  # not in the test process

    async def pilot(p) -> None:
        await settle(p, 4)
        for key in keys:
            await p.press(key)
            await settle(p, 4)
        seen.append(screen_text(p.app))
        await p.press("ctrl+q")

    def run(self, **kwargs):
        return original(self, headless=True, size=(120, 40), auto_pilot=pilot)

    monkeypatch.setattr(WorkshopApp, "run", run)


def test_workshop_starts_the_app_on_the_given_database(monkeypatch, db_path: Path, filled) -> None:
    seen: list[str] = []
    _run_headless(monkeypatch, seen)
    assert main(["--db", str(db_path)]) == 0
    (home,) = seen
    assert "見守りの取組" in home and "第1回 [bold]会議[/]" in home  # the stored session


def test_workshop_demo_installs_the_demo_into_its_own_file(monkeypatch, tmp_path: Path) -> None:
    seen: list[str] = []
    _run_headless(monkeypatch, seen)
    demo_db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo_db)]) == 0
    assert "くらしの足と買い物" in seen[0]
    with Store(demo_db) as store:
        sessions = store.sessions()
        assert len(sessions) >= 2
        assert {s.initiative_id for s in sessions} == {sessions[0].initiative_id}
    assert main(["demo", "--db", str(demo_db)]) == 0  # a second start adds nothing
    with Store(demo_db) as store:
        assert len(store.sessions()) == len(sessions)


HEADLESS_MAIN = """
import html, re, sys
from textual.app import App
from workshop import cli

original = App.run  # patched on Textual's class: cli imports the app after the language

async def pilot(p):
    for _ in range(4):
        await p.pause()
    svg = p.app.export_screenshot()
    print(html.unescape("".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " "))
    await p.press("ctrl+q")

App.run = lambda self, **kw: original(self, headless=True, size=(120, 40), auto_pilot=pilot)
sys.exit(cli.main(sys.argv[1:]))
"""


def test_workshop_lang_en_starts_in_english_without_saving_it(db_path: Path, filled) -> None:
    """In a fresh process, as a user starts it: every label English, the choice not saved."""
    import os
    import subprocess
    import sys

    from workshop.config import load_config

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", HEADLESS_MAIN, "--db", str(db_path), "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    shown = result.stdout
    assert "第1回 [bold]会議[/]" in shown and "Follow-up" in shown and "Help" in shown
    assert "ヘルプ" not in shown and "終了" not in shown
    assert load_config().language == "ja"


def test_workshop_on_an_unreadable_database_says_so_in_one_line(
    monkeypatch, tmp_path: Path, capsys
) -> None:
    seen: list[str] = []
    _run_headless(monkeypatch, seen)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    assert main(["--db", str(bad)]) != 0
    assert seen == []  # the app never started
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0]


def test_pydantic_plugins_are_not_searched_unless_asked(capsys, monkeypatch) -> None:
    """The command line skips pydantic's plugin search (a walk over every installed
    package's metadata); a value the environment sets is kept."""
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert main(["schema"]) == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")
    assert main(["schema"]) == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == ""
