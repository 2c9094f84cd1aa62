"""② 相互の強みの理解と補完: each department's profile as cards, the matrix of them,
overlaps and complement pairs found in them, and the roles people take."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from workshop.domain.enums import Role, Step
from workshop.domain.records import PROFILE_HEADINGS, Attendee, Card, Decision
from workshop.domain.reference import Theme
from workshop.domain.rules import (
    Complement,
    ComplementRanking,
    Overlap,
    department_profiles,
    find_overlaps,
    rank_complements,
)
from workshop.domain.text_wrap import clip_lines
from workshop.i18n import label, t
from workshop.screens.panes.base import StepPane
from workshop.widgets.card_board import CardBoard
from workshop.widgets.entry_patterns import EntryPatterns
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.forms import FieldSpec
from workshop.widgets.literal import lines, one_line
from workshop.widgets.prose import Prose
from workshop.widgets.record_table import Column, RecordTable
from workshop.widgets.step_tabs import StepTabs


def strength_cards(ctx) -> list[Card]:
    """The step's cards, read again only once the database changed (the board, the matrix
    and the findings show the same cards; a tab shown again reads nothing)."""
    return ctx.cards(Step.STRENGTHS)


class Matrix(Vertical):
    """Departments × the six headings, read at a glance on the wall."""

    DEFAULT_CSS = """
    Matrix { height: 1fr; }
    Matrix > #mx-help { color: $text-muted; padding: 0 1; height: auto; }
    Matrix > DataTable { height: 1fr; }
    """

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self._shown: list[Card] | None = None

    CARD_LINES = 4
    """Lines one card takes in a cell at most (the whole text is on the cards tab)."""

    def compose(self) -> ComposeResult:
        yield Prose(Text(t("strengths.matrix_help")), id="mx-help")
        spec = [("dept", t("field.department"), 12)]
        spec += [(h, label("heading", h), None) for h in PROFILE_HEADINGS]
        yield FlexTable(spec, least=8, cursor_type="cell", id="mx-table")

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        if self.visible():
            self.reload(force=True)

    def visible(self) -> bool:
        """Shown on the wall: the matrix (every card broken into its cell) is built only
        when someone can read it, and once its table knows its width."""
        return self.parent is not None and self.parent.display and self.display

    def cell_text(self, cards: list[Card], width: int) -> Text:
        """Every card of a cell, each broken to the column and marked with ・."""
        out: list[str] = []
        for card in cards:
            out += clip_lines(f"・{card.text}", width, self.CARD_LINES)
        return Text("\n".join(out))

    def reload(self, cards: list[Card] | None = None, force: bool = False) -> None:
        table = self.query_one(FlexTable)
        if not table.sized:
            return  # built once its tab is shown and laid out (FlexTable.Resized)
        if cards is None:
            cards = strength_cards(self.ctx)
        if cards == self._shown and not force:
            return  # coming back to the step: nothing to rebuild
        self._shown = cards
        widths = table.layout()
        table.clear()
        profiles = department_profiles(cards)
        for dept, row in profiles.items():
            name = dept or t("strengths.no_department")
            cells = [Text("\n".join(clip_lines(name, widths[0], 3)))]
            cells += [
                self.cell_text(row[h], w) for h, w in zip(PROFILE_HEADINGS, widths[1:], strict=True)
            ]
            table.add_cells(cells)


SHOWN_PAIRS = 60
"""Complement pairs listed at most: the strongest, which the team can still read
through in a meeting (a large board can yield thousands of weak pairs)."""

Found = tuple[list[Overlap], ComplementRanking]

MATCH_INLINE = 1_000
"""Cards up to which the findings are worked out at once; a larger board (a second or
more of matching) is matched on a thread while the wall says so."""


class Findings(Vertical):
    """Overlaps and complement pairs found in the cards, which the team may accept into
    its decisions (ctrl+l)."""

    DEFAULT_CSS = """
    Findings { height: 1fr; }
    Findings > #fd-help { color: $text-muted; padding: 0 1; height: auto; }
    Findings > DataTable { height: 1fr; overflow-y: scroll; }
    Findings > #fd-empty { color: $text-muted; padding: 0 1; height: auto; }
    Findings > #fd-more { color: $text-muted; padding: 0 1; height: auto; }
    """

    BINDINGS = [Binding("ctrl+l", "accept", t("strengths.accept"), id="findings.accept")]

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.items: list[Overlap | Complement] = []
        self._matching: tuple[list[Card], set[str]] | None = None
        """The cards and accepted findings being matched (on a thread for a large board)."""
        self._found: tuple[list[Card], set[str], Found] | None = None
        """The last findings worked out, with what they were worked out from."""
        self._shown: list[int] | None = None
        """The column widths the table was last filled for."""

    def compose(self) -> ComposeResult:
        yield Prose(Text(t("strengths.findings_help")), id="fd-help")
        yield FlexTable(
            [(key, t(f"strengths.col_{key}"), width) for key, width in self.COLUMNS],
            id="fd-table",
        )
        yield Prose(Text(t("strengths.no_findings")), id="fd-empty")
        yield Prose("", id="fd-more")

    COLUMNS: tuple[tuple[str, int | None], ...] = (("kind", 8), ("finding", None), ("state", 10))

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        if self.visible():
            self.reload()

    def visible(self) -> bool:
        """Shown on the wall: the findings are worked out only when someone can read them."""
        return self.parent is not None and self.parent.display and self.display

    def _accepted(self) -> set[str]:
        """The findings accepted into the decisions (read again after a change)."""
        return self.ctx.current(
            ("accepted", Step.STRENGTHS),
            lambda: {d.origin for d in self.ctx.store.decisions(self.ctx.session_id) if d.origin},
        )

    def describe(self, item: Overlap | Complement, cards: dict[str, Card]) -> str:
        themes = self.ctx.ref.theme_by_key
        if isinstance(item, Overlap):
            return t(
                "strengths.overlap_text",
                theme=themes[item.theme].label if item.theme in themes else item.theme,
                departments="・".join(item.departments),
            )
        need, offer = cards.get(item.need_card), cards.get(item.offer_card)
        why = "・".join(themes[k].label for k in item.themes if k in themes)
        why = why or "・".join(item.shared_words)
        return t(
            "strengths.complement_text",
            needing=item.needing,
            need=one_line(need.text, 40) if need else "",
            offering=item.offering,
            offer=one_line(offer.text, 40) if offer else "",
            why=why,
        )

    def reload(self, cards: list[Card] | None = None) -> None:
        """Show the findings for the current cards and accepted findings, worked out again
        only when those changed (a new width only lays the table out again). A large board
        is matched on a thread, so the wall stays live."""
        table = self.query_one(FlexTable)
        if not table.sized:
            return  # filled once its table knows its width (FlexTable.Resized)
        if cards is None:
            cards = strength_cards(self.ctx)
        accepted = self._accepted()
        if self._found is not None and self._found[:2] == (cards, accepted):
            if table.widths() != self._shown:
                self._show(*self._found)
            return
        if self._found is None and self._matching == (cards, accepted):
            return  # being matched on a thread: its result will be shown
        self._found = None
        self._matching = (cards, accepted)
        themes = self.ctx.ref.themes.themes
        if len(cards) <= MATCH_INLINE:
            self._show(cards, accepted, self._match(cards, themes, accepted))
            return
        self.query_one("#fd-more", Static).update(Text(t("strengths.matching")))
        self._match_in_thread(cards, themes, accepted)

    @staticmethod
    def _match(cards: list[Card], themes: Sequence[Theme], accepted: set[str]) -> Found:
        return find_overlaps(cards, themes), rank_complements(
            cards, themes, SHOWN_PAIRS, keep=accepted
        )

    # A description of its own: Textual's default one is the repr of every argument,
    # every card of the board (a 10,000-card board took longer to describe than to match)
    @work(thread=True, exclusive=True, group="findings", description="findings")
    def _match_in_thread(
        self, cards: list[Card], themes: Sequence[Theme], accepted: set[str]
    ) -> None:
        found = self._match(cards, themes, accepted)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, cards, accepted, found)

    def _show(
        self,
        cards: list[Card],
        accepted: set[str],
        found: Found,
    ) -> None:
        if self._matching is None or self._matching[0] is not cards:
            return  # the cards changed while they were matched: a newer match follows
        self._found = (cards, accepted, found)
        overlaps, ranking = found
        by_id = {c.id: c for c in cards}
        # Accepted pairs stay listed; of the rest, the strongest few fit on the wall
        self.items = [*overlaps, *ranking.pairs]
        hidden = ranking.total - len(ranking.pairs)
        self.query_one("#fd-more", Static).update(
            Text(t("strengths.more_pairs", n=hidden) if hidden else "")
        )
        table = self.query_one(FlexTable)
        current = table.cursor_row
        widths = table.layout()
        self._shown = widths
        table.clear()
        for item in self.items:
            kind = (
                t("strengths.kind_overlap")
                if isinstance(item, Overlap)
                else t("strengths.kind_complement")
            )
            state = t("strengths.accepted") if item.key in accepted else ""
            row = table.row([kind, self.describe(item, by_id), state], widths)
            table.add_cells(row, key=item.key)
        if self.items and current is not None:
            table.move_cursor(row=min(current, len(self.items) - 1))
        self.query_one("#fd-empty").display = not self.items

    def action_accept(self) -> None:
        table = self.query_one(FlexTable)
        if not self.items or table.cursor_row is None:
            return
        item = self.items[table.cursor_row]
        if item.key in self._accepted():
            self.notify(t("strengths.already_accepted"))
            return
        cards = {c.id: c for c in strength_cards(self.ctx)}
        if isinstance(item, Overlap):
            text = t("strengths.overlap_decision", finding=self.describe(item, cards))
        else:
            text = t("strengths.complement_decision", finding=self.describe(item, cards))
        decision = Decision(
            session_id=self.ctx.session_id,
            text=text,
            origin=item.key,
            position=self.ctx.store.next_position(Decision, self.ctx.session_id),
        )
        if self.ctx.save(self.ctx.store.add, decision) is not None:
            self.notify(t("strengths.accepted_note"))
            self.reload()


class StrengthsPane(StepPane):
    step = Step.STRENGTHS

    def compose(self) -> ComposeResult:
        with StepTabs(id="strengths-tabs"):
            with TabPane(t("strengths.tab_cards"), id="tab-cards"):
                yield CardBoard(
                    self.ctx, Step.STRENGTHS, list(PROFILE_HEADINGS), department_field=True
                )
            with TabPane(t("strengths.tab_matrix"), id="tab-matrix"):
                yield Matrix(self.ctx)
            with TabPane(t("knowledge.entry.tab"), id="tab-entry"):
                yield EntryPatterns(self.ctx, id="entry-patterns")
            with TabPane(t("strengths.tab_findings"), id="tab-findings"):
                yield Findings(self.ctx)
            with TabPane(t("strengths.tab_roles"), id="tab-roles"):
                yield RecordTable(
                    self.ctx,
                    Attendee,
                    title=t("strengths.roles_title"),
                    help=t("strengths.roles_help"),
                    columns=[
                        Column(t("prep.col_name"), lambda a: a.name, 16),
                        Column(t("field.department"), lambda a: a.department, 22),
                        Column(
                            t("prep.col_roles"),
                            lambda a: lines(label("role", r) for r in a.roles),
                        ),
                    ],
                    fields=lambda a: [
                        FieldSpec(
                            "roles",
                            t("prep.col_roles"),
                            "multi",
                            options=[(label("role", r), r) for r in Role],
                        ),
                    ],
                    load=lambda: self.ctx.store.attendees(self.ctx.session_id),
                    new=lambda v: {"session_id": self.ctx.session_id, **v},
                    can_add=False,
                    can_delete=False,
                    id="roles",
                )

    def shown(self) -> None:
        super().shown()
        self._cards_changed()

    @on(CardBoard.Changed)
    def _cards_changed(self) -> None:
        """The matrix and the findings follow the cards when they are on the wall; a
        hidden one catches up when its tab is shown."""
        shown = [w for w in (self.query_one(Matrix), self.query_one(Findings)) if w.visible()]
        if shown:
            cards = strength_cards(self.ctx)
            for widget in shown:
                widget.reload(cards)

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-findings":
            findings = self.query_one(Findings)
            findings.reload()
            # The table has the focus in the tab's first frame: focused later (after the
            # frame, as StepPane does for every tab) it is styled and drawn again
            self.screen.set_focus(findings.query_one(FlexTable))
        elif event.pane.id == "tab-matrix":
            self.query_one(Matrix).reload()
