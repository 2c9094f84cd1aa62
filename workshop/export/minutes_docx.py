"""Minutes (and any neutral document) as Word DOCX, with python-docx.

A4 portrait, MS 明朝 body and MS ゴシック headings (present on every Japanese Windows;
游明朝 gives Word's notoriously wide line spacing), tables with a repeated header row,
the draft mark in the page header and a page number in the footer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Container, Sequence
from typing import TYPE_CHECKING, Any

from workshop.domain.bundle import InitiativeData
from workshop.export.document import Block, Bullets, Document, Fields, Heading, Para, Table
from workshop.export.minutes import build_minutes
from workshop.export.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable

BODY_FONT = "ＭＳ 明朝"
HEAD_FONT = "ＭＳ ゴシック"
BODY_PT = 10.5
SMALL_PT = 8.5
TEXT_WIDTH_MM = 170
FIELD_LABEL_MM = 28
MARKED_FILL = "FDE8E8"
HEADER_FILL = "E8E8E8"
_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _set_font(target: Any, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Font of a style or run, East Asian slot included (python-docx sets only Latin)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = target.font
    font.name = name
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)


def _setup(doc: DocxDocument) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Mm, Pt, RGBColor

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(20), Mm(20)
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)
    styles = doc.styles
    normal = styles["Normal"]
    _set_font(normal, BODY_FONT, BODY_PT)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.15
    _set_lang(doc)
    for name, size in (("Title", 16), ("Heading 1", 12), ("Heading 2", 11), ("Heading 3", 10.5)):
        style = styles[name]
        _set_font(style, HEAD_FONT, size, bold=True)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(10 if name != "Heading 3" else 6)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.paragraph_format.alignment = 1  # centre
    _drop_title_border(title)
    small = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(9)


def _set_lang(doc: DocxDocument) -> None:
    """Mark the text as Japanese so Word picks Japanese line breaking and fonts."""
    from docx.oxml.ns import qn

    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "ja-JP")
    lang.set(qn("w:eastAsia"), "ja-JP")


def _drop_title_border(style: Any) -> None:
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _page_number_footer(doc: DocxDocument) -> None:
    """「- 1 -」 centred in the footer, as a PAGE field Word fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para = doc.sections[0].footer.paragraphs[0]
    para.alignment = 1
    para.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)
    para._p.append(para.add_run(" -")._r)


def _draft_header(doc: DocxDocument, mark: str) -> None:
    from docx.shared import Pt

    para = doc.sections[0].header.paragraphs[0]
    para.alignment = 2  # right
    run = para.add_run(xml_safe(mark))
    run.bold = True
    run.font.size = Pt(12)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


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


def _set_run_text(run: Any, text: str) -> None:
    """Fill an empty w:r as python-docx's `run.text = text` does, without its loop over
    every character: w:t for the text (whitespace at either end kept), w:tab for a tab,
    w:br for a line break."""
    from docx.oxml.ns import qn

    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            run.append(run.makeelement(qn("w:tab"), {}))
        elif piece in ("\n", "\r"):
            run.append(run.makeelement(qn("w:br"), {}))
        elif piece:
            t = run.makeelement(qn("w:t"), {})
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(qn("xml:space"), "preserve")
            run.append(t)


def _widths(table: Table) -> list[float]:
    n = len(table.header)
    rel = list(table.widths) if len(table.widths) == n else [1] * n
    total = sum(rel)
    return [TEXT_WIDTH_MM * w / total for w in rel]


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
) -> None:
    """Append one row per item of `rows`: cell widths from the table grid, one run per
    cell in `size` (bold in `bold_columns`) with no space after, and the rows whose
    index is in `marked` shaded.

    Why a template row: python-docx formats cell by cell, looking up or adding each
    w:tcPr / w:pPr / w:rPr child on the way, and the minutes of a large session have
    ~12,000 cells (2 s of the document's 2 s). So one row is formatted with python-docx,
    and each data row is a deep copy of its XML with only the texts filled in: the same
    XML, byte for byte, as formatting every cell, about seven times faster."""
    import copy

    from docx.oxml.ns import qn

    row = out.add_row()  # cell widths from the grid, as python-docx gives every new row
    for j, cell in enumerate(row.cells):
        _fill_cell(cell, "", size, bold=j in bold_columns)
    plain = copy.deepcopy(row._tr)
    for cell in row.cells:
        _shade(cell, MARKED_FILL)
    shaded = row._tr
    out._tbl.remove(shaded)
    run_tag = qn("w:r")
    for i, texts in enumerate(rows):
        tr = copy.deepcopy(shaded if i in marked else plain)
        for run, text in zip(tr.iter(run_tag), texts, strict=True):
            _set_run_text(run, xml_safe(text))
        out._tbl.append(tr)


def _table(doc: DocxDocument, table: Table) -> DocxTable:
    from docx.shared import Mm

    size = SMALL_PT if table.small else 9.5
    out = doc.add_table(rows=1, cols=len(table.header))
    out.style = "Table Grid"
    out.autofit = False
    widths = [Mm(w) for w in _widths(table)]
    _column_widths(out, widths)
    head = out.rows[0]
    _repeat_header(head)
    for cell, text, width in zip(head.cells, table.header, widths, strict=True):
        cell.width = width
        _fill_cell(cell, text, size, bold=True)
        _shade(cell, HEADER_FILL)
        cell.paragraphs[0].paragraph_format.keep_with_next = True  # never alone at a page foot
    _add_rows(out, table.rows, size, marked=table.marked)
    doc.add_paragraph()  # Word glues consecutive tables together without a paragraph
    return out


def _fields(doc: DocxDocument, fields: Fields) -> None:
    """Label / value rows as a borderless two-column table (日時、場所 …)."""
    from docx.shared import Mm

    out = doc.add_table(rows=0, cols=2)
    out.autofit = False
    _column_widths(out, [Mm(FIELD_LABEL_MM), Mm(TEXT_WIDTH_MM - FIELD_LABEL_MM)])
    _add_rows(out, fields.rows, bold_columns={0})
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
    out = doc.add_paragraph(style=style)
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
            doc.add_heading(xml_safe(text), level=min(level - 1, 3))
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


def document_docx(doc: Document) -> bytes:
    """Write a neutral document as DOCX bytes."""
    import docx

    out = docx.Document()
    _setup(out)
    if doc.draft:
        _draft_header(out, doc.draft_mark)
    _page_number_footer(out)
    out.add_paragraph(xml_safe(doc.title), style="Title")
    if doc.subtitle:
        out.add_paragraph(xml_safe(doc.subtitle)).alignment = 1
    if doc.draft and doc.draft_note:
        note = out.add_paragraph(style="Note")
        note.add_run(xml_safe(f"{doc.draft_mark} {doc.draft_note}")).bold = True
    if doc.head:
        _fields(out, doc.head)
    for section in doc.sections:
        if section.title:
            heading = out.add_heading(xml_safe(section.title), level=1)
            heading.paragraph_format.page_break_before = section.page_break
        for block in section.blocks:
            _block(out, block)
    props = out.core_properties
    props.title = xml_safe(doc.meta.get("title", doc.title))[:255]
    props.subject = xml_safe(doc.meta.get("subject", ""))[:255]
    props.author = "workshop"
    props.last_modified_by = "workshop"
    props.comments = ""
    props.language = "ja-JP"
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def render(data: InitiativeData, session_id: str) -> bytes:
    return document_docx(build_minutes(data, session_id))
