"""The data rows of a DOCX export's tables, written as XML text when the document is saved.

The minutes of a large session hold about 10,000 table rows (50,000 cells). As python-docx's
lxml elements they took about 140 MB while the document was built, and a third of the
export's time went to parsing their XML and serialising it again. So a table keeps in the
tree only what python-docx makes of it (properties, grid, header row) and a comment where
its rows go; `save` lets python-docx write the package, then writes its main document
part again with each table's rows at its comment, one table at a time.

The rows are what python-docx makes of them: one row is formatted with python-docx and
serialised (four ways: shaded or not, kept on one page or not), and each data row is that
XML with its texts filled in, escaped as lxml escapes text. The saved document.xml is the
same, byte for byte, as when every row was an element of the tree.
"""

from __future__ import annotations

import io
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

from workshop.export.layout import rows_within
from workshop.export.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable

TABLE_PT = 9.5
MARKED_FILL = "FDE8E8"
UNSPLIT_MAX_MM = 120
"""Rows up to this height are kept on one page; a taller row (a pasted essay) may
split, or it would leave most of a page empty or be cut off."""
_RUN_BREAKS = re.compile(r"([\t\r\n])")
_NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff&<>]")
"""A character that `xml_safe` drops or changes, a tab or line break, or one XML escapes."""
_MARK = "\ue000"
"""Stands for a cell's text in the XML of a template row (a private-use character)."""
_FIELD = re.compile(f"<w:r><w:t>{_MARK}</w:t></w:r>|<w:t>{_MARK}</w:t>")
"""A cell's place in a template row: a whole run (a run without properties, which lxml
writes as <w:r/> when the text is empty) or the text of a run."""
_PLACE = "workshop-rows {}"
_PLACES = re.compile(rb"<!--workshop-rows (\d+)-->")
"""The comment where a table's rows go, numbered in the order the tables were written
(text typed into a cell cannot make one: its < is escaped)."""


@dataclass(frozen=True)
class _Rows:
    """A table's data rows, waiting for the document to be saved."""

    templates: dict[tuple[bool, bool], str]
    """str.format templates of a row, a field per cell, by (shaded, kept on one page)."""
    whole: tuple[bool, ...]
    """Per column, whether its field is the whole run (else the run's content)."""
    rows: tuple[Sequence[str], ...]
    marked: Container[int]
    keeps: list[bool]


_PENDING: WeakKeyDictionary[Any, list[_Rows]] = WeakKeyDictionary()
"""The tables' rows of each document being built, by its main document part."""


def shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def row_flags(tr: Any, header: bool = False, keep: bool = True) -> None:
    """w:tblHeader (repeat on every page) and w:cantSplit (keep the row on one page)."""
    from docx.oxml.ns import qn

    trpr = tr.get_or_add_trPr()
    if keep:
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
    if header:
        trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))


def fill_cell(cell: Any, text: str, size: float | None = None, bold: bool = False) -> None:
    """One run per cell; python-docx turns \\n and \\t into breaks and tabs."""
    from docx.shared import Pt

    para = cell.paragraphs[0]
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run(xml_safe(text))
    if size:
        run.font.size = Pt(size)
    if bold:
        run.bold = True


def run_xml(text: str) -> str:
    """The content of a w:r holding `text`, as python-docx's `run.text = text` makes it
    and lxml writes it: w:t for the text (whitespace at either end kept), w:tab for a
    tab, w:br for a line break."""
    if not _RUN_BREAKS.search(text):
        return _text_element(text) if text else ""
    parts = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(_text_element(piece))
    return "".join(parts)


def _text_element(piece: str) -> str:
    """A w:t of text without breaks, escaped as lxml escapes text."""
    space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
    return f"<w:t{space}>{escape(piece)}</w:t>"


