"""Text hygiene shared by every export format.

Typed text is kept as typed; these helpers only remove what a file format cannot hold
(XML-illegal characters), stop spreadsheets from running text as a formula, measure
text the way a Japanese spreadsheet lays it out, and make safe file names.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Characters XML 1.0 cannot carry (python-docx and openpyxl raise on them), plus C1
# controls, which carry no content. Tab and newline stay; CR is normalised away first.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these may be run as a formula by a spreadsheet."""

EXCEL_CELL_MAX = 32_767
"""Longest text Excel keeps in one cell; longer text makes it report a damaged file."""


def xml_safe(text: str | None) -> str:
    """The text without characters an XML file (or a terminal, or Excel) cannot hold."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub("", text)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """Prefix a formula-looking cell with a single quote, so it is shown, never run."""
    return "'" + text if is_formula_like(text) else text


def formal_name(text: str) -> str:
    """A name as an office writes it in a title: no spaces beside Japanese characters
    (「くらしの足と買い物 連携会議」 → 「くらしの足と買い物連携会議」), one space kept between
    two Latin words or numbers, so nothing typed in them is run together. Control
    characters are dropped first (str.split would take some for spaces)."""
    words = xml_safe(text).split()
    out = words[0] if words else ""
    for word in words[1:]:
        if char_width(out[-1]) == 1 and char_width(word[0]) == 1:
            out += " "
        out += word
    return out


def clip(text: str, limit: int, note: str = "") -> str:
    """At most `limit` characters; `note` (formatted with the full length) marks a cut."""
    if len(text) <= limit:
        return text
    tail = note.format(length=len(text)) if note else ""
    return text[: max(0, limit - len(tail))] + tail


@functools.cache
def char_width(ch: str) -> int:
    """Columns a character takes in a Japanese spreadsheet: wide and ambiguous are 2.
    Remembered per character: a workbook of 10,000 cards asks for some 100,000."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


def display_width(text: str, cap: int = 200) -> int:
    """Widest line of the text in columns, at most `cap` (a line is counted no further
    than its first `cap` characters: every character takes at least one column)."""
    widest = 0
    for line in text.split("\n"):
        line = line[:cap]
        width = len(line) if line.isascii() else sum(map(char_width, line))
        if width >= cap:
            return cap
        widest = max(widest, width)
    return widest


_NAME_ILLEGAL = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f\u2028\u2029]')
_NAME_FORMAT = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_filename_part(text: str, limit: int = 40, fallback: str = "session") -> str:
    """Part of a file name: no path separators, control or reserved characters, no
    leading dots (so "../../etc/passwd" cannot climb out of the folder), at most `limit`
    characters (file systems count bytes; 40 Japanese characters are 120 in UTF-8),
    no invisible format characters. Every generated file name goes through here."""
    text = unicodedata.normalize("NFC", xml_safe(text))
    text = _NAME_ILLEGAL.sub("", text)
    # Invisible format characters (bidi overrides and isolates such as U+202E, marks,
    # zero-width joiners, BOM) would let a name read differently from what it is:
    # "議事録\u202excod.exe" shows as "議事録exe.docx".
    text = "".join(c for c in text if unicodedata.category(c) not in _NAME_FORMAT)
    text = re.sub(r"\s+", " ", text).strip(" .")
    text = text[:limit].strip(" .")
    if not text or _WINDOWS_RESERVED.match(text):
        return fallback if not text else f"_{text}"
    return text
