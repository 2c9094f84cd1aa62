"""What schema this program knows, without importing the migration machinery (which
pulls in sqlite-utils): opening an up-to-date database needs only this."""

from __future__ import annotations

MIGRATION_SET = "workshop"

MIGRATIONS: tuple[str, ...] = (
    "m001_initial",
    "m005_merits_patterns",
    "m003_session_approval",
    "m002_record_version",
    "m004_private_flags",
    "m006_municipality_code",
    "m007_home_index",
    "m008_drafts",
    "m009_draft_context",
)
"""Names of the migrations in `migrations.py`, in order (a test keeps them in step)."""

SCHEMA_VERSION = len(MIGRATIONS)
