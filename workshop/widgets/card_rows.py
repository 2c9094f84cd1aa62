"""A card as a row of a board on the wall: the board's columns, and the cells of each card
(number, question, text, speaker with section, votes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from workshop.domain.records import Attendee, Card
from workshop.i18n import t
from workshop.widgets.card_capture import prompt_label

if TYPE_CHECKING:
    from workshop.context import SessionContext

__all__ = ["CardRows"]

Column = tuple[str, str, int | None]


class CardRows:
    """The rows of one board's cards. A fill of thousands of cards has a few dozen
    speakers and a handful of questions: each one's cell is made once per fill."""

    def __init__(self, ctx: SessionContext, prompts: Sequence[str]) -> None:
        self.ctx = ctx
        self.prompts = list(prompts)
        self._labels: dict[str, str] | None = None

    def columns(self) -> list[Column]:
        cols: list[Column] = [("no", t("board.col_no"), 3)]
        if len(self.prompts) > 1:
            cols.append(("prompt", t("board.col_prompt"), 12))
        cols += [
            ("text", t("board.col_text"), None),
            ("author", t("board.col_author"), 18),
            ("votes", t("board.col_votes"), 3),
        ]
        return cols

    def who(self, card: Card, people: dict[str, Attendee] | None = None) -> str:
        """Speaker and section as the wall shows them: 山田 恵子（高齢福祉課）."""
        if people is None:
            author = self.ctx.attendee(card.author_id)
        else:
            author = people.get(card.author_id) if card.author_id else None
        who = author.name if author else ""
        if card.department and card.department != (author.department if author else None):
            return f"{who}（{card.department}）" if who else card.department
        if author and author.department:
            return f"{who}（{author.department}）"
        return who

    def cells(
        self,
        n: int,
        card: Card,
        people: dict[str, Attendee],
        seen: dict[tuple[str | None, str | None], str],
    ) -> list[Any]:
        """A card's cells as the wall shows them. `seen` remembers the speaker cells of a
        fill."""
        values: list[Any] = [str(n)]
        if len(self.prompts) > 1:
            labels = self._prompt_labels()
            prompt = card.prompt
            values.append(labels[prompt] if prompt in labels else prompt_label(self.ctx, prompt))
        # 非公開 shows on the card itself, as on a decision: left out of the public minutes
        text = (t("field.private_mark") if card.private else "") + card.text
        key = (card.author_id, card.department)
        who = seen.get(key)
        if who is None:
            who = seen[key] = self.who(card, people)
        return [*values, text, who, str(card.votes) if card.votes else ""]

    def _prompt_labels(self) -> dict[str, str]:
        """The board's questions as shown in its prompt column (read once)."""
        if self._labels is None:
            self._labels = {key: prompt_label(self.ctx, key) for key in self.prompts}
        return self._labels
