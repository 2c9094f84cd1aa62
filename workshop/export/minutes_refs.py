"""参考資料 at the end of the minutes: the national survey beside the team's answers.

The body of the minutes says what the meeting did; the survey figures it was compared
with are reference material, cited by document, chapter or appendix (and page where
the document prints one) instead of line numbers of a text file.
"""

from __future__ import annotations

from workshop.domain.enums import PartnerClass
from workshop.domain.reference import Source
from workshop.export.content import (
    LANG,
    Context,
    L,
    lab,
    reference,
    stage_text,
)
from workshop.export.content_knowledge import stage_check, stage_findings
from workshop.export.document import Block, Bullets, Heading, Para, Table
from workshop.i18n import t


def cite(sources: list[Source]) -> str:
    ref = reference()
    return ref.citation(sources) if ref else ""


def show_benchmark(ctx: Context) -> bool:
    """The survey comparison is not repeated: it is shown by the first session that took
    the self-check, and by a later one only when the stages compared changed."""
    earlier = [sd for sd in ctx.upto[:-1] if sd.stage_answers]
    if not earlier:
        return True
    before = stage_check(Context(ctx.data, earlier[-1]))
    now = stage_check(ctx)
    return (before.current, before.target) != (now.current, now.target)


def references(ctx: Context) -> tuple[Block, ...]:
    """The 参考資料 blocks, empty when the session has nothing to compare."""
    blocks: list[Block] = []
    if ctx.sd.stage_answers and show_benchmark(ctx):
        blocks += stage_benchmark(ctx)
    blocks += barrier_shares(ctx)
    if blocks and reference() is None:
        return (Para(L("common.no_reference"), "note"),)
    return tuple(blocks)


def stage_benchmark(ctx: Context) -> list[Block]:
    ref = reference()
    if ref is None:
        return [Para(L("common.no_reference"), "note")]
    check = stage_check(ctx)
    rows = []
    sources: list[Source] = []
    for st in ref.survey.stages:
        mine = []
        if st.number == check.current:
            mine.append(L("stage.mark_current"))
        if st.number == check.target:
            mine.append(L("stage.mark_target"))
        cur, tgt = check.counts.get(st.number, (0, 0))
        rows.append(
            (
                stage_text(st.number),
                L("stage.share", pct=f"{st.current.pct:.1f}", n=st.current.n),
                L("stage.share", pct=f"{st.target.pct:.1f}", n=st.target.n),
                "・".join(mine),
                L("stage.people", current=cur, target=tgt),
            )
        )
        sources += st.sources
    header = (
        L("col.stage"),
        L("col.survey_current"),
        L("col.survey_target"),
        L("col.team"),
        L("col.attendees_ct"),
    )
    blocks: list[Block] = [
        Heading(L("refs.stage")),
        Table(header, tuple(rows), small=True),
    ]
    if check.from_median:
        # The self-check screen's sentence for a median, so both say the same.
        blank = L("common.blank")
        median = t(
            "knowledge.stage.median_line",
            LANG,
            current=stage_text(check.current) or blank,
            target=stage_text(check.target) or blank,
        )
        blocks.append(Para(median, "note"))
    meta = next((m for m in ref.survey.meta if m.key == "survey2020"), None)
    if meta:
        blocks.append(
            Para(
                L("stage.provenance", title=meta.title, n=meta.n_valid, period=meta.period), "note"
            )
        )
    blocks.append(Para(L("refs.source", cite=cite(sources)), "note"))
    findings = stage_findings(ctx)
    if findings:
        blocks += [Heading(L("stage.findings"), 4), Bullets(tuple(findings))]
    return blocks


def barrier_shares(ctx: Context) -> list[Block]:
    """How often the survey's municipalities named the barriers the team chose."""
    ticks = ctx.sd.barrier_ticks
    ref = reference()
    if not ticks or ref is None:
        return []
    header = (L("col.barrier"), L("col.survey_share"))
    blocks: list[Block] = [Heading(L("refs.barrier"))]
    sources: list[Source] = []
    for partner in PartnerClass:
        rows = []
        for tk in sorted(
            (x for x in ticks if x.partner is partner), key=lambda x: barrier_number(x.barrier)
        ):
            b = ref.barrier_by_key.get(tk.barrier)
            share = getattr(b, partner.value) if b else None
            if b:
                sources += b.sources
            rows.append(
                (
                    b.label if b else tk.barrier,
                    L("stage.share_of", pct=f"{share.pct:.1f}", n=share.n, N=share.N)
                    if share
                    else "",
                )
            )
        if rows:
            blocks.append(Para(L("barrier.partner", partner=lab("partner", partner)), "lead"))
            blocks.append(Table(header, tuple(rows), small=True))
    blocks.append(Para(L("barrier.provenance"), "note"))
    blocks.append(Para(L("refs.source", cite=cite(sources)), "note"))
    return blocks


def barrier_number(key: str) -> int:
    ref = reference()
    b = ref.barrier_by_key.get(key) if ref else None
    return b.number if b else 999
