"""What the team expects collaboration to bring: the guide's taxonomy of merits
(事業成果の創出・業務の効率化・住民のメリット), picked in ① and looked at again in a
follow-up's review. Space toggles an item; the choice is saved at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import SelectionList, Static

from workshop.i18n import t
from workshop.widgets.prose import Prose
from workshop.widgets.ticks import TickList

if TYPE_CHECKING:
    from workshop.context import SessionContext
    from workshop.reference import Reference


def merit_label(ref: Reference, key: str) -> str:
    return ref.merit_label(key)


def earlier_merits(ctx: SessionContext) -> tuple[str, list[str]]:
    """The latest earlier session of the initiative that picked merits: its title and keys."""
    found: tuple[str, list[str]] = ("", [])
    for s in ctx.store.sessions(ctx.initiative.id):
        if s.id == ctx.session_id:
            break
        if s.expected_merits:
            found = (s.title, list(s.expected_merits))
    return found


def cases_with(ref: Reference, label: str) -> list[str]:
    """Cases whose own merits name this item (the guide's case list)."""
    return [c.municipality for c in ref.cases.cases if label in c.merits]


class MeritPicker(Vertical):
    """The taxonomy as a checklist. In a follow-up, the earlier session's picks are shown
    until the team changes them (then this session keeps its own)."""

    DEFAULT_CSS = """
    MeritPicker { height: 1fr; }
    MeritPicker #mp-help { color: $text-muted; height: auto; padding: 0 1; }
    MeritPicker #mp-earlier { height: auto; padding: 0 1; }
    MeritPicker SelectionList { height: 1fr; }
    MeritPicker #mp-source { color: $text-muted; height: auto; padding: 0 1; }
    """

    def __init__(self, ctx: SessionContext, review: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.review = review

    def compose(self) -> ComposeResult:
        ref = self.ctx.ref
        key = "knowledge.merits.review_help" if self.review else "knowledge.merits.help"
        yield Prose(Text(t(key)), id="mp-help")
        yield Prose("", id="mp-earlier")
        yield TickList(*self._options(self.start()), id="mp-list")
        sources = sorted({s.label() for g in ref.vocab.merit_groups for s in g.sources})
        yield Prose(Text(t("knowledge.source", label="・".join(sources))), id="mp-source")

    def start(self) -> list[str]:
        own = list(self.ctx.session.expected_merits)
        if own or not self.review:
            return own
        return earlier_merits(self.ctx)[1]

    def _options(self, chosen: Sequence[str]) -> list[tuple[Text, str, bool]]:
        ref = self.ctx.ref
        out = []
        for merit in ref.vocab.merits:
            text = Text(merit_label(ref, merit.key))
            towns = cases_with(ref, merit.label)
            if towns:
                text.append("  " + t("knowledge.merits.cases", towns="、".join(towns)), style="dim")
            out.append((text, merit.key, merit.key in chosen))
        return out

    def on_mount(self) -> None:
        title, keys = earlier_merits(self.ctx)
        note = Text()
        if self.review and keys:
            names = "、".join(merit_label(self.ctx.ref, k).split("：")[-1] for k in keys)
            note.append(t("knowledge.merits.earlier", title=title, names=names), style="bold")
            if not self.ctx.session.expected_merits:
                note.append("\n" + t("knowledge.merits.not_reviewed"))
        self.query_one("#mp-earlier", Static).update(note)

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        chosen = set(event.selection_list.selected)
        keys = [m.key for m in self.ctx.ref.vocab.merits if m.key in chosen]
        if keys != list(self.ctx.session.expected_merits):
            self.ctx.update_session(expected_merits=keys)
