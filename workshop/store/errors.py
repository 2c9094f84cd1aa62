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


class DatabaseBusy(StoreError):
    code = "busy"


class DatabaseUnwritable(StoreError):
    code = "unwritable"


class NotFound(StoreError):
    code = "not_found"


class AmbiguousSession(StoreError):
    code = "ambiguous_session"


class BundleError(StoreError):
    code = "bad_bundle"
