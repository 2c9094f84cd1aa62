"""Writing export files: names, the bundle, atomic writes and the errors a user can act on."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from export_data import Fixture, build

from workshop.domain.bundle import Bundle
from workshop.export import (
    EXTENSIONS,
    FORMATS,
    ExportError,
    default_name,
    export_session,
    render,
)
from workshop.export.text import safe_filename_part


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return build(long=False)


def test_formats_and_recognisable_names(fx: Fixture) -> None:
    assert set(FORMATS) == {
        "md", "html", "docx", "summary", "xlsx", "csv", "json", "ics", "charter"
    }  # fmt: skip
    names = {fmt: default_name(fx.data, fx.initial_id, fmt) for fmt in FORMATS}
    assert names == {
        "md": "20261122_第1回連携会議_議事録.md",
        "html": "20261122_第1回連携会議_議事録.html",
        "docx": "20261122_第1回連携会議_議事録.docx",
        "summary": "20261122_第1回連携会議_概要.docx",
        "xlsx": "20261122_第1回連携会議_アクションプラン.xlsx",
        "csv": "20261122_第1回連携会議_アクションプラン.csv",
        "json": "20261122_第1回連携会議.json",
        "ics": "20261122_第1回連携会議_予定.ics",
        "charter": "20261122_第1回連携会議_設置要綱案.docx",
    }
    assert all(names[f].endswith(EXTENSIONS[f]) for f in FORMATS)


def test_json_is_the_bundle(fx: Fixture, tmp_path: Path) -> None:
    path = export_session(fx.data, fx.initial_id, "json", tmp_path / "bundle.json")
    bundle = Bundle.model_validate_json(path.read_bytes())
    assert bundle.data == fx.data


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_owner_only_file(fx: Fixture, tmp_path: Path, fmt: str) -> None:
    path = export_session(fx.data, fx.initial_id, fmt, tmp_path)
    assert path.exists() and path.stat().st_size > 0
    assert path.stat().st_mode & 0o777 == 0o600  # minutes hold staff names
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


@pytest.mark.parametrize(
    "title",
    ["../../etc/passwd", "..\\..\\windows\\win.ini", "/abs/path", "a\x00b\x1fc", "...", "CON"],
)
def test_path_looking_title_stays_in_the_folder(tmp_path: Path, title: str) -> None:
    fx = build(title=title.replace("\x00", "").replace("\x1f", "") or "x", long=False)
    out = tmp_path / "out"
    out.mkdir()
    path = export_session(fx.data, fx.initial_id, "md", out)
    assert path.parent == out and path.resolve().parent == out.resolve()
    assert "/" not in path.name and "\\" not in path.name and not path.name.startswith(".")
    assert list(tmp_path.iterdir()) == [out]


def test_file_name_part_is_sanitised_and_short() -> None:
    assert safe_filename_part("../../etc/passwd") == "etcpasswd"
    assert safe_filename_part('会議:*?"<>|\n\t名') == "会議名"
    assert safe_filename_part("nul") == "_nul"
    assert safe_filename_part("   ") == "session"
    assert len(safe_filename_part("長" * 500)) == 40


def test_unwritable_folder_gives_export_error_and_no_file(fx: Fixture, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: chmod does not stop writes")
        with pytest.raises(ExportError) as err:
            export_session(fx.data, fx.initial_id, "docx", folder)
        assert err.value.code == "export_unwritable"
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_refused_temporary_file_gives_export_error(fx, tmp_path, monkeypatch) -> None:
    """The same path without relying on chmod (which root ignores)."""

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError) as err:
        export_session(fx.data, fx.initial_id, "xlsx", tmp_path)
    assert err.value.code == "export_unwritable"
    assert list(tmp_path.iterdir()) == []


def test_full_disk_leaves_no_partial_file(fx: Fixture, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "議事録.docx"
    target.write_bytes(b"the earlier export")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError) as err:
        export_session(fx.data, fx.initial_id, "docx", target)
    assert err.value.code == "export_disk_full"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert target.read_bytes() == b"the earlier export"  # the old file is untouched


def test_missing_folder(fx: Fixture, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as err:
        export_session(fx.data, fx.initial_id, "md", tmp_path / "nope" / "x.md")
    assert err.value.code == "export_no_folder"


def test_error_codes_have_messages() -> None:
    from workshop.i18n import has

    for code in ("export_unwritable", "export_disk_full", "export_no_folder"):
        assert has(f"error.{code}", "ja") and has(f"error.{code}", "en")


def test_exports_are_japanese_whatever_the_ui_language(fx: Fixture) -> None:
    from workshop.i18n import set_language

    set_language("en")
    try:
        text = render("md", fx.data, fx.initial_id).decode("utf-8")
    finally:
        set_language("ja")
    assert "議事録" in text and "出席者" in text and "Attendees" not in text


def test_heavy_libraries_load_only_when_used() -> None:
    import subprocess
    import sys

    code = (
        "import sys, workshop.export; "
        "print(any(m in sys.modules for m in ('docx', 'openpyxl', 'icalendar')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_writer_failing_midway_leaves_no_file_and_no_part(tmp_path: Path) -> None:
    from workshop.export.atomic import write_atomic

    def pieces():
        yield b"first part\n"
        raise RuntimeError("the renderer broke")

    target = tmp_path / "out.json"
    target.write_bytes(b"the file as it was")
    with pytest.raises(RuntimeError):
        write_atomic(target, pieces())
    assert target.read_bytes() == b"the file as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert write_atomic(target, iter([b"a", b"b"])).read_bytes() == b"ab"
