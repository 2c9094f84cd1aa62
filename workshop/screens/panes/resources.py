"""③ 既存の資源・取組の活用: what already exists and how to lever it; councils that
overlap in members or purpose are flagged before anyone sets up a new one."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import TabbedContent, TabPane

from workshop.domain.enums import Capital, Disposition, ResourceKind, Step
from workshop.domain.records import Resource
from workshop.domain.rules import council_overlaps
from workshop.i18n import label, t
from workshop.screens.panes.base import StepPane
from workshop.widgets.card_board import CardBoard
from workshop.widgets.forms import FieldSpec
from workshop.widgets.record_table import Column, RecordTable
from workshop.widgets.scheme_suggestions import SchemeSuggestions
from workshop.widgets.step_tabs import StepTabs


def resource_fields(ctx) -> list[FieldSpec]:
    return [
        FieldSpec("name", t("resources.name")),
        FieldSpec(
            "kind",
            t("resources.kind"),
            "select",
            options=[(label("resource_kind", k), k) for k in ResourceKind],
            allow_blank=False,
        ),
        FieldSpec("owner", t("resources.owner"), suggestions=ctx.department_suggestions()),
        FieldSpec(
            "capitals",
            t("resources.capitals"),
            "multi",
            options=[(label("capital", c), c) for c in Capital],
        ),
        FieldSpec("leverage", t("resources.leverage"), "text"),
        FieldSpec(
            "disposition",
            t("resources.disposition"),
            "select",
            options=[(label("disposition", d), d) for d in Disposition],
            allow_blank=False,
        ),
        FieldSpec("purpose", t("resources.purpose"), help=t("resources.purpose_help")),
        FieldSpec(
            "members",
            t("resources.members"),
            "list",
            help=t("resources.members_help"),
            suggestions=ctx.department_suggestions(),
        ),
        FieldSpec("frequency", t("resources.frequency"), placeholder=t("resources.frequency_eg")),
        FieldSpec("note", t("resources.note"), "text"),
    ]


class ResourcesPane(StepPane):
    step = Step.RESOURCES

    def compose(self) -> ComposeResult:
        with StepTabs(id="resources-tabs"):
            with TabPane(t("resources.tab_list"), id="tab-list"):
                yield RecordTable(
                    self.ctx,
                    Resource,
                    title=t("resources.title"),
                    help=t("resources.help"),
                    columns=[
                        Column(t("resources.name"), lambda r: r.name, 22),
                        Column(t("resources.kind"), lambda r: label("resource_kind", r.kind), 10),
                        Column(t("resources.owner"), lambda r: r.owner, 14),
                        Column(
                            t("resources.capitals"),
                            lambda r: "・".join(label("capital", c) for c in r.capitals),
                            14,
                        ),
                        Column(t("resources.leverage"), lambda r: r.leverage, 30),
                        Column(
                            t("resources.disposition"),
                            lambda r: label("disposition", r.disposition),
                            10,
                        ),
                        Column(t("resources.flags"), self._flag, 24),
                    ],
                    fields=lambda r: resource_fields(self.ctx),
                    load=self._load,
                    new=self._new,
                    empty=t("resources.empty"),
                    id="resource-table",
                )
            with TabPane(t("knowledge.resources.tab_schemes"), id="tab-schemes"):
                yield SchemeSuggestions(self.ctx, id="scheme-suggestions")
            with TabPane(t("resources.tab_ideas"), id="tab-ideas"):
                yield CardBoard(self.ctx, Step.RESOURCES, ["resources.existing", "resources.lever"])

    def shown(self) -> None:
        super().shown()
        self.query_one(SchemeSuggestions).reload()

    @on(TabbedContent.TabActivated, "#resources-tabs")
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-schemes":
            self.query_one(SchemeSuggestions).reload()

    @on(SchemeSuggestions.Added)
    def _scheme_added(self) -> None:
        self.query_one("#resource-table", RecordTable).reload()

    def _load(self) -> list[Resource]:
        items = self.ctx.store.resources(self.ctx.session_id)
        self._overlaps = council_overlaps(items, self.ctx.ref.themes.themes)
        self._names = {r.id: r.name for r in items}
        return items

    def _flag(self, r: Resource) -> Text:
        partners = [
            o.second if o.first == r.id else o.first
            for o in getattr(self, "_overlaps", [])
            if r.id in (o.first, o.second)
        ]
        if not partners:
            return Text("")
        names = "・".join(self._names.get(p, "") for p in partners)
        return Text("⚠ " + t("resources.overlap_with", names=names), style="bold")

    def _new(self, values: dict[str, Any]) -> dict[str, Any]:
        return {
            "session_id": self.ctx.session_id,
            "kind": ResourceKind.COUNCIL,
            "position": self.ctx.store.next_position(Resource, self.ctx.session_id),
            **values,
        }

    @on(RecordTable.Changed, "#resource-table")
    def _changed(self) -> None:
        overlaps = getattr(self, "_overlaps", [])
        if overlaps:
            self.notify(t("resources.overlap_note", n=len(overlaps)), severity="warning")
