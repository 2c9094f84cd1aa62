"""The minutes (議事録) of a session as a neutral document (see `document.py`).

Layout as municipal minutes are written: a head block (会議名, 日時, 場所, 進行, 記録),
then numbered sections 出席者, 議題, (前回決定事項の進捗), 内容 per step, 決定事項,
今後の対応, 次回予定, 「以上」, and the cards as an appendix (別紙).
"""

from __future__ import annotations

from collections.abc import Callable

from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import (
    PartnerClass,
    Role,
    Side,
    StatementKind,
    Step,
)
from workshop.domain.followup import (
    CARRY_FLAG_AT,
    ActionState,
    action_state,
    initiative_history,
    open_for_review,
)
from workshop.domain.records import PROFILE_HEADINGS, Attendee, Card, Decision
from workshop.domain.rules import (
    department_profiles,
    find_overlaps,
    key_person_warnings,
    live_cards,
    mechanism_warnings,
)
from workshop.domain.wareki import meeting_datetime
from workshop.export.content import (
    LANG,
    Context,
    L,
    capitals_text,
    deputy_text,
    entry_pattern_text,
    expected_merits,
    jdate,
    joined,
    key_person_status,
    lab,
    mechanism_fields,
    merits_review,
    own_actions,
    plan_rows,
    planned_meetings,
    reference,
    sources_text,
    stage_check,
    stage_findings,
    stage_text,
)
from workshop.export.document import (
    Block,
    Bullets,
    Document,
    Fields,
    Heading,
    Para,
    Section,
    Table,
)
from workshop.i18n import t

TOP_CARDS = 5
"""Most-voted cards quoted per step as 主な意見 (all cards are in the appendix)."""


def build_minutes(data: InitiativeData, session_id: str) -> Document:
    """The minutes of one session, ready for any writer."""
    ctx = Context.of(data, session_id)
    s = ctx.session
    title = L("minutes.title", title=s.title) + (L("common.draft_suffix") if ctx.draft else "")
    parts: list[tuple[str, tuple[Block, ...], bool]] = [
        (L("minutes.attendees"), _attendees(ctx), False),
        (L("minutes.agenda"), _agenda(ctx), False),
    ]
    if ctx.followup:
        parts.append((L("minutes.progress"), _progress(ctx), False))
    parts += [
        (L("minutes.content"), _content(ctx), False),
        (L("minutes.decisions"), _decisions(ctx), True),
        (L("minutes.actions"), _actions(ctx), False),
        (L("minutes.next"), (*_next_meeting(ctx), Para(L("minutes.end"), "right")), False),
    ]
    sections = [
        Section(f"{i}　{name}", blocks, brk) for i, (name, blocks, brk) in enumerate(parts, 1)
    ]
    sections.append(Section(L("minutes.appendix_cards"), _cards_appendix(ctx), True))
    return Document(
        title=title,
        subtitle=data.initiative.name,
        draft=ctx.draft,
        draft_mark=L("common.draft_mark") if ctx.draft else "",
        draft_note=L("minutes.draft_note") if ctx.draft else "",
        head=_head(ctx),
        sections=tuple(sections),
        meta={"title": title, "subject": data.initiative.name},
    )


# --- head, attendees, agenda ----------------------------------------------------------------


def _role_names(ctx: Context, role: Role) -> str:
    return joined([a.name for a in ctx.sd.attendees if role in a.roles])


def _head(ctx: Context) -> Fields:
    s = ctx.session
    number = ctx.number(ctx.sid)
    kind = lab("kind", s.kind)
    rows = [
        (L("minutes.meeting"), f"{s.title}（{L('minutes.nth', n=number)}・{kind}）"),
        (L("minutes.initiative"), ctx.data.initiative.name),
        (L("minutes.datetime"), meeting_datetime(s.date, s.start_time, s.end_time)),
        (L("minutes.place"), s.place),
        (L("minutes.facilitator"), s.facilitator or _role_names(ctx, Role.FACILITATOR)),
        (L("minutes.recorder"), s.recorder or _role_names(ctx, Role.RECORDER)),
    ]
    rows = [(k, v or L("common.blank")) for k, v in rows]
    if s.themes:
        rows.append((L("minutes.themes"), joined(s.themes)))
    return Fields(tuple(rows))


