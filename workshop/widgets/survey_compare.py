"""The surveys beside the team's own choices.

準備: the 2024 guide's survey (n=236) as the newer figures, beside the 2020 survey (N=248)
— which programmes municipalities collaborate on and want to, and which partners they most
want. ④: the mechanism being designed beside what municipalities do (how often their staff
meeting bodies meet, how they collaborate, who leads, what for). Every figure carries its
document, lines and n.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from workshop.domain.enums import Cadence, Role, Side
from workshop.domain.records import Attendee, Mechanism
from workshop.domain.reference import Source
from workshop.domain.reference_survey import ProgrammeType, Share
from workshop.i18n import label, t
from workshop.widgets.prose import Prose

if TYPE_CHECKING:
    from workshop.context import SessionContext
    from workshop.reference import Reference

TOP = 6
"""Rows shown of a ranked list (programmes, partners)."""
CADENCE_OPTION = {
    Cadence.WEEKLY: "freq_weekly_plus",
    Cadence.BIWEEKLY: "freq_2_3_per_month",
    Cadence.MONTHLY: "freq_monthly",
    Cadence.QUARTERLY: "freq_quarterly",
    Cadence.HALF_YEARLY: "freq_half_yearly",
    Cadence.YEARLY: "freq_yearly",
}
"""The survey's frequency option a cadence falls under (隔月 falls under none)."""
HOST_TYPES = ("mcw_elderly_welfare", "mcw_ltc_insurance")
"""The survey was answered by the elderly-care side: a flag-bearer there is 「貴部課室」."""


def share(s: Share | None) -> str:
    return f"{s.pct:.1f}%（{s.n}/{s.N}）" if s else "—"


def cite(sources: Sequence[Source]) -> str:
    by_doc: dict[str, list[str]] = {}
    for src in sources:
        name, _, span = src.label().partition("』")
        spans = by_doc.setdefault(name + "』", [])
        if span not in spans:
            spans.append(span)
    return "、".join(doc + "・".join(spans) for doc, spans in by_doc.items())


def source_line(sources: Sequence[Source]) -> str:
    return t("knowledge.source", label=cite(sources)) + "\n"


# --- 準備: the two surveys --------------------------------------------------------------------


def survey_facts_text(ref: Reference, themes: Sequence[str]) -> Text:
    """The 2024 guide's figures, then the 2020 survey's programmes and partners; programme
    types matching the session's theme keys are marked, and the ones most wanted beyond
    what is done today are offered as themes."""
    out = Text()
    guide = next((m for m in ref.survey.meta if m.key == "guide2023"), None)
    if guide is not None:
        out.append(t("knowledge.survey.guide_title", n=guide.n_valid) + "\n", style="bold")
        out.append(t("knowledge.survey.guide_who", who=guide.respondents) + "\n", style="dim")
    for fact in ref.survey.guide_figures:
        value = f"{fact.value:.0f}%、" if fact.value is not None else ""
        out.append(f"・{fact.text.strip()}（{value}n={fact.N}）")
        out.append(" " + t("knowledge.source", label=cite(fact.sources)) + "\n", style="dim")
    old = next((m for m in ref.survey.meta if m.key == "survey2020"), None)
    if old is not None:
        out.append(
            "\n" + t("knowledge.survey.apart", region=old.region, n=old.n_valid) + "\n",
            style="italic",
        )
    out.append("\n" + t("knowledge.survey.programmes_title") + "\n", style="bold")
    programmes = [p for p in ref.survey.programme_types if p.desired_other and p.themes]
    programmes.sort(key=lambda p: -(p.desired_other.pct if p.desired_other else 0))
    for p in programmes[:TOP]:
        mine = any(k in themes for k in p.themes)
        line = t(
            "knowledge.survey.programme_line",
            label=p.label,
            now=share(p.current_other),
            wanted=share(p.desired_other),
        )
        out.append(("★" if mine else "・") + line + "\n", style="bold" if mine else "")

    def growth(p: ProgrammeType) -> float:
        wanted = p.desired_other.pct if p.desired_other else 0.0
        return wanted - (p.current_other.pct if p.current_other else 0.0)

    others = [p for p in programmes if not any(k in themes for k in p.themes)]
    grow = sorted(others, key=lambda p: -growth(p))[:3]
    if grow:
        names = "、".join(p.label for p in grow)
        out.append(t("knowledge.survey.theme_ideas", names=names) + "\n", style="bold")
    if programmes:
        out.append(t("knowledge.source", label=cite(programmes[0].sources[:4])) + "\n", style="dim")
    out.append("\n" + t("knowledge.survey.partners_title") + "\n", style="bold")
    partners = [d for d in ref.survey.department_types if d.desired and d.label != "その他"]
    partners.sort(key=lambda d: -(d.desired.pct if d.desired else 0))
    for d in partners[:TOP]:
        group = t(f"knowledge.survey.group_{d.group}")
        out.append(
            "・"
            + t(
                "knowledge.survey.partner_line",
                label=d.label,
                group=group,
                wanted=share(d.desired),
                now=share(d.current),
            )
            + "\n"
        )
    if partners:
        out.append(t("knowledge.source", label=cite(partners[0].sources)) + "\n", style="dim")
    return out


