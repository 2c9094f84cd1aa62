"""Minutes (and any neutral document) as Word DOCX, with python-docx.

Tables are sized from their content (`layout.column_widths`: a date or a count never
wraps), their header row repeats on every page and a row that fits on a page is never
split across two. A wide table may ask for a landscape page of its own. Page set-up,
fonts and document properties are in `docx_setup`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from workshop.domain.bundle import InitiativeData
from workshop.export.document import Block, Bullets, Document, Fields, Heading, Para, Table
from workshop.export.docx_rows import TABLE_PT, add_rows, save
from workshop.export.docx_setup import (
    header_marks,
    page_number_footer,
    properties,
    setup,
    use_template,
)
from workshop.export.layout import TableWidths
from workshop.export.minutes import build_minutes
from workshop.export.options import DEFAULT, ExportOptions
from workshop.export.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable

SMALL_PT = 8.5
FIELD_LABEL_MM = 28
_STYLE_IDS: WeakKeyDictionary[Any, dict[tuple[str, bool], str | None]] = WeakKeyDictionary()


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


def _column_widths(table: DocxTable, widths: list[Any]) -> None:
    """Widths in the table grid (LibreOffice reads these); `add_rows` copies them onto
    each cell (Word reads those)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _text_width_mm(doc: DocxDocument) -> float:
    """Width between the margins of the section being written (portrait, landscape, or
    the office template's page)."""
    sec = doc.sections[-1]
    return (sec.page_width - sec.left_margin - sec.right_margin) / 36000


def _table(doc: DocxDocument, table: Table, widths_of: TableWidths) -> DocxTable:
    """A table sized to its content; its header row and rows are written by `add_rows`."""
    from docx.shared import Mm

    text_width_mm = _text_width_mm(doc)
    size = SMALL_PT if table.small else TABLE_PT
    out = doc.add_table(rows=0, cols=len(table.header))
    out._tbl.tblStyle_val = _style_id(doc, "Table Grid", table=True)
    out.autofit = False
    widths_mm = widths_of(table, text_width_mm, size)
    _column_widths(out, [Mm(w) for w in widths_mm])
    add_rows(out, table.rows, size, marked=table.marked, widths_mm=widths_mm, header=table.header)
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
    add_rows(out, fields.rows, bold_columns={0}, widths_mm=widths_mm)
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


def _block(doc: DocxDocument, block: Block, widths_of: TableWidths) -> None:
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
            _table(doc, block, widths_of)
        case _:
            raise TypeError(block)


def _blocks(doc: DocxDocument, blocks: Sequence[Block], widths_of: TableWidths) -> None:
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
                _block(doc, heading, widths_of)
            _table(doc, block, widths_of)
            _landscape(doc, False)
        else:
            for heading in waiting:
                _block(doc, heading, widths_of)
            _block(doc, block, widths_of)
        waiting = []
    for heading in waiting:
        _block(doc, heading, widths_of)


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
    widths_of = TableWidths(doc)
    for section in doc.sections:
        blocks = list(section.blocks)
        if section.title and blocks and isinstance(blocks[0], Table) and blocks[0].landscape:
            blocks.insert(0, Heading(section.title, 2))  # on the landscape page with it
        elif section.title:
            heading = _add_heading(out, xml_safe(section.title), 1)
            heading.paragraph_format.page_break_before = section.page_break
        _blocks(out, blocks, widths_of)
    properties(out, {"title": doc.title, **doc.meta})
    return save(out)


def render(data: InitiativeData, session_id: str, options: ExportOptions = DEFAULT) -> bytes:
    doc = build_minutes(data, session_id, cards=options.cards, public=options.public)
    return document_docx(doc, options.template)


def render_summary(
    data: InitiativeData, session_id: str, options: ExportOptions = DEFAULT
) -> bytes:
    from workshop.export.summary import build_summary

    return document_docx(build_summary(data, session_id, public=options.public), options.template)
