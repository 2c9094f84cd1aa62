"""Quick capture: a card is one line typed and Enter, attributed to the person or
section chosen from the keyboard. Cards can be edited, moved to another prompt, deleted
and restored, and given dot votes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Select

from workshop.domain.enums import Step
from workshop.domain.records import Card
from workshop.i18n import example, label, t, validation_messages
from workshop.widgets.dialogs import PickDialog
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.forms import FieldSpec, FormDialog, model_validator
from workshop.widgets.literal import fit, lit
from workshop.widgets.prose import Prose
from workshop.widgets.safe_input import SafeInput

if TYPE_CHECKING:
    from workshop.context import SessionContext


def prompt_label(ctx: SessionContext, key: str) -> str:
    """The question a card answers, as shown on the wall."""
    if key.startswith("strengths."):
        return label("heading", key)
    step = ctx.ref.step_by_key.get(key.split(".")[0])
    prompt = next((p for p in step.prompts if p.key == key), None) if step else None
    return prompt.text if prompt else key


def all_prompts(ctx: SessionContext) -> list[tuple[str, str, Step]]:
    """(key, label, step) of every prompt a card can be moved to."""
    out = []
    for step in ctx.ref.steps.steps:
        for p in step.prompts:
            out.append(
                (p.key, f"{label('step', step.key)} — {prompt_label(ctx, p.key)}", Step(step.key))
            )
    return out


class CardBoard(Vertical):
    DEFAULT_CSS = """
    CardBoard { height: 1fr; }
    CardBoard > #board-title { text-style: bold; padding: 0 1; height: auto; }
    CardBoard > #board-help { color: $text-muted; padding: 0 1; height: auto; }
    CardBoard > DataTable { height: 1fr; }
    CardBoard > #board-empty { color: $text-muted; padding: 0 1; height: auto; }
    CardBoard > #capture { height: auto; }
    CardBoard #capture Select { width: 24; }
    CardBoard #capture #capture-prompt { width: 22; }
    CardBoard #capture #capture-dept { width: 20; }
    CardBoard #capture #capture-text { width: 1fr; }
    """

    BINDINGS = [
        Binding("ctrl+o", "edit", t("key.edit")),
        Binding("ctrl+b", "vote", t("key.vote")),
        Binding("ctrl+g", "move", t("key.move"), show=False),
        Binding("ctrl+r", "author", t("key.author")),
        Binding("f9", "delete", t("key.delete")),
        Binding("ctrl+z", "restore", t("key.restore"), show=False),
        Binding("ctrl+l", "promote", t("key.promote")),
    ]

    class Changed(Message):
        """Cards of the board changed (panes refresh what they derive from them)."""

    class Promote(Message):
        def __init__(self, card: Card) -> None:
            super().__init__()
            self.card = card

    def __init__(
        self,
        ctx: SessionContext,
        step: Step,
        prompts: Sequence[str],
        *,
        department_field: bool = False,
        promote_label: str | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.step = step
        self.prompts = list(prompts)
        self.department_field = department_field
        self.promote_label = promote_label
        self.cards: list[Card] = []
        self._auto_department = ""
        """The department the board filled in from the chosen speaker (not typed)."""

    def compose(self) -> ComposeResult:
        if len(self.prompts) == 1:
            key = self.prompts[0]
            yield Prose(lit(prompt_label(self.ctx, key), None), id="board-title")
            help_text = self._prompt_help(key)
            if help_text:
                yield Prose(lit(help_text, None), id="board-help")
        yield FlexTable(self._columns(), id="board-table")
        yield Prose(Text(t("board.empty")), id="board-empty")
        with Horizontal(id="capture"):
            yield Select(self._author_options(), prompt=t("board.author"), id="capture-author")
            if len(self.prompts) > 1:
                yield Select(
                    [(fit(prompt_label(self.ctx, k), 14), k) for k in self.prompts],
                    value=self.prompts[0],
                    allow_blank=False,
                    id="capture-prompt",
                )
            if self.department_field:
                from textual.suggester import SuggestFromList

                yield SafeInput(
                    placeholder=t("board.department"),
                    id="capture-dept",
                    suggester=SuggestFromList(self.ctx.department_suggestions()),
                )
            yield SafeInput(placeholder=self._placeholder(), id="capture-text")

    def _prompt_help(self, key: str) -> str:
        step = self.ctx.ref.step_by_key.get(self.step.value)
        prompt = next((p for p in step.prompts if p.key == key), None) if step else None
        return prompt.help if prompt else ""

    def _placeholder(self) -> str:
        step = self.ctx.ref.step_by_key.get(self.step.value)
        prompt = next((p for p in step.prompts if p.key == self.prompts[0]), None) if step else None
        sample = example(prompt.placeholder) if prompt and prompt.placeholder else ""
        return t("board.capture") + (f"（{sample}）" if sample else "")

    def _author_options(self) -> list[tuple[Text, str]]:
        return [(fit(self.ctx.person_label(a), 14), a.id) for a in self.ctx.attendees]

    def _columns(self) -> list[tuple[str, str, int | None]]:
        cols: list[tuple[str, str, int | None]] = [("no", t("board.col_no"), 3)]
        if len(self.prompts) > 1:
            cols.append(("prompt", t("board.col_prompt"), 12))
        cols += [
            ("text", t("board.col_text"), None),
            ("author", t("board.col_author"), 18),
            ("votes", t("board.col_votes"), 3),
        ]
        return cols

    def on_mount(self) -> None:
        self._shown: tuple[list[Card], list[int], list[str]] | None = None
        self.reload()

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.reload()

    # --- data -----------------------------------------------------------------------------
    def _who(self, card: Card) -> str:
        """Speaker and section as the wall shows them: 山田 恵子（高齢福祉課）."""
        author = self.ctx.attendee(card.author_id)
        who = author.name if author else ""
        if card.department and card.department != (author.department if author else None):
            return f"{who}（{card.department}）" if who else card.department
        if author and author.department:
            return f"{who}（{author.department}）"
        return who

    def _values(self, n: int, card: Card) -> list[Any]:
        values: list[Any] = [str(n)]
        if len(self.prompts) > 1:
            values.append(prompt_label(self.ctx, card.prompt))
        return [*values, card.text, self._who(card), str(card.votes) if card.votes else ""]

    def reload(self, select: str | None = None) -> None:
        """Read the board's cards again and keep the cursor on the same card."""
        cards = self.ctx.store.cards(self.ctx.session_id, self.step)
        self.cards = [c for c in cards if c.prompt in self.prompts]
        table = self.query_one(FlexTable)
        current = select or self.selected_id()
        widths = table.layout()
        people = [a.id + a.name + a.department for a in self.ctx.attendees]
        same_people = self._shown is not None and self._shown[2] == people
        if self._shown != (self.cards, widths, people):
            table.clear()
            for n, card in enumerate(self.cards, 1):
                table.add_cells(table.row(self._values(n, card), widths), key=card.id)
            self._shown = (list(self.cards), widths, people)
        self.query_one("#board-empty").display = not self.cards
        if current and any(c.id == current for c in self.cards):
            table.move_cursor(row=table.get_row_index(current))
        if not same_people:
            # Newly arrived attendees can be chosen as authors at once
            author = self.query_one("#capture-author", Select)
            value = author.value
            author.set_options(self._author_options())
            if value is not Select.NULL and self.ctx.attendee(str(value)):
                author.value = value

    def append(self, card: Card) -> None:
        """Show a card just captured without rebuilding the board (the common case)."""
        table = self.query_one(FlexTable)
        widths = table.layout()
        self.cards.append(card)
        table.add_cells(table.row(self._values(len(self.cards), card), widths), key=card.id)
        if self._shown is not None:
            self._shown = (list(self.cards), self._shown[1], self._shown[2])
        self.query_one("#board-empty").display = False
        table.move_cursor(row=len(self.cards) - 1)

    def selected_id(self) -> str | None:
        table = self.query_one(FlexTable)
        if not self.cards or table.cursor_row is None or table.cursor_row >= len(self.cards):
            return None
        return self.cards[table.cursor_row].id

    def selected(self) -> Card | None:
        sid = self.selected_id()
        return next((c for c in self.cards if c.id == sid), None)

    def focus_capture(self) -> None:
        self.query_one("#capture-text", Input).focus()

    # --- capture --------------------------------------------------------------------------
    @on(Input.Submitted, "#capture-text")
    def _capture(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            self.notify(t("board.empty_text"), severity="warning")
            return
        author_value = self.query_one("#capture-author", Select).value
        author = self.ctx.attendee(None if author_value is Select.NULL else str(author_value))
        prompt = self.prompts[0]
        if len(self.prompts) > 1:
            prompt = str(self.query_one("#capture-prompt", Select).value)
        department = author.department if author else ""
        if self.department_field:
            typed = self.query_one("#capture-dept", Input).value.strip()
            department = typed or department
        position = self.ctx.store.next_position(Card, self.ctx.session_id, step=self.step.value)
        try:
            card = Card.model_validate(
                {
                    "session_id": self.ctx.session_id,
                    "step": self.step,
                    "prompt": prompt,
                    "text": text,
                    "author_id": author.id if author else None,
                    "department": department,
                    "position": position,
                }
            )
        except ValidationError as e:
            message = "\n".join(validation_messages(e.errors()))
            self.notify(message, severity="error", markup=False)
            return
        card = self.ctx.save(self.ctx.store.add, card)
        if card is not None:
            event.input.value = ""
            self.append(card)
            self.post_message(self.Changed())

    @on(Select.Changed, "#capture-author")
    def _author_chosen(self, event: Select.Changed) -> None:
        """The section follows the speaker: a department the board filled in from the
        previous speaker is replaced; one the facilitator typed is theirs and stays."""
        if not self.department_field:
            return
        a = None if event.value is Select.NULL else self.ctx.attendee(str(event.value))
        dept = self.query_one("#capture-dept", Input)
        if dept.value.strip() and dept.value != self._auto_department:
            return  # set explicitly by the facilitator
        self._auto_department = a.department if a else ""
        dept.value = self._auto_department

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # --- actions --------------------------------------------------------------------------
    def action_author(self) -> None:
        items = [(self.ctx.person_label(a), a.id) for a in self.ctx.attendees]
        if not items:
            self.notify(t("board.no_attendees"), severity="warning")
            return
        select = self.query_one("#capture-author", Select)

        def chosen(value: Any) -> None:
            if value is not None:
                select.value = value
            self.focus_capture()

        current = None if select.value is Select.NULL else select.value
        self.app.push_screen(PickDialog(t("board.pick_author"), items, current), chosen)

    def action_edit(self) -> None:
        card = self.selected()
        if card is None:
            return
        prompts = self.prompts if len(self.prompts) > 1 else [card.prompt or self.prompts[0]]
        fields = [
            FieldSpec("text", t("field.text"), "text"),
            FieldSpec(
                "author_id",
                t("board.author"),
                "select",
                options=[(self.ctx.person_label(a), a.id) for a in self.ctx.attendees],
            ),
            FieldSpec(
                "department", t("field.department"), suggestions=self.ctx.department_suggestions()
            ),
            FieldSpec(
                "prompt",
                t("board.col_prompt"),
                "select",
                options=[(prompt_label(self.ctx, k), k) for k in prompts],
                allow_blank=False,
            ),
            FieldSpec("tags", t("board.tags"), "list", help=t("board.tags_help")),
            FieldSpec("votes", t("field.votes"), "int"),
            FieldSpec("private", t("field.private"), "bool", help=t("field.private_help")),
        ]
        values = card.model_dump()

        def submit(result: dict[str, Any]) -> Card | None:
            if result.get("votes") is None:
                result["votes"] = 0
            result["department"] = self._department_after_edit(card, result)
            return self.ctx.save(self.ctx.store.update, card, **result)

        self.app.push_screen(
            FormDialog(
                t("board.edit_title"),
                fields,
                values,
                model_validator(Card, card.model_dump()),
                submit=submit,
            ),
            self._saved(card.id),
        )

    def _department_after_edit(self, card: Card, result: dict[str, Any]) -> str:
        """A new speaker brings their section, unless the section was set by hand (it
        differs from the old speaker's, or was changed in this edit)."""
        typed = result.get("department") or ""
        if result.get("author_id") == card.author_id or typed != card.department:
            return typed
        old = self.ctx.attendee(card.author_id)
        if card.department and card.department != (old.department if old else ""):
            return typed
        new = self.ctx.attendee(result.get("author_id"))
        return new.department if new else typed

    def _saved(self, card_id: str) -> Callable[[Any], None]:
        """After a dialog saved a card: show it (nothing to do when it was cancelled)."""

        def done(saved: Any) -> None:
            if saved is not None:
                self.reload(select=card_id)
                self.post_message(self.Changed())

        return done

    def action_vote(self) -> None:
        card = self.selected()
        if card is None:
            return

        def submit(result: dict[str, Any]) -> Card | None:
            return self.ctx.save(self.ctx.store.update, card, votes=result.get("votes") or 0)

        spec = FieldSpec("votes", t("field.votes"), "int", help=t("board.votes_help"))
        self.app.push_screen(
            FormDialog(
                t("board.vote_title"),
                [spec],
                {"votes": card.votes},
                model_validator(Card, card.model_dump()),
                submit=submit,
            ),
            self._saved(card.id),
        )

    def action_move(self) -> None:
        card = self.selected()
        if card is None:
            return
        items = [(lbl, key) for key, lbl, _ in all_prompts(self.ctx) if key != card.prompt]
        steps = {key: step for key, _, step in all_prompts(self.ctx)}

        def done(key: Any) -> None:
            if key is None:
                return
            moved = self.ctx.save(self.ctx.store.update, card, prompt=key, step=steps[key])
            if moved is not None:
                self.notify(t("board.moved", where=label("step", steps[key])), markup=False)
                self.reload()
                self.post_message(self.Changed())

        self.app.push_screen(PickDialog(t("board.move_title"), items), done)

    def action_delete(self) -> None:
        card = self.selected()
        if card is None:
            return
        if self.ctx.save(self.ctx.store.update, card, deleted=True) is not None:
            self.notify(t("board.deleted"), timeout=4)
            self.reload()
            self.post_message(self.Changed())

    def action_restore(self) -> None:
        deleted = [
            c
            for c in self.ctx.store.cards(self.ctx.session_id, self.step, include_deleted=True)
            if c.deleted and c.prompt in self.prompts
        ]
        if not deleted:
            self.notify(t("board.nothing_to_restore"))
            return
        last = max(deleted, key=lambda c: c.updated_at)
        if self.ctx.save(self.ctx.store.update, last, deleted=False) is not None:
            self.notify(t("board.restored"), timeout=4)
            self.reload(select=last.id)
            self.post_message(self.Changed())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "promote":
            return bool(self.promote_label)
        return True

    def action_promote(self) -> None:
        card = self.selected()
        if card is not None:
            self.post_message(self.Promote(card))
