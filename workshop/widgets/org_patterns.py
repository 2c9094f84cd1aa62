"""The report's five organisational patterns of collaboration, with merits, demerits,
cases and the question of which fits this town. Three of the five names were rebuilt
from the text (the figure is missing): they are labelled so, with every source's flag."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from workshop.domain.reference_survey import OrgPattern
from workshop.i18n import t
from workshop.widgets.barriers import TICK, case_name
from workshop.widgets.pick_detail import PickWithDetail
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


class OrgPatterns(PickWithDetail[OrgPattern]):
    """The report's patterns. The owner stores the choice (`Picked`, key None to clear)
    and calls `set_chosen`."""

    def __init__(self, ref: Reference, chosen: str | None = None, **kw: Any) -> None:
        super().__init__(ref.survey.org_patterns, chosen, t("knowledge.pattern.help"), "op", **kw)
        self.ref = ref

    @property
    def patterns(self) -> list[OrgPattern]:
        return self.items

    def title(self, item: OrgPattern, chosen: bool) -> Text:
        return pattern_title(item, chosen)

    def detail(self, item: OrgPattern, chosen: bool) -> Text:
        return pattern_detail(self.ref, item, chosen)
