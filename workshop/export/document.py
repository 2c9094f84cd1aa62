"""A neutral document: what the minutes (and the draft charter) say, without a format.

`minutes.build_minutes` decides the content once; the Markdown, HTML and DOCX writers
only lay these blocks out, so the three minutes formats cannot drift apart. Cells and
paragraphs hold plain text (newlines allowed); every writer escapes for its format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ParaKind = Literal["body", "lead", "note", "warn", "right", "caption", "article", "clause", "item"]
"""body: ordinary text; lead: a line that introduces the next block (kept on its page);
note: a ※ remark in small type; warn: something to check; right: right-aligned
(「以上」); caption, article, clause, item: the parts of a 要綱 (（目的）, 第1条…, 2 …,
(1) …)."""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 3
    """3 below the section title, 4 below that."""


@dataclass(frozen=True)
class Para:
    text: str
    kind: ParaKind = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Fields:
    """Label / value rows, as at the head of municipal minutes (日時、場所 …)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()
    """Relative column widths; empty means equal."""
    marked: frozenset[int] = frozenset()
    """Indexes of rows to highlight (a flag the reader must see)."""
    small: bool = False
    """Wide tables are set in smaller type."""
    landscape: bool = False
    """A table too wide for a portrait page gets a landscape page of its own."""
    family: str = ""
    """Tables of one family (the parts of the cards appendix) share one set of column
    widths, worked out over all their rows: their columns line up from part to part."""


Block = Heading | Para | Bullets | Fields | Table


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    page_break: bool = False
    """Start the section on a new page when printed."""


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str = ""
    draft: bool = False
    draft_mark: str = ""
    """Short mark repeated on every page while the document is a draft (【案】)."""
    version_mark: str = ""
    """Which version this is (公開用／内部用), in the page header of every page."""
    draft_note: str = ""
    """One sentence under the title saying the document is not final."""
    head: Fields | None = None
    sections: tuple[Section, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    """Document properties (title, subject, author) for formats that keep them."""
