"""事例ライブラリ: the 10 cases of the 2024 guide and the 9 case sheets of the 2021
report, filterable by theme, population band, leader type, meeting pattern, the four
points and typed text, with a detail view that shows where every fact comes from."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static

from workshop.domain.enums import Step
from workshop.domain.reference import Case
from workshop.domain.search_text import fold, matches, query_words
from workshop.i18n import label, t
from workshop.reference import Reference, load
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.key_bar import KeyBar
from workshop.widgets.literal import fit
from workshop.widgets.prose import Prose
from workshop.widgets.reftext import flag_label, tight
from workshop.widgets.safe_input import SafeInput

POINT_STEPS = {1: Step.VISION, 2: Step.STRENGTHS, 3: Step.RESOURCES, 4: Step.MECHANISM}
FILTERS = ("theme", "band", "leader", "meeting", "entry", "point")


def place(case: Case) -> str:
    return case.prefecture if case.kind == "prefecture" else f"{case.prefecture}{case.municipality}"


def point_marks(points: list[int]) -> str:
    return "".join("①②③④"[p - 1] for p in points if 1 <= p <= 4)


def case_haystack(ref: Reference, case: Case) -> str:
    """Everything a facilitator might type to find a case, normalised."""
    parts = [
        case.prefecture,
        case.municipality,
        case.title,
        case.trigger,
        *case.actions,
        *(f"{r.figure} {r.text}" for r in case.results),
        *case.tips,
        *case.departments,
        *case.outside_bodies,
        *case.schemes,
        *(ref.theme_by_key[k].label for k in case.themes if k in ref.theme_by_key),
    ]
    return fold("\n".join(parts))


def case_matches(ref: Reference, case: Case, filters: dict[str, Any], text: str) -> bool:
    """Whether a case passes every filter that is set (None = any) and the typed text
    (every word of it must occur: `domain.search_text`)."""
    if (theme := filters.get("theme")) and theme not in case.themes:
        return False
    if band := filters.get("band"):
        found = ref.population_band(case.population)
        if found is None or found.key != band:
            return False
    if (leader := filters.get("leader")) and case.leader_type != leader:
        return False
    if (meeting := filters.get("meeting")) and case.meeting_pattern != meeting:
        return False
    if (entry := filters.get("entry")) and case.entry_pattern != entry:
        return False
    if (point := filters.get("point")) and point not in case.points:
        return False
    words = query_words(text)
    return not words or matches(words, case_haystack(ref, case))


NOTE_KEYS = {
    "entry_pattern": ("entry_patterns", "f_entry"),
    "meeting_pattern": ("meeting_patterns", "f_meeting"),
    "leader_type": ("leader_types", "f_leader"),
}


def readable_note(ref: Reference, note: str) -> str:
    """A provenance note with the vocabulary's labels instead of internal keys:
    「meeting_pattern=commissioned」 → 「会議の形：委託仕様に定例会議を組み込む」."""

    def field(match: re.Match[str]) -> str:
        group, name = NOTE_KEYS[match[1]]
        return t(f"knowledge.cases.{name}") + t("knowledge.sep") + ref.vocab_label(group, match[2])

    word = r"(?<![A-Za-z_])({})(?![A-Za-z_])"
    note = re.sub(word.format("entry_pattern|meeting_pattern|leader_type") + "=(\\w+)", field, note)
    names = {
        "themes": t("knowledge.cases.key_themes"),
        "points": t("knowledge.cases.f_point"),
        "departments": t("knowledge.cases.f_departments"),
        **{key: t(f"knowledge.cases.{name}") for key, (_, name) in NOTE_KEYS.items()},
    }
    for group in ("entry_patterns", "meeting_patterns", "leader_types"):
        names.update({i.key: i.label for i in getattr(ref.vocab, group)})
    return re.sub(word.format("[a-z_]+"), lambda m: names.get(m[1], m[1]), note)


def profile_text(case: Case) -> str:
    """要介護認定率 (調整済) and 1人当り給付費, as the guide's case table prints them."""
    if case.care_cert_rate is None or case.benefit_per_person is None:
        return ""
    text = t(
        "knowledge.cases.profile",
        rate=f"{case.care_cert_rate:.1f}",
        adjusted=f"{case.care_cert_rate_adjusted:.1f}",
        benefit=f"{case.benefit_per_person:,}",
    )
    return text + t("knowledge.cases.profile_source", source=case.sources[0].label())


