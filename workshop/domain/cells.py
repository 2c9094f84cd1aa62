"""Terminal cells a text takes, exactly as Rich counts them, without Rich's cost per
character.

Rich's `cell_len` looks every character up through a cached function and adds them up
in a generator: breaking the 4,000 cards of a large ② board into lines spent more time
measuring than breaking. Here each character's width is kept in a dict the first time it
is seen (Rich's own `get_character_cell_size`) and a text is summed with `map`. Texts
whose width Rich works out from sequences (a zero-width joiner, an emoji variation
selector) are left to Rich."""

from __future__ import annotations

from rich.cells import cell_len as rich_cell_len
from rich.cells import get_character_cell_size

_SEQUENCES = ("\u200d", "\ufe0f")
"""Characters that make Rich measure a text as a sequence, not character by character."""


class _Widths(dict[str, int]):
    """Cells of a character, found once per character."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = get_character_cell_size(ch)
        return width


_WIDTHS = _Widths()
char_cells = _WIDTHS.__getitem__
"""Cells of one character (0, 1 or 2), as Rich counts it."""


def cell_len(text: str) -> int:
    """Cells `text` takes on a terminal: the same number as `rich.cells.cell_len`."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _SEQUENCES[0] in text or _SEQUENCES[1] in text:
        return rich_cell_len(text)
    return sum(map(char_cells, text))


def approx_cells(text: str) -> int:
    """A quick guess at `cell_len(text)` for estimates: a character of three or four
    UTF-8 bytes (kana, kanji, full-width signs) as two cells, any other as one. Exact
    for ASCII and for Japanese text of those; a sign Rich counts as narrow though it is
    three bytes (※, …, half-width kana) adds a cell. A tenth of the time of `cell_len`
    on Japanese text, which it measures character by character."""
    return (len(text.encode("utf-8", "surrogatepass")) + len(text)) >> 1
