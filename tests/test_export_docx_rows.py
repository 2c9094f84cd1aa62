"""The data rows of a DOCX export's tables are written as XML text into the saved
document (`workshop.export.docx_rows`), not kept as python-docx elements while it is
built. These tests guard that splice: the rows are the very XML python-docx makes cell
by cell (awkward texts included), every row of a large generated session's minutes is
in the file in order and the file is valid XML that python-docx and LibreOffice open."""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from workshop.domain.rules import live_cards
from workshop.export import render
from workshop.export.document import Fields, Table
from workshop.export.docx_rows import (
    MARKED_FILL,
    UNSPLIT_MAX_MM,
    add_rows,
    fill_cell,
    row_flags,
    save,
    shade,
)
from workshop.export.layout import rows_within
from workshop.export.minutes import build_minutes
from workshop.export.text import xml_safe

AWKWARD = (
    "",
    " ",
    "  先頭の空白",
    "末尾の空白  ",
    "タブ\tの後",
    "一行目\n二行目\n",
    "改行\r\nCRLF\r古いMac",
    "a & b < c > d",
    "\"引用\" 'single'",
    "{0} {} {{x}} {name}",
    "<!--workshop-rows 0-->",
    "]]> &amp; &#x41;",
    "絵文字🚌と結合文字が\u3099",
    "制御\x01\x0b文字",
    "\ue000",
    "長い発言。" * 400,
)
"""Cell texts a careless writer breaks: whitespace at the ends, tabs and line breaks,
markup, the braces of a format string, the comment that marks where rows go, emoji,
control characters, the private-use character that stands for a cell in a template row,
and a cell too tall to keep on one page."""

SIZE = 8.5
WIDTHS_MM = (12.0, 80.0, 25.0, 35.0, 18.0)


def _rows(count: int) -> list[tuple[str, ...]]:
    n = len(AWKWARD)
    return [
        (str(i + 1), AWKWARD[i % n], f"職員{i}", AWKWARD[(i * 7 + 3) % n], str(i % 4))
        for i in range(count)
    ]


def _new_table(doc: Any, columns: int, widths_mm: tuple[float, ...]) -> Any:
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=columns)
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
        fill_cell(cell, "見出し", SIZE, bold=True)
    doc.add_paragraph()
    return table


def _cell_by_cell(
    table: Any, rows: list[tuple[str, ...]], size: float | None, bold: set[int], marked: set[int]
) -> None:
    """The rows as python-docx's own API makes them, one cell at a time."""
    keeps = rows_within(rows, WIDTHS_MM, size or 9.5, UNSPLIT_MAX_MM)
    for i, texts in enumerate(rows):
        row = table.add_row()
        for j, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            fill_cell(cell, text, size, bold=j in bold)
        if i in marked:
            for cell in row.cells:
                shade(cell, MARKED_FILL)
        row_flags(row._tr, keep=keeps[i])