def _attendee_row(a: Attendee) -> tuple[str, ...]:
    roles = "・".join(lab("role", r) for r in a.roles if r is not Role.PARTICIPANT)
    return (a.department or L("common.unknown"), a.title, a.name, roles)


def _attendees(ctx: Context) -> tuple[Block, ...]:
    people = sorted(ctx.sd.attendees, key=lambda a: (a.position, a.created_at))
    if not people:
        return (Para(L("common.none")),)
    blocks: list[Block] = []
    counts = {side: sum(a.side is side for a in people) for side in Side}
    blocks.append(
        Para(
            L(
                "minutes.attendee_count",
                total=len(people),
                internal=counts[Side.INTERNAL],
                external=counts[Side.EXTERNAL],
            )
        )
    )
    header = (L("col.department"), L("col.title"), L("col.name"), L("col.role"))
    for side in Side:
        group = [a for a in people if a.side is side]
        if not group:
            continue
        # Keep each 所属 together, in the order the departments first appear.
        order = {d: i for i, d in reversed(list(enumerate(a.department for a in group)))}
        group.sort(key=lambda a: order[a.department])
        blocks.append(Heading(L("minutes.side_count", side=lab("side", side), n=len(group))))
        blocks.append(Table(header, tuple(_attendee_row(a) for a in group), (5, 4, 4, 5)))
    return tuple(blocks)


def _agenda(ctx: Context) -> tuple[Block, ...]:
    items = [f"{lab('step_title', step)}" for step in ctx.steps]
    return (Bullets(tuple(items), ordered=True),)


# --- follow-up: progress of earlier items and the history ------------------------------------


def _progress_row(ctx: Context, no: int, state: ActionState) -> tuple[str, ...]:
    """One earlier item as reviewed in this session (or not reviewed, said so)."""
    here = [r for r in state.reviews if r.session_id == ctx.sid]
    review = here[-1] if here else None
    before = action_state(state.action, [r for r in state.reviews if r.session_id != ctx.sid])
    status = lab("action_status", state.status)
    if review is None:
        status += L("progress.not_reviewed")
    due = jdate(state.due) or L("common.to_check")
    if review and review.new_due and before.due and before.due != review.new_due:
        due += L("progress.due_changed", old=jdate(before.due))
    handover = ""
    if review and review.handed_over_to:
        handover = f"{before.owner_department or L('common.unknown')} → {review.handed_over_to}"
    carried = L("progress.carried", n=state.carried)
    if state.flagged:
        carried += L("progress.flag", n=CARRY_FLAG_AT)
    origin = L("progress.from", session=ctx.session_label(state.action.session_id))
    comment = review.comment if review and review.comment else state.last_comment
    return (
        str(no),
        f"{state.action.what}\n{origin}",
        state.owner_department or L("common.to_check"),
        status,
        comment,
        due,
        handover,
        carried,
    )


def _progress(ctx: Context) -> tuple[Block, ...]:
    """前回決定事項の進捗: the open items of earlier sessions, then the initiative's history."""
    states = open_for_review(ctx.actions_upto, ctx.reviews_upto, ctx.sid)
    header = (
        L("col.no"),
        L("col.what"),
        L("col.owner_department"),
        L("col.status"),
        L("col.progress_comment"),
        L("col.due"),
        L("col.handover"),
        L("col.carried"),
    )
    rows = tuple(_progress_row(ctx, i, st) for i, st in enumerate(states, start=1))
    marked = frozenset(i for i, st in enumerate(states) if st.flagged)
    blocks: list[Block] = [Para(L("progress.intro"))]
    if rows:
        widths = (3, 11, 6, 5, 9, 10, 5, 3)
        blocks.append(Table(header, rows, widths, marked, small=True))
        if marked:
            blocks.append(Para(L("progress.flag_note", n=CARRY_FLAG_AT), "warn"))
    else:
        blocks.append(Para(L("progress.nothing")))
    blocks += [Heading(L("history.title")), _history(ctx)]
    return tuple(blocks)


