"""Ticked and unticked boxes that say their state by a glyph, not only by colour:
`[x]` and `[ ]` read the same on a projector, in monochrome and for colour-blind eyes
(Textual's own boxes draw the same mark in both states and change only its colour)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "[x]"
UNTICKED = "[ ]"


def glyph(on: bool) -> str:
    return TICKED if on else UNTICKED


class TickList(SelectionList):
    """A SelectionList whose boxes read [x] / [ ]."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        _, scroll_y = self.scroll_offset
        index = scroll_y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        if len(segments) < 4:
            return line
        on = selection.value in self._selected
        base = segments[3].style or Style()
        style = base + Style(bold=on, meta={"option": index})
        return Strip([Segment(glyph(on) + " ", style), *segments[4:]])


class TickBox(Checkbox):
    """A Checkbox whose box reads [x] / [ ]."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--label")
        return Content.styled(glyph(self.value), style)
