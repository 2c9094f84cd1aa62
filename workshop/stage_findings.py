"""What the stage self-check finds, as sentences: one source for the screen and the minutes.

The figures come from `workshop.domain.benchmark`; the words from the knowledge catalog
(``knowledge.stage.*``), so the self-check and the minutes say the same thing in the same
words. `lang` None is the UI language; the minutes pass "ja".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from workshop.domain.benchmark import (
    Answer,
    compare_gap,
    compare_stage,
    is_known,
    lens_for_stage,
    room_view,
)
from workshop.i18n import t

if TYPE_CHECKING:
    from workshop.domain.reference import Source
    from workshop.reference import Reference


def stage_name(ref: Reference, n: int | None) -> str:
    """「2 顔が見える」: the number and the survey's short label (one label everywhere)."""
    if n is None:
        return "—"
    stage = ref.stage_by_number.get(n)
    return f"{n} {stage.short}" if stage else str(n)


def pct_text(value: float) -> str:
    return f"{value:.1f}%"


def room_lines(
    ref: Reference, team: Answer | None, people: Sequence[Answer], lang: str | None = None
) -> list[tuple[str, str]]:
    """(sentence, kind) about how the room placed the stages. kind: "divided" (a finding
    to talk about), "warn" (the team row disagrees with everyone), "note" or ""."""
    view = room_view(team, people)
    spread = view.spread
    out: list[tuple[str, str]] = []
    if view.verdict == "divided":
        text = t("knowledge.stage.divided", lang, low=spread.current_low, high=spread.current_high)
        out.append((f"{text} {t('knowledge.stage.divided_note', lang)}", "divided"))
    elif view.verdict == "agreed":
        out.append((t("knowledge.stage.agreed", lang, stage=spread.current_low), ""))
    elif view.verdict == "single":
        who = next(a for a in people if is_known(a.current))
        out.append(
            (
                t("knowledge.stage.single", lang, who=who.who, stage=stage_name(ref, who.current)),
                "note",
            )
        )
    if spread.target_divided:
        out.append(
            (
                t(
                    "knowledge.stage.target_range",
                    lang,
                    low=spread.target_low,
                    high=spread.target_high,
                ),
                "",
            )
        )
    if view.team_outside and team is not None:
        chosen = [str(n) for n in sorted({a.current for a in people if is_known(a.current)})]
        if any(not is_known(a.current) for a in people):
            chosen.append(t("knowledge.stage.unknown_label", lang))
        out.append(
            (
                t(
                    "knowledge.stage.team_outside",
                    lang,
                    team=stage_name(ref, team.current),
                    chosen="・".join(chosen),
                ),
                "warn",
            )
        )
    if spread.unknown:
        out.append((t("knowledge.stage.unknown_count", lang, n=spread.unknown), ""))
    return out


def source_text(sources: Sequence[Source]) -> str:
    """Provenance with each document named once: 『報告書2021』L643–655・L661–674."""
    by_doc: dict[str, list[str]] = {}
    for src in sources:
        name, _, span = src.label().partition("』")
        spans = by_doc.setdefault(name + "』", [])
        if span not in spans:
            spans.append(span)
    return "、".join(doc + "・".join(spans) for doc, spans in by_doc.items())


def benchmark_lines(
    ref: Reference,
    current: int | None,
    target: int | None,
    lang: str | None = None,
    cite: Callable[[Sequence[Source]], str] = source_text,
) -> list[str]:
    """Below / same / above, the gap beside the survey's gaps, and the 連係/連携/連繋 lens.
    `cite` writes the provenance (the minutes cite by document and chapter)."""
    out: list[str] = []
    comparison = compare_stage(ref.survey.stages, current)
    if comparison is not None:
        out.append(t("knowledge.stage.compare_title", lang, stage=stage_name(ref, current)))
        out.append(
            t(
                "knowledge.stage.compare_line",
                lang,
                below=pct_text(comparison.below),
                n_below=comparison.n_below,
                same=pct_text(comparison.same),
                n_same=comparison.n_same,
                above=pct_text(comparison.above),
                n_above=comparison.n_above,
                other=pct_text(comparison.other),
                N=comparison.N,
            )
            .replace("▒ ", "")
            .replace("█ ", "")
            .replace("░ ", "")
        )
    gap = compare_gap(current, target, ref.survey.gap_facts)
    if gap is not None:
        out.append(t("knowledge.stage.gap_title", lang, gap=gap.gap))
        out.append(
            t(
                f"knowledge.stage.gap_{gap.verdict}",
                lang,
                gap=gap.gap,
                mode=pct_text(gap.mode.value or 0) if gap.mode else "",
                within=pct_text(gap.within.value or 0) if gap.within else "",
                zero=pct_text(gap.zero.value or 0) if gap.zero else "",
                N=gap.mode.N if gap.mode else "",
            )
        )
        facts = [f for f in (gap.mode, gap.within, gap.zero) if f is not None]
        if facts:
            out.append(
                t(
                    "knowledge.source",
                    lang,
                    label=cite([s for f in facts for s in f.sources]),
                )
            )
        if gap.same_start is not None:
            fact = gap.same_start
            value = f"（{pct_text(fact.value)}、N={fact.N}）" if fact.value is not None else ""
            out.append(
                f"{fact.text.strip()}{value} "
                + t("knowledge.source", lang, label=cite(fact.sources))
            )
    lens = lens_for_stage(ref.survey.lenses, current)
    if lens is not None:
        stages = "・".join(str(n) for n in lens.stages)
        title = t(
            "knowledge.stage.lens_title",
            lang,
            kanji=lens.kanji,
            reading=lens.reading,
            stages=stages,
        )
        out.append(f"{title} {t('knowledge.stage.lens_inferred', lang)}")
        out.append(lens.definition.strip())
        out.append(t("knowledge.stage.lens_meeting", lang) + lens.meeting_function.strip())
        out.append(t("knowledge.source", lang, label=cite(lens.sources)))
    return out


def band_lines(ref: Reference, population: int | None, lang: str | None = None) -> list[str]:
    """The report's stage facts for the town's population band, beside the whole survey:
    how many answered in that band, and the shares the report gives for it."""
    band = ref.population_band(population)
    if band is None:
        return []
    out = [
        t(
            "knowledge.stage.band_title",
            lang,
            band=band.label,
            n=band.survey_n,
            pct=pct_text(band.survey_pct),
            source=source_text(band.sources),
        )
    ]
    facts = [f for f in ref.survey.gap_facts if f.key.endswith("_" + band.key)]
    for fact in facts:
        whole = next(
            (g for g in ref.survey.gap_facts if g.key == fact.key.rsplit("_", 1)[0] + "_all"), None
        )
        line = t(
            "knowledge.stage.band_fact",
            lang,
            text=fact.text.strip(),
            value=pct_text(fact.value or 0),
            n=fact.N,
            source=source_text(fact.sources),
        )
        if whole is not None and whole.value is not None:
            line += t("knowledge.stage.band_whole", lang, value=pct_text(whole.value), n=whole.N)
        out.append(line)
    if not facts:
        out.append(t("knowledge.stage.band_none", lang))
    shown = {f.key for f in facts}
    for fact in ref.survey.gap_facts:
        if fact.key.endswith("_all") and fact.key not in shown and fact.value is not None:
            out.append(
                t(
                    "knowledge.stage.whole_fact",
                    lang,
                    text=fact.text.strip(),
                    value=pct_text(fact.value),
                    n=fact.N,
                    source=source_text(fact.sources),
                )
            )
    return out
