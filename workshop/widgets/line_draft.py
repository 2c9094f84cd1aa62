"""A line typed and not entered yet, kept in the database as it is typed (the card line
under a board, the attendee quick-add line): what a facilitator was writing when the app
was quit, the laptop went to sleep or the process was killed is in the line again when
the session is opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widget import Widget

from workshop.widgets.rest_timer import RestTimer

if TYPE_CHECKING:
    from workshop.context import SessionContext
    from workshop.widgets.safe_input import SafeInput

DRAFT_PAUSE_S = 0.5
"""How long a line rests before what is typed in it is kept in the database
(`SessionContext.keep_draft`). Leaving the step or quitting keeps it at once."""
DRAFT_MAX_WAIT_S = 2.0
"""While the keys keep coming with no rest, what is typed is still kept this often: a
crash loses at most the last half second of typing after a rest, and at most the last
two seconds while typing on (before, a fluent typist's whole card)."""


class LineDraft:
    """The kept copy of one input line of a session (`SessionContext.keep_draft`), owned
    by the widget holding the line (its timer runs on that widget): `restore` when the
    widget mounts, `changed` on every change of the line or of what it is typed with,
    `keep` when the step is left; kept when the line rests (`RestTimer`), not once per
    key. `context` gives what the line is typed with (a card line's speaker, prompt and
    section), kept beside its text and given back with it."""

    def __init__(
        self,
        owner: Widget,
        ctx: SessionContext,
        place: str,
        line: Callable[[], SafeInput],
        context: Callable[[], dict[str, str]] | None = None,
    ) -> None:
        self.owner = owner
        self.ctx = ctx
        self.place = place
        """Which line of the session this is (`drafts.place`)."""
        self._line = line
        self._context = context or dict
        self.kept: tuple[str, dict[str, str]] = ("", {})
        """What the database keeps of the line: its text and what it was typed with."""
        self._rest = RestTimer(owner, DRAFT_PAUSE_S, DRAFT_MAX_WAIT_S, self.keep)

    def restore(self) -> dict[str, str] | None:
        """Put the kept text back in the line (after what was typed while the widget was
        being built), and return what it was typed with for the owner to choose again
        (and to say so once); None when no line was kept."""
        self.kept = self.ctx.draft(self.place)
        kept, context = self.kept
        if not kept:
            return None
        line = self._line()
        if line.value:
            line.give_back(kept)
        else:
            line.value = kept
            line.cursor_position = len(kept)
        return context

    def changed(self) -> None:
        self._rest.changed()

    def _now(self, text: str) -> tuple[str, dict[str, str]]:
        """The line as it would be kept: a blank line keeps nothing it was typed with."""
        if not text.strip():
            return "", {}
        return text, {k: v for k, v in self._context().items() if v}

    def keep(self) -> None:
        """Keep what the line holds now, unless it is kept already."""
        self._rest.stop()
        if not self.owner.is_mounted:
            return
        now = self._now(self._line().value)
        if now == self.kept:
            return
        if self.ctx.keep_draft(self.place, *now):
            self.kept = now

    def keep_with(self, text: str) -> None:
        """Keep `text` as the line inside the caller's write (`store.write()`), with the
        record it entered: a crash never brings back the text of a record already stored.
        `written` notes it once that write has committed."""
        self.ctx.store.keep_draft(self.ctx.session_id, self.place, *self._now(text))

    def written(self, text: str) -> None:
        self.kept = self._now(text)
