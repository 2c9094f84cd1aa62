"""Column widths from the content of a table, for the printed formats (DOCX, HTML).

A municipal table is read on paper: a date, a number such as `107/243`, a name or a
short status must never wrap, and the long text columns take what is left. Widths are
worked out from the text (full-width characters count one em, half-width ones half),
so a column is as wide as its longest unbreakable token and no wider than its longest
line; the rest of the line goes to the columns whose text is longest.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Sequence

from workshop.export.document import Document, Table

PT_MM = 0.3528
"""One typographic point in millimetres."""
CELL_PAD_MM = 4.6
"""Left and right cell margins of Word's default table (0.19 cm each), the rules and a
little air, so a token that just fits is not pushed to a second line."""
LINE_FACTOR = 1.25
"""Line height of table text as a multiple of the font size."""
SHORT_EM = 5.0
"""A whole line up to this width (a name, a status, 「第1回」) is kept on one line."""

_UNBREAKABLE = re.compile(
    r"令和\d+年\d+月\d+日(?:（.）)?"  # a 和暦 date, with its weekday
    r"|\d+(?:\.\d+)?%（[\d/]+）"  # a share with its count: 44.0%（107/243）
    r"|\d{1,2}:\d{2}(?:[～~-]\d{1,2}:\d{2})?"  # a time or a time range
    r"|（[^（）]{1,6}）"  # a short bracketed qualifier: （期限切れ）, （今回未確認）
    r"|[!-~]+"  # any run of ASCII without spaces: 107/243, L6/334, No.
)
_PIECES = re.compile(r"[!-~（ 　→]|令和")
"""What every `_UNBREAKABLE` token and every `_WORDS` break holds at least one of."""
_PIECE_OR_BREAK = re.compile("[!-~（ 　→\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|令和")
"""`_PIECES` or a line break (`_LINE_BREAK`): a text without is one line of no pieces."""
LONG_TOKEN = 16
"""ASCII runs longer than this (URLs, formulas) may wrap."""
SAMPLED_ROWS = 2_000
"""A longer table shares its spare width by an evenly spaced sample of this many rows
(its minimum and natural widths still come from every row): the 10,000 cards of a
large session's appendix got the same widths, to 0.01 mm, from every fifth card, in a
fifth of the time."""
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
"""Where `str.splitlines` splits."""
_WORDS = re.compile(r"[ 　→]+")
"""Where a line of names may break: 「教育委員会 生涯学習課 → 商工観光課」."""


AUTOSPACE_EM = 0.25
"""Word and LibreOffice put a quarter em between Japanese text and Latin letters or
digits (autoSpaceDE/autoSpaceDN): 令和8年10月21日 is 1.5 em wider than its glyphs."""


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "FWA"


class _CharEm(dict[str, float]):
    """Printed width of a character in em (full-width 1, others 0.52), worked out once
    per character: `em` adds them up with `map` instead of a loop in Python."""

    def __missing__(self, c: str) -> float:
        width = self[c] = 1.0 if _wide(c) else 0.52
        return width


class _CharKind(dict[int, str]):
    """ "W" for a full-width character, "n" for another, by code point (a table for
    `str.translate`)."""

    def __missing__(self, code: int) -> str:
        kind = self[code] = "W" if _wide(chr(code)) else "n"
        return kind


_CHAR_EM = _CharEm()
_CHAR_KIND = _CharKind()
_WIDTH_CHANGES = re.compile("(?=Wn|nW)")
"""Where a full-width character meets another (in a `_CharKind` translation)."""


@functools.lru_cache(maxsize=65_536)
def em(text: str) -> float:
    """Printed width of a line in em: full-width characters 1, others 0.52 (digits of
    a Japanese font are a little over half an em, as LibreOffice sets Noto Serif CJK),
    plus the automatic space between Japanese and Latin text. Remembered per text: the
    same line is measured for its bounds, its widths and its row height (2,000 cards'
    texts were measured character by character a dozen times each). The widths are
    added in the order of the text, as a loop over its characters adds them."""
    width = sum(map(_CHAR_EM.__getitem__, text))
    if text.isascii():
        return width  # no full-width character: no automatic space
    for change in _WIDTH_CHANGES.finditer(text.translate(_CHAR_KIND)):
        a, b = text[change.start()], text[change.start() + 1]
        if a.isspace() or b.isspace():
            continue
        if a.isalnum() or b.isalnum():
            width += AUTOSPACE_EM
    return width


def unbreakable_em(text: str) -> float:
    """Width of the widest piece of a cell that must stay on one line."""
    widest = 0.0
    plain = not _PIECE_OR_BREAK.search(text)  # one line without pieces: most cards
    for line in [text] if plain else text.splitlines() or [""]:
        width = em(line)
        if width <= SHORT_EM:
            widest = max(widest, width)
            continue
        if width <= 2 * SHORT_EM:
            # a short label wraps once at most: 「統合・／相乗り」, not 「統／合・／相乗／り」
            widest = max(widest, math.ceil(width / 2))
        if plain or not _PIECES.search(line):
            continue  # no token, no break between words
        for token in _UNBREAKABLE.findall(line):
            if len(token) > LONG_TOKEN and token.isascii():
                continue  # a URL or a pasted formula wraps; it must not starve the table
            widest = max(widest, em(token))
        words = _WORDS.split(line)
        if len(words) > 1:
            widest = max([widest, *(w for w in map(em, words) if w <= SHORT_EM)])
    return widest


def header_em(text: str) -> float:
    """A column header breaks only between its words (at ・ or before a bracket):
    「担当課・／担当者」, never 「担当課・担／当者」."""
    pieces = re.split(r"(?<=・)|(?=[（(])|\n", text)
    return max((em(p) for p in pieces), default=0.0)


def longest_em(text: str) -> float:
    """Width of the longest line of a text in em (0.0 for no text)."""
    if text and not _LINE_BREAK.search(text):
        return em(text)  # one line, the common case: not split into a list of lines
    return max(map(em, text.splitlines()), default=0.0)


def bounds(
    header: Sequence[str], rows: Sequence[Sequence[str]], font_pt: float
) -> tuple[list[float], list[float]]:
    """Each column's (minimum, natural) width in mm: its widest unbreakable token (header
    included) and its longest line, with the cell margins.

    A cell's unbreakable pieces are never wider than its longest line (a piece is a part
    of a line, and adding a width never lowers a sum), so the cells are looked at for
    their pieces from the longest line down, until one no wider than the widest piece so
    far: a column of numbers, names or departments stops after a few of its cells."""
    char_mm = font_pt * PT_MM
    minimum, natural = [], []
    for j, head in enumerate(header):
        # each distinct text of a column once (names, departments, counts repeat)
        longest = {text: longest_em(text) for text in {row[j] for row in rows}}
        widest = header_em(head)
        for text in sorted(longest, key=longest.__getitem__, reverse=True):
            if longest[text] <= widest:
                break
            widest = max(widest, unbreakable_em(text))
        minimum.append(widest * char_mm + CELL_PAD_MM)
        natural.append(max([longest_em(head), *longest.values()]) * char_mm + CELL_PAD_MM)
    return minimum, [max(lo, hi) for lo, hi in zip(minimum, natural, strict=True)]


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    total_mm: float,
    font_pt: float,
) -> list[float]:
    """Column widths in mm that add up to `total_mm`: every column at least as wide as
    its unbreakable tokens (header included); when the longest lines do not all fit,
    the spare width goes where it makes the table shortest (`shortest_widths`)."""
    minimum, natural = bounds(header, rows, font_pt)
    if sum(minimum) >= total_mm:
        # Even the unbreakable tokens do not fit: shrink all columns alike.
        scale = total_mm / sum(minimum)
        return [w * scale for w in minimum]
    if sum(natural) <= total_mm:
        spare = total_mm - sum(natural)
        return [w + spare * w / sum(natural) for w in natural]
    from workshop.export.widths import shortest_widths

    if len(rows) > SAMPLED_ROWS:
        rows = rows[:: math.ceil(len(rows) / SAMPLED_ROWS)]
    return shortest_widths(rows, minimum, natural, total_mm, font_pt)


class TableWidths:
    """Column widths of the tables of one document (`column_widths`). The tables of a
    family are measured together, once: the cards appendix of a large session is one
    table per prompt, and each part laid out on its own had columns that moved from part
    to part (and cost as much as the whole appendix measured at once, 15 times over)."""

    def __init__(self, doc: Document) -> None:
        self._rows: dict[str, list[Sequence[str]]] = {}
        for section in doc.sections:
            for block in section.blocks:
                if isinstance(block, Table) and block.family:
                    self._rows.setdefault(block.family, []).extend(block.rows)
        self._done: dict[tuple[str, tuple[str, ...], float, float], list[float]] = {}

    def __call__(self, table: Table, total_mm: float, font_pt: float) -> list[float]:
        if not table.family:
            return column_widths(table.header, table.rows, total_mm, font_pt)
        key = (table.family, table.header, total_mm, font_pt)
        if key not in self._done:
            rows = self._rows[table.family]
            self._done[key] = column_widths(table.header, rows, total_mm, font_pt)
        return self._done[key]


def fill_widths(minimum: Sequence[float], natural: Sequence[float], total: float) -> list[float]:
    """Share `total` among columns in proportion to their natural width, none below its
    minimum (natural widths that already fit are returned as they are)."""
    n = len(natural)
    if sum(natural) <= total:
        return list(natural)
    if sum(minimum) >= total:
        return list(minimum)
    fixed: dict[int, float] = {}
    while True:
        free = [j for j in range(n) if j not in fixed]
        share = (total - sum(fixed.values())) / sum(natural[j] for j in free)
        short = [j for j in free if natural[j] * share < minimum[j]]
        if not short:
            return [fixed.get(j, natural[j] * share) for j in range(n)]
        for j in short:
            fixed[j] = minimum[j]


def row_height_mm(cells: Sequence[str], widths_mm: Sequence[float], font_pt: float) -> float:
    """Estimated printed height of a table row (the tallest cell)."""
    char_mm = font_pt * PT_MM
    tallest = 1
    for text, width in zip(cells, widths_mm, strict=True):
        per_line = max(1.0, (width - CELL_PAD_MM) / char_mm)
        lines = sum(max(1, math.ceil(em(line) / per_line)) for line in text.splitlines() or [""])
        tallest = max(tallest, lines)
    return tallest * font_pt * LINE_FACTOR * PT_MM


def rows_within(
    rows: Sequence[Sequence[str]], widths_mm: Sequence[float], font_pt: float, limit_mm: float
) -> list[bool]:
    """For each row, whether `row_height_mm` is at most `limit_mm`: whether no cell
    takes more lines than fit. A cell of L characters takes at most L + 1 + 1.25 L /
    (em per line) lines (a character is at most one em, plus a quarter em of automatic
    spacing), so only the cells longer than that allows are counted, a column at a
    time (the 50,000 cells of 10,000 cards, most of them short)."""
    char_mm = font_pt * PT_MM
    per_line = [max(1.0, (width - CELL_PAD_MM) / char_mm) for width in widths_mm]
    most = 0  # the most lines a row may take (the height grows with the line count)
    while (most + 1) * font_pt * LINE_FACTOR * PT_MM <= limit_mm:
        most += 1
    within = [most >= 1] * len(rows)  # a row takes one line at least
    if most < 1:
        return within
    ceil, breaks = math.ceil, _LINE_BREAK.search
    for j, width in enumerate(per_line):
        short = -1  # the longest cell that cannot take more than `most` lines
        while (short + 1) + 1 + 1.25 * (short + 1) / width <= most:
            short += 1
        for i, text in enumerate([row[j] for row in rows]):
            if len(text) <= short or not within[i]:
                continue
            if breaks(text):
                lines = sum(max(1, ceil(em(line) / width)) for line in text.splitlines())
            else:  # one line (not empty: it is long)
                lines = max(1, ceil(em(text) / width))
            if lines > most:
                within[i] = False
    return within
