"""Table cells and column widths of a FlexTable: the widths columns get from the room
there is, and each cell's text broken into the lines it shows (kept as lines, drawn only
when its row is on the screen)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.control import strip_control_codes
from rich.text import Text

from workshop.domain.text_wrap import (
    clip_lines,
    clipped_line_count,
    clipped_lines,
    estimated_line_count,
)
from workshop.widgets.literal import wrap

ColumnSpec = tuple[str, str, int | None]
"""(key, header, width in cells or None for a share of the room left)."""


def column_widths(wanted: Sequence[int | None], total: int, least: int = 16) -> list[int]:
    """Fixed columns keep their width; the others share what is left (at least `least`
    cells each). Where that would not fit, the fixed columns give up cells first (each
    down to half its width: their texts take a third line, then are cut with …), in
    proportion to what each can give: beside the side panel at 120 columns the attendee
    table hid its roles past the right edge, and the resources table its 注意 column
    (overlapping councils). Only a screen narrower still scrolls sideways."""
    total = max(total, 40)
    padding = 2 * len(wanted) + 2
    flexible = [w for w in wanted if not w]
    widths = [w or 0 for w in wanted]
    over = sum(widths) + padding + least * len(flexible) - total
    if over > 0:
        give = [w - _narrowest(w) if w else 0 for w in widths]
        can = sum(give)
        if can:
            taken = [g * min(over, can) // can for g in give]
            # what rounding down left over comes from the columns that can give most
            rest = min(over, can) - sum(taken)
            for j in sorted(range(len(give)), key=lambda j: give[j] - taken[j], reverse=True):
                if rest <= 0:
                    break
                if give[j] > taken[j]:
                    taken[j] += 1
                    rest -= 1
            widths = [w - t for w, t in zip(widths, taken, strict=True)]
    share = max(least, (total - sum(widths) - padding) // max(1, len(flexible)))
    return [w or share for w in widths]


def _narrowest(width: int) -> int:
    """How narrow a fixed column may get when the table does not fit: half its width; a
    column of a few cells (a number, a count of votes) keeps them all."""
    return width if width <= 4 else -(-width // 2)


class Lines:
    """A table cell kept as its wrapped lines: a Rich Text is made of them only when the
    row is drawn (DataTable renders the rows on screen), so a board of 10,000 cards holds
    no Text of its own. `plain` and `str()` give the text shown, as Text.plain does.

    The lines themselves are broken when first asked for (the row is drawn) if their
    number is known without breaking them (`clipped_line_count`: a card that fits one
    line, or one too long for the lines it may take); otherwise at once, to count them."""

    __slots__ = ("_lines", "_most", "_text", "_width", "count")

    def __init__(self, text: str, width: int, most: int) -> None:
        self._text, self._width, self._most = text, width, most
        known = clipped_line_count(text, width, most)
        self._lines: tuple[str, ...] | None = None
        if known is None:
            self._lines = clipped_lines(text, width, most)
            known = len(self._lines)
        self.count = known
        """How many lines the cell takes."""

    @property
    def lines(self) -> tuple[str, ...]:
        if self._lines is None:
            self._lines = clipped_lines(self._text, self._width, self._most)
        return self._lines

    @property
    def plain(self) -> str:
        return strip_control_codes("\n".join(self.lines))

    def __rich__(self) -> Text:
        return Text(self.plain)

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"<Lines {self.plain!r}>"


def height(cells: Iterable[Any]) -> int:
    """Screen lines of a row: those of its tallest cell (1 for a row without cells)."""
    tallest: int | None = None
    for c in cells:  # a loop, not max() over a generator: called for every row of a board
        n = c.count if isinstance(c, Lines) else str(c).count("\n") + 1
        if tallest is None or n > tallest:
            tallest = n
    return 1 if tallest is None else tallest


def lines(value: Any, width: int, flexible: bool = False) -> Lines | Text:
    """`cell` without making a Text: the same lines, drawn when the row is shown."""
    if isinstance(value, Text):
        return cell(value, width, flexible)
    return Lines(str(value), max(1, width), 3 if flexible else 2)


def row_lines(
    values: Sequence[Any], widths: Sequence[int], flexible: Sequence[bool]
) -> list[Lines | Text]:
    """The cells of a row of `values`, each wrapped to its column (`lines`); a `flexible`
    column's text may take three lines, a fixed one's two."""
    return [lines(v, w, f) for v, w, f in zip(values, widths, flexible, strict=True)]


def guessed_height(values: Sequence[Any], widths: Sequence[int], flexible: Sequence[bool]) -> int:
    """A guess at the screen lines of the row `row_lines` makes of `values`, without
    measuring or breaking a text (`estimated_line_count`): right for about 98 in 100 of
    a large board's rows (a break between phrases can leave a line short)."""
    tallest = 1
    for value, width, flex in zip(values, widths, flexible, strict=True):
        text = (
            value if type(value) is str else value.plain if isinstance(value, Text) else str(value)
        )
        if len(text) <= width and text.isascii() and text.isprintable():
            continue  # a number, a count: one line
        n = estimated_line_count(text, width, 3 if flex else 2)
        if n > tallest:
            tallest = n
    return tallest


def cell(
    value: Any, width: int, flexible: bool = False, title: bool = False, indent: int = 0
) -> Text:
    """A table cell: user strings literal, broken by the Japanese rules, up to three lines
    in flexible columns and two in fixed ones (what is left is cut with …, keeping a
    bracketed ending such as （直営） that tells similar names apart). A Text of one line
    and one style (a warning) is broken the same way; one of several lines or styles
    keeps its lines, each cut to the width. A `title` breaks between phrases only: a
    katakana word longer than the column is cut with …. Every line of an `indent`ed
    cell starts `indent` cells in (an entry under a heading row)."""
    if isinstance(value, Text):
        if not value.spans and "\n" not in value.plain:
            # one style for the whole line (a warning): broken like any text, and kept
            out = wrap(value.plain, width, 3 if flexible else 2, whole_words=title)
            out.style = value.style
            return out
        rows = value.split("\n", allow_blank=True)
        for row in rows:
            row.truncate(width, overflow="ellipsis")
        return Text("\n").join(rows)
    if not indent:
        return wrap(str(value), width, 3 if flexible else 2, whole_words=title)
    lines = clip_lines(str(value), max(1, width - indent), 3 if flexible else 2, title)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # a blank last line is not shown (as Rich's Text.split drops it)
    pad = " " * indent
    return Text("\n".join(pad + line for line in lines))