def _history(ctx: Context) -> Table:
    rows = []
    for point in initiative_history(ctx.upto, ctx.actions_upto, ctx.reviews_upto):
        stage = ""
        if point.stage_current is not None:
            stage = f"{stage_text(point.stage_current)} → {stage_text(point.stage_target)}"
            if point.stage_from_median:
                stage += L("stage.median_mark")
        rows.append(
            (
                L("minutes.nth", n=ctx.number(point.session_id)),
                jdate(point.date),
                point.title,
                str(point.opened),
                str(point.done),
                str(point.cancelled),
                stage,
            )
        )
    header = (
        L("col.nth"),
        L("col.date"),
        L("col.meeting"),
        L("col.opened"),
        L("col.done"),
        L("col.cancelled"),
        L("col.team_stage"),
    )
    return Table(header, tuple(rows), (3, 7, 6, 3, 3, 3, 8), small=True)


# --- 内容: one part per step ------------------------------------------------------------------


def _content(ctx: Context) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for i, step in enumerate(ctx.steps, start=1):
        blocks.append(Heading(f"（{i}）{lab('step_title', step)}"))
        part = STEP_CONTENT[step](ctx) + _top_cards(ctx, step)
        blocks += part or [Para(L("common.none"))]
    return tuple(blocks)


def _top_cards(ctx: Context, step: Step) -> list[Block]:
    voted = [c for c in live_cards(ctx.sd.cards, step) if c.votes > 0]
    voted.sort(key=lambda c: -c.votes)
    if not voted:
        return []
    items = tuple(_card_line(ctx, c) for c in voted[:TOP_CARDS])
    return [Heading(L("content.top_cards"), 4), Bullets(items)]


def _card_author(ctx: Context, c: Card) -> tuple[str, str]:
    a = ctx.sd.attendee(c.author_id)
    return (a.name if a else ""), (c.department or (a.department if a else ""))


def _card_line(ctx: Context, c: Card) -> str:
    name, dept = _card_author(ctx, c)
    about = joined([dept, name, L("content.votes", n=c.votes)], "・")
    return f"{c.text}（{about}）"


def _prep(ctx: Context) -> list[Block]:
    blocks: list[Block] = []
    if ctx.session.themes:
        blocks.append(Para(L("content.themes", themes=joined(ctx.session.themes))))
    blocks += _stages(ctx)
    blocks += _barriers(ctx)
    return blocks


def _stages(ctx: Context) -> list[Block]:
    answers = ctx.sd.stage_answers
    if not answers:
        return []
    answers = sorted(answers, key=lambda a: (a.attendee_id is not None, a.created_at))
    rows = []
    for a in answers:
        person = ctx.sd.attendee(a.attendee_id)
        who = L("stage.team") if a.attendee_id is None else (person.name if person else "")
        dept = person.department if person else ""
        rows.append((who, dept, stage_text(a.current), stage_text(a.target)))
    header = (L("col.respondent"), L("col.department"), L("col.current"), L("col.target"))
    blocks: list[Block] = [
        Heading(L("stage.title"), 4),
        Table(header, tuple(rows), (3, 3, 4, 4)),
    ]
    return blocks + _stage_benchmark(ctx)


