"""What the panes of one open session share: the store, the session and its people."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from workshop.domain.records import Attendee, Initiative, Session
from workshop.reference import Reference, load
from workshop.store import Store, UpdateConflict

if TYPE_CHECKING:
    from workshop.app import WorkshopApp

T = TypeVar("T")


class SessionContext:
    def __init__(self, app: WorkshopApp, session_id: str) -> None:
        self.app = app
        self.store: Store = app.store
        self.session_id = session_id
        self.ref: Reference = load()
        self.session: Session
        self.initiative: Initiative
        self.attendees: list[Attendee] = []
        self.reload()

    def reload(self) -> None:
        self.session = self.store.require(Session, self.session_id)
        self.initiative = self.store.require(Initiative, self.session.initiative_id)
        self.attendees = self.store.attendees(self.session_id)

    def save(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a store change; on failure the app says why and None is returned."""
        return self.app.save(fn, *args, **kwargs)

    def update_session(self, **changes: Any) -> bool:
        updated = self.save(self.store.update, self.session, **changes)
        if updated is not None:
            self.session = updated
        elif (newer := self._newer()) is not None:
            self.session = newer
        return updated is not None

    def update_initiative(self, **changes: Any) -> bool:
        updated = self.save(self.store.update, self.initiative, **changes)
        if updated is not None:
            self.initiative = updated
        elif (newer := self._newer()) is not None:
            self.initiative = newer
        return updated is not None

    def _newer(self) -> Any:
        """After a save from the page (no dialog) met another window's change of the
        same field: the stored version. The app said so once; what is typed next
        applies to that version instead of conflicting on every keystroke."""
        failure = getattr(self.app, "last_failure", None)
        return failure.current if isinstance(failure, UpdateConflict) else None

    def attendee(self, attendee_id: str | None) -> Attendee | None:
        return next((a for a in self.attendees if a.id == attendee_id), None)

    @staticmethod
    def person_label(a: Attendee) -> str:
        return f"{a.name}（{a.department}）" if a.department else a.name

    def departments(self) -> list[str]:
        """Departments present, in attendee order, then those of the survey's list."""
        seen: dict[str, None] = {}
        for a in self.attendees:
            if a.department:
                seen.setdefault(a.department, None)
        return list(seen)

    def department_suggestions(self) -> list[str]:
        names = self.departments()
        names += [d.label for d in self.ref.survey.department_types if d.label not in names]
        names += [b.label for b in self.ref.vocab.outside_bodies if b.label not in names]
        return names
