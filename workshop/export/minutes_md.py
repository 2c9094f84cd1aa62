"""Minutes as Markdown (CommonMark with GitHub tables).

Typed text is escaped so it shows literally wherever the file is rendered: markup
characters get a backslash (``\\<script>`` renders as text, ``\\|`` keeps a table
intact), and newlines inside a table cell become ``<br>``.
"""

from __future__ import annotations

import re

from workshop.domain.bundle import InitiativeData
from workshop.export.document import Block, Bullets, Document, Fields, Heading, Para, Table
from workshop.export.minutes import build_minutes
from workshop.export.options import DEFAULT, ExportOptions
from workshop.export.text import xml_safe

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"(?m)^(\d*)([#+\-=.)])")
_LEADING_SPACE = re.compile(r"(?m)^[ \t]+")


def md_escape(text: str, block: bool = True) -> str:
    """Plain text that renders as itself: markup characters backslash-escaped. In block
    context (not in a table cell) also what would start a heading, list or code block
    at the start of a line: leading blanks are kept as entities."""
    text = _SPECIAL.sub(r"\\\1", xml_safe(text))
    text = _ENTITY.sub(r"\\&", text)
    if not block:
        return text
    text = _LINE_START.sub(r"\1\\\2", text)
    return _LEADING_SPACE.sub(
        lambda m: m.group(0).replace(" ", "&#32;").replace("\t", "&#9;"), text
    )


def md_inline(text: str) -> str:
    """Escaped text for one paragraph or list item: line breaks are hard breaks."""
    return "\\\n".join(md_escape(text).split("\n"))


def md_cell(text: str) -> str:
    """Escaped text for a table cell: a cell cannot hold a newline, so it gets <br>."""
    return "<br>".join(md_escape(text, block=False).split("\n"))


def _table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(md_cell(c) for c in cells) + " |"

    return [row(table.header), "|" + "---|" * len(table.header), *(row(r) for r in table.rows)]


_PREFIX = {"note": "※ ", "warn": "**⚠** ", "caption": "", "item": "　", "clause": ""}


def _block(block: Block) -> list[str]:
    match block:
        case Heading(text, level):
            return ["#" * level + " " + md_inline(text)]
        case Para(text, kind):
            return [_PREFIX.get(kind, "") + md_inline(text)]
        case Bullets(items, ordered):
            marks = [f"{i}." if ordered else "-" for i in range(1, len(items) + 1)]
            return [f"{m} {md_inline(x)}" for m, x in zip(marks, items, strict=True)]
        case Fields(rows):
            return [f"- **{md_inline(k)}**：{md_inline(v)}" for k, v in rows]
        case Table():
            return _table(block)
    raise TypeError(block)


def document_md(doc: Document) -> str:
    out: list[str] = []
    if doc.draft:
        out += [f"> **{md_inline(doc.draft_mark)}** {md_inline(doc.draft_note)}", ""]
    out += [f"# {md_inline(doc.title)}", ""]
    if doc.subtitle:
        out += [md_inline(doc.subtitle), ""]
    if doc.head:
        out += [*_block(doc.head), ""]
    for section in doc.sections:
        if section.title:
            out += [f"## {md_inline(section.title)}", ""]
        for block in section.blocks:
            out += [*_block(block), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render(data: InitiativeData, session_id: str, options: ExportOptions = DEFAULT) -> bytes:
    doc = build_minutes(data, session_id, cards=options.cards, public=options.public)
    return document_md(doc).encode("utf-8")
