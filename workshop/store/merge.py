"""Importing a bundle into a database: the rules that make a bundle safe to merge.

A bundle is untrusted input (see `domain.bundle.parse_bundle` for what is checked before
anything here runs). On top of that, importing follows three rules:

1. **No record changes owner.** A record whose UUID already exists here under another
   parent (another initiative, session or action) is neither moved nor overwritten: it
   is refused and reported, and so is every record of the bundle that refers to a
   refused record (a new card for a claimed session would otherwise land in someone
   else's session).
2. **Field-by-field three-way merge** against the version the last accepted bundle
   carried (the base, kept in the revisions table under the field name `@import`); see
   `domain.merge` for the rules and why stamps alone are not trusted.
3. **A deletion made here stands.** Within an initiative that exists here, a record
   that an earlier bundle brought and that was deleted here since is not brought back
   by importing a bundle again (nor are records that belong to it). If the bundle
   changed it meanwhile, that is reported as a conflict and the bundle's version is kept
   in the import history. An initiative deleted as a whole comes back whole: importing
   it is then a fresh start (the demo relies on it).
4. **All or nothing.** The import runs in one transaction; a refused record does not
   stop the others, an error stops all.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from datetime import datetime

from workshop.domain.base import Record, utcnow
from workshop.domain.merge import Version, merge_rows
from workshop.domain.records import (
    ActionItem,
    ActionReview,
    Initiative,
    KeyPerson,
    Session,
)

if typing.TYPE_CHECKING:
    from workshop.domain.bundle import Bundle
    from workshop.store.repo import Store

BASE_FIELD = "@import"
"""Field name of the revisions rows that hold the version a bundle carried."""

PARENT_FIELDS: dict[type[Record], tuple[str, ...]] = {
    Initiative: (),
    Session: ("initiative_id",),
    KeyPerson: ("initiative_id",),
    ActionItem: ("initiative_id", "session_id"),
    ActionReview: ("action_id", "session_id"),
}
"""Fields that say which record owns a record (every other record: its session)."""

REF_FIELDS = (
    "initiative_id",
    "session_id",
    "action_id",
    "author_id",
    "source_card_id",
    "attendee_id",
)
"""Fields that point at another record of the bundle."""


@dataclass(frozen=True)
class Refusal:
    """A record the import left alone. reason: `foreign` (its UUID belongs to a record
    under another owner, `owner` here) or `parent_refused` (it refers to a refused
    record, `owner`)."""

    table: str
    record_id: str
    reason: str
    owner: str


@dataclass(frozen=True)
class Conflict:
    """A record both sides changed in the same fields: the local values were kept and
    the bundle's are in the record's import history."""

    table: str
    record_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ImportResult:
    initiative_id: str
    inserted: int
    updated: int
    unchanged: int
    refused: tuple[Refusal, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    kept_deleted: tuple[str, ...] = ()
    """Ids of records deleted here that the bundle still carries (left deleted)."""
    stale: tuple[Conflict, ...] = ()
    """Records the bundle gives other values in a version not newer than the one last
    imported (a bundle edited by hand, or an old one): left as they are, with the fields."""


def _parents(model: type[Record]) -> tuple[str, ...]:
    return PARENT_FIELDS.get(model, ("session_id",))


def import_base(store: Store, table: str, record_id: str) -> Version | None:
    """The version of a record the last accepted bundle carried, if any."""
    row = store._execute(
        "SELECT old_value FROM revisions WHERE record_id = ? AND table_name = ? AND field = ?"
        " ORDER BY id DESC LIMIT 1",
        [record_id, table, BASE_FIELD],
    ).fetchone()
    if row is None:
        return None
    values = json.loads(row[0])
    return values, datetime.fromisoformat(values["updated_at"])


def _keep_base(store: Store, table: str, record_id: str, row: dict[str, typing.Any]) -> None:
    store._execute(
        "INSERT INTO revisions (table_name, record_id, field, old_value, changed_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            table,
            record_id,
            BASE_FIELD,
            json.dumps(row, ensure_ascii=False),
            utcnow().isoformat(timespec="milliseconds"),
        ],
    )


def import_bundle(store: Store, bundle: Bundle) -> ImportResult:
    """Merge a validated bundle into the store (see the module docstring)."""
    from workshop.store.rows import TABLES, to_row

    refused: dict[str, Refusal] = {}
    conflicts: list[Conflict] = []
    stale: list[Conflict] = []
    deleted: dict[str, None] = {}  # ordered set
    inserted = updated = unchanged = 0
    with store.write():
        fresh = store.get(Initiative, bundle.data.initiative.id) is None
        for rec in bundle.data.records():
            model = type(rec)
            table = TABLES[model]
            blocked = [getattr(rec, f) for f in REF_FIELDS if getattr(rec, f, None) in refused]
            if blocked:
                refused[rec.id] = Refusal(table, rec.id, "parent_refused", blocked[0])
                continue
            if any(getattr(rec, f, None) in deleted for f in (*_parents(model), "attendee_id")):
                deleted[rec.id] = None  # as ON DELETE CASCADE did here
                continue
            current = store.get(model, rec.id)
            remote = to_row(rec)
            for f in ("author_id", "source_card_id"):
                if remote.get(f) in deleted:
                    remote[f] = None  # as ON DELETE SET NULL did here
            if current is None and not fresh and (base := import_base(store, table, rec.id)):
                # brought by an earlier bundle, deleted here since: it stays deleted
                deleted[rec.id] = None
                changed = merge_rows(base, base, (remote, rec.updated_at))
                if changed.take:
                    conflicts.append(Conflict(table, rec.id, ("*",)))
                    _keep_base(store, table, rec.id, remote)
                continue
            if current is None:
                store._insert(table, remote)
                _keep_base(store, table, rec.id, remote)
                inserted += 1
                continue
            moved = [f for f in _parents(model) if getattr(current, f) != getattr(rec, f)]
            if moved:
                refused[rec.id] = Refusal(table, rec.id, "foreign", getattr(current, moved[0]))
                continue
            local = to_row(current)
            outcome = merge_rows(
                import_base(store, table, rec.id),
                (local, current.updated_at),
                (remote, rec.updated_at),
            )
            if outcome.take:
                newer = remote if rec.updated_at > current.updated_at else local
                row = {**outcome.take, "updated_at": newer["updated_at"]}
                store._rewrite(current, row, list(row))
                updated += 1
            else:
                unchanged += 1
            if outcome.conflicts:
                conflicts.append(Conflict(table, rec.id, outcome.conflicts))
            if outcome.stale:
                stale.append(Conflict(table, rec.id, outcome.stale))
            if outcome.new_base:
                _keep_base(store, table, rec.id, remote)
    return ImportResult(
        bundle.data.initiative.id,
        inserted,
        updated,
        unchanged,
        tuple(refused.values()),
        tuple(conflicts),
        tuple(deleted),
        tuple(stale),
    )
