"""SQLite storage through sqlite-utils: the only place with SQL. Never imports Textual.

Importing it loads no domain model (pydantic): the store imports them when it first
reads or writes a record, and `ImportResult` is loaded when asked for.
"""

from __future__ import annotations

import typing

from workshop.store.core import Revision, SessionSummary
from workshop.store.errors import (
    AmbiguousSession,
    BundleError,
    ConstraintFailed,
    CorruptDatabase,
    DatabaseBusy,
    DatabaseReadOnly,
    DatabaseUnwritable,
    MigrationFailed,
    NewerSchema,
    NotFound,
    NotWorkshopDatabase,
    RecordDeleted,
    SessionDeleted,
    StoreError,
    UpdateConflict,
)
from workshop.store.repo import Store
from workshop.store.schema import SCHEMA_VERSION

if typing.TYPE_CHECKING:
    from workshop.store.merge import ImportResult


def __getattr__(name: str) -> typing.Any:
    if name == "ImportResult":
        from workshop.store.merge import ImportResult

        return ImportResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "SCHEMA_VERSION",
    "AmbiguousSession",
    "BundleError",
    "ConstraintFailed",
    "CorruptDatabase",
    "DatabaseBusy",
    "DatabaseReadOnly",
    "DatabaseUnwritable",
    "ImportResult",
    "MigrationFailed",
    "NewerSchema",
    "NotFound",
    "NotWorkshopDatabase",
    "RecordDeleted",
    "Revision",
    "SessionDeleted",
    "SessionSummary",
    "Store",
    "StoreError",
    "UpdateConflict",
]
