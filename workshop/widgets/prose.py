"""Text on the screen broken into lines by the Japanese rules (禁則処理).

Textual wraps text by words and, having no spaces to go by in Japanese, between any two
characters: lines then start with 」、。 or ー. `Prose` is a Visual that breaks its text
with `workshop.domain.text_wrap` at whatever width it is given (it follows resizes),
keeping styles and click actions; the `Prose` widget is a Static that shows everything it
is given that way."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual, VisualType
from textual.widgets import Static

from workshop.domain.text_wrap import break_points


def as_content(text: str | Text | Content) -> Content:
    """Plain strings are literal (never markup), Rich Text keeps its styles and links."""
    if isinstance(text, Content):
        return text
    if isinstance(text, Text):
        return Content.from_rich_text(text)
    return Content(text)


def break_content(content: Content, width: int) -> Content:
    """The content with a newline wherever text_wrap breaks it at `width` cells (the
    spaces before a break dropped, lines continuing a bullet indented under its text)."""
    points = break_points(content.plain, width)
    if not points:
        return content
    pieces = content.divide([offset for offset, _ in points])
    lines = [piece.rstrip(" \u3000") for piece in pieces[:-1]] + [pieces[-1]]
    # a line continuing a bullet starts under its text
    for n, (_, indent) in enumerate(points, 1):
        if indent:
            lines[n] = Content(" " * indent) + lines[n]
    return Content("\n").join(lines)


class ProseVisual(Visual):
    """A Visual of text broken by the Japanese rules at the width it is drawn at."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._cache: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return self.content.plain

    def at(self, width: int) -> Content:
        if self._cache is None or self._cache[0] != width:
            self._cache = (width, break_content(self.content, width))
        return self._cache[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        pad = options.rules.get("line_pad", 0) * 2
        return self.at(width - pad).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        pad = rules.get("line_pad", 0) * 2
        return self.at(width - pad).get_height(rules, width)


def prose(text: str | Text | Content) -> ProseVisual:
    """Text to show broken by the Japanese rules (give it to a Static or a Label)."""
    return ProseVisual(as_content(text))


class SizedByLayout:
    """A widget whose new size, found by a layout, does not ask for another layout.

    Textual sets a widget's virtual size as a reactive that requests a layout when it
    changes; for text whose height follows its content (a step's side panel, a form's
    hints) the layout that found the new size has already placed everything around it,
    so the second layout (and its frame) only repeats the first. A scrolling container
    still updates its scroll bars (and asks for a layout if one appears or goes)."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(  # type: ignore[misc]
            size, virtual_size, container_size, layout=False
        )


class Prose(SizedByLayout, Static):
    """A Static whose text (str taken literally, Rich Text or Content) is broken by the
    Japanese rules. Use it for every paragraph the screen wraps.

    Updating it with what it already shows does nothing: a form that sets each field's
    hint and error line again after a save (most of them to what they were) laid out
    and painted all of them again, a frame of its own on a step's first visit."""

    def __init__(self, content: VisualType = "", **kw) -> None:
        kw.setdefault("markup", False)
        super().__init__(self.wrap(content), **kw)

    @staticmethod
    def wrap(content: VisualType) -> VisualType:
        """What the widget shows for `content`: keep it to show the same text again
        without breaking its lines again."""
        if isinstance(content, str | Text | Content):
            return prose(content)
        return content

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if isinstance(content, str | Text | Content):
            new = as_content(content)
            shown = self.content
            if (
                isinstance(shown, ProseVisual)
                and shown.content.plain == new.plain
                and shown.content.spans == new.spans
            ):
                return  # the same text with the same styles: nothing to show anew
            content = new
        super().update(self.wrap(content), layout=layout)
