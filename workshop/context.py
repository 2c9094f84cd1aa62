"""What the panes of one open session share: the store, the session and its people."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from workshop.domain.approval import ApprovalEvent, is_housekeeping, last_event
from workshop.domain.enums import SessionStatus, Step
from workshop.domain.records import Attendee, Card, Initiative, KeyPerson, Session
from workshop.i18n import t
from workshop.i18n.dates import ui_stamp
from workshop.reference import Reference, load
from workshop.store import Store, StoreError, UpdateConflict

if TYPE_CHECKING:
    from workshop.app import WorkshopApp

T = TypeVar("T")

ReopenFollows = Literal["kept", "recorded", "nothing"]
"""What becomes of what was typed into a final record once it is reopened as 案."""
REOPENED_NOTICE: dict[str, str] = {  # in order of precedence
    "kept": "approval.reopened",  # still where it was typed: saved again by Enter or save
    "recorded": "approval.reopened_recorded",  # the cards typed are recorded at once
    "nothing": "approval.reopened_only",  # a button, nothing typed
}

INITIATIVE_WIDE = (Initiative, KeyPerson)
"""Records kept for the whole initiative (listed in every session): a session's 確定
does not lock them."""


def _cards_key(step: Step) -> tuple[str, Step]:
    """Where `SessionContext.current` keeps a step's cards."""
    return ("cards", step)