class SurveyFacts(VerticalScroll):
    DEFAULT_CSS = """
    SurveyFacts { height: 1fr; padding: 0 1; }
    SurveyFacts #sf-text { height: auto; }
    """

    def __init__(self, ctx: SessionContext, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx

    def compose(self):  # type: ignore[no-untyped-def]
        yield Prose("", id="sf-text")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        from workshop.domain.benchmark import theme_keys

        ref = self.ctx.ref
        keys = theme_keys(self.ctx.session.themes, ref.themes.themes)
        self.query_one("#sf-text", Static).update(survey_facts_text(ref, keys))


# --- ④: the mechanism beside what municipalities do --------------------------------------------


def lead_key(attendees: Sequence[Attendee]) -> str | None:
    """Who leads, in the survey's options, from the flag-bearer's department type."""
    bearer = next((a for a in attendees if Role.FLAG_BEARER in a.roles), None)
    if bearer is None:
        return None
    if bearer.side is Side.EXTERNAL:
        return "lead_external"
    kind = bearer.department_type or ""
    if kind in HOST_TYPES:
        return "lead_self"
    if kind.startswith("mcw_"):
        return "lead_other_mcw"
    if kind.startswith("oth_"):
        return "lead_non_mcw"
    return None


def mechanism_survey_text(
    ref: Reference, mechanism: Mechanism | None, attendees: Sequence[Attendee]
) -> Text:
    out = Text()
    survey = ref.survey
    options = {o.key: o for o in survey.frequencies}
    mine = CADENCE_OPTION.get(mechanism.cadence) if mechanism else None
    out.append(t("knowledge.mech.freq_title") + "\n", style="bold")
    if mechanism is not None:
        out.append(
            t(
                "knowledge.mech.ours",
                name=mechanism.name,
                cadence=label("cadence", mechanism.cadence),
            )
            + "\n"
        )
    for row in survey.staff_meeting_frequencies:
        option = options.get(row.option)
        name = option.label if option else row.option
        here = row.option == mine
        line = t("knowledge.mech.freq_line", label=name, mcw=share(row.mcw), other=share(row.other))
        out.append(("▶" if here else "・") + line + "\n", style="bold" if here else "")
    if survey.staff_meeting_frequencies:
        src = [s for r in survey.staff_meeting_frequencies for s in r.sources]
        out.append(t("knowledge.source", label=cite(src)) + "\n", style="dim")
    out.append("\n" + t("knowledge.mech.methods_title") + "\n", style="bold")
    for o in survey.methods:
        here = mechanism is not None and o.key == "meth_staff_meeting"
        line = t("knowledge.mech.share_line", label=o.label, mcw=share(o.mcw), other=share(o.other))
        out.append(("▶" if here else "・") + line + "\n", style="bold" if here else "")
    out.append(
        t("knowledge.source", label=cite([o.sources[0] for o in survey.methods])) + "\n",
        style="dim",
    )
    out.append("\n" + t("knowledge.mech.leads_title") + "\n", style="bold")
    ours = lead_key(attendees)
    for o in survey.leads:
        here = o.key == ours
        line = t("knowledge.mech.lead_line", label=o.label, all=share(o.all))
        out.append(("▶" if here else "・") + line + "\n", style="bold" if here else "")
    if ours is None:
        out.append(t("knowledge.mech.no_bearer") + "\n", style="italic")
    out.append(
        t("knowledge.source", label=cite([o.sources[0] for o in survey.leads])) + "\n", style="dim"
    )
    out.append("\n" + t("knowledge.mech.aims_title") + "\n", style="bold")
    for o in sorted(survey.aims, key=lambda o: -(o.mcw.pct if o.mcw else 0)):
        line = t("knowledge.mech.share_line", label=o.label, mcw=share(o.mcw), other=share(o.other))
        out.append("・" + line + "\n")
    out.append(
        t("knowledge.source", label=cite([o.sources[0] for o in survey.aims])) + "\n", style="dim"
    )
    return out


class MechanismSurvey(VerticalScroll):
    DEFAULT_CSS = """
    MechanismSurvey { height: 1fr; padding: 0 1; }
    MechanismSurvey #ms-text { height: auto; }
    """

    def __init__(self, ctx: SessionContext, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx

    def compose(self):  # type: ignore[no-untyped-def]
        yield Prose("", id="ms-text")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        ctx = self.ctx
        mechanism = next(iter(ctx.store.mechanisms(ctx.session_id)), None)
        text = mechanism_survey_text(ctx.ref, mechanism, ctx.attendees)
        self.query_one("#ms-text", Static).update(text)
