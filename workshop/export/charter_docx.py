"""A draft charter (設置要綱案) for the regular meeting decided in step 4, as DOCX.

Written as a municipal 要綱 is: a caption in brackets over each article, 第n条 with
numbered paragraphs (2, 3 …) and items ((1), (2) …), a 附則 with the date left blank.
The wording is ours; the facts (purpose, members, cadence, secretariat, recorder
rotation, review date) come from the session. Always marked as a draft.
"""

from __future__ import annotations

from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import SecretariatMode, StatementKind
from workshop.domain.followup import MINUTES_DUE_DAYS
from workshop.domain.records import Mechanism
from workshop.export.content import Context, L, cadence_day, jdate, joined, recorders
from workshop.export.document import Document, Para, Section
from workshop.export.minutes_docx import document_docx


def _items(texts: list[str]) -> list[Para]:
    return [Para(f"（{i}）{x}", "item") for i, x in enumerate(texts, start=1)]


def _statements(ctx: Context, kind: StatementKind) -> list[str]:
    """The agreed statements of this session, else of the latest earlier session."""
    for sd in reversed(ctx.upto):
        texts = [s.text for s in sorted(sd.statements, key=lambda s: s.position) if s.kind is kind]
        if texts:
            return texts
    return []


def _purpose(ctx: Context, name: str) -> list[Para]:
    vision = _statements(ctx, StatementKind.VISION)
    goals = _statements(ctx, StatementKind.GOAL)
    clause = L("charter.vision_clause", vision=vision[0]) if vision else ""
    out = [
        Para(L("charter.cap1"), "caption"),
        Para(L("charter.art1", vision=clause, name=name), "article"),
    ]
    if goals:
        out += [Para(L("charter.art1_goals"), "clause"), *_items(goals)]
    return out


def _affairs(ctx: Context) -> list[Para]:
    themes = list(ctx.session.themes)
    items = [L("charter.art2_share"), L("charter.art2_plan"), L("charter.art2_progress")]
    if themes:
        items.append(L("charter.art2_themes", themes=joined(themes)))
    items.append(L("charter.art2_other"))
    return [Para(L("charter.cap2"), "caption"), Para(L("charter.art2"), "article"), *_items(items)]


def _organisation(m: Mechanism | None) -> list[Para]:
    out = [Para(L("charter.cap3"), "caption")]
    if m and m.members:
        out += [Para(L("charter.art3"), "article"), *_items(list(m.members))]
    else:
        out.append(Para(L("charter.art3_blank"), "article"))
    out.append(Para(L("charter.art3_guests"), "clause"))
    return out


def _meetings(m: Mechanism | None) -> list[Para]:
    freq = L("charter.blank")
    if m:
        day = cadence_day(m)
        freq = L(f"charter.cadence.{m.cadence.value}") + (f"（{day}）" if day else "")
    out = [
        Para(L("charter.cap4"), "caption"),
        Para(L("charter.art4"), "article"),
        Para(L("charter.art4_frequency", frequency=freq), "clause"),
        Para(L("charter.art4_extra"), "clause"),
    ]
    if m and m.reports_to:
        out.append(Para(L("charter.art4_report", body=m.reports_to), "clause"))
    return out


def _secretariat(m: Mechanism | None) -> list[Para]:
    out = [Para(L("charter.cap5"), "caption")]
    if m is None or not m.secretariat:
        return [*out, Para(L("charter.art5_blank"), "article")]
    if m.secretariat_mode is SecretariatMode.ROTATING and len(m.secretariat) > 1:
        return [*out, Para(L("charter.art5_rotating"), "article"), *_items(list(m.secretariat))]
    key = "joint" if m.secretariat_mode is SecretariatMode.JOINT else "single"
    text = L(f"charter.art5_{key}", secretariat=joined(m.secretariat, "及び"))
    return [*out, Para(text, "article")]


def _recorder(m: Mechanism | None) -> list[Para]:
    out = [Para(L("charter.cap6"), "caption")]
    people = recorders(m) if m else []
    if m and m.recorder_rotation and people:
        out += [Para(L("charter.art6_rotating"), "article"), *_items(people)]
    elif people:
        out.append(Para(L("charter.art6_fixed", who=people[0]), "article"))
    else:
        out.append(Para(L("charter.art6_secretariat"), "article"))
    out.append(Para(L("charter.art6_due", days=MINUTES_DUE_DAYS), "clause"))
    return out


def _review(m: Mechanism | None) -> list[Para]:
    text = (
        L("charter.art7", date=jdate(m.review_date))
        if m and m.review_date
        else L("charter.art7_undated")
    )
    return [Para(L("charter.cap7"), "caption"), Para(text, "article")]


def build_charter(data: InitiativeData, session_id: str) -> Document:
    ctx = Context.of(data, session_id)
    m = ctx.mechanisms[0] if ctx.mechanisms else None
    name = m.name if m else L("charter.default_name")
    town = data.initiative.municipality
    # 「みなと町移動・買い物支援連携会議」 already names the town: do not repeat it
    title = L("charter.title", name=name if name.startswith(town) else f"{town}{name}")
    paras = [
        *_purpose(ctx, name),
        *_affairs(ctx),
        *_organisation(m),
        *_meetings(m),
        *_secretariat(m),
        *_recorder(m),
        *_review(m),
        Para(L("charter.cap8"), "caption"),
        Para(L("charter.art8"), "article"),
        Para(""),
        Para(L("charter.supplementary"), "caption"),
        Para(L("charter.effective"), "body"),
    ]
    return Document(
        title=title,
        draft=True,
        draft_mark=L("common.draft_mark"),
        draft_note=L("charter.draft_note", session=ctx.session_label(ctx.sid)),
        sections=(Section("", tuple(paras)),),
        meta={"title": title, "subject": data.initiative.name},
    )


def render(data: InitiativeData, session_id: str) -> bytes:
    return document_docx(build_charter(data, session_id))
