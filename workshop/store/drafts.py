"""Lines typed and not entered yet (a board's card line, the attendee quick-add line):
kept in the database as they are typed, so that what a facilitator was writing when the
app was quit, the laptop went to sleep or the process was killed is in the line again
when the session is opened."""

from __future__ import annotations

from datetime import UTC, datetime

from workshop.store.core import StoreCore


class DraftStore(StoreCore):
    def draft(self, session_id: str, place: str) -> str:
        """The line kept for `place` (a line of the session, `LineDraft.place`), or ""."""
        row = self._execute(
            "SELECT text FROM drafts WHERE session_id = ? AND place = ?", [session_id, place]
        ).fetchone()
        return row[0] if row else ""  # STRICT, NOT NULL: always a text

    def keep_draft(self, session_id: str, place: str, text: str) -> None:
        """Keep `text` as the line of `place`; an empty or blank line removes it. Cleaned
        as a card's text is (control characters) and cut at a card's length. Raises a
        StoreError when it cannot be kept: the session deleted in another window
        (RecordDeleted), another program writing (DatabaseBusy), an unwritable file."""
        from workshop.domain.base import MAX_TEXT, clean_text  # not at start-up (pydantic)

        text = clean_text(text)[:MAX_TEXT]
        with self.write():
            if not text.strip():
                self._execute(
                    "DELETE FROM drafts WHERE session_id = ? AND place = ?", [session_id, place]
                )
                return
            self._execute(
                "INSERT INTO drafts (session_id, place, text, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (session_id, place)"
                " DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                [session_id, place, text, datetime.now(UTC).isoformat(timespec="milliseconds")],
            )
