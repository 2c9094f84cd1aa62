"""The stage self-check's report: what the room answered beside the 2020 survey (N=248),
with the survey's provenance, the gap, the bars of every stage, the lens of the team's
stage and the earlier sessions' stages. Pure: answers and reference data in, text out."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

from workshop.domain.benchmark import (
    Answer,
    compare_gap,
    compare_stage,
    is_known,
    lens_for_stage,
    share_counts,
    team_stages,
)
from workshop.domain.reference import Source
from workshop.i18n import t
from workshop.stage_findings import band_lines, room_lines, stage_name
from workshop.widgets.bars import bar, pad, pct, stacked
from workshop.widgets.reftext import flag_label, source_labels, tight

if TYPE_CHECKING:
    from workshop.reference import Reference

__all__ = ["bars", "stage_report", "survey_provenance", "survey_year"]


def survey_year(period: str) -> str:
    found = re.search(r"(\d{4})年", period)
    return found.group(1) if found else period


def survey_provenance(ref: Reference) -> Text:
    """Where, when, who answered and how many; and the lines of the report."""
    meta = next((m for m in ref.survey.meta if m.key == "survey2020"), None)
    out = Text()
    if meta is None:
        return out
    rate = (
        t("knowledge.stage.provenance_rate", rate=f"{meta.response_rate:.1f}")
        if meta.response_rate is not None
        else ""
    )
    year = survey_year(meta.period)
    out.append(
        t("knowledge.stage.provenance_where", region=meta.region, year=year, n=meta.n_valid)
        + rate
        + "\n"
    )
    out.append(t("knowledge.stage.provenance_period", period=meta.period) + "\n")
    out.append(t("knowledge.stage.provenance_who", who=meta.respondents) + "\n")
    about = source_labels(meta.sources)
    counts = [
        s.lines
        for st in ref.survey.stages
        for s in st.sources
        if s.doc == "report2021" and s.note.startswith(("現在", "目指したい"))
    ]
    table = ""
    if counts:
        lo, hi = min(a for a, _ in counts), max(b for _, b in counts)
        table = Source(doc="report2021", lines=(lo, hi)).label()
    out.append(
        t("knowledge.stage.provenance_sources", about=about, table=table) + "\n", style="dim"
    )
    return out


def stage_report(
    ref: Reference,
    team: Answer | None,
    people: list[Answer],
    population: int | None,
    history: list[str],
    width: int,
) -> Text:
    """The report beside the answers: what the room says, where that stands in the
    survey, the gap, the bars, the lens of the stage and the earlier sessions."""
    current, target = team_stages(team, people)
    out = Text()
    # 1. what the room says, and how far apart
    if team is None and not people:
        out.append(t("knowledge.stage.no_answers") + "\n", style="bold")
    elif team is not None and is_known(team.current):
        out.append(
            t(
                "knowledge.stage.team_line",
                current=stage_name(ref, team.current),
                target=stage_name(ref, team.target),
            )
            + "\n",
            style="bold",
        )
    elif current is not None:
        out.append(
            t(
                "knowledge.stage.median_line",
                current=stage_name(ref, current),
                target=stage_name(ref, target),
            )
            + "\n",
            style="bold",
        )
    if people:
        styles = {"divided": "bold reverse", "warn": "bold", "note": "italic"}
        for line, kind in room_lines(ref, team, people):
            out.append(line + "\n", style=styles.get(kind, ""))
        parts = [f"{a.who} {_short(a.current)}→{_short(a.target)}" for a in people]
        out.append(t("knowledge.stage.each") + "、".join(parts) + "\n")
    # 2. below / same / above
    comparison = compare_stage(ref.survey.stages, current)
    if comparison is not None:
        out.append("\n")
        out.append(
            t("knowledge.stage.compare_title", stage=stage_name(ref, current)) + "\n",
            style="bold",
        )
        runs = stacked(
            [(comparison.below, "▒"), (comparison.same, "█"), (comparison.above, "░")],
            max(10, min(60, width - 2)),
        )
        for text, glyph in runs:
            out.append(text, style="bold" if glyph == "█" else "")
        out.append("\n")
        out.append(t("knowledge.stage.compare_line", **comparison.params(pct)) + "\n")
    # 3. the gap
    gap = compare_gap(current, target, ref.survey.gap_facts)
    if gap is not None:
        out.append("\n")
        out.append(t("knowledge.stage.gap_title", gap=gap.gap) + "\n", style="bold")
        out.append(
            t(
                f"knowledge.stage.gap_{gap.verdict}",
                gap=gap.gap,
                mode=pct(gap.mode.value or 0) if gap.mode else "",
                within=pct(gap.within.value or 0) if gap.within else "",
                zero=pct(gap.zero.value or 0) if gap.zero else "",
                N=gap.mode.N if gap.mode else "",
            )
            + "\n"
        )
        if gap.same_start is not None:
            fact = gap.same_start
            out.append("・" + tight(fact.text))
            if fact.value is not None:
                out.append(f"（{pct(fact.value)}）")
            out.append(" " + t("knowledge.source", label=fact.sources[0].label()), style="dim")
            out.append("\n")
    # 4. the bars
    out.append("\n")
    out.append(t("knowledge.stage.bars_title") + "\n", style="bold")
    out.append_text(survey_provenance(ref))
    out.append_text(bars(ref, width, people, current, target))
    band = band_lines(ref, population)
    if band:
        out.append("\n")
        for i, line in enumerate(band):
            out.append(line + "\n", style="bold" if i == 0 else "")
    # 5. the lens
    lens = lens_for_stage(ref.survey.lenses, current)
    if lens is not None:
        out.append("\n")
        stages = "・".join(str(n) for n in lens.stages)
        out.append(
            t(
                "knowledge.stage.lens_title",
                kanji=lens.kanji,
                reading=lens.reading,
                stages=stages,
            )
            + " ",
            style="bold",
        )
        out.append(f"【{flag_label('inferred')}】\n", style="bold")
        out.append(tight(lens.definition) + "\n")
        out.append(t("knowledge.stage.lens_meeting") + tight(lens.meeting_function) + "\n")
        note = next((s for s in lens.sources if s.flag == "inferred"), None)
        if note is not None:
            out.append(f"※{tight(note.note)} {note.label()}\n", style="dim")
        rebuilt = next((s for s in lens.sources if s.flag == "reconstructed"), None)
        if rebuilt is not None:
            out.append(
                f"※【{flag_label('reconstructed')}】{tight(rebuilt.note)} {rebuilt.label()}\n",
                style="dim",
            )
    # 5. earlier sessions of the initiative
    if history:
        out.append("\n")
        out.append(t("knowledge.stage.history_title") + "\n", style="bold")
        for line in history:
            out.append(line + "\n")
    return out


def _short(n: int) -> str:
    return str(n) if is_known(n) else t("knowledge.stage.unknown_short")


def bars(
    ref: Reference,
    width: int,
    people: list[Answer],
    current: int | None,
    target: int | None,
) -> Text:
    counts = share_counts(people)
    label_w, pct_w, room_w = 21, 7, 20
    bar_w = max(4, min(22, (width - label_w - 2 * pct_w - room_w - 2) // 2))
    scale = max(max(s.current.pct, s.target.pct) for s in ref.survey.stages)
    out = Text()
    out.append(pad(t("knowledge.stage.col_stage"), label_w), style="bold")
    out.append(pad(t("knowledge.stage.survey_current"), bar_w + pct_w), style="bold")
    out.append(pad(t("knowledge.stage.survey_target"), bar_w + pct_w), style="bold")
    out.append(t("knowledge.stage.room") + "\n", style="bold")
    for st in ref.survey.stages:
        mine = st.number in (current, target)
        out.append(pad(stage_name(ref, st.number), label_w), style="bold" if mine else "")
        out.append(bar(st.current.pct, scale, bar_w), style="bold" if st.number == current else "")
        out.append(pad(" " + pct(st.current.pct), pct_w))
        out.append(bar(st.target.pct, scale, bar_w), style="bold" if st.number == target else "")
        out.append(pad(" " + pct(st.target.pct), pct_w))
        c, g = counts.get(st.number, (0, 0))
        out.append(t("knowledge.stage.room_counts", current=c, target=g))
        marks = []
        if st.number == current:
            marks.append(t("knowledge.stage.mark_current"))
        if st.number == target:
            marks.append(t("knowledge.stage.mark_target"))
        if marks:
            out.append(" ◀" + "・".join(marks), style="bold")
        out.append("\n")
    return out
