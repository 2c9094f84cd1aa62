"""Minutes as one print-ready HTML file: A4 pages, a Japanese font stack, page breaks
between the main parts, no scripts and no external resources (a Content-Security-Policy
forbids them even if a browser extension tried).

Printed, every page has its number (`@page` counters) and the version and draft marks
in the page margin (`@top-left`, `@top-right` margin boxes), so no mark ever covers the
title or a table; on screen the marks are a line above the title. Japanese line
breaking is strict (no ー or small kana at a line start); titles, headings and column
headers break between phrases (`word-break: auto-phrase`, BudouX in Chromium: the
title no longer ends 「議／事録」) and a title's lines are balanced. Table cells keep
ordinary breaking: by phrase, long text in a narrow column went ragged and taller.
Column widths come from the content as in the DOCX and are kept as computed
(`table-layout: fixed`); rows do not split and header rows repeat on every page. A
section with a wide table (the strengths matrix, 別紙1) is on a landscape named page,
its heading with it, using the page's full width.

Looked at as Chromium prints it (`scripts/render_pages.py --formats html`): LibreOffice
ignores margin boxes and named pages."""

from __future__ import annotations

import html

from workshop.domain.bundle import InitiativeData
from workshop.export.document import Block, Bullets, Document, Fields, Heading, Para, Table
from workshop.export.layout import TableWidths
from workshop.export.minutes import build_minutes
from workshop.export.options import DEFAULT, ExportOptions
from workshop.export.text import xml_safe

PAGE_CSS = """
@page {
  size: A4; margin: 18mm 16mm 20mm 16mm;
  @top-left { content: %(version)s; font-size: 9pt; }
  @top-right { content: %(draft)s; font-size: 12pt; font-weight: bold; }
  @bottom-center { content: "- " counter(page) " -"; font-size: 9pt; }
}
@page wide { size: A4 landscape; }
"""

