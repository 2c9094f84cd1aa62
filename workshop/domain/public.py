"""The public view of an initiative: what published minutes may show (部分公開).

Japanese councils publish their minutes except what is 非公開. The public view leaves
out the cards and decisions marked private, and names no individual from an outside
body: each such name, wherever it appears (attendee lists, card authors, key persons,
action owners, free text), becomes the body and 職員 (「社会福祉協議会 職員」). Staff of
the municipality are named, as published minutes do. A private session keeps only
what shows it was held; the minutes writer says the rest is not published.
"""

from __future__ import annotations

import json

from workshop.domain.bundle import WITHOUT_CARDS, InitiativeData
from workshop.domain.enums import Side

STAFF = "職員"


def outside_names(data: InitiativeData) -> dict[str, str]:
    """Name of each individual from an outside body -> what the public version says."""
    out: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for sd in data.sessions:
        for a in sd.attendees:
            if a.side is Side.EXTERNAL and a.name.strip():
                label = f"{a.department} {STAFF}" if a.department else STAFF
                out[a.name] = label
                bodies[a.department] = label
    for p in data.key_persons:
        if p.department in bodies and p.name.strip():
            out.setdefault(p.name, bodies[p.department])
        if p.deputy_department in bodies and p.deputy_name.strip():
            out.setdefault(p.deputy_name, bodies[p.deputy_department])
    return out


def public_view(data: InitiativeData) -> InitiativeData:
    """The initiative as the public minutes show it."""
    sessions = []
    for sd in data.sessions:
        if sd.session.private:
            sd = sd.model_copy(
                update={
                    "cards": [],
                    "decisions": [],
                    "statements": [],
                    "resources": [],
                    "stage_answers": [],
                    "barrier_ticks": [],
                }
            )
        else:
            hidden = {c.id for c in sd.cards if c.private}
            sd = sd.model_copy(
                update={
                    "cards": [c for c in sd.cards if not c.private],
                    "decisions": [d for d in sd.decisions if not d.private],
                    # a statement drawn from a private card stays, without the link
                    "statements": [
                        s.model_copy(update={"source_card_id": None})
                        if s.source_card_id in hidden
                        else s
                        for s in sd.statements
                    ],
                }
            )
        sessions.append(sd)
    # Action items stay: later sessions follow them up (a closed session's public
    # minutes show none of its own).
    trimmed = data.model_copy(update={"sessions": sessions})
    names = outside_names(data)
    if not names:
        return trimmed
    # Replace each name wherever it is written, longest first (「小川 正樹」 before a
    # shorter name it contains), in the JSON text: every field at once.
    text = trimmed.model_dump_json()
    for name in sorted(names, key=len, reverse=True):
        old = json.dumps(name, ensure_ascii=False)[1:-1]
        new = json.dumps(names[name], ensure_ascii=False)[1:-1]
        text = text.replace(old, new)
    context = None if data.has_cards else WITHOUT_CARDS
    out = InitiativeData.model_validate_json(text, context=context)
    return out if data.has_cards else out.leave_out_cards()


def public_plan_view(data: InitiativeData, session_id: str) -> InitiativeData:
    """The public view for the action plan and the calendar of one session: as
    `public_view`, and when that session is 非公開 the actions it decided are left out
    (its public minutes show none of them); items of earlier sessions stay."""
    view = public_view(data)
    exported = view.session(session_id)
    if exported is None or not exported.session.private:
        return view
    actions = [a for a in view.actions if a.session_id != session_id]
    kept = {a.id for a in actions}
    return view.model_copy(
        update={"actions": actions, "reviews": [r for r in view.reviews if r.action_id in kept]}
    )
