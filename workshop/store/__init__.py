"""SQLite storage through sqlite-utils: the only place with SQL. Never imports Textual."""

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
from workshop.store.repo import ImportResult, Revision, SessionSummary, Store
from workshop.store.schema import SCHEMA_VERSION

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
