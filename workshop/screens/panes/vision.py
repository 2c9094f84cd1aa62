"""① 対話による理念・目的の共有: three dialogue questions, then the agreed vision,
up to three principles and the goals, written from the cards."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import TabPane

from workshop.domain.enums import StatementKind, Step
from workshop.domain.records import MAX_PRINCIPLES, Card, Statement
from workshop.i18n import label, t
from workshop.screens.panes.base import StepPane
from workshop.widgets.card_board import CardBoard, prompt_label
from workshop.widgets.dialogs import PickDialog
from workshop.widgets.forms import FieldSpec
from workshop.widgets.merits import MeritPicker
from workshop.widgets.record_table import Column, RecordTable
from workshop.widgets.step_tabs import StepTabs


def compose_vision(current: str, addition: str) -> str:
    """The vision written from several cards: the new card's words join the sentence
    already agreed (each part ends in 。 so the minutes read as one statement)."""
    parts = [p.strip() for p in (current, addition) if p.strip()]
    return "".join(p if p.endswith(("。", ".", "！", "？")) else p + "。" for p in parts)


KIND_ORDER = {StatementKind.VISION: 0, StatementKind.PRINCIPLE: 1, StatementKind.GOAL: 2}


class VisionPane(StepPane):
    step = Step.VISION

    def compose(self) -> ComposeResult:
        prompts = [p.key for p in self.ctx.ref.step_by_key["vision"].prompts]
        with StepTabs(id="vision-tabs"):
            for n, key in enumerate(prompts, 1):
                with TabPane(t("vision.tab_prompt", n=n), id=f"tab-q{n}"):
                    yield CardBoard(self.ctx, Step.VISION, [key], promote_label=t("vision.promote"))
            with TabPane(t("knowledge.merits.tab"), id="tab-merits"):
                yield MeritPicker(self.ctx, id="merits")
            with TabPane(t("vision.tab_statements"), id="tab-statements"):
                yield RecordTable(
                    self.ctx,
                    Statement,
                    title=t("vision.statements_title"),
                    help=t("vision.statements_help"),
                    columns=[
                        Column(t("vision.col_kind"), lambda s: label("statement", s.kind), 10),
                        Column(t("field.text"), lambda s: s.text),
                        Column(t("vision.col_source"), self._source, 24),
                    ],
                    fields=self._fields,
                    load=self._load,
                    new=self._new,
                    empty=t("vision.no_statements"),
                    check=self._limits,
                    id="statements",
                )

    def _load(self) -> list[Statement]:
        items = self.ctx.store.statements(self.ctx.session_id)
        return sorted(items, key=lambda s: (KIND_ORDER[s.kind], s.position, s.created_at))

    def _new(self, values: dict[str, Any]) -> dict[str, Any]:
        kind = values.get("kind", StatementKind.PRINCIPLE)
        return {
            "session_id": self.ctx.session_id,
            "kind": kind,
            "position": self.ctx.store.next_position(Statement, self.ctx.session_id),
            **values,
        }

    def _fields(self, s: Statement | None) -> list[FieldSpec]:
        return [
            FieldSpec(
                "kind",
                t("vision.col_kind"),
                "select",
                options=[(label("statement", k), k) for k in StatementKind],
                allow_blank=False,
            ),
            FieldSpec("text", t("field.text"), "text"),
        ]

    def _source(self, s: Statement) -> str:
        if not s.source_card_id:
            return ""
        card = self.ctx.store.get(Card, s.source_card_id)
        return prompt_label(self.ctx, card.prompt)[:20] if card else ""

    def _count(self, kind: StatementKind) -> int:
        return sum(1 for s in self.ctx.store.statements(self.ctx.session_id) if s.kind == kind)

    @on(CardBoard.Promote)
    def _promote(self, event: CardBoard.Promote) -> None:
        card = event.card
        items = [(label("statement", k), k) for k in StatementKind]

        def chosen(kind: Any) -> None:
            if kind is None:
                return
            kind = StatementKind(kind)
            vision = self._vision()
            if kind is StatementKind.VISION and vision is not None:
                self._ask_taken(card, vision)
                return
            self._add(card, kind)

        self.app.push_screen(PickDialog(t("vision.promote_title"), items), chosen)

    def _vision(self) -> Statement | None:
        return next(
            (
                s
                for s in self.ctx.store.statements(self.ctx.session_id)
                if s.kind is StatementKind.VISION
            ),
            None,
        )

    def _ask_taken(self, card: Card, vision: Statement) -> None:
        """The vision slot is taken: the facilitator says what the card does to it."""
        items = [
            (t("vision.taken_compose"), "compose"),
            (t("vision.taken_replace"), "replace"),
            (t("vision.taken_principle"), "principle"),
            (t("vision.taken_cancel"), "cancel"),
        ]

        def chosen(what: Any) -> None:
            if what == "replace":
                done = self.ctx.save(
                    self.ctx.store.update, vision, text=card.text, source_card_id=card.id
                )
                self._after(done, t("vision.replaced"))
            elif what == "compose":
                text = compose_vision(vision.text, card.text)
                done = self.ctx.save(self.ctx.store.update, vision, text=text)
                self._after(done, t("vision.composed"))
            elif what == "principle":
                self._add(card, StatementKind.PRINCIPLE)
            else:
                self.notify(t("vision.not_adopted"))

        title = t("vision.taken_title", current=vision.text)
        self.app.push_screen(PickDialog(title, items), chosen)

    def _add(self, card: Card, kind: StatementKind) -> None:
        if kind is StatementKind.PRINCIPLE and self._count(kind) >= MAX_PRINCIPLES:
            self.notify(t("vision.too_many_principles", n=MAX_PRINCIPLES), severity="warning")
            return
        done = self.ctx.save(
            self.ctx.store.add,
            Statement(
                session_id=self.ctx.session_id,
                kind=kind,
                text=card.text,
                source_card_id=card.id,
                position=self.ctx.store.next_position(Statement, self.ctx.session_id),
            ),
        )
        self._after(done, t("vision.promoted", kind=label("statement", kind)))

    def _after(self, done: Any, message: str) -> None:
        if done is not None:
            self.query_one("#statements", RecordTable).reload()
            self.notify(message, markup=False)

    def _limits(self, values: dict[str, Any], current: Statement | None) -> dict[str, str]:
        """One vision and at most three principles (the kind may change on edit)."""
        kind = StatementKind(values.get("kind") or StatementKind.PRINCIPLE)
        if current is not None and current.kind == kind:
            return {}
        if kind is StatementKind.PRINCIPLE and self._count(kind) >= MAX_PRINCIPLES:
            return {"kind": t("vision.too_many_principles", n=MAX_PRINCIPLES)}
        if kind is StatementKind.VISION and self._count(kind) >= 1:
            return {"kind": t("vision.one_vision")}
        return {}