def _document_xml(blob: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return z.read("word/document.xml")


def test_rows_are_the_xml_python_docx_makes_cell_by_cell() -> None:
    import docx

    rows = _rows(400)
    marked = {0, 7, 15, 399}
    assert not all(rows_within(rows, WIDTHS_MM, SIZE, UNSPLIT_MAX_MM))  # both row kinds
    spliced, reference = docx.Document(), docx.Document()
    for doc in (spliced, reference):
        doc.add_paragraph("前")
    add_rows(_new_table(spliced, 5, WIDTHS_MM), rows, SIZE, marked=marked, widths_mm=WIDTHS_MM)
    _cell_by_cell(_new_table(reference, 5, WIDTHS_MM), rows, SIZE, set(), marked)
    # a second table: bold first column, the body's font size, no rows marked
    add_rows(_new_table(spliced, 5, WIDTHS_MM), rows[:40], bold_columns={0}, widths_mm=WIDTHS_MM)
    _cell_by_cell(_new_table(reference, 5, WIDTHS_MM), rows[:40], None, {0}, set())
    # an empty table keeps its header row alone
    add_rows(_new_table(spliced, 5, WIDTHS_MM), [], SIZE, widths_mm=WIDTHS_MM)
    _new_table(reference, 5, WIDTHS_MM)
    for doc in (spliced, reference):
        doc.add_paragraph("後")

    blob = save(spliced)
    buf = io.BytesIO()
    reference.save(buf)
    assert _document_xml(blob) == _document_xml(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(blob)) as got, zipfile.ZipFile(buf) as want:
        assert got.testzip() is None
        assert got.namelist() == want.namelist()  # the same parts, in the same order

    back = docx.Document(io.BytesIO(blob))
    assert [len(t.rows) for t in back.tables] == [401, 41, 1]
    texts = [[c.text for c in r.cells] for r in back.tables[0].rows[1:]]
    assert texts == [[xml_safe(t) for t in row] for row in rows]
    assert next(p.text for p in back.paragraphs) == "前"
    assert [p.text for p in back.paragraphs][-1] == "後"


def test_a_row_of_the_wrong_length_is_refused() -> None:
    import docx

    doc = docx.Document()
    table = _new_table(doc, 5, WIDTHS_MM)
    with pytest.raises(ValueError, match="row 1 has 4 cells"):
        add_rows(table, [_rows(1)[0], ("1", "2", "3", "4")], SIZE)


def _appendix(data: Any, sid: str) -> list[tuple[str, ...]]:
    """The rows of the card list (別紙) of the minutes, in order."""
    neutral = build_minutes(data, sid)
    appendix = neutral.sections[-1]
    return [row for b in appendix.blocks if isinstance(b, Table) for row in b.rows]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str]:
    """A session of 1,500 cards (generated as the benchmarks are)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate_large import Plan, generate

    from workshop.store import Store

    db = tmp_path_factory.mktemp("rows") / "large.db"
    plan = Plan(initiatives=1, sessions=2, cards=1_540, actions=30, big_cards=1_500)
    generate(db, plan)
    with Store(db) as store:
        big = max(store.session_summaries(), key=lambda s: s.cards)
        return store.initiative_data(big.initiative_id), big.id


def test_every_row_of_a_large_session_is_in_the_file_in_order(
    generated: tuple[Any, str],
) -> None:
    import docx
    from lxml import etree

    data, sid = generated
    blob = render("docx", data, sid)
    etree.fromstring(_document_xml(blob))  # well-formed, or this raises
    back = docx.Document(io.BytesIO(blob))
    neutral = build_minutes(data, sid)
    blocks = [neutral.head, *(b for s in neutral.sections for b in s.blocks)]
    tables = [b for b in blocks if isinstance(b, Table | Fields)]
    assert len(back.tables) == len(tables)
    for out, table in zip(back.tables, tables, strict=True):
        rows = [[c.text for c in r.cells] for r in out.rows]
        if isinstance(table, Table):
            assert rows[0] == list(table.header)
            rows = rows[1:]
        assert rows == [[xml_safe(t) for t in row] for row in table.rows]
    # the card list: every live card once, numbered in order
    session = data.session(sid)
    assert session is not None
    cards = _appendix(data, sid)
    assert [row[0] for row in cards] == [str(n) for n in range(1, len(cards) + 1)]
    assert sorted(row[1] for row in cards) == sorted(c.text for c in live_cards(session.cards))
    assert len(cards) >= 1_500


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_every_card_in_order(generated: tuple[Any, str], tmp_path: Path) -> None:
    from scripts.render_pages import convert

    data, sid = generated
    path = tmp_path / "minutes.docx"
    path.write_bytes(render("docx", data, sid))
    profile = (tmp_path / "profile").as_uri()  # its own, beside any LibreOffice running
    out = convert(path, tmp_path, profile, to="txt:Text (encoded):UTF8", timeout=600)
    text = out.read_text(encoding="utf-8-sig")
    cards = _appendix(data, sid)
    at = text.index(build_minutes(data, sid).sections[-1].title)
    for row in cards:  # number, card, author, department, votes
        for cell in row[:2]:
            at = text.index(cell.splitlines()[0], at) + 1


def test_rows_go_into_the_body_only() -> None:
    """`save` writes the rows of the main document part; a table in a header would
    lose them, so it is refused."""
    import docx
    from docx.shared import Mm

    doc = docx.Document()
    table = doc.sections[0].header.add_table(rows=1, cols=2, width=Mm(100))
    with pytest.raises(ValueError, match="body only"):
        add_rows(table, [("a", "b")])
