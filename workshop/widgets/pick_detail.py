"""A pick-one list with a detail pane: the items on the left, the highlighted one told in
full on the right, the one the team chose ticked. Enter or ctrl+l picks the highlighted
item, F9 clears the choice. Used for the collaboration patterns of ② and the
organisational patterns of ④."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workshop.i18n import t
from workshop.widgets.prose import Prose

Item = TypeVar("Item")


class PickWithDetail(Horizontal, Generic[Item]):
    """Subclasses say how an item is keyed, listed and told (`key_of`, `title`,
    `detail`). A pick or a clear posts `Picked` (key None to clear); the owner stores it
    and calls `set_chosen`, or a subclass overrides `store` to keep it itself.

    Ids of the parts start with `prefix`: `{prefix}-help`, `-list`, `-detail`, `-text`."""

    BINDINGS = [
        Binding("ctrl+l", "pick", t("knowledge.key.pick_pattern"), id="pick_with_detail.pick"),
        Binding(
            "f9", "clear", t("knowledge.key.clear_pattern"), show=False, id="pick_with_detail.clear"
        ),
    ]

    DEFAULT_CSS = """
    PickWithDetail { height: 1fr; }
    PickWithDetail > Vertical { width: 34; height: 1fr; }
    PickWithDetail .pd-help { color: $text-muted; height: auto; padding: 0 1; }
    PickWithDetail OptionList { height: 1fr; }
    PickWithDetail .pd-detail {
        width: 1fr; height: 1fr; padding: 0 1; border-left: solid $panel;
    }
    PickWithDetail .pd-text { height: auto; }
    """

    class Picked(Message):
        def __init__(self, widget: PickWithDetail[Any], key: str | None) -> None:
            super().__init__()
            self.widget = widget
            self.key = key

        @property
        def control(self) -> PickWithDetail[Any]:
            return self.widget

    def __init__(
        self,
        items: Sequence[Item],
        chosen: str | None,
        help_text: str,
        prefix: str,
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.items = list(items)
        self.chosen = chosen
        self.help_text = help_text
        self.prefix = prefix

    # --- what a subclass says ------------------------------------------------------------
    def key_of(self, item: Item) -> str:
        return str(getattr(item, "key"))  # noqa: B009 (items of different types)

    def title(self, item: Item, chosen: bool) -> Text:
        raise NotImplementedError

    def detail(self, item: Item, chosen: bool) -> Text:
        raise NotImplementedError

    def store(self, item: Item | None) -> None:
        """Keep the choice (None: cleared). By default the owner does, on `Picked`."""
        self.post_message(self.Picked(self, self.key_of(item) if item is not None else None))

    # --- the widget ----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        p = self.prefix
        with Vertical():
            yield Prose(Text(self.help_text), id=f"{p}-help", classes="pd-help")
            yield OptionList(id=f"{p}-list")
        with VerticalScroll(id=f"{p}-detail", classes="pd-detail"):
            yield Prose("", id=f"{p}-text", classes="pd-text")

    def on_mount(self) -> None:
        self._fill()
        keys = [self.key_of(i) for i in self.items]
        self.query_one(OptionList).highlighted = (
            keys.index(self.chosen) if self.chosen in keys else 0
        )
        self.show_detail()

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            [Option(self.title(i, self.key_of(i) == self.chosen)) for i in self.items]
        )
        if highlighted is not None:
            options.highlighted = highlighted

    def set_chosen(self, key: str | None) -> None:
        self.chosen = key
        self._fill()
        self.show_detail()

    def selected(self) -> Item | None:
        index = self.query_one(OptionList).highlighted
        return self.items[index] if index is not None else None

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        item = self.selected()
        text = self.detail(item, self.key_of(item) == self.chosen) if item is not None else Text()
        self.query_one(f"#{self.prefix}-text", Static).update(text)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    def action_pick(self) -> None:
        item = self.selected()
        if item is not None:
            self.store(item)

    def action_clear(self) -> None:
        if self.chosen is not None:
            self.store(None)
