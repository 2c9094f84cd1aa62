"""Schemes that fit the session's themes (the guide's list of national schemes and the
schemes the cases used), added to the resource inventory with one key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from workshop.domain.benchmark import SchemeSuggestion, match_schemes, theme_keys
from workshop.domain.enums import ResourceKind
from workshop.domain.records import Resource
from workshop.i18n import t
from workshop.widgets.barriers import TICK, case_name
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.literal import fit
from workshop.widgets.prose import Prose
from workshop.widgets.reftext import flag_label, source_labels, tight

if TYPE_CHECKING:
    from workshop.context import SessionContext


def short_theme(label: str) -> str:
    """「移動支援・地域交通」 → 「移動支援」: the first part of a theme's label."""
    return label.split("・")[0]


class SchemeSuggestions(Vertical):
    BINDINGS = [
        Binding("ctrl+l", "add", t("knowledge.key.add_scheme"), id="scheme_suggestions.add"),
        Binding(
            "ctrl+e",
            "toggle_all",
            t("knowledge.key.all_schemes"),
            show=False,
            id="scheme_suggestions.toggle_all",
        ),
    ]

    DEFAULT_CSS = """
    SchemeSuggestions { height: 1fr; }
    SchemeSuggestions #ss-themes { padding: 0 1; height: auto; text-style: bold; }
    SchemeSuggestions #ss-help { color: $text-muted; padding: 0 1; height: auto; }
    SchemeSuggestions #ss-table { height: 1fr; min-height: 6; }
    SchemeSuggestions #ss-detail { height: auto; max-height: 9; padding: 0 1;
        border-top: solid $panel; }
    """

    COLUMNS = (("state", 4), ("name", None), ("field", 14), ("theme", 10), ("cases", 10))

    class Added(Message):
        def __init__(self, widget: SchemeSuggestions, resource: Resource) -> None:
            super().__init__()
            self.widget = widget
            self.resource = resource

        @property
        def control(self) -> SchemeSuggestions:
            return self.widget

    def __init__(self, ctx: SessionContext, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.show_all = False
        self.items: list[SchemeSuggestion] = []

    def compose(self) -> ComposeResult:
        yield Prose("", id="ss-themes")
        yield Prose(Text(t("knowledge.scheme.help")), id="ss-help")
        yield FlexTable(
            [(key, t(f"knowledge.scheme.col_{key}"), width) for key, width in self.COLUMNS],
            id="ss-table",
        )
        with VerticalScroll(id="ss-detail"):
            yield Prose("", id="ss-text")

    def on_mount(self) -> None:
        self.reload()

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.reload()

    # --- data --------------------------------------------------------------------------
    def wanted(self) -> list[str]:
        ref = self.ctx.ref
        if self.show_all:
            return [th.key for th in ref.themes.themes]
        return theme_keys(self.ctx.session.themes, ref.themes.themes)

    def added(self) -> dict[str, Resource]:
        """Resources of this session by scheme id and by name."""
        out: dict[str, Resource] = {}
        for r in self.ctx.store.resources(self.ctx.session_id):
            if r.scheme_id:
                out.setdefault(r.scheme_id, r)
            out.setdefault(f"name:{r.name}", r)
        return out

    def is_added(self, item: SchemeSuggestion, added: dict[str, Resource]) -> bool:
        return item.key in added or f"name:{item.name}" in added

    def reload(self) -> None:
        ref = self.ctx.ref
        self.ctx.reload()
        wanted = self.wanted()
        self.items = match_schemes(ref.schemes.schemes, ref.cases.cases, wanted, ref.themes.themes)
        head = Text()
        typed = self.ctx.session.themes
        if self.show_all:
            head.append(t("knowledge.scheme.showing_all"))
        elif not typed:
            head.append(t("knowledge.scheme.no_themes"))
        else:
            head.append(t("knowledge.scheme.themes"))
            head.append("「" + "」「".join(typed) + "」")
            found = [ref.theme_by_key[k].label for k in wanted]
            head.append(" → " + ("、".join(found) if found else t("knowledge.scheme.no_match")))
        self.query_one("#ss-themes", Static).update(head)

        table = self.query_one(FlexTable)
        row = table.cursor_row
        widths = table.layout()
        table.clear()
        fields = {f.key: f.label for f in ref.schemes.fields}
        added = self.added()
        for item in self.items:
            done = self.is_added(item, added)
            field = fields.get(item.scheme.field, "") if item.scheme else ""
            if not item.scheme or item.scheme.field == "case":
                field = t("knowledge.scheme.from_case")
            themes = "・".join(short_theme(ref.theme_by_key[k].label) for k in item.themes)
            cases = "、".join(
                c.municipality if c.kind != "prefecture" else c.prefecture for c in item.cases
            )
            style = "dim" if done else ""
            table.add_row(
                Text(TICK if done else "", style="bold"),
                _styled(fit(item.name, widths[1]), style),
                _styled(fit(field, widths[2]), style),
                _styled(fit(themes, widths[3]), style),
                _styled(fit(cases, widths[4]), style),
                key=item.key,
            )
        if self.items and row is not None:
            table.move_cursor(row=min(row, len(self.items) - 1))
        self.show_detail()

    def selected(self) -> SchemeSuggestion | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        if row is None or not (0 <= row < len(self.items)):
            return None
        return self.items[row]

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        item = self.selected()
        out = Text()
        if item is None:
            out.append(t("knowledge.scheme.empty"))
        else:
            out.append(item.name, style="bold")
            if self.is_added(item, self.added()):
                out.append(f"  {TICK} " + t("knowledge.scheme.added"), style="bold reverse")
            out.append("\n")
            s = item.scheme
            ref = self.ctx.ref
            if s is not None:
                field = next((f for f in ref.schemes.fields if f.key == s.field), None)
                if field is not None:
                    out.append(t("knowledge.scheme.field", field=field.label))
                if s.ministry:
                    out.append("・" + t("knowledge.scheme.ministry", ministry=s.ministry))
                out.append("\n")
                if s.note:
                    out.append(tight(s.note) + "\n")
            if item.cases:
                names = "、".join(case_name(ref, c.id) for c in item.cases)
                out.append(t("knowledge.scheme.used_by", cases=names) + "\n")
            out.append(self.provenance(item) + "\n", style="dim")
        self.query_one("#ss-text", Static).update(out)

    def provenance(self, item: SchemeSuggestion, lang: str | None = None) -> str:
        """Where the scheme is listed and that the theme mapping is our reading."""
        if item.scheme is not None:
            labels = source_labels(item.scheme.sources)
        else:
            labels = source_labels(c.sources[0] for c in item.cases)
        flag = t("knowledge.flag.inferred", lang) if lang else flag_label("inferred")
        return t("knowledge.scheme.provenance", lang, source=labels, flag=flag)

    # --- actions -----------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_add()

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.reload()

    def action_add(self) -> None:
        item = self.selected()
        if item is None:
            return
        if self.is_added(item, self.added()):
            self.notify(t("knowledge.scheme.already", name=item.name), markup=False, timeout=4)
            return
        ref = self.ctx.ref
        if item.scheme is not None and item.scheme.field != "case":
            field = next((f.label for f in ref.schemes.fields if f.key == item.scheme.field), "")
            where = t("knowledge.scheme.note_field", "ja", field=field)
        else:
            names = "、".join(case_name(ref, c.id) for c in item.cases)
            where = t("knowledge.scheme.note_case", "ja", cases=names)
        note = f"{where}（{self.provenance(item, 'ja')}）"
        store = self.ctx.store
        rec = Resource(
            session_id=self.ctx.session_id,
            name=item.name,
            kind=ResourceKind.SCHEME,
            scheme_id=item.key,
            note=note,
            position=store.next_position(Resource, self.ctx.session_id),
        )
        if self.ctx.save(store.add, rec) is not None:
            self.notify(t("knowledge.scheme.added_note", name=item.name), markup=False, timeout=4)
            self.reload()
            self.post_message(self.Added(self, rec))


def _styled(text: Text, style: str) -> Text:
    if style:
        text.stylize(style)
    return text
