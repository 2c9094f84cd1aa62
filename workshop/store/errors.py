"""Errors the store raises for conditions a user can act on.

Each carries a code and parameters; the message in the user's language comes from the
i18n catalog (``error.<code>``), so the store stays free of UI strings.
"""

from __future__ import annotations

from typing import Any


class StoreError(Exception):
    code = "store"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(f"{self.code}: {params}" if params else self.code)


class NotWorkshopDatabase(StoreError):
    code = "not_a_database"


class CorruptDatabase(StoreError):
    code = "corrupt"


class NewerSchema(StoreError):
    code = "newer_schema"


class MigrationFailed(StoreError):
    """Bringing the schema up to date failed; the file is as it was and a copy made
    before the attempt is kept."""

    code = "migration_failed"


class DatabaseBusy(StoreError):
    code = "busy"


class DatabaseUnwritable(StoreError):
    code = "unwritable"


class DatabaseReadOnly(StoreError):
    """The database file is read-only: reported, never made writable behind the
    user's back."""

    code = "read_only"


class UpdateConflict(StoreError):
    """A record changed elsewhere since it was read, in fields this edit changes too.

    ``current`` is the stored record, ``mine`` every field this edit changes (with its
    new value), ``theirs`` the stored values of the fields both sides changed."""

    code = "update_conflict"

    def __init__(self, current: Any, mine: dict[str, Any], theirs: dict[str, Any]) -> None:
        super().__init__(kind=type(current).__name__, id=current.id, fields=", ".join(theirs))
        self.current = current
        self.mine = mine
        self.theirs = theirs


class SessionDeleted(StoreError):
    """The session a change belongs to was deleted (by another window or program)."""

    code = "session_deleted"


class RecordDeleted(StoreError):
    """The record being changed, or one it refers to, was deleted elsewhere."""

    code = "record_deleted"


class ConstraintFailed(StoreError):
    """The database refused a change that breaks one of its rules."""

    code = "constraint"


class NotFound(StoreError):
    code = "not_found"


class AmbiguousSession(StoreError):
    code = "ambiguous_session"


class BundleError(StoreError):
    code = "bad_bundle"
