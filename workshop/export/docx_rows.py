"""The rows of a DOCX export's tables, written as XML text when the document is saved.

The minutes of a large session hold about 10,000 table rows (50,000 cells). As python-docx's
lxml elements they took about 140 MB while the document was built, and a third of the
export's time went to parsing their XML and serialising it again. So a table keeps in the
tree only what python-docx makes of it (properties, grid) and a comment where its rows go;
`save` lets python-docx write the package, then writes its main document part again with
each table's rows (its header row first) at its comment, one table at a time.

The rows are what python-docx makes of them: each kind of cell (size, bold, shading, a
header's) is formatted once with python-docx and serialised, and each row is its cells'
XML with their widths and texts filled in, escaped as lxml escapes text. The saved
document.xml is the same, byte for byte, as when every row was an element of the tree.
"""

from __future__ import annotations

import io
import re
from collections.abc import Container, Iterator, Sequence
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
HEADER_FILL = "E8E8E8"
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
_WIDTH = "\ue001"
"""Stands for a cell's width (twips) in the XML of a template cell."""
_PLACE = "workshop-rows {}"
_PLACES = re.compile(rb"<!--workshop-rows (\d+)-->")
"""The comment where a table's rows go, numbered in the order the tables were written
(text typed into a cell cannot make one: its < is escaped)."""


@dataclass(frozen=True)
class _Rows:
    """A table's rows, waiting for the document to be saved."""

    head: bytes
    """The XML of its header row (UTF-8), or empty."""
    templates: dict[tuple[bool, bool], bytes]
    """Templates of a row (UTF-8, a %s per cell), by (shaded, kept on one page)."""
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
    header: Sequence[str] = (),
) -> None:
    """Rows to append to `out` when the document is saved (`save`): first a header row
    if `header` is given (bold, shaded, repeated on every page, kept with the row after
    it), then one row per item of `rows`: cell widths from the table grid, one run per
    cell in `size` (bold in `bold_columns`) with no space after, and the rows whose index
    is in `marked` shaded.

    Why template rows: python-docx formats cell by cell, looking up or adding each
    w:tcPr / w:pPr / w:rPr child on the way, and the minutes of a large session have
    ~50,000 cells. So each kind of cell is formatted once with python-docx and written
    out as XML (`_cell_xml`), and every row is its cells' XML with their texts filled
    in."""
    from docx.oxml.ns import qn
    from docx.parts.document import DocumentPart
    from lxml import etree

    rows = tuple(rows)
    widths = [col.get(qn("w:w")) for col in out._tbl.tblGrid.gridCol_lst]
    if header and len(header) != len(widths):
        raise ValueError(f"the header has {len(header)} cells, the table {len(widths)}")
    for i, texts in enumerate(rows):
        if len(texts) != len(widths):
            raise ValueError(f"row {i} has {len(texts)} cells, the table {len(widths)}")
    if not rows and not header:
        return
    if not isinstance(out.part, DocumentPart):  # `save` writes the main part's rows only
        raise ValueError("table rows are written into the document's body only")
    head = b""
    if header:
        template, whole = _row_template(widths, size, range(len(widths)), HEADER_FILL, True)
        head = template % tuple(_cell_text(text, w) for text, w in zip(header, whole, strict=True))
    templates: dict[tuple[bool, bool], bytes] = {}
    for fill in (None, MARKED_FILL):
        for keep in (False, True):
            templates[fill is not None, keep], whole = _row_template(
                widths, size, bold_columns, fill, False, keep
            )
    keeps = _kept_rows(rows, widths_mm, size or TABLE_PT)
    tables = _PENDING.setdefault(out.part, [])
    out._tbl.append(etree.Comment(_PLACE.format(len(tables))))
    tables.append(_Rows(head, templates, whole, rows, marked, keeps))


def _row_template(
    widths: Sequence[str | None],
    size: float | None,
    bold_columns: Container[int],
    fill: str | None,
    header: bool,
    keep: bool = True,
) -> tuple[bytes, tuple[bool, ...]]:
    """The template of a row: its UTF-8 XML with a %s for each cell's field (`_FIELD`),
    filled in with `bytes % cells`; and per column whether its field is the whole run
    (else the run's content)."""
    cells = "".join(
        _cell_xml(width is not None, size, j in bold_columns, fill, header).replace(
            _WIDTH, width or ""
        )
        for j, width in enumerate(widths)
    )
    xml = _row_xml(header, keep).replace("</w:tr>", f"{cells}</w:tr>")
    whole = tuple(field.startswith("<w:r>") for field in _FIELD.findall(xml))
    return _FIELD.sub("%s", xml.replace("%", "%%")).encode("utf-8"), whole


