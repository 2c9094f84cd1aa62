"""Full-width text drawn over another widget's edge keeps every character.

Textual's compositor cuts every line of the screen at each widget's edge, and hands each
piece ("chop") to the front-most widget there. A full-width character that straddles a
cut is drawn as two spaces. A notice (toast) is drawn over the side panel's edge, so
「予定時間を5分延ばしました（時間配分…」 showed as 「予定時間を5分延ばしました    間配分…」,
and a conflict's notice lost three characters the same way (Textual issue #6357, open
in 8.2.8). The same happens to a drop-down's options over a form's edges.

`install` changes two methods of the compositor so that a widget's line is cut only
where another widget in front of it takes over: consecutive pieces the same widget wins
are kept whole in the first of them, and the pieces after it hold an empty strip (so no
widget behind claims them). A partial update then writes that whole piece wherever its
first chop ends (`render_partial_update` moves those ends). A character is still cut
where a widget in front really covers half of it.

A partial update also cut a line where the region to redraw ends: the blinking cursor of
the card line under a notice redrew the line up to the line's end, which fell inside
「（」, and the terminal wiped that character. `ChopsUpdate.render_segments` now ends such
a piece after the character it would have cut.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import textual
from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

FOR_TEXTUAL = "8.2."
"""The Textual versions whose compositor these methods replace (`textual==8.2.8` is
pinned); another version keeps its own, and `tests/test_wide_cuts.py` says so."""

MERGED = Strip([], 0)
"""The chop of a widget's line whose cells the chop before it holds."""

_original_partial = Compositor.render_partial_update


def _render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip]]:
    """`Compositor._render_chops`, cutting a widget's line only where the front-most
    widget changes."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    merged_lines: set[int] = set()
    intersection = Region.intersection
    for region, clip, strips in self._get_renders(crop):
        render_region = intersection(region, clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            pieces = len(final_cuts) - 1
            if pieces < 1:
                continue
            get = line.get
            keys = final_cuts[:-1]
            free = [get(cut) is None for cut in keys]
            if not any(free):
                continue  # widgets in front hold the whole line
            end_x = final_cuts[-1] - render_x
            if strip.cell_length < end_x:
                # a short line (not seen in practice): cut at every edge, as Textual does
                parts = strip.divide([cut - render_x for cut in final_cuts[1:]])
                for cut, part in zip(keys, parts, strict=False):
                    if get(cut) is None:
                        line[cut] = part
                continue
            starts = [0, *(i for i in range(1, pieces) if free[i] != free[i - 1])]
            ends = [*starts[1:], pieces]
            parts = strip.divide([final_cuts[end] - render_x for end in ends])
            for start, end, part in zip(starts, ends, parts, strict=False):
                if not free[start]:
                    continue  # a widget in front holds these cells
                line[keys[start]] = part
                if end - start > 1:
                    merged_lines.add(y)
                    for cut in keys[start + 1 : end]:
                        line[cut] = MERGED
    self._wide_merged = merged_lines  # type: ignore[attr-defined]
    return chops  # type: ignore[return-value]


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """`Compositor.render_partial_update`, with the end of a chop that holds the cells
    of the chops after it moved to where those end."""
    update = _original_partial(self)
    if update is None:
        return None
    merged: set[int] = getattr(self, "_wide_merged", set())
    for y in merged:
        line = update.chops[y]
        ends = update.chop_ends[y]
        moved: list[int] = []
        following = ends[-1]
        for key in reversed(list(line)):
            moved.append(following)
            if line[key] is not MERGED:
                following = key
        moved.reverse()
        update.chop_ends[y] = moved
    return update


def _whole_characters(strip: Strip, cut: int) -> int:
    """`cut`, or one cell more when it falls inside a full-width character of `strip`."""
    x = 0
    for segment in strip:
        text = segment.text
        width = cell_len(text)
        if x + width <= cut:
            x += width
            continue
        for char in text:
            size = get_character_cell_size(char)
            if x + size > cut:
                return x + size if x < cut else cut
            x += size
        return cut
    return cut


def _render_segments(self: ChopsUpdate, console: Console) -> str:
    """`ChopsUpdate.render_segments` (Textual 8.2.8), with a piece that runs past the
    region to redraw ended after a whole character (`_whole_characters`)."""
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    chops = self.chops
    chop_ends = self.chop_ends
    last_y = self.spans[-1][0]
    for y, x1, x2 in self.spans:
        line = chops[y]
        ends = chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None:
                continue
            if x > x2 or end <= x1:
                continue
            if x2 > x >= x1 and end <= x2:
                append(move_to(x, y).segment.text)
                append(strip.render(console))
                continue
            strip = strip.crop(0, _whole_characters(strip, min(end, x2) - x))
            append(move_to(x, y).segment.text)
            append(strip.render(console))
        if y != last_y:
            append("\n")
    return "".join(sequences)


def install() -> bool:
    """Replace the three methods (once); False, changing nothing, on another version."""
    if not textual.__version__.startswith(FOR_TEXTUAL):
        return False
    compositor: Any = Compositor
    if compositor._render_chops is not _render_chops:
        compositor._render_chops = _render_chops
        compositor.render_partial_update = _render_partial_update
        chops_update: Any = ChopsUpdate
        chops_update.render_segments = _render_segments
    return True


__all__ = ["MERGED", "install"]
