"""Minutes (and any neutral document) as Word DOCX, with python-docx.

Tables are sized from their content (`layout.column_widths`: a date or a count never
wraps), their header row repeats on every page and a row that fits on a page is never
split across two. A wide table may ask for a landscape page of its own. Page set-up,
fonts and document properties are in `docx_setup`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Container, Sequence
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from workshop.domain.bundle import InitiativeData
from workshop.export.document import Block, Bullets, Document, Fields, Heading, Para, Table
from workshop.export.docx_setup import (
    header_marks,
    page_number_footer,
    properties,
    setup,
    use_template,
)
from workshop.export.layout import column_widths, rows_within
from workshop.export.minutes import build_minutes
from workshop.export.options import DEFAULT, ExportOptions
from workshop.export.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable

SMALL_PT = 8.5
TABLE_PT = 9.5
FIELD_LABEL_MM = 28
MARKED_FILL = "FDE8E8"
HEADER_FILL = "E8E8E8"
UNSPLIT_MAX_MM = 120
"""Rows up to this height are kept on one page; a taller row (a pasted essay) may
split, or it would leave most of a page empty or be cut off."""
_RUN_BREAKS = re.compile(r"([\t\r\n])")
_STYLE_IDS: WeakKeyDictionary[Any, dict[tuple[str, bool], str | None]] = WeakKeyDictionary()
_MARK = "\ue000"
"""Stands for a cell's text in the XML of a template row (a private-use character)."""


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _row_flags(tr: Any, header: bool = False, keep: bool = True) -> None:
    """w:tblHeader (repeat on every page) and w:cantSplit (keep the row on one page)."""
    from docx.oxml.ns import qn

    trpr = tr.get_or_add_trPr()
    if keep:
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
    if header:
        trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))


def _fill_cell(cell: Any, text: str, size: float | None = None, bold: bool = False) -> None:
    """One run per cell; python-docx turns \\n and \\t into breaks and tabs."""
    from docx.shared import Pt

    para = cell.paragraphs[0]
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run(xml_safe(text))
    if size:
        run.font.size = Pt(size)
    if bold:
        run.bold = True


def _style_id(doc: DocxDocument, name: str, table: bool = False) -> str | None:
    """The id of a paragraph (or table) style, looked up once per document: python-docx
    goes through every style of the document on each lookup (90 headings of a large
    session's minutes)."""
    from docx.enum.style import WD_STYLE_TYPE

    ids = _STYLE_IDS.setdefault(doc.part, {})
    key = (name, table)
    if key not in ids:
        kind = WD_STYLE_TYPE.TABLE if table else WD_STYLE_TYPE.PARAGRAPH
        ids[key] = doc.part.get_style_id(name, kind)
    return ids[key]


def _add_paragraph(doc: DocxDocument, text: str = "", style: str | None = None) -> Any:
    """`doc.add_paragraph(text, style)`."""
    para = doc.add_paragraph(text)
    if style is not None:
        para._p.style = _style_id(doc, style)
    return para


def _add_heading(doc: DocxDocument, text: str, level: int) -> Any:
    """`doc.add_heading(text, level)`."""
    return _add_paragraph(doc, text, "Title" if level == 0 else f"Heading {level}")


def _run_xml(text: str) -> str:
    """The content of a w:r holding `text`, as python-docx's `run.text = text` makes it:
    w:t for the text (whitespace at either end kept), w:tab for a tab, w:br for a line
    break."""
    if not _RUN_BREAKS.search(text):
        if not text:
            return ""
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if len(text.strip()) < len(text):
            return f'<w:t xml:space="preserve">{escaped}</w:t>'
        return f"<w:t>{escaped}</w:t>"
    parts = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            parts.append("<w:br/>")
        elif piece:
            escaped = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escaped}</w:t>")
    return "".join(parts)


