"""Page, styles, header, footer and document properties of a DOCX export (python-docx).

A4 portrait, MS 明朝 body and MS ゴシック headings (present on every Japanese Windows;
游明朝 gives Word's notoriously wide line spacing). Every font slot (ascii, hAnsi,
eastAsia, cs) names the Japanese font and the theme-font attributes of the library's
template are removed, so heading digits do not fall back to the theme's Calibri.
The properties are the document's own: title, subject, author, created and modified
now, the application named as this tool (not the template's), and no thumbnail.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from workshop.export.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

BODY_FONT = "ＭＳ 明朝"
HEAD_FONT = "ＭＳ ゴシック"
BODY_PT = 10.5
PAGE_MM = (210, 297)
MARGIN_MM = 20
TEXT_WIDTH_MM = PAGE_MM[0] - 2 * MARGIN_MM
LANDSCAPE_TEXT_WIDTH_MM = PAGE_MM[1] - 2 * MARGIN_MM
HEADINGS = (("Title", 16), ("Heading 1", 12), ("Heading 2", 11), ("Heading 3", 10.5))
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>workshop</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "</Properties>"
)


def set_rfonts(rpr: Any, name: str) -> None:
    """Name `name` in every font slot of a w:rPr and drop the theme-font attributes
    (which win over the named fonts in Word and LibreOffice)."""
    from docx.oxml.ns import qn

    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for slot in _THEME_SLOTS:
        rfonts.attrib.pop(qn(slot), None)
    for slot in _FONT_SLOTS:
        rfonts.set(qn(slot), name)


def set_font(target: Any, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Font of a style or run, East Asian slot included (python-docx sets only Latin)."""
    from docx.shared import Pt

    font = target.font
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    set_rfonts(target.element.get_or_add_rPr(), name)


def _drop_theme_fonts(doc: DocxDocument) -> None:
    """No style of the template may keep a theme font (Word's Heading styles do)."""
    from docx.oxml.ns import qn

    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        for slot in _THEME_SLOTS:
            rfonts.attrib.pop(qn(slot), None)


def setup(doc: DocxDocument) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    sec.top_margin = sec.bottom_margin = sec.left_margin = sec.right_margin = Mm(MARGIN_MM)
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rfonts(defaults, BODY_FONT)
    _set_lang(defaults)
    normal = styles["Normal"]
    set_font(normal, BODY_FONT, BODY_PT)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in HEADINGS:
        style = styles[name]
        set_font(style, HEAD_FONT, size, bold=True)
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
    _drop_theme_fonts(doc)


def _set_lang(rpr: Any) -> None:
    """Mark the text as Japanese so Word picks Japanese line breaking and fonts."""
    from docx.oxml.ns import qn

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


def use_template(doc: DocxDocument) -> None:
    """Empty an office's template of its body (keeping its page set-up, styles, header
    and footer) and add the styles this writer needs where the template lacks them."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    names = {s.name for s in doc.styles}
    normal = doc.styles["Normal"]
    for name, size in HEADINGS:
        if name not in names:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.font.bold = True
            style.font.size = Pt(size)
            style.paragraph_format.keep_with_next = True
    if "Note" not in names:
        note = doc.styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = normal
        note.font.size = Pt(9)
    if "Table Grid" not in names:
        grid = doc.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
        tblpr = (
            grid.element.get_or_add_tblPr() if hasattr(grid.element, "get_or_add_tblPr") else None
        )
        if tblpr is None:
            tblpr = grid.element.makeelement(qn("w:tblPr"), {})
            grid.element.append(tblpr)
        borders = tblpr.makeelement(qn("w:tblBorders"), {})
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b = borders.makeelement(qn(f"w:{edge}"), {})
            b.set(qn("w:val"), "single")
            b.set(qn("w:sz"), "4")
            b.set(qn("w:color"), "auto")
            borders.append(b)
        tblpr.append(borders)


def page_number_footer(doc: DocxDocument) -> None:
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


def header_marks(doc: DocxDocument, left: str, right: str, template: bool = False) -> None:
    """The page header: the version of the document on the left (公開用／内部用), the
    draft mark on the right, on one line so neither covers the text. In an office's
    template the marks go on a line of their own below its header."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt, Twips

    if not left and not right:
        return
    sec = doc.sections[0]
    header = sec.header
    if template:
        header.is_linked_to_previous = False
        para = header.add_paragraph()
    else:
        para = header.paragraphs[0]
    tabs = para.paragraph_format.tab_stops
    for twips in (4680, 9360):  # the centre and right tabs of the template's Header style
        tabs.add_tab_stop(Twips(twips), WD_TAB_ALIGNMENT.CLEAR)
    width = sec.page_width - sec.left_margin - sec.right_margin
    tabs.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    if left:
        para.add_run(xml_safe(left)).font.size = Pt(9)
    if right:
        run = para.add_run("\t" + xml_safe(right))
        run.bold = True
        run.font.size = Pt(12)


def properties(doc: DocxDocument, meta: dict[str, str], now: datetime | None = None) -> None:
    """Core and extended properties of the document's own, not the template's."""
    now = now or datetime.now(UTC)
    props = doc.core_properties
    props.title = xml_safe(meta.get("title", ""))[:255]
    props.subject = xml_safe(meta.get("subject", ""))[:255]
    props.author = xml_safe(meta.get("author", "") or "workshop")[:255]
    props.last_modified_by = props.author
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = "ja-JP"
    props.created = now.replace(microsecond=0)
    props.modified = now.replace(microsecond=0)
    props.revision = 1
    package = doc.part.package
    for rel in list(package.rels.values()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel.rId)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode("utf-8")