def prefecture_results(ref: Reference, out: Text) -> None:
    """The prefectures' own answers to the 2020 survey (for the prefecture's entry)."""
    meta = next((m for m in ref.survey.meta if m.key == "pref2020"), None)
    facts = ref.survey.pref_facts
    if meta is None or not facts:
        return
    out.append("\n" + t("knowledge.cases.s_prefecture", n=meta.n_valid) + "\n", style="bold")
    for fact in facts:
        value = (
            f"（{fact.value:.1f}%、N={fact.N}）" if fact.value is not None else f"（N={fact.N}）"
        )
        out.append(f"・{tight(fact.text)}{value} ")
        out.append(t("knowledge.source", label=fact.sources[0].label()) + "\n", style="dim")


def case_detail(ref: Reference, case: Case) -> Text:
    """The case's facts, figures, tips, schemes, partners and provenance."""
    out = Text()
    where = case.prefecture if case.kind == "prefecture" else case.municipality
    out.append(where, style="bold")
    if case.kind != "prefecture":
        out.append(f"（{case.prefecture}）", style="bold")
    out.append("  " + t(f"knowledge.cases.doc_{case.doc}", n=case.number), style="dim")
    out.append("\n" + tight(case.title) + "\n")
    facts = []
    if case.population is not None:
        band = ref.population_band(case.population)
        people = t("knowledge.cases.population", n=f"{case.population:,}")
        facts.append(f"{people}（{band.label}）" if band else people)
    elif case.population_note:
        facts.append(case.population_note)
    if case.ageing_rate is not None:
        facts.append(t("knowledge.cases.ageing", rate=f"{case.ageing_rate:.1f}"))
    if facts:
        out.append("・".join(facts) + "\n")
    profile = profile_text(case)
    if profile:
        out.append(t("knowledge.cases.f_profile") + t("knowledge.sep"), style="bold")
        out.append(profile + "\n")
    themes = "、".join(ref.theme_by_key[k].label for k in case.themes if k in ref.theme_by_key)
    rows = [
        ("theme", themes),
        ("leader", ref.vocab_label("leader_types", case.leader_type)),
        ("meeting", ref.vocab_label("meeting_patterns", case.meeting_pattern)),
        (
            "entry",
            ref.vocab_label("entry_patterns", case.entry_pattern) if case.entry_pattern else "",
        ),
        ("point", "・".join(label("step", POINT_STEPS[p]) for p in case.points)),
        ("merits", "、".join(case.merits)),
        ("departments", "、".join(case.departments)),
        ("outside", "、".join(case.outside_bodies)),
    ]
    for key, value in rows:
        if value:
            out.append(t(f"knowledge.cases.f_{key}") + t("knowledge.sep"), style="bold")
            out.append(value + "\n")

    def section(key: str, items: list[str]) -> None:
        if items:
            out.append("\n" + t(f"knowledge.cases.s_{key}") + "\n", style="bold")
            for item in items:
                out.append(f"・{tight(item)}\n")

    section("trigger", [case.trigger])
    section("actions", list(case.actions))
    if case.results:
        out.append("\n" + t("knowledge.cases.s_results") + "\n", style="bold")
        for r in case.results:
            out.append("・")
            if r.figure:
                out.append(r.figure, style="bold")
                out.append(t("knowledge.sep"))
            out.append(tight(r.text) + "\n")
    section("tips", list(case.tips))
    section("schemes", list(case.schemes))
    if case.kind == "prefecture":
        prefecture_results(ref, out)
    out.append("\n" + t("knowledge.cases.s_sources") + "\n", style="bold")
    for s in case.sources:
        note = tight(readable_note(ref, s.note))
        out.append(f"・{s.label()}【{flag_label(s.flag)}】{note}\n", style="dim")
    if case.flag != "stated":
        out.append(
            t("knowledge.cases.flag_note", flag=flag_label(case.flag)) + "\n", style="italic"
        )
    return out


