"""The export dialog: formats and folder chosen in the app, written off the UI thread,
and where the files went (or why not) shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from textual.widgets import Input, SelectionList

from tests.ui_helpers import demo_app, open_session, screen_text, settle
from workshop.domain.enums import SessionKind
from workshop.domain.records import Session
from workshop.screens.export_dialog import ExportDialog


async def wait_done(pilot, dialog: ExportDialog) -> None:
    for _ in range(200):
        await pilot.pause(0.05)
        if not dialog.query_one("#run").disabled:
            break
    await settle(pilot)


async def open_export(pilot, store) -> ExportDialog:
    """The first demo session on screen, its export dialog (F8) open."""
    s1 = next(s for s in store.sessions() if s.kind is SessionKind.INITIAL)
    await open_session(pilot, s1.id)
    await pilot.press("f8")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_export_minutes_and_plan_from_the_session(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        selection = dialog.query_one(SelectionList)
        assert set(selection.selected) == {"docx", "xlsx"}
        selection.select("ics")
        folder = dialog.query_one("#folder", Input)
        folder.value = str(out)
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        text = screen_text(app)
        assert "出力しました" in text
        files = sorted(p.name for p in out.iterdir())
        assert sorted(f.rsplit(".", 1)[1] for f in files) == ["docx", "ics", "xlsx"]
        assert all(f.startswith("20260916_") for f in files)
        docx = Document(str(next(out.glob("*.docx"))))
        body = "\n".join(p.text for p in docx.paragraphs)
        body += "\n".join(c.text for t in docx.tables for row in t.rows for c in row.cells)
        assert "令和8年9月16日（水）" in body
        wb = load_workbook(next(out.glob("*.xlsx")))
        assert wb.sheetnames[0] == "アクションプラン"
        assert not list(out.glob("*.part"))


async def test_export_to_a_missing_folder_says_why(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        dialog.query_one("#folder", Input).value = str(tmp_path / "nope" / "deeper")
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        assert "出力先のフォルダ" in screen_text(app) and "ありません" in screen_text(app)
        assert not (tmp_path / "nope").exists()


async def test_export_with_nothing_chosen(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        dialog.query_one(SelectionList).deselect_all()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "形式を1つ以上選んでください" in screen_text(app)


async def test_export_with_no_folder_says_so_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, store, _ = demo_app(tmp_path)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        dialog.query_one("#folder", Input).value = "   "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "保存先のフォルダを入力してください" in screen_text(app)
    assert list(work.iterdir()) == []


async def test_a_relative_folder_is_shown_as_the_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, store, _ = demo_app(tmp_path)
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        dialog.query_one(SelectionList).deselect_all()
        dialog.query_one(SelectionList).select("md")
        dialog.query_one("#folder", Input).value = "out"
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        shown = str(dialog.query_one("#export-result").render())
        assert str(tmp_path / "out") in shown.replace("\n", "")
    assert [p.suffix for p in (tmp_path / "out").iterdir()] == [".md"]


async def test_a_folder_that_does_not_exist_is_not_taken_as_a_file_name(tmp_path: Path) -> None:
    """Its parent exists: as a file name, every chosen format overwrote the one before."""
    app, store, _ = demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        dialog.query_one("#folder", Input).value = str(tmp_path / "議事録")
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        text = screen_text(app)
        assert "出力先のフォルダ" in text and "ありません" in text
        assert "✓" not in text
    assert not (tmp_path / "議事録").exists()


async def test_export_public_summary_with_the_office_template(tmp_path: Path) -> None:
    import docx as python_docx
    from docx.shared import Mm

    template = tmp_path / "様式.docx"
    office = python_docx.Document()
    office.sections[0].left_margin = Mm(30)
    office.sections[0].header.paragraphs[0].add_run("さくら川町")
    office.save(str(template))
    app, store, _ = demo_app(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        formats = dialog.query_one("#formats", SelectionList)
        formats.deselect_all()
        formats.select("summary")
        dialog.query_one("#options", SelectionList).select("public")
        dialog.query_one("#folder", Input).value = str(out)
        dialog.query_one("#template", Input).value = str(template)
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        assert "出力しました" in screen_text(app)
        path = next(out.glob("*.docx"))
        assert path.name.endswith("_概要_公開用.docx")
        doc = Document(str(path))
        assert round(doc.sections[0].left_margin.mm) == 30
        header = "\n".join(p.text for p in doc.sections[0].header.paragraphs)
        assert "さくら川町" in header and "公開用" in header
        body = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
        assert "小川 正樹" not in body


async def test_an_unreadable_template_is_refused_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_text("not a word file", encoding="utf-8")
    app, store, _ = demo_app(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        dialog.query_one("#folder", Input).value = str(out)
        dialog.query_one("#template", Input).value = str(bad)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "様式のファイルを読めません" in screen_text(app)
        assert not list(out.iterdir())


async def test_a_database_error_while_exporting_is_shown_and_nothing_written(
    tmp_path: Path,
) -> None:
    """Another window deleted the session while the dialog was open: the export says so
    in a line (it reads the database afresh) and writes no file."""
    from workshop.store import Store

    app, store, _ = demo_app(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        with Store(store.path) as other:
            other.delete(other.require(Session, dialog.session_id))
        dialog.query_one("#folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        await wait_done(pilot, dialog)
        result = str(dialog.query_one("#export-result").render())
        assert result.strip() == (
            "✗ この会議は別の画面で削除されたため、出力できません。何も書き出していません。"
        )
        assert list(out.iterdir()) == []
        assert not dialog.query_one("#run").disabled  # one can try again
        assert app.is_running


async def test_at_projector_size_the_buttons_and_the_result_are_on_the_screen(
    tmp_path: Path,
) -> None:
    """At 100×30 the dialog's buttons were below the bottom edge: Enter (the cursor starts
    on 出力する) exported with nothing to see. The choices scroll; every format, the
    buttons and the result stay on the screen; ticked and unticked read [x] / [ ]."""
    app, store, _ = demo_app(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_export(pilot, store)
        dialog.query_one("#folder", Input).value = str(out)
        screen = dialog.region
        for wid in ("#run", "#close", "#export-result-box"):
            region = dialog.query_one(wid).region
            assert region.height and screen.contains_region(region), wid
        assert dialog.query_one("#run").has_focus
        text = screen_text(app)
        assert "[ ] 公開用にする" in text and "[x] 議事録（Word）" in text
        assert "設置要綱案（Word）" in text  # the last format, not scrolled away
        await pilot.press("enter")
        await wait_done(pilot, dialog)
        shown = "".join(screen_text(app).split())
        assert "出力しました" in shown and "_アクションプラン.xlsx" in shown
        assert len(list(out.iterdir())) == 2