class SessionContext:
    def __init__(self, app: WorkshopApp, session_id: str) -> None:
        self.app = app
        self.store: Store = app.store
        self.session_id = session_id
        self.ref: Reference = load()
        self.session: Session
        self.initiative: Initiative
        self.attendees: list[Attendee] = []
        self._asking = False
        self._declined = False
        """The question was just declined: the keys typed ahead of it are still being
        handled, and what they try to change is kept where it was typed without asking
        again."""
        self._on_reopen: list[
            tuple[Callable[[], None] | None, Callable[[], None] | None, ReopenFollows]
        ] = []
        """What to do once the question to reopen is answered: (if reopened, if not)."""
        self._mark = self.store.change_mark()
        self._generation = 0
        self._read: dict[Hashable, tuple[int, Any]] = {}
        self._read_at = -1
        """The generation the session, initiative and people were last read at."""
        self.reload()

    def generation(self) -> int:
        """A number that moves on whenever the database changed since it was last asked
        (here or in another window), except for the screen's own housekeeping (the step
        on screen, the clock): a pane that read everything at generation N need not read
        again while it is still N."""
        mark = self.store.change_mark()
        if mark != self._mark:
            self._mark = mark
            self._generation += 1
        return self._generation

    def current(self, key: Hashable, read: Callable[[], T], again: bool = False) -> T:
        """What `read()` returns, read again only when the database changed since it was
        last read under `key` (see `generation`), or when asked `again`. While nothing
        changed every caller gets the same object, so it must not be changed: parts of a
        step showing the same cards (the matrix, the findings) read them once, and a tab
        shown again reads nothing."""
        generation = self.generation()
        if again or not self._read_at_generation(key, generation):
            self._read[key] = (generation, read())
        return self._read[key][1]

    def _read_at_generation(self, key: Hashable, generation: int) -> bool:
        """What was read under `key` is current: read at `generation` (`current`)."""
        kept = self._read.get(key)
        return kept is not None and kept[0] == generation

    def forget(self) -> None:
        """The session's screen has closed: drop what was read for it (every step's
        cards, the side panel's pages). Should something still hold a closed widget for a
        moment (a cancelled timer holds its widget until the time it was due), it holds
        no session data; a `current` asked afterwards reads again."""
        self._read.clear()

    def cards(self, step: Step) -> list[Card]:
        """The session's cards of `step`, shared by every part of the step that shows
        them (the board, the matrix, the findings) and read again only once the
        database changed. The list and its cards must not be changed in place."""
        return self.current(_cards_key(step), lambda: self.store.cards(self.session_id, step))

    def first_cards(
        self, step: Step, prompts: Sequence[str], count: int
    ) -> tuple[list[Card], int] | None:
        """For a board's first frame while the step's cards are not read yet: the first
        `count` cards under `prompts` and how many there are in all (two small queries:
        a board of 4,000 cards shows its first screen before they are all read). None
        when the step's cards are read and current: the board takes them from `cards`."""
        if self._read_at_generation(_cards_key(step), self.generation()):
            return None
        first = self.store.cards(self.session_id, step, prompts=prompts, limit=count)
        total = len(first)
        if total == count:
            total = self.store.card_count(self.session_id, step, prompts)
        return first, total

    def update_housekeeping(self, **changes: Any) -> bool:
        """Save where the session is (its step, the clock) without making the panes read
        their data again: if nothing else had changed before this write, the write itself
        does not move the generation on. Nothing typed is saved here, so the top line does
        not announce it (a failure still shows)."""
        before = self.store.change_mark()
        quiet, self.app.quiet_saves = self.app.quiet_saves, True
        try:
            ok = self.update_session(**changes)
        finally:
            self.app.quiet_saves = quiet
        self._absorb_own_write(before)
        return ok

    def _absorb_own_write(self, before: tuple[int, int]) -> None:
        """A write of the screen's own housekeeping, made since the change mark was
        `before`, does not move the generation on if nothing else had changed. Only this
        connection's own write is absorbed: another window's commit (even one landing
        during this write) moves `data_version` and must still make the panes read again."""
        after = self.store.change_mark()
        if before == self._mark and after[1] == before[1]:
            self._mark = after

    def draft(self, place: str) -> tuple[str, dict[str, str]]:
        """The line typed and not entered at `place`, kept from before, and what it was
        typed with (`DraftStore.draft_line`)."""
        try:
            return self.store.draft_line(self.session_id, place)
        except StoreError:
            return "", {}

    def keep_draft(self, place: str, text: str, context: Mapping[str, str] | None = None) -> bool:
        """Keep the line typed at `place`, with what it was typed with (see
        `DraftStore`); True if kept. It
        is not part of the record: a final record keeps it too, the top line does not
        announce it, and the panes do not read their data again for it. When it cannot be
        kept (another program writing, the session deleted elsewhere), the line still
        holds the text and the next change tries again."""
        before = self.store.change_mark()
        try:
            self.store.keep_draft(self.session_id, place, text, context)
        except StoreError:
            return False
        self._absorb_own_write(before)
        return True

    def reload_if_changed(self) -> None:
        """Read the session, its initiative and its people again only if the database
        changed since they were read (here or in another window)."""
        if self.generation() != self._read_at:
            self.reload()

    def reload(self) -> None:
        self._read_at = self.generation()
        self.session = self.store.require(Session, self.session_id)
        self.initiative = self.store.require(Initiative, self.session.initiative_id)
        self.attendees = self.store.attendees(self.session_id)

    def save(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a store change; on failure the app says why and None is returned.
        A final (確定) record is not changed: the facilitator is asked to reopen it as
        案 first, and what was typed stays where it was typed."""
        if (
            self.is_final()
            and self._touches_record(args)
            and not self._housekeeping(fn, args, kwargs)
        ):
            self.app.last_error = t("approval.locked")
            if not self._declined:
                self.ask_reopen()
            return None
        return self.app.save(fn, *args, **kwargs)

    def _touches_record(self, args: tuple) -> bool:
        """Whether a change is to this session's record: the session or one of its
        records. Records of the whole initiative (key persons, its name) are not locked
        by one session's 確定; a change given as a function is taken as the session's."""
        target = args[0] if args else None
        if target is None or not hasattr(target, "id"):
            return True
        if isinstance(target, Session):
            return target.id == self.session_id
        if isinstance(target, INITIATIVE_WIDE):
            return False
        return getattr(target, "session_id", None) == self.session_id

    def _housekeeping(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> bool:
        """Moving between steps and the timer are not edits of the record."""
        target = args[0] if args else None
        return (
            fn == self.store.update
            and isinstance(target, Session)
            and target.id == self.session_id
            and is_housekeeping(kwargs)
        )

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

    # --- approval (案 → 確定, reopening as 案) ---------------------------------------------
    def is_final(self) -> bool:
        return self.session.status is SessionStatus.FINAL

    def set_approval(self, status: SessionStatus, event: ApprovalEvent) -> bool:
        """Record 確定 or a reopening; the only change a final record accepts."""
        fresh = self.store.require(Session, self.session_id)
        log = [*fresh.approval_log, event]
        updated = self.app.save(self.store.update, fresh, status=status, approval_log=log)
        if updated is None:
            return False
        self.session = updated
        return True

    @property
    def asking_reopen(self) -> bool:
        """Whether the question to reopen the final record as 案 is open."""
        return self._asking

    def ask_reopen(
        self,
        then: Callable[[], None] | None = None,
        otherwise: Callable[[], None] | None = None,
        follows: ReopenFollows = "kept",
    ) -> None:
        """Ask to reopen the final record as 案, saying who reopens it and why; then run
        `then` if it was reopened, `otherwise` if not. Asked while the question is open,
        it only adds to what is run after the answer. It is a question the facilitator
        did not ask for: the keys typed ahead of it wait and go, after the answer, to
        where they were typed (`ask_unprompted`). `follows` says what becomes of what was
        typed, for the notice: kept where it was typed (to be saved again), recorded by
        `then` (cards captured), or nothing was typed."""
        self._on_reopen.append((then, otherwise, follows))
        if self._asking:
            return
        self._asking = True
        from workshop.widgets.forms import FieldSpec, FormDialog

        final = last_event(self.session, "final")
        fields = [
            FieldSpec("by", t("approval.reopened_by"), suggestions=self.people()),
            FieldSpec("reason", t("approval.reason"), help=t("approval.reason_help")),
        ]
        values = {"by": self.session.facilitator}

        def check(v: dict[str, Any]) -> dict[str, str]:
            return {} if (v.get("by") or "").strip() else {"by": t("approval.name_required")}

        def done(result: dict[str, Any] | None) -> None:
            self._asking = False
            waiting, self._on_reopen = self._on_reopen, []
            reopened = False
            if result is None:
                self.app.notify(t("approval.still_final"), markup=False)
                self._declined = True
                self.app.after_typed_ahead(lambda: setattr(self, "_declined", False))
            else:
                event = ApprovalEvent(event="reopened", by=result["by"], reason=result["reason"])
                reopened = self.set_approval(SessionStatus.DRAFT, event)
                if reopened:
                    # (a change refused by `save` asks with no follow-up of its own; the
                    # part that made it, when it has one, says what becomes of the text)
                    kinds = {f for then_, other, f in waiting if then_ or other} or {"kept"}
                    key = next(k for k in REOPENED_NOTICE if k in kinds)
                    notice = t(REOPENED_NOTICE[key], by=event.by)
                    self.app.notify(notice, markup=False, timeout=8)
            for then_, otherwise_, _ in waiting:
                follow = then_ if reopened else otherwise_
                if follow is not None:
                    follow()

        if final is not None:  # a record made final before approvals were logged has none
            who = final.by or "—"
            title = t("approval.reopen_title", when=ui_stamp(final.at), by=who)
        else:
            title = t("approval.reopen_title_unlogged")
        self.app.ask_unprompted(FormDialog(title, fields, values, check), done)

    def people(self) -> list[str]:
        return [a.name for a in self.attendees]

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
