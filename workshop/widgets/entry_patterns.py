"""How the collaboration gets going: the guide's four patterns (高齢部門の事業に相乗り,
他部門の事業に相乗り, 地域プラットフォームとの連携, 点と点／面の連携) with the towns the guide
names and the cases we classified, and the remark that good collaboration is led from the
field. Enter or ctrl+l records the pattern the team follows (F9 clears it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workshop.domain.reference import VocabItem
from workshop.i18n import t
from workshop.widgets.barriers import TICK, case_name
from workshop.widgets.prose import Prose
from workshop.widgets.reftext import flag_label, tight

if TYPE_CHECKING:
    from workshop.context import SessionContext
    from workshop.reference import Reference


def entry_detail(ref: Reference, item: VocabItem, chosen: bool) -> Text:
    out = Text(item.label, style="bold")
    if chosen:
        out.append("  " + TICK + " " + t("knowledge.entry.chosen"), style="bold reverse")
    out.append("\n" + tight(item.description) + "\n")
    named = [case_name(ref, c) for c in item.examples]
    if named:
        out.append(t("knowledge.entry.examples", towns="、".join(named)) + "\n", style="bold")
    ours = [
        case_name(ref, c.id)
        for c in ref.cases.cases
        if c.entry_pattern == item.key and c.id not in item.examples
    ]
    if ours:
        out.append(
            t("knowledge.entry.classified", towns="、".join(ours), flag=flag_label("inferred"))
            + "\n"
        )
    for s in item.sources:
        out.append(t("knowledge.source", label=s.label()) + "\n", style="dim")
    out.append("\n" + t("knowledge.entry.principles") + "\n", style="bold")
    for p in ref.vocab.entry_principles:
        out.append(f"・{p.label}：{tight(p.description)} ", style="")
        out.append(f"{p.sources[0].label()}\n", style="dim")
    return out


class EntryPatterns(Horizontal):
    """Patterns on the left, the highlighted one on the right; the choice is saved on the
    session (`Session.entry_pattern`)."""

    BINDINGS = [
        Binding("ctrl+l", "pick", t("knowledge.key.pick_pattern")),
        Binding("f9", "clear", t("knowledge.key.clear_pattern"), show=False),
    ]

    DEFAULT_CSS = """
    EntryPatterns { height: 1fr; }
    EntryPatterns > Vertical { width: 34; height: 1fr; }
    EntryPatterns #ep-help { color: $text-muted; height: auto; padding: 0 1; }
    EntryPatterns OptionList { height: 1fr; }
    EntryPatterns #ep-detail { width: 1fr; height: 1fr; padding: 0 1; border-left: solid $panel; }
    EntryPatterns #ep-text { height: auto; }
    """

    def __init__(self, ctx: SessionContext, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.items = list(ctx.ref.vocab.entry_patterns)

    @property
    def chosen(self) -> str | None:
        return self.ctx.session.entry_pattern

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Prose(Text(t("knowledge.entry.help")), id="ep-help")
            yield OptionList(id="ep-list")
        with VerticalScroll(id="ep-detail"):
            yield Prose("", id="ep-text")

    def on_mount(self) -> None:
        self._fill()
        index = next((i for i, p in enumerate(self.items) if p.key == self.chosen), 0)
        self.query_one(OptionList).highlighted = index
        self.show_detail()

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for item in self.items:
            mine = item.key == self.chosen
            label = Text(f"{TICK} " if mine else "  ", style="bold")
            label.append(item.label, style="bold" if mine else "")
            options.add_option(Option(label))
        if highlighted is not None:
            options.highlighted = highlighted

    def selected(self) -> VocabItem | None:
        index = self.query_one(OptionList).highlighted
        return self.items[index] if index is not None else None

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        item = self.selected()
        text = entry_detail(self.ctx.ref, item, item.key == self.chosen) if item else Text("")
        self.query_one("#ep-text", Static).update(text)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    def action_pick(self) -> None:
        item = self.selected()
        if item is not None and self.ctx.update_session(entry_pattern=item.key):
            self.notify(t("knowledge.entry.saved", name=item.label), timeout=3)
            self._fill()
            self.show_detail()

    def action_clear(self) -> None:
        if self.chosen is not None and self.ctx.update_session(entry_pattern=None):
            self._fill()
            self.show_detail()