def _stage_benchmark(ctx: Context) -> list[Block]:
    ref = reference()
    if ref is None:
        return [Para(L("common.no_reference"), "note")]
    check = stage_check(ctx)
    rows = []
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
                sources_text(st.sources),
            )
        )
    header = (
        L("col.stage"),
        L("col.survey_current"),
        L("col.survey_target"),
        L("col.team"),
        L("col.attendees_ct"),
        L("col.source"),
    )
    meta = next((m for m in ref.survey.meta if m.key == "survey2020"), None)
    provenance = (
        L("stage.provenance", title=meta.title, n=meta.n_valid, period=meta.period) if meta else ""
    )
    blocks: list[Block] = [
        Heading(L("stage.benchmark"), 4),
        Table(header, tuple(rows), (5, 3, 3, 2, 3, 5), small=True),
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
    if provenance:
        blocks.append(Para(provenance, "note"))
    findings = stage_findings(ctx)
    if findings:
        blocks += [Heading(L("stage.findings"), 4), Bullets(tuple(findings))]
    return blocks


def _barriers(ctx: Context) -> list[Block]:
    ticks = ctx.sd.barrier_ticks
    if not ticks:
        return []
    ref = reference()
    blocks: list[Block] = [Heading(L("barrier.title"), 4)]
    header = (
        L("col.barrier"),
        L("col.survey_share"),
        L("col.remedies"),
        L("col.note"),
        L("col.source"),
    )
    for partner in PartnerClass:
        mine = [tk for tk in ticks if tk.partner is partner]
        if not mine:
            continue
        rows = []
        for tk in sorted(mine, key=lambda x: _barrier_number(x.barrier)):
            b = ref.barrier_by_key.get(tk.barrier) if ref else None
            share = getattr(b, partner.value) if b else None
            remedies = {r.id: r.text for r in ref.remedies_for(tk.barrier)} if ref else {}
            rows.append(
                (
                    b.label if b else tk.barrier,
                    L("stage.share_of", pct=f"{share.pct:.1f}", n=share.n, N=share.N)
                    if share
                    else "",
                    "\n".join(f"・{remedies.get(r, r)}" for r in tk.remedies)
                    or L("barrier.no_remedy"),
                    tk.note,
                    sources_text(b.sources) if b else "",
                )
            )
        blocks.append(Para(L("barrier.partner", partner=lab("partner", partner)), "lead"))
        blocks.append(Table(header, tuple(rows), (5, 3, 7, 3, 3), small=True))
    blocks.append(Para(L("barrier.provenance") if ref else L("common.no_reference"), "note"))
    return blocks


def _barrier_number(key: str) -> int:
    ref = reference()
    b = ref.barrier_by_key.get(key) if ref else None
    return b.number if b else 999


def _review(ctx: Context) -> list[Block]:
    return ([Para(L("content.see_progress"))] if ctx.followup else []) + _merits_review(ctx)


def _vision(ctx: Context) -> list[Block]:
    statements = sorted(ctx.sd.statements, key=lambda s: (s.position, s.created_at))
    blocks: list[Block] = []
    for kind in StatementKind:
        texts = tuple(s.text for s in statements if s.kind is kind)
        if texts:
            blocks.append(Heading(lab("statement", kind), 4))
            if kind is StatementKind.VISION:
                blocks += [Para(x) for x in texts]
            else:
                blocks.append(Bullets(texts, ordered=True))
        if kind is StatementKind.VISION:
            blocks += _merits(ctx)  # what the team expects, right under the vision
    return blocks


def _merits(ctx: Context) -> list[Block]:
    merits = expected_merits(ctx)
    if not merits:
        return []
    return [Heading(L("merits.title"), 4), Bullets(tuple(merits)), Para(L("merits.source"), "note")]


def _merits_review(ctx: Context) -> list[Block]:
    review = merits_review(ctx)
    if review is None:
        return []
    blocks: list[Block] = [Heading(L("merits.review_title", title=review.earlier_title), 4)]
    if not review.reviewed:
        blocks += [Bullets(review.kept), Para(L("merits.not_reviewed"), "note")]
        return blocks
    for key, items in (("kept", review.kept), ("added", review.added), ("dropped", review.dropped)):
        if items:
            blocks.append(Para(L(f"merits.{key}", items=joined(list(items)))))
    return blocks


def _strengths(ctx: Context) -> list[Block]:
    profiles = department_profiles(ctx.sd.cards)
    blocks: list[Block] = []
    if pattern := entry_pattern_text(ctx):
        blocks += [Heading(L("entry.title"), 4), Para(pattern)]
    if profiles:
        header = (L("col.department"), *(lab("heading", h) for h in PROFILE_HEADINGS))
        rows = tuple(
            (
                dept or L("common.no_department"),
                *("\n".join(f"・{c.text}" for c in row[h]) for h in PROFILE_HEADINGS),
            )
            for dept, row in profiles.items()
        )
        blocks += [
            Heading(L("content.matrix"), 4),
            Table(header, rows, (3, 4, 4, 4, 4, 4, 4), small=True),
        ]
    findings = _accepted_findings(ctx)
    if findings:
        header = (L("col.kind"), L("col.finding"), L("col.departments"), L("col.decision"))
        blocks += [Heading(L("content.findings"), 4), Table(header, findings, (2, 6, 4, 5))]
    return blocks


def _accepted_findings(ctx: Context) -> tuple[tuple[str, ...], ...]:
    """Overlaps and complement pairs the team accepted (a decision whose origin names them)."""
    ref = reference()
    themes = ref.themes.themes if ref else []
    overlaps = {o.key: o for o in find_overlaps(ctx.sd.cards, themes)}
    rows = []
    for d in _decisions_sorted(ctx):
        kind, _, rest = d.origin.partition(":")
        if kind == "overlap":
            theme = ref.theme_by_key.get(rest) if ref else None
            found = overlaps.get(d.origin)
            rows.append(
                (
                    L("finding.overlap"),
                    L("finding.overlap_text", theme=theme.label if theme else rest),
                    joined(found.departments) if found else "",
                    d.text,
                )
            )
        elif kind == "complement":
            need_id, _, offer_id = rest.partition(":")
            need, offer = ctx.card(need_id), ctx.card(offer_id)
            text = L(
                "finding.complement_text",
                need=need.text if need else need_id,
                offer=offer.text if offer else offer_id,
            )
            depts = joined(
                [need.department if need else "", offer.department if offer else ""], " ← "
            )
            rows.append((L("finding.complement"), text, depts, d.text))
    return tuple(rows)


def _resources(ctx: Context) -> list[Block]:
    resources = sorted(ctx.sd.resources, key=lambda r: (r.position, r.created_at))
    if not resources:
        return []
    header = (
        L("col.resource"),
        L("col.resource_kind"),
        L("col.owner"),
        L("col.capitals"),
        L("col.leverage"),
        L("col.disposition"),
        L("col.note"),
    )
    rows = tuple(
        (
            r.name,
            lab("resource_kind", r.kind),
            r.owner,
            capitals_text(r),
            r.leverage,
            lab("disposition", r.disposition),
            joined([r.purpose, r.note, joined(r.members)], "\n"),
        )
        for r in resources
    )
    return [Table(header, rows, (4, 2, 3, 3, 6, 2, 4), small=True)]


def _mechanism(ctx: Context) -> list[Block]:
    blocks: list[Block] = []
    for m in ctx.sd.mechanisms:
        blocks += [
            Heading(L("mechanism.heading", name=m.name), 4),
            Fields(tuple(mechanism_fields(m))),
        ]
        warns = [L(f"warn.{w.code}") for w in mechanism_warnings(m)]
        if warns:
            blocks.append(Para(L("mechanism.to_check", items=joined(warns)), "warn"))
        plan = planned_meetings(ctx, m)
        if plan:
            header = (
                L("col.nth"),
                L("col.date"),
                L("col.secretariat"),
                L("col.recorder"),
                L("col.minutes_due"),
            )
            rows = tuple(
                (
                    L("minutes.nth", n=p.number),
                    jdate(p.date, weekday=True),
                    p.secretariat,
                    p.recorder,
                    jdate(p.minutes_due, weekday=True),
                )
                for p in plan
            )
            blocks += [Heading(L("mechanism.rotation"), 4), Table(header, rows, (2, 6, 4, 4, 6))]
    blocks += _key_persons(ctx)
    return blocks


def _key_persons(ctx: Context) -> list[Block]:
    people = [p for p in ctx.key_persons if p.session_id in (None, ctx.sid)]
    if not people:
        return []
    header = (
        L("col.name"),
        L("col.department"),
        L("col.kp_role"),
        L("col.deputy"),
        L("col.transfer"),
        L("col.kp_status"),
    )
    rows = tuple(
        (p.name, p.department, p.role, deputy_text(p), jdate(p.transfer_date), key_person_status(p))
        for p in people
    )
    marked = frozenset(i for i, p in enumerate(people) if not p.has_deputy and not p.left)
    blocks: list[Block] = [
        Heading(L("kp.title"), 4),
        Table(header, rows, (3, 3, 3, 4, 3, 3), marked),
    ]
    warns = key_person_warnings(people, today=ctx.session.date)
    if warns:
        items = tuple(L(f"kp.warn.{w.code}", name=w.subject) for w in warns)
        blocks.append(Bullets(items))
    return blocks


def _summary(ctx: Context) -> list[Block]:
    return [Para(L("content.see_decisions"))]


STEP_CONTENT: dict[Step, Callable[[Context], list[Block]]] = {
    Step.PREP: _prep,
    Step.REVIEW: _review,
    Step.VISION: _vision,
    Step.STRENGTHS: _strengths,
    Step.RESOURCES: _resources,
    Step.MECHANISM: _mechanism,
    Step.SUMMARY: _summary,
}


# --- decisions, actions, next meeting ----------------------------------------------------------


def _decisions_sorted(ctx: Context) -> list[Decision]:
    return sorted(ctx.sd.decisions, key=lambda d: (d.position, d.created_at))


def _decisions(ctx: Context) -> tuple[Block, ...]:
    items = []
    for d in _decisions_sorted(ctx):
        review = L("decision.review", date=jdate(d.review_date)) if d.review_date else ""
        items.append(d.text + review)
    return (Bullets(tuple(items), ordered=True),) if items else (Para(L("common.none")),)


def _actions(ctx: Context) -> tuple[Block, ...]:
    own = {a.id for a in own_actions(ctx)}
    plan = [r for r in plan_rows(ctx) if r.id in own]
    if not plan:
        return (Para(L("common.none")),)
    header = (
        L("col.no"),
        L("col.what"),
        L("col.owner_department"),
        L("col.owner_person"),
        L("col.partners"),
        L("col.due"),
        L("col.done_definition"),
        L("col.status"),
    )
    check = L("common.to_check")
    rows = tuple(
        (
            str(r.no),
            r.what,
            r.owner_department or check,
            r.owner_person,
            r.partners,
            jdate(r.due) or check,
            r.done_definition,
            lab("action_status", r.status),
        )
        for r in plan
    )
    marked = frozenset(i for i, r in enumerate(plan) if r.missing)
    widths = (3, 12, 6, 6, 5, 9, 7, 4)
    blocks: list[Block] = [Table(header, rows, widths, marked, small=True)]
    if marked:
        blocks.append(Para(L("actions.to_check_note"), "warn"))
    return tuple(blocks)


def _next_meeting(ctx: Context) -> tuple[Block, ...]:
    s = ctx.session
    if s.next_meeting_date:
        when = meeting_datetime(s.next_meeting_date, s.next_meeting_time, None)
        rows = [
            (L("minutes.datetime"), when),
            (L("minutes.place"), s.next_meeting_place or L("common.undecided")),
        ]
        if s.next_meeting_note:
            rows.append((L("minutes.next_note"), s.next_meeting_note))
        return (Fields(tuple(rows)),)
    blocks: list[Block] = [Para(L("minutes.next_undecided"))]
    for m in ctx.mechanisms:
        plan = [p for p in planned_meetings(ctx, m) if not s.date or p.date > s.date]
        if plan:
            blocks.append(
                Para(L("minutes.next_regular", name=m.name, date=jdate(plan[0].date, True)))
            )
    return tuple(blocks)


# --- appendix: every card by step -------------------------------------------------------------


def _prompt_texts() -> dict[str, str]:
    ref = reference()
    if ref is None:
        return {}
    return {p.key: p.text for s in ref.steps.steps for p in s.prompts}


def _cards_appendix(ctx: Context) -> tuple[Block, ...]:
    cards = live_cards(ctx.sd.cards)
    if not cards:
        return (Para(L("common.none")),)
    prompts = _prompt_texts()
    prompt_order = {k: i for i, k in enumerate(prompts)}
    blocks: list[Block] = [Para(L("cards.intro"), "note")]
    steps = list(ctx.steps) + [s for s in Step if s not in ctx.steps]
    header = (L("col.no"), L("col.card"), L("col.author"), L("col.department"), L("col.votes"))
    no = 0
    for step in steps:
        mine = [c for c in cards if c.step == step]
        if not mine:
            continue
        blocks.append(Heading(lab("step_title", step)))
        keys = sorted({c.prompt for c in mine}, key=lambda k: (prompt_order.get(k, 999), k))
        for key in keys:
            group = [c for c in mine if c.prompt == key]
            blocks.append(Heading(_prompt_title(key, prompts), 4))
            rows = []
            for c in group:
                no += 1
                name, dept = _card_author(ctx, c)
                rows.append((str(no), c.text, name, dept, str(c.votes)))
            blocks.append(Table(header, tuple(rows), (3, 24, 6, 7, 2), small=True))
    return tuple(blocks)


def _prompt_title(key: str, prompts: dict[str, str]) -> str:
    if key in prompts:
        return L("cards.prompt", text=prompts[key])
    if key in PROFILE_HEADINGS:
        return lab("heading", key)
    return key or L("cards.free")
