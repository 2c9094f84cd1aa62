"""The report's five organisational patterns of collaboration, with merits, demerits,
cases and the question of which fits this town. Three of the five names were rebuilt
from the text (the figure is missing): they are labelled so, with every source's flag."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workshop.domain.reference import OrgPattern
from workshop.i18n import t
from workshop.widgets.barriers import TICK, case_name
from workshop.widgets.prose import Prose
from workshop.widgets.reftext import flag_label, tight

if TYPE_CHECKING:
    from workshop.reference import Reference


def pattern_title(p: OrgPattern, chosen: bool) -> Text:
    out = Text(f"{TICK} " if chosen else "  ", style="bold")
    out.append(p.name, style="bold" if chosen else "")
    if p.name_is_reconstructed:
        out.append(" ※")
    return out


def pattern_detail(ref: Reference, p: OrgPattern, chosen: bool) -> Text:
    out = Text()
    out.append(p.name, style="bold")
    if chosen:
        out.append("  " + TICK + " " + t("knowledge.pattern.chosen"), style="bold reverse")
    out.append("\n")
    if p.name_is_reconstructed:
        out.append("※" + t("knowledge.pattern.name_reconstructed") + "\n", style="bold")
    else:
        out.append(t("knowledge.pattern.name_stated") + "\n", style="dim")
    out.append(tight(p.structure) + "\n")
    out.append("\n" + t("knowledge.pattern.merits") + "\n", style="bold")
    for m in p.merits:
        out.append(f" ＋{tight(m)}\n")
    out.append(t("knowledge.pattern.demerits") + "\n", style="bold")
    for d in p.demerits:
        out.append(f" －{tight(d)}\n")
    if p.cases:
        names = "、".join(case_name(ref, c) for c in p.cases)
        out.append(t("knowledge.pattern.cases") + names + "\n")
    out.append("\n" + t("knowledge.pattern.fit") + "\n", style="bold")
    out.append(tight(p.fit_question) + "\n", style="bold")
    out.append("\n" + t("knowledge.pattern.sources") + "\n", style="dim bold")
    for s in p.sources:
        out.append(f"・{s.label()}【{flag_label(s.flag)}】{tight(s.note)}\n", style="dim")
    return out


class OrgPatterns(Horizontal):
    """Patterns on the left, the highlighted one on the right. Enter or ctrl+l picks it;
    the owner stores the choice (`Picked`, key None to clear) and calls `set_chosen`."""

    BINDINGS = [
        Binding("ctrl+l", "pick", t("knowledge.key.pick_pattern")),
        Binding("f9", "clear", t("knowledge.key.clear_pattern"), show=False),
    ]

    DEFAULT_CSS = """
    OrgPatterns { height: 1fr; }
    OrgPatterns > Vertical { width: 34; height: 1fr; }
    OrgPatterns #op-help { color: $text-muted; height: auto; padding: 0 1; }
    OrgPatterns OptionList { height: 1fr; }
    OrgPatterns #op-detail { width: 1fr; height: 1fr; padding: 0 1; border-left: solid $panel; }
    OrgPatterns #op-text { height: auto; }
    """

    class Picked(Message):
        def __init__(self, widget: OrgPatterns, key: str | None) -> None:
            super().__init__()
            self.widget = widget
            self.key = key

        @property
        def control(self) -> OrgPatterns:
            return self.widget

    def __init__(self, ref: Reference, chosen: str | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.ref = ref
        self.patterns = list(ref.survey.org_patterns)
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Prose(Text(t("knowledge.pattern.help")), id="op-help")
            yield OptionList(id="op-list")
        with VerticalScroll(id="op-detail"):
            yield Prose("", id="op-text")

    def on_mount(self) -> None:
        self._fill()
        index = next((i for i, p in enumerate(self.patterns) if p.key == self.chosen), 0)
        self.query_one(OptionList).highlighted = index
        self.show_detail()

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(pattern_title(p, p.key == self.chosen)) for p in self.patterns])
        if highlighted is not None:
            options.highlighted = highlighted

    def set_chosen(self, key: str | None) -> None:
        self.chosen = key
        self._fill()
        self.show_detail()

    def selected(self) -> OrgPattern | None:
        index = self.query_one(OptionList).highlighted
        return self.patterns[index] if index is not None else None

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        p = self.selected()
        text = pattern_detail(self.ref, p, p.key == self.chosen) if p else Text("")
        self.query_one("#op-text", Static).update(text)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    def action_pick(self) -> None:
        p = self.selected()
        if p is not None:
            self.post_message(self.Picked(self, p.key))

    def action_clear(self) -> None:
        if self.chosen is not None:
            self.post_message(self.Picked(self, None))
