"""A card board: the cards of one or more prompts as a table on the wall, over the line
that captures them (`card_capture`). Cards can be edited, moved to another prompt,
deleted and restored, and given dot votes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Select
from textual.widgets._data_table import RowKey

from workshop.domain.enums import Step
from workshop.domain.records import Attendee, Card
from workshop.i18n import label, t
from workshop.widgets.card_capture import PASTE_WITHOUT_ASKING, CardCapture, prompt_label
from workshop.widgets.card_dialogs import all_prompts, edit_dialog, vote_dialog
from workshop.widgets.card_rows import CardRows
from workshop.widgets.dialogs import PickDialog
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.literal import lit
from workshop.widgets.prose import Prose

if TYPE_CHECKING:
    from workshop.context import SessionContext

__all__ = ["PASTE_WITHOUT_ASKING", "CardBoard", "all_prompts", "prompt_label"]

FIRST_ROWS = 100
"""Rows a board has from its first frame (more than two screens of cards). A board of
more cards reads and adds the rest only when they are needed (`FlexTable.rows_pending`):
the view scrolled near them, a key to the end or past the last row, a card to select
among them, a card added."""
NEIGHBOURS = 50
"""Rows filled past the card to select (or the row at the top of the view), so that its
screen is whole."""


def _number_width(count: int) -> int:
    """Cells of the number column of a board of `count` cards."""
    return max(3, len(str(count)))


class CardBoard(CardCapture):
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
        Binding("ctrl+o", "edit", t("key.edit"), id="card_board.edit"),
        Binding("ctrl+b", "vote", t("key.vote"), id="card_board.vote"),
        Binding("ctrl+g", "move", t("key.move"), show=False, id="card_board.move"),
        Binding("ctrl+r", "author", t("key.author"), id="card_board.author"),
        Binding("f9", "delete", t("key.delete"), id="card_board.delete"),
        Binding("ctrl+z", "restore", t("key.restore"), show=False, id="card_board.restore"),
        Binding("ctrl+l", "promote", t("key.promote"), id="card_board.promote"),
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
        super().__init__(ctx, step, prompts, department_field=department_field, **kw)
        self.promote_label = promote_label
        self.cards: list[Card] = []
        self._shown: tuple[list[Card], list[int], list[str]] | None = None
        """The cards, column widths and attendees the table was last filled with."""
        self._filled = 0
        """Rows of `cards` the table has (the rest are added when they are needed)."""
        self._count = 0
        """Cards on the board, read or not (`cards` may hold only the first screens)."""
        self._by_id: dict[str, Attendee] = {}
        self.card_rows = CardRows(ctx, prompts)
        self._partial = False
        """`cards` holds only the first rows (read for the board's first frame): the rest
        are read before the next rows are added (`_every_row`)."""

    def compose(self) -> ComposeResult:
        if len(self.prompts) == 1:
            key = self.prompts[0]
            yield Prose(lit(prompt_label(self.ctx, key), None), id="board-title")
            help_text = self._prompt_help(key)
            if help_text:
                yield Prose(lit(help_text, None), id="board-help")
        yield FlexTable(self.card_rows.columns(), id="board-table")
        yield Prose(Text(t("board.empty")), id="board-empty")
        yield from self.compose_capture()

    def _prompt_help(self, key: str) -> str:
        step = self.ctx.ref.step_by_key.get(self.step.value)
        prompt = next((p for p in step.prompts if p.key == key), None) if step else None
        return prompt.help if prompt else ""

    def on_mount(self) -> None:
        table = self.query_one(FlexTable)
        table.rows_pending = self._every_row
        table.guess_width()  # a step's first visit: filled before its first frame
        if table.sized:
            self.reload()
        # else (no guess: a sibling's width depends on the layout): filled once, when the
        # table knows its width (FlexTable.Resized). A wrong guess is filled again then.

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the board's cards again and keep the cursor on the same card.

        A large board has rows for its first screens, for the card to select and for the
        view (each with a screen of neighbours); the rest are added when they are needed
        (`_every_row`, called by the table before the view or the cursor reaches them),
        so a step of thousands of cards is shown as fast as one of a hundred, and the
        cards nobody scrolls to are never read. On the first visit only the first
        screens are read (and how many cards there are)."""
        table = self.query_one(FlexTable)
        # the card under the cursor, asked before the cards are read again (asked after,
        # a deleted last card left none, and the cursor jumped to the first card)
        current = select or self.selected_id()
        first = None
        if self._shown is None and select is None:
            # the first fill: only the first screens are read before the first frame
            first = self.ctx.first_cards(self.step, self.prompts, FIRST_ROWS)
        if first is not None:
            self.cards, count = first
            self._partial = count > len(self.cards)
        else:
            self.cards = self._all_cards()
            self._partial = False
            count = len(self.cards)
        self._count = count
        # the card at the top of the wall stays there (a vote, an edit, a deletion read
        # the board again, and the cursor's card ended at the bottom of the view)
        top = table.view_top() if table.row_count else None
        # (where they were: a card deleted or moved away leaves its place to the next)
        was_at = table.cursor_row if table.row_count else None
        top_was_at = table.get_row_index(top[0]) if top is not None else None
        self._number_column(count)
        widths = table.layout()
        people = self._people()
        shown = self._shown
        if not (
            shown is not None
            and shown[1:] == (widths, people)
            and self.cards[: len(shown[0])] == shown[0]
        ):
            # (rows kept only where they show the same cards: the first screens read for
            # the first frame stay when the rest of the board has been read)
            table.clear()  # (which draws the table again)
            self._filled = 0
            self._by_id = {a.id: a for a in self.ctx.attendees}
        self._shown = (list(self.cards), widths, people)
        index = top_index = None
        if (current is not None or top is not None) and self.cards:
            at = {c.id: i for i, c in enumerate(self.cards)}
            last = len(self.cards) - 1
            index = at.get(current) if current is not None else None
            if index is None and current is not None and was_at is not None:
                index = min(was_at, last)  # the card after the one gone
            top_index = at.get(top[0].value) if top is not None else None
            if top_index is None and top_was_at is not None:
                top_index = min(top_was_at, last)
                top = (RowKey(self.cards[top_index].id), 0)
        # the first screens, the selected card and the view, each with its neighbours
        self._fill_to(max(FIRST_ROWS, (index or 0) + NEIGHBOURS, (top_index or 0) + NEIGHBOURS))
        self.query_one("#board-empty").display = not self.cards
        if index is not None:
            # (rows kept as they were need no drawing: drawing the whole table again
            # took a frame of 30 ms on a large board)
            table.keep_view_top(top, redraw=False)
            table.move_cursor(row=index)
        if self._options_people != people:
            # Newly arrived attendees can be chosen as authors at once
            author = self.query_one("#capture-author", Select)
            value = author.value
            author.set_options(self._author_options())
            if value is not Select.NULL and self.ctx.attendee(str(value)):
                author.value = value

    @property
    def waiting(self) -> bool:
        """Cards of the board have no row yet (they are added when they are needed)."""
        return self._partial or self._filled < len(self.cards)

    def _read_all(self) -> None:
        """The board holds only its first screens: read all its cards. The rows shown
        stay as they are, and the view and the cursor where they are (the view is being
        scrolled); only if the first cards changed meanwhile is the board filled again."""
        if not self._partial or self._shown is None:
            return
        cards = self._all_cards()
        shown = self._shown
        same_first = cards[: len(shown[0])] == shown[0]
        if not same_first or _number_width(len(cards)) != _number_width(self._count):
            self.reload()  # (another window changed them: read and shown again)
            return
        self.cards, self._count, self._partial = cards, len(cards), False
        self._shown = (list(cards), shown[1], shown[2])

    def _all_cards(self) -> list[Card]:
        """Every card of the board's prompts, in board order."""
        return [c for c in self.ctx.cards(self.step) if c.prompt in self.prompts]

    def _every_row(self) -> None:
        """Every card's row, at once (the view or the cursor comes near the rows not
        added yet: the rest of the board is read and added in one go, tens of ms for
        thousands of cards)."""
        self._read_all()
        self._fill_to(len(self.cards))

    def _fill_to(self, end: int) -> None:
        """Add the rows of the cards up to `end` that the table does not have yet; the
        table keeps room for the rest (its scroll bar is that of the whole board)."""
        if self._shown is None:
            return
        table = self.query_one(FlexTable)
        widths = self._shown[1]
        end = min(end, len(self.cards))
        cards, people, values = self.cards, self._by_id, self.card_rows.cells
        seen: dict[tuple[str | None, str | None], str] = {}
        # a large board makes the cells (measured, broken into lines) of the rows it draws
        table.add_rows_of_values(
            (
                (values(n + 1, cards[n], people, seen), cards[n].id)
                for n in range(self._filled, end)
            ),
            widths,
        )
        self._filled = max(self._filled, end)
        table.wait_for_rows(max(0, self._count - self._filled))

    def _number_column(self, count: int) -> None:
        """The number column is as wide as the largest number (1,000 cards and more)."""
        table = self.query_one(FlexTable)
        key, header, _ = table.spec[0]
        table.spec[0] = (key, header, _number_width(count))

    def append(self, card: Card) -> None:
        """Show a card just captured without rebuilding the board (the common case)."""
        table = self.query_one(FlexTable)
        if self._partial:
            self.reload(select=card.id)  # the whole board is read (the new card with it)
            return
        self._number_column(len(self.cards) + 1)
        if self._shown is None or table.widths() != self._shown[1]:
            self.reload(select=card.id)  # new widths: every row is cut again
            return
        # a board with rows still to come gets them first: the new card goes after them,
        # once, and the cursor can reach it
        self._fill_to(len(self.cards))
        self.cards.append(card)
        self._count = len(self.cards)
        self._shown = (list(self.cards), self._shown[1], self._shown[2])
        self._fill_to(len(self.cards))
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

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # --- actions --------------------------------------------------------------------------
    def action_edit(self) -> None:
        card = self.selected()
        if card is not None:
            prompts = self.prompts if len(self.prompts) > 1 else [card.prompt or self.prompts[0]]
            self.app.push_screen(edit_dialog(self.ctx, card, prompts), self._saved(card.id))

    def _saved(self, card_id: str) -> Callable[[Any], None]:
        """After a dialog saved a card: show it (nothing to do when it was cancelled)."""

        def done(saved: Any) -> None:
            if saved is not None:
                self.reload(select=card_id)
                self.post_message(self.Changed())

        return done

    def action_vote(self) -> None:
        card = self.selected()
        if card is not None:
            self.app.push_screen(vote_dialog(self.ctx, card), self._saved(card.id))

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