_CELLS: dict[tuple[bool, float | None, bool, str | None, bool], str] = {}
_ROWS: dict[tuple[bool, bool], str] = {}


def _cell_xml(width: bool, size: float | None, bold: bool, fill: str | None, head: bool) -> str:
    """A table cell as python-docx makes it (its width set when `width`, `fill_cell`,
    `shade` in `fill`, and for a header cell its paragraph kept with the next), as XML
    with `_WIDTH` for its width and `_MARK` for its text; made once per kind of cell."""
    key = (width, size, bold, fill, head)
    xml = _CELLS.get(key)
    if xml is None:
        from docx.oxml.ns import qn
        from docx.oxml.table import CT_Tc
        from docx.shared import Emu
        from docx.table import _Cell

        tc = CT_Tc.new()
        cell = _Cell(tc, None)  # type: ignore[arg-type]  # no part: nothing is looked up
        if width:
            cell.width = Emu(0)
            tc.tcPr.tcW.set(qn("w:w"), _WIDTH)
        fill_cell(cell, _MARK, size, bold=bold)
        if fill is not None:
            shade(cell, fill)
        if head:
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # never alone at a page foot
        xml = _CELLS[key] = _xml(tc)
    return xml


def _row_xml(header: bool, keep: bool) -> str:
    """An empty table row with `row_flags`, as XML."""
    xml = _ROWS.get((header, keep))
    if xml is None:
        from docx.oxml.ns import nsdecls
        from docx.oxml.parser import parse_xml

        tr = parse_xml(f"<w:tr {nsdecls('w')}/>")
        row_flags(tr, header=header, keep=keep)
        xml = _ROWS[header, keep] = _xml(tr)
    return xml


def _xml(element: Any) -> str:
    """An element as lxml writes it inside the document, where only w: is declared."""
    from docx.oxml.ns import nsdecls
    from lxml import etree

    xml = etree.tostring(element, encoding="unicode").replace(f" {nsdecls('w')}", "", 1)
    if "xmlns" in xml:
        raise ValueError(f"a table row needs a namespace of its own: {xml[:200]}")
    return xml


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
    or break, no whitespace at either end (a number or a name, letters and digits
    only, is such a text without looking)."""
    if text.isalnum() or (
        text and not _NOT_PLAIN.search(text) and not text[0].isspace() and not text[-1].isspace()
    ):
        return f"<w:t>{text}</w:t>"
    return run_xml(xml_safe(text))


def _cell_text(text: str, whole: bool) -> bytes:
    """What fills a cell's field (UTF-8): its run (`whole`) or the run's content."""
    xml = _text_xml(text)
    if whole:
        xml = f"<w:r>{xml}</w:r>" if xml else "<w:r/>"
    return xml.encode("utf-8")


def rows_xml(table: _Rows) -> bytes:
    """A table's rows (header first) as the UTF-8 XML of its w:tr elements, made as
    bytes: the 12 MB of rows of 10,000 cards made as a str took a third as long again
    to be encoded."""
    runs: dict[str, bytes] = {}  # names, departments and counts repeat
    wholes: dict[str, bytes] = {}
    caches = [wholes if whole else runs for whole in table.whole]
    templates, marked, keeps = table.templates, table.marked, table.keeps
    body: list[bytes] = [table.head]
    for i, texts in enumerate(table.rows):
        cells = []
        for text, cache in zip(texts, caches, strict=True):
            xml = cache.get(text)
            if xml is None:
                xml = cache[text] = _cell_text(text, cache is wholes)
            cells.append(xml)
        body.append(templates[i in marked, keeps[i]] % tuple(cells))
    return b"".join(body)


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
                for piece in _spliced(data, tables):
                    part.write(piece)
    return out.getvalue()


def _spliced(data: bytes, tables: Sequence[_Rows]) -> Iterator[bytes]:
    """The main document part's XML in pieces, each table's rows at its comment."""
    at = 0
    for place in _PLACES.finditer(data):
        n = int(place.group(1))
        if n < len(tables):
            yield data[at : place.start()]
            yield rows_xml(tables[n])
            at = place.end()
    yield data[at:]


def _member(info: Any) -> Any:
    """A member like `info` (name, time, compression, attributes), to be written anew."""
    import zipfile

    fresh = zipfile.ZipInfo(info.filename, info.date_time)
    fresh.compress_type = info.compress_type
    fresh.external_attr = info.external_attr
    return fresh
