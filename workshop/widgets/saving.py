"""Dialogs that save before they close: nothing entered in a dialog is thrown away
because the database was busy, the record was deleted elsewhere, or another window
changed the same fields meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.widgets import Static

from workshop.i18n import t
from workshop.store import UpdateConflict
from workshop.widgets.dialogs import ConflictDialog, Dialog

Submit = Callable[[Any], Any]
"""Saves a dialog's values through `app.save`; returns what was saved, or None when
saving failed (the app keeps the reason in `last_error` and `last_failure`)."""


class SavingDialog(Dialog[Any]):
    """A modal dialog that saves before it closes. Without `submit` it dismisses with
    its values (None when cancelled). With `submit` it closes only when saving worked:
    when the database is busy or the record is gone, it stays open with everything
    entered and says why (in the Static `#{ERROR_ID}`); when the record changed
    elsewhere in the same fields, it shows both versions and lets the facilitator
    choose. It then dismisses with what `submit` returned.

    A submit that can raise UpdateConflict must be one `store.update` of one record:
    the choice is applied as an update of that record."""

    ERROR_ID = "form-error"

    def __init__(self, submit: Submit | None = None) -> None:
        super().__init__()
        self.submit = submit

    def finish(self, values: Any) -> None:
        """Save the values (or hand them back when there is nothing to save with)."""
        if self.app.screen is not self:
            return  # the conflict dialog is open over this one
        submit = self.submit
        if submit is None:
            self.dismiss(values)
            return
        self._attempt(lambda: submit(values))

    def field_label(self, name: str) -> str:
        return name

    def describe(self, name: str, value: Any) -> str:
        return "" if value is None else str(value)

    def show_failure(self, message: str) -> None:
        self.query_one(f"#{self.ERROR_ID}", Static).update(Text(message))

    def _attempt(self, save: Callable[[], Any]) -> None:
        self.show_failure("")
        result = save()
        if result is not None:
            self.dismiss(result)
            return
        failure = getattr(self.app, "last_failure", None)
        if isinstance(failure, UpdateConflict):
            rows = [
                (self.field_label(k), self.describe(k, failure.mine[k]), self.describe(k, v))
                for k, v in failure.theirs.items()
            ]
            app: Any = self.app  # keys typed ahead of this question do not answer it
            app.ask_unprompted(ConflictDialog(rows), lambda c: self._resolved(c, failure))
            return
        self.show_failure(getattr(self.app, "last_error", "") or t("form.not_saved"))

    def _resolved(self, choice: str | None, conflict: UpdateConflict) -> None:
        """Keep mine: every field changed here goes over the stored record. Keep
        theirs: only the fields the other side did not change too. Back: edit on."""
        if choice is None:
            return
        changes = dict(conflict.mine)
        if choice == "theirs":
            changes = {k: v for k, v in changes.items() if k not in conflict.theirs}
        app: Any = self.app
        self._attempt(lambda: app.save(app.store.update, conflict.current, **changes))