class CaseLibraryScreen(Screen):
    """All cases; Selects and a search line narrow the list, the detail follows the
    cursor. Arrow keys move in the list while the search line has focus."""

    BINDINGS = [
        Binding("escape", "close", t("knowledge.key.back"), id="case_library.close"),
        Binding("ctrl+f", "search", t("knowledge.key.search"), id="case_library.search"),
        Binding("ctrl+r", "reset", t("knowledge.key.reset"), id="case_library.reset"),
    ]

    def __init__(self, focus_case: str | None = None) -> None:
        super().__init__()
        self.ref = load()
        self.focus_case = focus_case
        self.shown: list[Case] = []

    def compose(self) -> ComposeResult:
        ref = self.ref
        with Horizontal(id="cl-head"):
            yield Prose(Text(t("knowledge.cases.title")), id="cl-title")
            yield Prose("", id="cl-count")
        with Horizontal(classes="cl-filters"):
            yield SafeInput(placeholder=t("knowledge.cases.search"), id="cl-search")
            yield self._select("theme", [(th.label, th.key) for th in ref.themes.themes])
            yield self._select("band", [(b.label, b.key) for b in ref.vocab.population_bands])
        with Horizontal(classes="cl-filters"):
            yield self._select("leader", [(i.label, i.key) for i in ref.vocab.leader_types])
            yield self._select("meeting", [(i.label, i.key) for i in ref.vocab.meeting_patterns])
            yield self._select("entry", [(i.label, i.key) for i in ref.vocab.entry_patterns])
            yield self._select(
                "point",
                [
                    (f"{label('step', s)} {label('step_title', s)}", n)
                    for n, s in POINT_STEPS.items()
                ],
            )
        with Horizontal(id="cl-body"):
            yield FlexTable(
                [(key, t(f"knowledge.cases.col_{key}"), width) for key, width in self.COLUMNS],
                id="cl-table",
            )
            with VerticalScroll(id="cl-detail"):
                yield Prose("", id="cl-text")
        yield KeyBar()

    def _select(self, key: str, options: list[tuple[str, Any]]) -> Select:
        """A filter; the chosen option keeps the filter's name in front (「人口規模：2.5万人
        未満」), so the row of filters reads on its own."""
        name = t(f"knowledge.cases.filter_{key}") + t("knowledge.sep")
        return Select(
            [(Text(name + lbl), value) for lbl, value in options],
            prompt=name + t("knowledge.cases.any"),
            id=f"cl-{key}",
        )

    COLUMNS = (("place", 16), ("population", 8), ("points", 8), ("themes", None))

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.refilter(keep=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.refilter()
        if self.focus_case:
            ids = [c.id for c in self.shown]
            if self.focus_case in ids:
                table.move_cursor(row=ids.index(self.focus_case))
            table.focus()
        else:
            self.query_one("#cl-search", Input).focus()
        self.show_detail()

    # --- filtering -----------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in FILTERS:
            value = self.query_one(f"#cl-{key}", Select).value
            out[key] = None if value is Select.NULL else value
        return out

    def refilter(self, keep: bool = False) -> None:
        """Rebuild the list from the filters; `keep` stays on the same case."""
        ref = self.ref
        current = self.selected() if keep else None
        text = self.query_one("#cl-search", Input).value
        filters = self.filters()
        self.shown = [c for c in ref.cases.cases if case_matches(ref, c, filters, text)]
        table = self.query_one(FlexTable)
        widths = table.layout()
        table.clear()
        for c in self.shown:
            themes = "、".join(
                ref.theme_by_key[k].label.split("・")[0] for k in c.themes if k in ref.theme_by_key
            )
            people = f"{c.population:,}" if c.population is not None else "—"
            table.add_row(
                fit(place(c), widths[0]),
                Text(people, justify="right"),
                Text(point_marks(c.points)),
                fit(themes, widths[3]),
                key=c.id,
            )
        self.query_one("#cl-count", Static).update(
            Text(t("knowledge.cases.count", shown=len(self.shown), total=len(ref.cases.cases)))
        )
        if self.shown:
            ids = [c.id for c in self.shown]
            table.move_cursor(row=ids.index(current.id) if current and current.id in ids else 0)
        self.show_detail()

    @on(Input.Changed, "#cl-search")
    @on(Select.Changed)
    def _changed(self) -> None:
        self.refilter()

    def selected(self) -> Case | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        if not self.shown or row is None or not (0 <= row < len(self.shown)):
            return None
        return self.shown[row]

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        case = self.selected()
        text = case_detail(self.ref, case) if case else Text(t("knowledge.cases.none"))
        self.query_one("#cl-text", Static).update(text)
        self.query_one("#cl-detail", VerticalScroll).scroll_home(animate=False)

    def visible_places(self) -> list[str]:
        """The rows as shown (for tests and the count)."""
        return [place(c) for c in self.shown]

    # --- keys ----------------------------------------------------------------------------
    def on_key(self, event: Any) -> None:
        search = self.query_one("#cl-search", Input)
        if search.has_focus and event.key in ("down", "up", "pagedown", "pageup"):
            table = self.query_one(DataTable)
            {
                "down": table.action_cursor_down,
                "up": table.action_cursor_up,
                "pagedown": table.action_page_down,
                "pageup": table.action_page_up,
            }[event.key]()
            event.stop()

    @on(Input.Submitted, "#cl-search")
    def _to_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#cl-search", Input).focus()

    def action_reset(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            for key in FILTERS:
                self.query_one(f"#cl-{key}", Select).clear()
            self.query_one("#cl-search", Input).value = ""
        self.refilter()

    def action_close(self) -> None:
        self.app.pop_screen()
