"""How the collaboration gets going: the guide's four patterns (高齢部門の事業に相乗り,
他部門の事業に相乗り, 地域プラットフォームとの連携, 点と点／面の連携) with the towns the guide
names and the cases we classified, and the remark that good collaboration is led from the
field. Enter or ctrl+l records the pattern the team follows (F9 clears it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from workshop.domain.reference import VocabItem
from workshop.i18n import t
from workshop.widgets.barriers import TICK, case_name
from workshop.widgets.pick_detail import PickWithDetail
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


class EntryPatterns(PickWithDetail[VocabItem]):
    """The guide's patterns; the choice is saved on the session
    (`Session.entry_pattern`)."""

    def __init__(self, ctx: SessionContext, **kw: Any) -> None:
        super().__init__(
            ctx.ref.vocab.entry_patterns,
            ctx.session.entry_pattern,
            t("knowledge.entry.help"),
            "ep",
            **kw,
        )
        self.ctx = ctx

    @property  # type: ignore[override]
    def chosen(self) -> str | None:
        """Read from the session each time (another window may have changed it)."""
        return self.ctx.session.entry_pattern

    @chosen.setter
    def chosen(self, key: str | None) -> None:
        pass  # the session holds it (`store`)

    def title(self, item: VocabItem, chosen: bool) -> Text:
        label = Text(f"{TICK} " if chosen else "  ", style="bold")
        label.append(item.label, style="bold" if chosen else "")
        return label

    def detail(self, item: VocabItem, chosen: bool) -> Text:
        return entry_detail(self.ctx.ref, item, chosen)

    def store(self, item: VocabItem | None) -> None:
        key = item.key if item is not None else None
        if self.ctx.update_session(entry_pattern=key):
            if item is not None:
                self.notify(t("knowledge.entry.saved", name=item.label), timeout=3)
            self.set_chosen(key)
