"""The capture line under a card board: a card is one line typed and Enter, attributed
to the person or section chosen from the keyboard; a paste of several lines becomes
several cards (asked first past a few)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Select

from workshop.domain.enums import Step
from workshop.domain.records import Card
from workshop.i18n import example, label, t, validation_messages
from workshop.widgets.dialogs import PickDialog
from workshop.widgets.line_draft import LineDraft
from workshop.widgets.literal import fit
from workshop.widgets.safe_input import SafeInput, fill

if TYPE_CHECKING:
    from workshop.context import SessionContext

PASTE_WITHOUT_ASKING = 5
"""A paste of up to this many lines becomes cards at once; more lines are asked about."""


def prompt_label(ctx: SessionContext, key: str) -> str:
    """The question a card answers, as shown on the wall."""
    if key.startswith("strengths."):
        return label("heading", key)
    step = ctx.ref.step_by_key.get(key.split(".")[0])
    prompt = next((p for p in step.prompts if p.key == key), None) if step else None
    return prompt.text if prompt else key


class CardCapture(Vertical):
    """What a card board captures with: the speaker, the prompt (when the board has
    several), the section and the line typed. `CardBoard` adds the cards' table."""

    Changed: type[Message]
    """Posted when cards were added (`CardBoard.Changed`)."""

    def __init__(
        self,
        ctx: SessionContext,
        step: Step,
        prompts: Sequence[str],
        *,
        department_field: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.step = step
        self.prompts = list(prompts)
        self.department_field = department_field
        self._auto_department = ""
        """The department the board filled in from the chosen speaker (not typed)."""
        self._typed_department_used = False
        """The section the facilitator typed has gone on a card: the next speaker chosen
        brings their own (it stayed, and every later speaker's cards got it)."""
        self._options_people: list[str] = []
        """The attendees the speakers' list was last filled with."""
        self._draft = LineDraft(
            self,
            ctx,
            self.draft_place,
            lambda: self.query_one("#capture-text", SafeInput),
            self._typed_with,
        )
        """The line typed and not entered yet, kept in the database with its speaker,
        prompt and section."""

    def append(self, card: Card) -> None:
        """Show a card just captured (the board's table)."""
        raise NotImplementedError

    def compose_capture(self) -> ComposeResult:
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
            yield SafeInput(
                placeholder=self._placeholder(),
                id="capture-text",
                clear_on_submit=True,
                split_paste=True,
            )

    def _placeholder(self) -> str:
        step = self.ctx.ref.step_by_key.get(self.step.value)
        prompt = next((p for p in step.prompts if p.key == self.prompts[0]), None) if step else None
        sample = example(prompt.placeholder) if prompt and prompt.placeholder else ""
        return t("board.capture") + (f"（{sample}）" if sample else "")

    def _people(self) -> list[str]:
        """What the speakers' list shows of the attendees (to see when it is stale)."""
        return [a.id + a.name + a.department for a in self.ctx.attendees]

    def _author_options(self) -> list[tuple[Text, str]]:
        self._options_people = self._people()
        return [(fit(self.ctx.person_label(a), 14), a.id) for a in self.ctx.attendees]

    def focus_capture(self) -> None:
        self.query_one("#capture-text", Input).focus()

    # --- the line typed and not entered yet ------------------------------------------------
    @property
    def draft_place(self) -> str:
        """Which line of the session this is, for `SessionContext.keep_draft`."""
        return f"{self.step.value}:{'+'.join(self.prompts)}"

    def on_mount(self) -> None:
        """The line typed and not entered when the session was last open is back (before
        anything typed while the board was being built), with the speaker, prompt and
        section it was typed with: Enter files it as it would have been then."""
        context = self._draft.restore()
        if context is None:
            return
        speaker = self._choose_again(context)
        if speaker is None:
            self.notify(t("board.draft_restored"), timeout=6, markup=False)
        else:
            self.notify(t("board.draft_restored_by", who=speaker), timeout=6, markup=False)

    def _typed_with(self) -> dict[str, str]:
        """What the line is typed with now, kept beside it (`LineDraft`): the speaker,
        the prompt of a board of several, and a section the facilitator typed (one
        filled in from the speaker follows the speaker again)."""
        author = self.query_one("#capture-author", Select).value
        typed: dict[str, str] = {"author_id": "" if author is Select.NULL else str(author)}
        if len(self.prompts) > 1:
            typed["prompt"] = str(self.query_one("#capture-prompt", Select).value)
        if self.department_field:
            department = self.query_one("#capture-dept", Input).value
            if department != self._auto_department:
                typed["department"] = department
        return typed

    def _choose_again(self, context: dict[str, str]) -> str | None:
        """Choose again what a line brought back was typed with; the speaker's label,
        or None without one. A speaker removed since, or a prompt the board no longer
        has, is left unchosen rather than guessed."""
        if len(self.prompts) > 1 and context.get("prompt") in self.prompts:
            self.query_one("#capture-prompt", Select).value = context["prompt"]
        if self.department_field and context.get("department"):
            fill(self.query_one("#capture-dept", Input), context["department"])
        author = self.ctx.attendee(context.get("author_id") or None)
        if author is None:
            return None
        self.query_one("#capture-author", Select).value = author.id
        if self.department_field and not context.get("department"):
            self._auto_department = author.department
            fill(self.query_one("#capture-dept", Input), author.department)
        return self.ctx.person_label(author)

    @on(Input.Changed, "#capture-text")
    @on(Input.Changed, "#capture-dept")
    @on(Select.Changed, "#capture-prompt")
    def _line_changed(self) -> None:
        self._draft.changed()

    @on(Input.Changed, "#capture-dept")
    def _department_typed(self, event: Input.Changed) -> None:
        if event.value != self._auto_department:
            self._typed_department_used = False  # typed (again): for the cards to come

    def keep_draft(self) -> None:
        """Keep what the line holds now, unless it is kept already (the step is left, the
        app quits, or the line rested for `line_draft.DRAFT_PAUSE_S`)."""
        self._draft.keep()

    # --- capture --------------------------------------------------------------------------
    @on(Input.Submitted, "#capture-text")
    def _capture(self, event: Input.Submitted) -> None:
        """One card from the submitted line. The line was emptied as Enter was handled
        (keys typed behind it already belong to the next card); the text is taken from
        the event and given back to the line when it cannot be stored."""
        event.stop()
        text = event.value
        if not text.strip():
            self.notify(t("board.empty_text"), severity="warning")
            return
        self._add_cards([text], lambda: self._give_back(text))

    @on(SafeInput.PastedLines, "#capture-text")
    def _pasted_lines(self, event: SafeInput.PastedLines) -> None:
        """A paste of several lines: one card per line; past a few lines, ask first
        (one card per line, all in one card, or cancel)."""
        event.stop()
        lines = [line.strip() for line in event.lines if line.strip()]
        if len(lines) <= 1:
            event.input.value = lines[0] if lines else event.input.value
            return
        whole = "\n".join(lines)
        capture = event.input

        def chosen(choice: Any) -> None:
            if choice is None:
                self.focus_capture()
                return
            capture.value = ""

            def give_back() -> None:
                # the pasted lines (and what the line held) in the line, on one line
                self._give_back(" ".join(lines))

            self._add_cards(lines if choice == "lines" else [whole], give_back)
            self.focus_capture()

        if len(lines) <= PASTE_WITHOUT_ASKING:
            chosen("lines")
            return
        n = len(lines)
        self.ctx.app.ask_unprompted(
            PickDialog(
                t("board.paste_title", n=n),
                [
                    (t("board.paste_lines", n=n), "lines"),
                    (t("board.paste_one"), "one"),
                    (t("board.paste_cancel"), None),
                ],
                "lines",
            ),
            chosen,
        )

    def _give_back(self, text: str) -> None:
        capture = self.query_one("#capture-text", SafeInput)
        capture.give_back(text)

    def _add_cards(self, texts: Sequence[str], give_back: Callable[[], None]) -> bool:
        """Store one card per text, all or none, with the chosen speaker and prompt.
        When they cannot be stored, `give_back` puts the texts back in the line; when the
        record is final, that waits for the question to reopen it as 案: reopened, the
        cards are stored then, and the keys typed meanwhile go on to the next card."""
        author_value = self.query_one("#capture-author", Select).value
        author = self.ctx.attendee(None if author_value is Select.NULL else str(author_value))
        prompt = self.prompts[0]
        if len(self.prompts) > 1:
            prompt = str(self.query_one("#capture-prompt", Select).value)
        department = author.department if author else ""
        if self.department_field:
            typed = self.query_one("#capture-dept", Input).value.strip()
            department = typed or department
        store = self.ctx.store
        try:
            cards = [
                Card.model_validate(
                    {
                        "session_id": self.ctx.session_id,
                        "step": self.step,
                        "prompt": prompt,
                        "text": text,
                        "author_id": author.id if author else None,
                        "department": department,
                    }
                )
                for text in texts
            ]
        except ValidationError as e:
            message = "\n".join(validation_messages(e.errors()))
            self.notify(message, severity="error", markup=False)
            give_back()
            return False

        line = self.query_one("#capture-text", SafeInput)

        def add_all() -> list[Card]:
            with store.write():
                first = store.next_position(Card, self.ctx.session_id, step=self.step.value)
                added = [
                    store.add(card.model_copy(update={"position": first + n}))
                    for n, card in enumerate(cards)
                ]
                # the line now holds what was typed after them: kept with the cards, so
                # that a crash never brings back the text of a card already stored
                self._draft.keep_with(line.value)
                return added

        added = self.ctx.save(add_all)
        if added is None:
            if self.ctx.asking_reopen:
                self.ctx.ask_reopen(
                    lambda: self._add_cards(texts, give_back), give_back, "recorded"
                )
            else:
                give_back()
            return False
        self._draft.written(line.value)  # as `add_all` kept it
        if self.department_field and department != (author.department if author else ""):
            self._typed_department_used = True
        for card in added:
            self.append(card)
        if len(added) > 1:
            self.notify(t("board.pasted", n=len(added)), timeout=4)
        self.post_message(self.Changed())
        return True

    @on(Select.Changed, "#capture-author")
    def _author_chosen(self, event: Select.Changed) -> None:
        """The section follows the speaker: a department the board filled in from the
        previous speaker is replaced; one the facilitator typed stays until a card has
        taken it (typed, then the speaker chosen: the speaker's card gets it)."""
        self._draft.changed()
        if not self.department_field:
            return
        a = None if event.value is Select.NULL else self.ctx.attendee(str(event.value))
        dept = self.query_one("#capture-dept", Input)
        typed = dept.value.strip() and dept.value != self._auto_department
        if typed and not self._typed_department_used:
            return  # set explicitly by the facilitator, for this speaker
        self._auto_department = a.department if a else ""
        self._typed_department_used = False
        fill(dept, self._auto_department)

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
