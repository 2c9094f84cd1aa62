"""Where the command line writes: export targets and file names, the demo's database
(issue 10, items 12 and 13)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.domain.records import Initiative, Session
from workshop.export.text import safe_filename_part
from workshop.store import Store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def session_id(db_path: Path) -> str:
    with Store(db_path) as store:
        ini = store.add(Initiative(name="見守りの取組"))
        return store.add(Session(initiative_id=ini.id, title="第1回\u202egpj.exe 会議")).id


def test_out_naming_a_missing_folder_is_refused(capsys, tmp_path, db_path, session_id) -> None:
    target = tmp_path / "missing-folder"
    code, _, err = run(
        capsys, "--db", str(db_path), "export", "latest", "--format", "md", "--out", f"{target}/"
    )
    assert code != 0
    assert not target.exists()
    assert len(err.strip().splitlines()) == 1 and "missing-folder" in err
    assert "Traceback" not in err


def test_out_in_a_missing_folder_is_refused(capsys, tmp_path, db_path, session_id) -> None:
    target = tmp_path / "no" / "such" / "file.md"
    code, _, err = run(
        capsys, "--db", str(db_path), "export", "latest", "--format", "md", "--out", str(target)
    )
    assert code != 0 and not (tmp_path / "no").exists()
    assert len(err.strip().splitlines()) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
def test_out_naming_a_special_file_leaves_it_alone(capsys, tmp_path, db_path, session_id) -> None:
    """A named pipe stands for any non-regular file (/dev/full, a device): it is not
    replaced by a regular file. (/dev/full itself is not used: on the old code, run as
    root, the test would have replaced the machine's device node.)"""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(
        capsys, "--db", str(db_path), "export", "latest", "--format", "md", "--out", str(fifo)
    )
    assert code != 0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bidi_controls_never_reach_a_file_name(capsys, tmp_path, db_path, session_id) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = run(
        capsys, "--db", str(db_path), "export", "latest", "--format", "md", "--out", str(folder)
    )
    assert code == 0, err
    (written,) = list(folder.iterdir())
    assert "\u202e" not in written.name
    assert written.name.endswith("_第1回gpj.exe 会議_議事録.md")


@pytest.mark.parametrize(
    "mark",
    ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u061c", "\ufeff"],
)
def test_safe_filename_part_drops_format_characters(mark: str) -> None:
    assert safe_filename_part(f"会議{mark}名") == "会議名"


def test_demo_never_writes_into_workshop_db(capsys, monkeypatch, tmp_path) -> None:
    """WORKSHOP_DB names the real database; `workshop demo` keeps to its own file."""
    from workshop.app import WorkshopApp

    real = tmp_path / "real.db"
    with Store(real) as store:
        store.add(Initiative(name="本番の取組"))
    monkeypatch.setenv("WORKSHOP_DB", str(real))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("WORKSHOP_CONFIG", str(tmp_path / "config.toml"))
    opened: list[Path] = []
    monkeypatch.setattr(WorkshopApp, "run", lambda self: opened.append(self.store.path))
    code, _, err = run(capsys, "demo")
    assert code == 0, err
    names = [r[0] for r in sqlite3.connect(real).execute("SELECT name FROM initiatives")]
    assert names == ["本番の取組"]
    assert opened and Path(opened[0]) != real
    assert Path(opened[0]).name == "demo.db"
    # given explicitly, --db is used for the demo (either place on the command line)
    explicit = (("demo", "--db", str(tmp_path / "a.db")), ("--db", str(tmp_path / "b.db"), "demo"))
    for argv in explicit:
        opened.clear()
        assert run(capsys, *argv)[0] == 0
        assert Path(opened[0]).name in ("a.db", "b.db")
