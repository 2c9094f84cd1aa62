"""A draft charter (設置要綱案) for the regular meeting decided in step 4, as DOCX.

Written as a municipal 要綱 is: a caption in brackets over each article, 第n条 with
numbered paragraphs (2, 3 …) and items ((1), (2) …), a 附則 with the date left blank.
The articles such charters have: 目的, 所掌事項, 位置付け (the anchor typed in step 4),
組織, 座長 and its deputy, 会議, 代理出席, 意見の聴取, 守秘義務, 事務局, 書記, 庶務,
設置期間 or 見直し, その他. The body's name is the mechanism's (with the town, as the
minutes name it); dated targets stay in the action plan. A follow-up's draft says
what changed since the first draft. The wording is ours; the facts come from the
session. Always marked as a draft.
"""

from __future__ import annotations

from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import AnchorKind, SecretariatMode, StatementKind
from workshop.domain.followup import MINUTES_DUE_DAYS
from workshop.domain.records import Mechanism
from workshop.export.content import (
    Context,
    L,
    jdate,
    joined,
)
from workshop.export.content_meeting import (
    cadence_day,
    recorders,
)
from workshop.export.document import Document, Para, Section
from workshop.export.minutes_docx import document_docx
from workshop.export.options import DEFAULT, ExportOptions
from workshop.export.text import formal_name

Article = tuple[str, str, list[Para]]
"""Caption key, the article's first sentence (after 第n条), and its further paragraphs."""


def _items(texts: list[str]) -> list[Para]:
    return [Para(f"（{i}）{x}", "item") for i, x in enumerate(texts, start=1)]


def _statements(ctx: Context, kind: StatementKind) -> list[str]:
    """The agreed statements of this session, else of the latest earlier session."""
    for sd in reversed(ctx.upto):
        texts = [s.text for s in sorted(sd.statements, key=lambda s: s.position) if s.kind is kind]
        if texts:
            return texts
    return []


def body_name(m: Mechanism | None, municipality: str) -> str:
    """The body's formal name: the town (not the prefecture) and the mechanism's name
    without spaces beside Japanese (「さくら川町くらしの足と買い物連携会議」)."""
    name = formal_name(m.name if m else L("charter.default_name"))
    town = municipality.split()[-1] if municipality.split() else ""
    return name if not town or name.startswith(town) else f"{town}{name}"


def _purpose(ctx: Context, name: str) -> Article:
    vision = _statements(ctx, StatementKind.VISION)
    clause = L("charter.vision_clause", vision=vision[0]) if vision else ""
    return ("cap_purpose", L("charter.art_purpose", vision=clause, name=name), [])


def _affairs(ctx: Context) -> Article:
    themes = list(ctx.session.themes)
    items = [L("charter.art2_share"), L("charter.art2_plan"), L("charter.art2_progress")]
    if themes:
        items.append(L("charter.art2_themes", themes=joined(themes)))
    items.append(L("charter.art2_other"))
    return ("cap_affairs", L("charter.art_affairs"), _items(items))


def _anchor(m: Mechanism | None) -> Article | None:
    """The anchor typed in step 4, unless it is this very charter."""
    if m is None or m.anchor in (AnchorKind.NONE, AnchorKind.YOUKOU) or not m.anchor_detail:
        return None
    detail = m.anchor_detail.strip().rstrip("。")
    return ("cap_anchor", L("charter.art_anchor", detail=detail), [])


def _present(ctx: Context) -> list[str]:
    """The sections and bodies that sat at the table so far, in the order they came."""
    out: list[str] = []
    for sd in ctx.upto:
        for a in sd.attendees:
            if a.department and a.department not in out:
                out.append(a.department)
    return out


def _organisation(members: list[str]) -> Article:
    """第3条 lists the members: the regular meeting's, else (a draft to check) the
    sections that took part, else a blank to fill in. It cited a 別表 that the
    document never printed."""
    members = members or [L("charter.blank")]
    return ("cap_organisation", L("charter.art_members"), _items(members))


def _chair() -> Article:
    return (
        "cap_chair",
        L("charter.art_chair"),
        [Para(L("charter.art_chair_2"), "clause"), Para(L("charter.art_chair_3"), "clause")],
    )


def _meetings(m: Mechanism | None) -> Article:
    freq = L("charter.blank")
    if m:
        day = cadence_day(m)
        freq = L(f"charter.cadence.{m.cadence.value}") + (f"（{day}）" if day else "")
    more = [
        Para(L("charter.art4_frequency", frequency=freq), "clause"),
        Para(L("charter.art4_extra"), "clause"),
    ]
    if m and m.reports_to:
        more.append(Para(L("charter.art4_report", body=m.reports_to), "clause"))
    return ("cap_meetings", L("charter.art_meetings"), more)


