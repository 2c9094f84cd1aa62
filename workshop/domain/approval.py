"""Approval of a session's record: 案 → 確定, and reopening a final record as 案.

A final record is not edited silently: editing it first reopens it as 案, and who did
that and when is kept in the session's approval log (the minutes read from it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from workshop.domain.base import Line, Stamp, utcnow

if TYPE_CHECKING:
    from workshop.domain.bundle import SessionData
    from workshop.domain.records import Session

HOUSEKEEPING = frozenset({"current_step", "reached_step", "timer_elapsed"})
"""Session fields that follow the screen and the clock, not the record: moving between
steps or the timer running does not change what a final record says."""


class ApprovalEvent(BaseModel):
    """One entry of the approval log."""

    model_config = ConfigDict(extra="forbid")

    event: Literal["final", "reopened"]
    at: Stamp = Field(default_factory=utcnow)
    by: Line = ""
    reason: Line = ""


def last_event(session: Session, kind: str) -> ApprovalEvent | None:
    return next((e for e in reversed(session.approval_log) if e.event == kind), None)


def is_housekeeping(changes: dict[str, object]) -> bool:
    return bool(changes) and set(changes) <= HOUSEKEEPING


LOCKED_GROUPS = (
    "attendees",
    "cards",
    "statements",
    "resources",
    "mechanisms",
    "decisions",
    "actions",
)


def locked_counts(data: SessionData, actions: int) -> dict[str, int]:
    """What 確定 locks, group by group (only groups that hold something)."""
    counts = {
        "attendees": len(data.attendees),
        "cards": sum(1 for c in data.cards if not c.deleted),
        "statements": len(data.statements),
        "resources": len(data.resources),
        "mechanisms": len(data.mechanisms),
        "decisions": len(data.decisions),
        "actions": actions,
    }
    return {k: n for k, n in counts.items() if n}


def time_gaps(session: Session) -> list[str]:
    """What the minutes' 日時 line lacks: the date, the start or the end time."""
    gaps = []
    if session.date is None:
        gaps.append("date")
    if session.start_time is None:
        gaps.append("start_time")
    if session.end_time is None:
        gaps.append("end_time")
    return gaps
