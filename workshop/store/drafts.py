"""Lines typed and not entered yet (a board's card line, the attendee quick-add line):
kept in the database as they are typed, so that what a facilitator was writing when the
app was quit, the laptop went to sleep or the process was killed is in the line again
when the session is opened. A line keeps what it was typed with beside its text (its
context: a card line's speaker, prompt and section), so that it is entered under them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

from workshop.store.core import StoreCore

CONTEXT_KEYS = 8
"""At most this many entries of a context are read back (a line has three)."""


def _cleaned(text: str) -> str:
    """As a card's text is kept: control characters dropped, cut at a card's length."""
    from workshop.domain.base import MAX_TEXT, clean_text  # not at start-up (pydantic)

    return clean_text(text)[:MAX_TEXT]


def _context(raw: str) -> dict[str, str]:
    """A stored context read back: a JSON object of strings, or nothing. The file may
    have been edited by another program, so anything else is dropped, not trusted."""
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    kept = {k: _cleaned(v) for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
    return dict(list(kept.items())[:CONTEXT_KEYS])


class DraftStore(StoreCore):
    def draft(self, session_id: str, place: str) -> str:
        """The line kept for `place` (a line of the session, `LineDraft.place`), or ""."""
        return self.draft_line(session_id, place)[0]

    def draft_line(self, session_id: str, place: str) -> tuple[str, dict[str, str]]:
        """The line kept for `place` and what it was typed with, or ("", {})."""
        row = self._execute(
            "SELECT text, context FROM drafts WHERE session_id = ? AND place = ?",
            [session_id, place],
        ).fetchone()
        if row is None:
            return "", {}
        return row[0], _context(row[1])  # STRICT, NOT NULL: always texts

    def keep_draft(
        self, session_id: str, place: str, text: str, context: Mapping[str, str] | None = None
    ) -> None:
        """Keep `text` as the line of `place`, typed with `context` (empty values are
        left out); an empty or blank line removes it. Cleaned as a card's text is
        (control characters) and cut at a card's length. Raises a StoreError when it
        cannot be kept: the session deleted in another window (RecordDeleted), another
        program writing (DatabaseBusy), an unwritable file."""
        text = _cleaned(text)
        kept = {k: _cleaned(v) for k, v in (context or {}).items() if v}
        with self.write():
            if not text.strip():
                self._execute(
                    "DELETE FROM drafts WHERE session_id = ? AND place = ?", [session_id, place]
                )
                return
            self._execute(
                "INSERT INTO drafts (session_id, place, text, context, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, place) DO UPDATE SET"
                " text = excluded.text, context = excluded.context,"
                " updated_at = excluded.updated_at",
                [
                    session_id,
                    place,
                    text,
                    json.dumps(kept, ensure_ascii=False, sort_keys=True),
                    datetime.now(UTC).isoformat(timespec="milliseconds"),
                ],
            )
