"""SQLite storage through sqlite-utils: the only place with SQL. Never imports Textual."""

from workshop.store.errors import (
    AmbiguousSession,
    BundleError,
    CorruptDatabase,
    DatabaseBusy,
    DatabaseUnwritable,
    NewerSchema,
    NotFound,
    NotWorkshopDatabase,
    StoreError,
)
from workshop.store.repo import ImportResult, Revision, SessionSummary, Store
from workshop.store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "AmbiguousSession",
    "BundleError",
    "CorruptDatabase",
    "DatabaseBusy",
    "DatabaseUnwritable",
    "ImportResult",
    "NewerSchema",
    "NotFound",
    "NotWorkshopDatabase",
    "Revision",
    "SessionSummary",
    "Store",
    "StoreError",
]
