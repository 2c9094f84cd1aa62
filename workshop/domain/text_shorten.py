"""One line of text cut to a number of terminal cells, with an ellipsis.

The last line of a clipped cell, a name in a narrow column and a title beside a name are
all cut here: a bracketed ending that tells similar names apart is kept, or the cut is
made where both ends stay readable."""

from __future__ import annotations

import re

from workshop.domain.cells import cell_len, char_cells

_TAIL = re.compile(r"[（(［\[「『【〔][^（(］\]」』】〕]*[）)］\]」』】〕]$")


def _cut_to(text: str, width: int) -> str:
    used, out = 0, []
    for ch in text:
        w = char_cells(ch)
        if used + w > width:
            break
        used += w
        out.append(ch)
    return "".join(out)


def _cut_from_end(text: str, width: int) -> str:
    return _cut_to(text[::-1], width)[::-1]


def shorten(text: str, width: int, middle: bool = True) -> str:
    """Text cut to `width` cells with an ellipsis, on one line.

    With `middle`, a bracketed ending that tells similar names apart is kept
    (地域包括支援センター（直営） → 地域包括…（直営）), or, without one, the cut is
    made in the middle so both ends stay readable."""
    flat = text.replace("\n", " ⏎ ")
    if width <= 0 or cell_len(flat) <= width:
        return flat
    if width == 1:
        return "…"
    if middle:
        tail_match = _TAIL.search(flat)
        if tail_match and cell_len(tail_match.group()) <= (width - 1) * 2 // 3:
            tail = tail_match.group()
            head = _cut_to(flat[: tail_match.start()], width - 1 - cell_len(tail)).rstrip()
            if head:
                return f"{head}…{tail}"
    return _cut_to(flat, width - 1).rstrip() + "…"


def shorten_middle(text: str, width: int) -> str:
    """Text cut in its middle to `width` cells: the start and the end both stay."""
    flat = text.replace("\n", " ⏎ ")
    if width <= 2 or cell_len(flat) <= width:
        return shorten(flat, width, middle=False)
    tail = _cut_from_end(flat, (width - 1) // 2)
    head = _cut_to(flat, width - 1 - cell_len(tail))
    return f"{head}…{tail}"


def title_line(title: str, name: str, width: int, sep: str = " ／ ") -> str:
    """`title ／ name` in `width` cells: the title is cut first (with …) so the name
    stays whole, then both share the width."""
    full = f"{title}{sep}{name}"
    if cell_len(full) <= width or not name:
        return shorten(full if name else title, width, middle=False)
    room = width - cell_len(sep) - cell_len(name)
    if room >= 8:
        return f"{shorten(title, room, middle=False)}{sep}{name}"
    half = max(4, (width - cell_len(sep)) // 2)
    return f"{shorten(title, half, middle=False)}{sep}{shorten(name, width - cell_len(sep) - half)}"