def _column_widths(table: DocxTable, widths: list[Any]) -> None:
    """Widths in the table grid (LibreOffice reads these); `_add_rows` copies them onto
    each cell (Word reads those)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _add_rows(
    out: DocxTable,
    rows: Sequence[Sequence[str]],
    size: float | None = None,
    bold_columns: Container[int] = (),
    marked: Container[int] = (),
    widths_mm: Sequence[float] = (),
) -> None:
    """Append one row per item of `rows`: cell widths from the table grid, one run per
    cell in `size` (bold in `bold_columns`) with no space after, and the rows whose
    index is in `marked` shaded.

    Why template rows: python-docx formats cell by cell, looking up or adding each
    w:tcPr / w:pPr / w:rPr child on the way, and the minutes of a large session have
    ~50,000 cells. So one row is formatted with python-docx and written out as XML (four
    ways: shaded or not, kept on one page or not); each data row is that XML with its
    texts filled in, and the rows of the table are parsed in one go by python-docx's
    own parser: the same elements as formatting every cell."""
    import copy

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from lxml import etree

    row = out.add_row()  # cell widths from the grid, as python-docx gives every new row
    for j, cell in enumerate(row.cells):
        _fill_cell(cell, _MARK, size, bold=j in bold_columns)
    plain = copy.deepcopy(row._tr)
    for cell in row.cells:
        _shade(cell, MARKED_FILL)
    shaded = row._tr
    out._tbl.remove(shaded)
    templates: dict[tuple[bool, bool], str] = {}  # str.format templates, a field per cell
    for fill, template in ((False, plain), (True, shaded)):
        for keep in (False, True):
            tr = copy.deepcopy(template)
            _row_flags(tr, keep=keep)
            xml = etree.tostring(tr, encoding="unicode").replace(f" {nsdecls('w')}", "", 1)
            escaped = xml.replace("{", "{{").replace("}", "}}")
            templates[fill, keep] = escaped.replace(f"<w:t>{_MARK}</w:t>", "{}")
    keeps = _kept_rows(rows, widths_mm, size or TABLE_PT)
    columns = len(out.columns)
    runs: dict[str, str] = {}  # names, departments and counts repeat
    body: list[str] = []
    for i, texts in enumerate(rows):
        if len(texts) != columns:
            raise ValueError(f"row {i} has {len(texts)} cells, the table {columns}")
        cells = []
        for text in texts:
            xml = runs.get(text)
            if xml is None:
                xml = runs[text] = _run_xml(xml_safe(text))
            cells.append(xml)
        body.append(templates[i in marked, keeps[i]].format(*cells))
    if body:
        out._tbl.extend(list(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(body)}</w:tbl>")))


def _kept_rows(
    rows: Sequence[Sequence[str]], widths_mm: Sequence[float], font_pt: float
) -> list[bool]:
    """Which rows are short enough to be kept on one page (`UNSPLIT_MAX_MM`); every row
    when the widths are not known."""
    if not widths_mm:
        return [True] * len(rows)
    return rows_within(rows, widths_mm, font_pt, UNSPLIT_MAX_MM)


def _text_width_mm(doc: DocxDocument) -> float:
    """Width between the margins of the section being written (portrait, landscape, or
    the office template's page)."""
    sec = doc.sections[-1]
    return (sec.page_width - sec.left_margin - sec.right_margin) / 36000


def _table(doc: DocxDocument, table: Table) -> DocxTable:
    from docx.shared import Mm

    text_width_mm = _text_width_mm(doc)
    size = SMALL_PT if table.small else TABLE_PT
    out = doc.add_table(rows=1, cols=len(table.header))
    out._tbl.tblStyle_val = _style_id(doc, "Table Grid", table=True)
    out.autofit = False
    widths_mm = column_widths(table.header, table.rows, text_width_mm, size)
    widths = [Mm(w) for w in widths_mm]
    _column_widths(out, widths)
    head = out.rows[0]
    _row_flags(head._tr, header=True)
    for cell, text, width in zip(head.cells, table.header, widths, strict=True):
        cell.width = width
        _fill_cell(cell, text, size, bold=True)
        _shade(cell, HEADER_FILL)
        cell.paragraphs[0].paragraph_format.keep_with_next = True  # never alone at a page foot
    _add_rows(out, table.rows, size, marked=table.marked, widths_mm=widths_mm)
    doc.add_paragraph()  # Word glues consecutive tables together without a paragraph
    return out


def _landscape(doc: DocxDocument, on: bool) -> None:
    """Start a new page section in landscape (on) or back in portrait."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = sorted((sec.page_width, sec.page_height), reverse=on)
    sec.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = width, height


def _fields(doc: DocxDocument, fields: Fields) -> None:
    """Label / value rows as a borderless two-column table (日時、場所 …)."""
    from docx.shared import Mm

    out = doc.add_table(rows=0, cols=2)
    out.autofit = False
    widths_mm = [FIELD_LABEL_MM, _text_width_mm(doc) - FIELD_LABEL_MM]
    _column_widths(out, [Mm(w) for w in widths_mm])
    _add_rows(out, fields.rows, bold_columns={0}, widths_mm=widths_mm)
    doc.add_paragraph()


_INDENT_MM = {
    "caption": (3.7, 0),
    "article": (3.7, -3.7),
    "clause": (3.7, -3.7),
    "item": (7.4, -3.7),
}


def _para(doc: DocxDocument, para: Para) -> None:
    from docx.shared import Mm

    style = "Note" if para.kind == "note" else None
    out = _add_paragraph(doc, style=style)
    run = out.add_run(("⚠ " if para.kind == "warn" else "") + xml_safe(para.text))
    if para.kind == "warn":
        run.bold = True
    if para.kind == "right":
        out.alignment = 2
    if para.kind in ("lead", "caption"):
        out.paragraph_format.keep_with_next = True
    if para.kind in _INDENT_MM:
        left, first = _INDENT_MM[para.kind]
        # hanging indent: 第1条 / 2 / (1) stand out, the wrapped lines align under the text
        out.paragraph_format.left_indent = Mm(left)
        out.paragraph_format.first_line_indent = Mm(first)


def _bullets(doc: DocxDocument, bullets: Bullets) -> None:
    """（1）… for ordered lists, ・… otherwise, wrapped lines aligned under the text."""
    from docx.shared import Mm

    indent = 7 if bullets.ordered else 4
    for i, item in enumerate(bullets.items, start=1):
        mark = f"（{i}）" if bullets.ordered else "・"
        para = doc.add_paragraph(mark + xml_safe(item))
        para.paragraph_format.left_indent = Mm(indent)
        para.paragraph_format.first_line_indent = Mm(-indent)


def _block(doc: DocxDocument, block: Block) -> None:
    match block:
        case Heading(text, level):
            _add_heading(doc, xml_safe(text), min(level - 1, 3))
        case Para():
            _para(doc, block)
        case Bullets():
            _bullets(doc, block)
        case Fields():
            _fields(doc, block)
        case Table():
            _table(doc, block)
        case _:
            raise TypeError(block)


def _blocks(doc: DocxDocument, blocks: Sequence[Block]) -> None:
    """Write blocks in order; a landscape table gets a landscape page with the headings
    just before it, so no heading is left alone at the foot of the portrait page."""
    waiting: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            waiting.append(block)
            continue
        if isinstance(block, Table) and block.landscape:
            _landscape(doc, True)
            for heading in waiting:
                _block(doc, heading)
            _table(doc, block)
            _landscape(doc, False)
        else:
            for heading in waiting:
                _block(doc, heading)
            _block(doc, block)
        waiting = []
    for heading in waiting:
        _block(doc, heading)


def document_docx(doc: Document, template: bytes | None = None) -> bytes:
    """Write a neutral document as DOCX bytes: in our layout, or in the office's own
    template (its styles, page set-up, header and footer; only the body is ours)."""
    import docx

    if template is None:
        out = docx.Document()
        setup(out)
        header_marks(out, doc.version_mark, doc.draft_mark if doc.draft else "")
        page_number_footer(out)
    else:
        out = docx.Document(io.BytesIO(template))
        use_template(out)
        header_marks(out, doc.version_mark, doc.draft_mark if doc.draft else "", template=True)
    _add_paragraph(out, xml_safe(doc.title), "Title")
    if doc.subtitle:
        out.add_paragraph(xml_safe(doc.subtitle)).alignment = 1
    if doc.draft and doc.draft_note:
        note = _add_paragraph(out, style="Note")
        note.add_run(xml_safe(f"{doc.draft_mark} {doc.draft_note}")).bold = True
    if doc.head:
        _fields(out, doc.head)
    for section in doc.sections:
        blocks = list(section.blocks)
        if section.title and blocks and isinstance(blocks[0], Table) and blocks[0].landscape:
            blocks.insert(0, Heading(section.title, 2))  # on the landscape page with it
        elif section.title:
            heading = _add_heading(out, xml_safe(section.title), 1)
            heading.paragraph_format.page_break_before = section.page_break
        _blocks(out, blocks)
    properties(out, {"title": doc.title, **doc.meta})
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def render(data: InitiativeData, session_id: str, options: ExportOptions = DEFAULT) -> bytes:
    doc = build_minutes(data, session_id, cards=options.cards, public=options.public)
    return document_docx(doc, options.template)


def render_summary(
    data: InitiativeData, session_id: str, options: ExportOptions = DEFAULT
) -> bytes:
    from workshop.export.summary import build_summary

    return document_docx(build_summary(data, session_id, public=options.public), options.template)