def _secretariat(m: Mechanism | None) -> Article:
    if m is None or not m.secretariat:
        return ("cap_secretariat", L("charter.art5_blank"), [])
    if m.secretariat_mode is SecretariatMode.ROTATING and len(m.secretariat) > 1:
        return ("cap_secretariat", L("charter.art5_rotating"), _items(list(m.secretariat)))
    key = "joint" if m.secretariat_mode is SecretariatMode.JOINT else "single"
    return (
        "cap_secretariat",
        L(f"charter.art5_{key}", secretariat=joined(m.secretariat, "及び")),
        [],
    )


def _recorder(m: Mechanism | None) -> Article:
    people = recorders(m) if m else []
    due = Para(L("charter.art6_due", days=MINUTES_DUE_DAYS), "clause")
    if m and m.recorder_rotation and people:
        return ("cap_recorder", L("charter.art6_rotating"), [*_items(people), due])
    if people:
        return ("cap_recorder", L("charter.art6_fixed", who=people[0]), [due])
    return ("cap_recorder", L("charter.art6_secretariat"), [due])


def _term(m: Mechanism | None) -> Article:
    if m and m.review_date:
        return ("cap_term", L("charter.art_term", date=jdate(m.review_date)), [])
    return ("cap_review", L("charter.art7_undated"), [])


def _simple(key: str) -> Article:
    return (f"cap_{key}", L(f"charter.art_{key}"), [])


def _changes(ctx: Context, current: Mechanism | None) -> list[str]:
    """What differs from the regular meeting of the first session that set one up."""
    first = next((sd.mechanisms[0] for sd in ctx.upto if sd.mechanisms), None)
    if first is None or current is None or first.id == current.id:
        return []
    out = []
    added = [x for x in current.members if x not in first.members]
    gone = [x for x in first.members if x not in current.members]
    if added:
        out.append(L("charter.change_added", who=joined(added)))
    if gone:
        out.append(L("charter.change_removed", who=joined(gone)))
    fields = [
        L(f"charter.change_{field}")
        for field in ("secretariat", "recorder_order", "cadence", "review_date", "reports_to")
        if getattr(first, field) != getattr(current, field)
    ]
    if fields:
        # a sentence with its verb: 事務局・書記の順番・報告先を変更 (not a bare list)
        out.append(L("charter.change_fields", what="・".join(fields)))
    return out


def build_charter(data: InitiativeData, session_id: str) -> Document:
    ctx = Context.of(data, session_id)
    m = ctx.mechanisms[0] if ctx.mechanisms else None
    members = list(m.members) if m else []
    present = [] if members else _present(ctx)  # members taken from the attendees
    name = body_name(m, data.initiative.municipality)
    title = L("charter.title", name=name)
    articles = [
        _purpose(ctx, name),
        _affairs(ctx),
        _anchor(m),
        _organisation(members or present),
        _chair(),
        _meetings(m),
        _simple("proxy"),
        _simple("hearing"),
        _simple("secrecy"),
        _secretariat(m),
        _recorder(m),
        _simple("affairs_office"),
        _term(m),
        _simple("other"),
    ]
    paras: list[Para] = []
    for n, (caption, first, more) in enumerate((a for a in articles if a), start=1):
        paras += [
            Para(L(f"charter.{caption}"), "caption"),
            Para(L("charter.article", n=n, text=first), "article"),
            *more,
        ]
    paras += [
        Para(""),
        Para(L("charter.supplementary"), "caption"),
        Para(L("charter.effective"), "body"),
    ]
    note = L("charter.draft_note", session=ctx.session_label(ctx.sid))
    changes = _changes(ctx, m)
    if changes:
        note += L("charter.changes", items="、".join(changes))
    if present:
        note += L("charter.members_from_attendees")
    return Document(
        title=title,
        draft=True,
        draft_mark=L("common.draft_mark"),
        draft_note=note,
        sections=(Section("", tuple(paras)),),
        meta={"title": title, "subject": data.initiative.name, "author": _author(ctx, m)},
    )


def _author(ctx: Context, m: Mechanism | None) -> str:
    """The section drafting it: the (first) secretariat."""
    return m.secretariat[0] if m and m.secretariat else ctx.session.facilitator


def render(data: InitiativeData, session_id: str, options: ExportOptions = DEFAULT) -> bytes:
    return document_docx(build_charter(data, session_id), options.template)
