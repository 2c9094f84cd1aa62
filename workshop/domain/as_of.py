"""A record as it stood at a moment, worked out from its revisions: the value each edit
replaced (one row a field) and the whole record as it was deleted (a snapshot).

A meeting's documents show records of the whole initiative (the key persons) as they
were when the meeting was confirmed (確定): a later meeting that edits the register must
not change what the confirmed minutes of an earlier one say."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

SNAPSHOT = "*"
"""The field of a revision that holds the whole record (written when it was deleted)."""

R = TypeVar("R", bound=BaseModel)


class Change(Protocol):
    """One revision row: the value `field` had before `changed_at` (ISO 8601)."""

    @property
    def field(self) -> str: ...
    @property
    def old_value(self) -> str | None: ...
    @property
    def changed_at(self) -> str: ...


def _moment(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def _revived(current: Any, old: str | None) -> Any:
    """A value as the revision wrote it (`str()` of the value) read back in the type the
    field holds now; the model checks it."""
    if old is None or old == "None":
        return None
    if isinstance(current, bool):
        return old == "True"
    if isinstance(current, (list, tuple, dict)):
        try:
            return ast.literal_eval(old)
        except (ValueError, SyntaxError):
            return current
    return old


def as_of(model: type[R], current: R | None, changes: Iterable[Change], at: datetime) -> R | None:
    """`current` (None: deleted since) as it stood at `at`, or None if it did not exist
    then. `changes` are the record's revisions, oldest first. A field keeps today's value
    where a revision cannot be read back (an edited database)."""
    later = [c for c in changes if (when := _moment(c.changed_at)) is not None and when > at]
    deleted = next((c for c in later if c.field == SNAPSHOT), None)
    if current is not None:
        record: R = current
    elif deleted is not None and deleted.old_value:
        try:
            record = model.model_validate(json.loads(deleted.old_value))
        except (ValueError, ValidationError):
            return None
    else:
        return None
    created = getattr(record, "created_at", None)
    if isinstance(created, datetime) and created > at:
        return None
    taken: set[str] = set()
    for change in later:
        name = change.field
        if name in taken or name not in model.model_fields:
            continue
        taken.add(name)  # the first edit after `at` replaced the value it had then
        value = _revived(getattr(record, name), change.old_value)
        try:
            record = model.model_validate({**record.model_dump(), name: value})
        except ValidationError:
            continue
    return record