CSS = """
* { box-sizing: border-box; }
html { font-size: 10.5pt; }
body {
  margin: 0 auto; max-width: 178mm; color: #000; background: #fff; line-height: 1.5;
  line-break: strict; word-break: normal; hanging-punctuation: allow-end;
  orphans: 2; widows: 2;
  font-family: "Yu Mincho", "YuMincho", "Hiragino Mincho ProN", "Hiragino Mincho Pro",
    "MS PMincho", "MS Mincho", "Noto Serif CJK JP", "Noto Serif JP", "IPAexMincho", serif;
}
h1, h2, h3, h4, .head th, th {
  font-family: "Yu Gothic", "YuGothic", "Hiragino Kaku Gothic ProN", "Hiragino Sans",
    "Meiryo", "MS PGothic", "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", sans-serif;
}
h1 { font-size: 16pt; text-align: center; margin: 0.6em 0 0.2em; text-wrap: balance; }
h1, h2, h3, h4, th, .subtitle { word-break: auto-phrase; }
.subtitle { text-align: center; margin: 0 0 1em; }
h2 { font-size: 12pt; margin: 1.4em 0 0.5em; border-bottom: 1px solid #000; }
h3 { font-size: 11pt; margin: 1em 0 0.4em; }
h4 { font-size: 10.5pt; margin: 0.8em 0 0.3em; }
h2, h3, h4, p.lead { break-after: avoid; page-break-after: avoid; }
ol, ul { list-style: none; margin: 0.3em 0; }
ol { counter-reset: item; padding-left: 2.6em; }
ol > li { counter-increment: item; }
ol > li::before {
  content: "（" counter(item) "）"; margin-left: -2.6em; display: inline-block; width: 2.6em;
}
ul { padding-left: 1em; }
ul > li::before { content: "・"; margin-left: -1em; display: inline-block; width: 1em; }
p, li, td, th { unicode-bidi: isolate; overflow-wrap: break-word; }
section.wide, table.landscape { page: wide; }
p { margin: 0.3em 0; }
.note { font-size: 9pt; }
.warn { font-weight: bold; }
.warn::before { content: "⚠ "; }
.right { text-align: right; margin-top: 1em; break-before: avoid; page-break-before: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; table-layout: fixed; }
th, td { border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background: #e8e8e8; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.small { font-size: 9pt; }
tr.marked td { background: #fde8e8; }
table.head { width: auto; min-width: 60%; table-layout: auto; }
table.head th { width: 8em; white-space: nowrap; background: none; border: none; }
table.head td { border: none; }
section.break { break-before: page; page-break-before: always; }
.draft-note { border: 1px solid #000; padding: 3pt 6pt; margin: 0 0 1em; }
.marks { display: flex; justify-content: space-between; font-size: 9pt; }
.marks .draft { font-weight: bold; font-size: 12pt; }
@media print {
  .marks { display: none; }
  body { max-width: none; }
}
@media screen {
  body { padding: 12mm 0; }
  section.break { border-top: 1px dashed #999; margin-top: 2em; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'"


def h(text: str) -> str:
    """Escaped text; newlines become line breaks."""
    return html.escape(xml_safe(text), quote=True).replace("\n", "<br>\n")


def css_string(text: str) -> str:
    """A CSS string literal (for `content:`)."""
    escaped = (
        xml_safe(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", " ")
        .replace("<", "\\3c ")
    )
    return f'"{escaped}"'


def _table(table: Table, widths_of: TableWidths) -> str:
    classes = [c for c, on in (("small", table.small), ("landscape", table.landscape)) if on]
    cls = f' class="{" ".join(classes)}"' if classes else ""
    width = 265 if table.landscape else 178
    widths = widths_of(table, width, 9 if table.small else 10.5)
    cols = "".join(f'<col style="width:{w * 100 / width:.1f}%">' for w in widths)
    head = "".join(f"<th>{h(c)}</th>" for c in table.header)
    body = []
    for i, row in enumerate(table.rows):
        mark = ' class="marked"' if i in table.marked else ""
        body.append(f"<tr{mark}>" + "".join(f"<td>{h(c)}</td>" for c in row) + "</tr>")
    return (
        f"<table{cls}><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _fields(fields: Fields, cls: str = "head") -> str:
    rows = "".join(f"<tr><th>{h(k)}</th><td>{h(v)}</td></tr>" for k, v in fields.rows)
    return f'<table class="{cls}"><tbody>{rows}</tbody></table>'


def _block(block: Block, widths_of: TableWidths) -> str:
    match block:
        case Heading(text, level):
            return f"<h{level}>{h(text)}</h{level}>"
        case Para(text, kind):
            return f'<p class="{kind}">{h(text)}</p>'
        case Bullets(items, ordered):
            tag = "ol" if ordered else "ul"
            return f"<{tag}>" + "".join(f"<li>{h(x)}</li>" for x in items) + f"</{tag}>"
        case Fields():
            return _fields(block)
        case Table():
            return _table(block, widths_of)
    raise TypeError(block)


def _page_css(doc: Document) -> str:
    draft = doc.draft_mark if doc.draft else ""
    return PAGE_CSS % {"version": css_string(doc.version_mark), "draft": css_string(draft)}


def document_html(doc: Document) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(doc.title)}</title>",
        f"<style>{_page_css(doc)}{CSS}</style>",
        "</head>",
        "<body>",
    ]
    draft = doc.draft_mark if doc.draft else ""
    if doc.version_mark or draft:
        out.append(
            f'<div class="marks"><span>{h(doc.version_mark)}</span>'
            f'<span class="draft">{h(draft)}</span></div>'
        )
    out.append(f"<h1>{h(doc.title)}</h1>")
    if doc.subtitle:
        out.append(f'<p class="subtitle">{h(doc.subtitle)}</p>')
    if doc.draft and doc.draft_note:  # the 概要 says 案 in its title only
        out.append(f'<p class="draft-note">{h(doc.draft_mark)} {h(doc.draft_note)}</p>')
    if doc.head:
        out.append(_fields(doc.head))
    widths_of = TableWidths(doc)
    for section in doc.sections:
        wide = any(isinstance(b, Table) and b.landscape for b in section.blocks)
        names = [c for c, on in (("break", section.page_break), ("wide", wide)) if on]
        cls = f' class="{" ".join(names)}"' if names else ""
        out.append(f"<section{cls}>")
        if section.title:
            out.append(f"<h2>{h(section.title)}</h2>")
        out += [_block(b, widths_of) for b in section.blocks]
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def render(data: InitiativeData, session_id: str, options: ExportOptions = DEFAULT) -> bytes:
    doc = build_minutes(data, session_id, cards=options.cards, public=options.public)
    return document_html(doc).encode("utf-8")


def render_summary(
    data: InitiativeData, session_id: str, options: ExportOptions = DEFAULT
) -> bytes:
    """The 概要 as the same print-ready HTML (one or two A4 pages)."""
    from workshop.export.summary import build_summary

    return document_html(build_summary(data, session_id, public=options.public)).encode("utf-8")