def add_rows(
    out: DocxTable,
    rows: Sequence[Sequence[str]],
    size: float | None = None,
    bold_columns: Container[int] = (),
    marked: Container[int] = (),
    widths_mm: Sequence[float] = (),
) -> None:
    """Rows to append to `out` when the document is saved (`save`), one per item of
    `rows`: cell widths from the table grid, one run per cell in `size` (bold in
    `bold_columns`) with no space after, and the rows whose index is in `marked` shaded.

    Why template rows: python-docx formats cell by cell, looking up or adding each
    w:tcPr / w:pPr / w:rPr child on the way, and the minutes of a large session have
    ~50,000 cells. So one row is formatted with python-docx and written out as XML;
    each data row is that XML with its texts filled in."""
    import copy

    from docx.oxml.ns import nsdecls
    from docx.parts.document import DocumentPart
    from lxml import etree

    rows = tuple(rows)
    columns = len(out.columns)
    for i, texts in enumerate(rows):
        if len(texts) != columns:
            raise ValueError(f"row {i} has {len(texts)} cells, the table {columns}")
    row = out.add_row()  # cell widths from the grid, as python-docx gives every new row
    for j, cell in enumerate(row.cells):
        fill_cell(cell, _MARK, size, bold=j in bold_columns)
    plain = copy.deepcopy(row._tr)
    for cell in row.cells:
        shade(cell, MARKED_FILL)
    shaded = row._tr
    out._tbl.remove(shaded)
    if not rows:
        return
    templates: dict[tuple[bool, bool], str] = {}
    whole: tuple[bool, ...] = ()
    for fill, template in ((False, plain), (True, shaded)):
        for keep in (False, True):
            tr = copy.deepcopy(template)
            row_flags(tr, keep=keep)
            xml = etree.tostring(tr, encoding="unicode").replace(f" {nsdecls('w')}", "", 1)
            if "xmlns" in xml:  # written inside the document, where only w: is declared
                raise ValueError(f"a table row needs a namespace of its own: {xml[:200]}")
            whole = tuple(field.startswith("<w:r>") for field in _FIELD.findall(xml))
            escaped = xml.replace("{", "{{").replace("}", "}}")
            templates[fill, keep] = _FIELD.sub("{}", escaped)
    keeps = _kept_rows(rows, widths_mm, size or TABLE_PT)
    if not isinstance(out.part, DocumentPart):  # `save` writes the main part's rows only
        raise ValueError("table rows are written into the document's body only")
    tables = _PENDING.setdefault(out.part, [])
    out._tbl.append(etree.Comment(_PLACE.format(len(tables))))
    tables.append(_Rows(templates, whole, rows, marked, keeps))


def _kept_rows(
    rows: Sequence[Sequence[str]], widths_mm: Sequence[float], font_pt: float
) -> list[bool]:
    """Which rows are short enough to be kept on one page (`UNSPLIT_MAX_MM`); every row
    when the widths are not known."""
    if not widths_mm:
        return [True] * len(rows)
    return rows_within(rows, widths_mm, font_pt, UNSPLIT_MAX_MM)


def _text_xml(text: str) -> str:
    """`run_xml(xml_safe(text))`, at once for the common text: nothing to drop, escape
    or break, no whitespace at either end."""
    if text and not _NOT_PLAIN.search(text) and not text[0].isspace() and not text[-1].isspace():
        return f"<w:t>{text}</w:t>"
    return run_xml(xml_safe(text))


def rows_xml(table: _Rows) -> bytes:
    """A table's data rows as the UTF-8 XML of its w:tr elements."""
    runs: dict[str, str] = {}  # names, departments and counts repeat
    wholes: dict[str, str] = {}
    caches = [wholes if whole else runs for whole in table.whole]
    templates, marked, keeps = table.templates, table.marked, table.keeps
    body: list[str] = []
    for i, texts in enumerate(table.rows):
        cells = []
        for text, cache in zip(texts, caches, strict=True):
            xml = cache.get(text)
            if xml is None:
                xml = _text_xml(text)
                if cache is wholes:
                    xml = f"<w:r>{xml}</w:r>" if xml else "<w:r/>"
                cache[text] = xml
            cells.append(xml)
        body.append(templates[i in marked, keeps[i]].format(*cells))
    return "".join(body).encode("utf-8")


def save(doc: DocxDocument) -> bytes:
    """The document as DOCX bytes, as `doc.save()` writes it, with the rows of its
    tables (`add_rows`) in their places.

    python-docx writes the package (every part, the tables' comments in document.xml);
    then the package is copied member by member, and the main document part is written
    again with each table's rows at its comment, a table at a time, straight into the
    zip (the whole document's XML is 12 MB at 10,000 cards and never held at once)."""
    import zipfile

    main = doc.part
    tables = _PENDING.pop(main, [])
    saved = io.BytesIO()
    doc.save(saved)
    if not tables:
        return saved.getvalue()
    name = main.partname.membername
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != name:
                dst.writestr(info, data)
                continue
            with dst.open(_member(info), "w") as part:
                at = 0
                for place in _PLACES.finditer(data):
                    n = int(place.group(1))
                    if n < len(tables):
                        part.write(data[at : place.start()])
                        part.write(rows_xml(tables[n]))
                        at = place.end()
                part.write(data[at:])
    return out.getvalue()


def _member(info: Any) -> Any:
    """A member like `info` (name, time, compression, attributes), to be written anew."""
    import zipfile

    fresh = zipfile.ZipInfo(info.filename, info.date_time)
    fresh.compress_type = info.compress_type
    fresh.external_attr = info.external_attr
    return fresh
