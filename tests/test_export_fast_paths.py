"""The short cuts of the DOCX export decide exactly as the plain code they replaced: a
column's bounds measured from its longest cell down (`layout.bounds`), a cell of one
line without tokens measured whole (`unbreakable_em`), rows kept on a page found a
column at a time (`rows_within`), and a header row written as XML text (`add_rows`
with `header`) is the row python-docx makes cell by cell."""

from __future__ import annotations

import io
import math
import random
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from workshop.export.docx_rows import HEADER_FILL, add_rows, fill_cell, row_flags, save, shade
from workshop.export.layout import (
    CELL_PAD_MM,
    LONG_TOKEN,
    PT_MM,
    SHORT_EM,
    bounds,
    em,
    header_em,
    row_height_mm,
    rows_within,
    unbreakable_em,
)

_UNBREAKABLE = re.compile(
    r"令和\d+年\d+月\d+日(?:（.）)?"
    r"|\d+(?:\.\d+)?%（[\d/]+）"
    r"|\d{1,2}:\d{2}(?:[～~-]\d{1,2}:\d{2})?"
    r"|（[^（）]{1,6}）"
    r"|[!-~]+"
)
_WORDS = re.compile(r"[ 　→]+")
_BREAKS = ("\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_PIECES = (
    "連携",
    "買い物支援の情報共有を進めたい",
    "地域包括ケア推進課",
    "令和8年10月21日（水）",
    "令和１２年１月２日",
    "44.0%（107/243）",
    "9:30～10:00",
    "（期限切れ）",
    "（地区によって差がある）",
    "No.",
    "https://example.jp/a/very/long/path",
    "教育委員会 生涯学習課 → 商工観光課",
    "A",
    "１２３",
    " ",
    "　",
    "\t",
    *_BREAKS,
)


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.choice((0, 1, 2, 5, 12))))


def reference_unbreakable_em(text: str) -> float:
    """`unbreakable_em` as it was: every line split and searched for tokens."""
    widest = 0.0
    for line in text.splitlines() or [""]:
        width = em(line)
        if width <= SHORT_EM:
            widest = max(widest, width)
            continue
        if width <= 2 * SHORT_EM:
            widest = max(widest, math.ceil(width / 2))
        for token in _UNBREAKABLE.findall(line):
            if len(token) > LONG_TOKEN and token.isascii():
                continue
            widest = max(widest, em(token))
        words = _WORDS.split(line)
        if len(words) > 1:
            widest = max([widest, *(w for w in map(em, words) if w <= SHORT_EM)])
    return widest


def reference_bounds(
    header: Sequence[str], rows: Sequence[Sequence[str]], font_pt: float
) -> tuple[list[float], list[float]]:
    """`bounds` as it was: every distinct cell of a column measured for both bounds."""

    def longest(text: str) -> float:
        return max((em(line) for line in text.splitlines()), default=0.0)

    char_mm = font_pt * PT_MM
    columns = [{row[j] for row in rows} for j in range(len(header))]
    minimum = [
        max([header_em(head), *(reference_unbreakable_em(c) for c in col)]) * char_mm + CELL_PAD_MM
        for head, col in zip(header, columns, strict=True)
    ]
    natural = [
        max([longest(head), *(longest(c) for c in col)]) * char_mm + CELL_PAD_MM
        for head, col in zip(header, columns, strict=True)
    ]
    return minimum, [max(lo, hi) for lo, hi in zip(minimum, natural, strict=True)]


def test_unbreakable_em_as_line_by_line() -> None:
    rng = random.Random(14)
    texts = [_text(rng) for _ in range(5_000)] + ["", " ", "\n", *_PIECES]
    for text in texts:
        assert unbreakable_em(text) == reference_unbreakable_em(text), repr(text)


def test_bounds_as_every_cell_measured() -> None:
    rng = random.Random(1000)
    for _ in range(300):
        n = rng.randint(1, 5)
        header = [rng.choice(("No.", "意見", "担当課・担当者", "期限（予定）")) for _ in range(n)]
        rows = [[_text(rng) for _ in range(n)] for _ in range(rng.randint(0, 40))]
        font_pt = rng.choice((8.5, 9.5, 10.5))
        assert bounds(header, rows, font_pt) == reference_bounds(header, rows, font_pt)


def test_rows_within_as_row_height_at_any_limit() -> None:
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(1, 5)
        rows = [[_text(rng) for _ in range(n)] for _ in range(rng.randint(0, 30))]
        widths = [rng.uniform(5, 80) for _ in range(n)]
        font_pt = rng.choice((8.5, 9.5))
        limit = rng.choice((1.0, 4.2, 10.0, 30.0, 120.0))
        want = [row_height_mm(row, widths, font_pt) <= limit for row in rows]
        assert rows_within(rows, widths, font_pt, limit) == want


def _document_xml(blob: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return z.read("word/document.xml")


def _table(doc: Any, widths_mm: Sequence[float], rows: int) -> Any:
    from docx.shared import Mm

    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def test_a_header_row_is_the_row_python_docx_makes() -> None:
    import docx
    from docx.shared import Mm

    widths_mm = (12.0, 80.0, 25.0)
    header = ("No.", "意見 & <注>", "  記入者 ")
    rows = [("1", "一行目\n二行目", "山田"), ("2", "", "{0} %s")]
    spliced, reference = docx.Document(), docx.Document()
    add_rows(_table(spliced, widths_mm, 0), rows, 8.5, widths_mm=widths_mm, header=header)
    table = _table(reference, widths_mm, 1)
    head = table.rows[0]
    row_flags(head._tr, header=True)
    for cell, text, width in zip(head.cells, header, widths_mm, strict=True):
        cell.width = Mm(width)
        fill_cell(cell, text, 8.5, bold=True)
        shade(cell, HEADER_FILL)
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    for texts in rows:
        row = table.add_row()
        for cell, text in zip(row.cells, texts, strict=True):
            fill_cell(cell, text, 8.5)
        row_flags(row._tr)
    blob = save(spliced)
    buf = io.BytesIO()
    reference.save(buf)
    assert _document_xml(blob) == _document_xml(buf.getvalue())
    back = docx.Document(io.BytesIO(blob))
    assert [c.text for c in back.tables[0].rows[0].cells] == ["No.", "意見 & <注>", "  記入者 "]


def test_a_table_of_a_header_alone_keeps_it() -> None:
    import docx

    doc = docx.Document()
    add_rows(_table(doc, (30.0, 30.0), 0), [], 9.5, widths_mm=(30.0, 30.0), header=("a", "b"))
    back = docx.Document(io.BytesIO(save(doc)))
    assert [[c.text for c in r.cells] for r in back.tables[0].rows] == [["a", "b"]]
