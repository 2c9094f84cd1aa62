"""好取組事例集: a good-practice collection from the initiatives a prefecture selects.

Each initiative fills one or two pages in the layout the 2024 guide uses for its cases
(当初の問題意識, 対策, 成果, 工夫ポイント, 連携組織, 活用制度, with population and
ageing rate), written from the sessions' records: the vision statements, decisions, the
mechanism, resources and schemes, the remedies chosen for barriers, and what follow-ups
recorded (actions done, review comments, the stage reached).

Public version only: individuals' names never appear. The collection is built from
agreed, organisation-level records (never the cards of the discussion, never the list
of attendees), and every person's name the initiative knows (attendees, key persons and
deputies, action owners, facilitator, recorder, who approved) is replaced in any text it quotes.
Sessions and decisions marked 非公開 are left out (`public_view`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import UNKNOWN_STAGE, ActionStatus, AnchorKind, Side, StatementKind
from workshop.export.content import L, lab, reference
from workshop.export.document import Bullets, Document, Fields, Heading, Para, Section

NAME_MASK = "（氏名略）"

TITLES = (
    "さん",
    "様",
    "さま",
    "氏",
    "君",
    "部長",
    "課長",
    "室長",
    "所長",
    "係長",
    "主査",
    "主任",
    "主事",
    "補佐",
    "会長",
    "委員",
    "先生",
)
"""What follows a surname when a person is meant: a surname with one of these is masked."""


def public_view(data: InitiativeData) -> InitiativeData:
    """The initiative without what is marked 非公開: private sessions with everything
    recorded in them (their actions and reviews too), private decisions and cards."""
    private = {s.session.id for s in data.sessions if s.session.private}
    sessions = [
        s.model_copy(
            update={
                "decisions": [d for d in s.decisions if not d.private],
                "cards": [c for c in s.cards if not c.private],
            }
        )
        for s in data.sessions
        if s.session.id not in private
    ]
    actions = [a for a in data.actions if a.session_id not in private]
    kept = {a.id for a in actions}
    return data.model_copy(
        update={
            "sessions": sessions,
            "actions": actions,
            "reviews": [
                r for r in data.reviews if r.action_id in kept and r.session_id not in private
            ],
            "key_persons": [
                p.model_copy(update={"session_id": None}) if p.session_id in private else p
                for p in data.key_persons
            ],
        }
    )


def person_names(data: InitiativeData) -> list[str]:
    """Every individual's name the initiative records, longest first (so 山田 花子 is
    masked before 山田), each also without its inner spaces."""
    names: set[str] = set()
    for sd in data.sessions:
        names.update(a.name for a in sd.attendees)
        names.update((sd.session.facilitator, sd.session.recorder))
        names.update(e.by for e in sd.session.approval_log)
    for p in data.key_persons:
        names.update((p.name, p.deputy_name))
    names.update(a.owner_person for a in data.actions)
    variants = {v for n in names for v in (n.strip(), re.sub(r"\s+", "", n)) if len(v) >= 2}
    return sorted(variants, key=len, reverse=True)


def surnames(names: Iterable[str]) -> list[str]:
    """The surnames of full names written with a space (山田 花子 → 山田)."""
    return sorted({n.split()[0] for n in names if len(n.split()) >= 2}, key=len, reverse=True)


class Redactor:
    """Masks people's names: every full name, and a surname alone where a title follows
    it (山田さん, 山田課長: the way notes name people); a place that shares the surname
    (山田地区) stays readable. The title is kept (（氏名略）さん)."""

    def __init__(self, names: Iterable[str]) -> None:
        names = list(names)
        titled = "|".join(map(re.escape, TITLES))
        parts = [re.escape(n) for n in names]
        parts += [f"{re.escape(s)}(?={titled})" for s in surnames(names)]
        self.pattern = re.compile("|".join(parts)) if parts else None

    def __call__(self, text: str) -> str:
        return self.pattern.sub(NAME_MASK, text) if self.pattern else text


def _stage(n: int | None) -> str:
    return f"{n} {lab('stage', n)}" if n is not None else ""


def _team_stage(data: InitiativeData, last: bool) -> tuple[int | None, int | None]:
    sessions = [s for s in data.ordered_sessions() if s.stage_answers]
    if not sessions:
        return None, None
    sd = sessions[-1] if last else sessions[0]
    team = [a for a in sd.stage_answers if a.attendee_id is None] or sd.stage_answers
    answer = max(team, key=lambda a: a.updated_at)
    return answer.current, answer.target


def case_section(data: InitiativeData, prefecture: str, first: bool) -> Section:
    """One initiative in the guide's case layout."""
    ref = reference()
    mask = Redactor(person_names(data))  # every name, private sessions' people too
    data = public_view(data)
    ini = data.initiative
    sessions = data.ordered_sessions()
    facts: list[tuple[str, str]] = [(L("practice.f_initiative"), mask(ini.name))]
    if ini.population is not None:
        facts.append((L("practice.f_population"), L("practice.people", n=f"{ini.population:,}")))
    if ini.ageing_rate is not None:
        facts.append((L("practice.f_ageing"), f"{ini.ageing_rate:.1f}%"))
    if ini.municipality_code:
        facts.append((L("practice.f_code"), ini.municipality_code))
    days = [s.session.date for s in sessions if s.session.date]
    if days:
        facts.append((L("practice.f_period"), f"{min(days):%Y年%m月} 〜 {max(days):%Y年%m月}"))
    blocks: list = [Fields(tuple(facts))]

    def part(key: str, items: Sequence[str]) -> None:
        items = [mask(i) for i in dict.fromkeys(i.strip() for i in items) if i]
        blocks.append(Heading(L(f"practice.h_{key}"), 3))
        if items:
            blocks.append(Bullets(tuple(items)))
        else:
            blocks.append(Para(L("practice.none"), "note"))

    barriers = ref.barrier_by_key if ref else {}
    remedies = {r.id: r for r in ref.remedies.remedies} if ref else {}
    start = next((s for s in sessions if s.barrier_ticks or s.stage_answers), None)
    concern = [ini.description] if ini.description else []
    if start:
        concern += [
            L(
                "practice.barrier",
                barrier=barriers[t.barrier].label,
                partner=lab("partner", t.partner),
            )
            for t in start.barrier_ticks
            if t.barrier in barriers
        ]
    now, target = _team_stage(data, last=False)
    if now and now != UNKNOWN_STAGE:
        concern.append(L("practice.stage_then", now=_stage(now), target=_stage(target)))
    part("concern", concern)

    statements = [
        st.text
        for sd in sessions
        for st in sd.statements
        if st.kind in (StatementKind.VISION, StatementKind.GOAL)
    ]
    part("vision", statements)

    mechanisms = [m for sd in sessions for m in sd.mechanisms]
    measures = [d.text for sd in sessions for d in sorted(sd.decisions, key=lambda d: d.position)]
    for m in mechanisms:
        anchor = "" if m.anchor == AnchorKind.NONE else lab("anchor", m.anchor)
        measures.append(
            L("practice.mechanism", name=m.name, cadence=lab("cadence", m.cadence))
            + (L("practice.anchor", anchor=anchor) if anchor else "")
        )
    part("measures", measures)

    done = [a for a in data.actions if a.status == ActionStatus.DONE]
    results = [L("practice.done", what=a.what) for a in done]
    results += [r.comment for r in sorted(data.reviews, key=lambda r: r.created_at) if r.comment]
    last_now, _ = _team_stage(data, last=True)
    answered = len([s for s in sessions if s.stage_answers]) > 1
    if now and last_now and answered and UNKNOWN_STAGE not in (now, last_now):
        # said as it went: up, the same, or down (not "moved up" whatever happened)
        if last_now == now:
            results.append(L("practice.stage_same", stage=_stage(now)))
        else:
            key = "practice.stage_change" if last_now > now else "practice.stage_down"
            results.append(L(key, before=_stage(now), after=_stage(last_now)))
    part("results", results)

    tips = [
        remedies[k].text
        for sd in sessions
        for t in sd.barrier_ticks
        for k in t.remedies
        if k in remedies
    ]
    for m in mechanisms:
        tips.append(L("practice.secretariat", mode=lab("secretariat_mode", m.secretariat_mode)))
        if m.reports_to:
            tips.append(L("practice.reports_to", to=m.reports_to))
    part("tips", tips)

    inside, outside = [], []
    for sd in sessions:
        for a in sd.attendees:
            if a.department:
                (outside if a.side == Side.EXTERNAL else inside).append(a.department)
    for m in mechanisms:
        inside += m.members
    part("partners", [*inside, *outside])

    schemes = ref.scheme_by_id if ref else {}
    used = [
        schemes[r.scheme_id].name if r.scheme_id in schemes else r.name
        for sd in sessions
        for r in sd.resources
        if r.scheme_id or r.kind.value == "scheme"
    ]
    part("schemes", used)
    title = (
        f"{ini.municipality or L('practice.no_municipality')}（{prefecture}）"
        if prefecture
        else (ini.municipality or L("practice.no_municipality"))
    )
    return Section(title, tuple(blocks), page_break=not first)


def build_collection(items: Sequence[tuple[InitiativeData, str]], title: str = "") -> Document:
    """The collection: (initiative, prefecture name) pairs in the order given."""
    sections = tuple(case_section(d, pref, i == 0) for i, (d, pref) in enumerate(items))
    return Document(
        title=title or L("practice.title"),
        subtitle=L("practice.subtitle", n=len(items)),
        sections=sections,
        meta={"title": title or L("practice.title"), "subject": L("practice.subject")},
    )


def render(items: Sequence[tuple[InitiativeData, str]], title: str = "") -> bytes:
    from workshop.export.minutes_docx import document_docx

    return document_docx(build_collection(items, title))
