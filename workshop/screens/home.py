"""Home: the initiatives and their sessions; start, continue or follow up a workshop."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from workshop.domain.enums import SessionKind, Step, steps_for
from workshop.i18n import label, t
from workshop.i18n.dates import ui_date
from workshop.store import SessionSummary
from workshop.widgets.early_keys import KeepsEarlyKeys
from workshop.widgets.flex_table import FlexTable, cell
from workshop.widgets.key_bar import KeyBar
from workshop.widgets.literal import lit

if TYPE_CHECKING:
    from workshop.domain.records import Session

# The dialogs, their forms, the follow-up rules (which load the reference data) and the
# record models (pydantic) are imported by the actions that use them: the first screen
# lists plain rows (`SessionSummary`) and needs none of them.

NEW_INITIATIVE = "__new__"

HOME_LIMIT = 200
"""Sessions listed at most (the newest); a long-lived database keeps the home screen quick,
and `workshop list` shows them all."""


class HomeScreen(KeepsEarlyKeys):
    BINDINGS = [
        Binding("enter", "open", t("key.open"), show=True, id="home.open"),
        Binding("ctrl+n", "new", t("home.new"), id="home.new"),
        Binding("f3", "follow_up", t("home.follow_up"), id="home.follow_up"),
        Binding("f4", "cases", t("knowledge.key.cases"), id="home.cases"),
        Binding("f6", "rollup", t("home.rollup"), id="home.rollup"),
        Binding("f9", "delete", t("key.delete"), id="home.delete"),
        Binding("f10", "settings", t("home.settings"), id="home.settings"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SessionSummary | None] = []
        """One entry per table line; None for an initiative's heading line."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(t("app.title")), id="home-title")
            yield Static(
                lit(t("home.subtitle", path=str(self.app.store.path)), None), id="home-sub"
            )
            yield Static("", id="resume")
            yield FlexTable(
                [(key, t(f"home.col_{key}"), width) for key, width in self.COLUMNS],
                id="sessions",
            )
            yield Static("", id="home-more")
            yield Static(Text(t("home.empty")), id="home-empty")
        yield KeyBar()

    COLUMNS: tuple[tuple[str, int | None], ...] = (
        ("title", None),
        ("date", 22),
        ("kind", 14),
        ("progress", 18),
        ("cards", 6),
        ("actions", 10),
    )

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        # Runs when the screen first appears and whenever a session screen closes
        self.reload()

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Sessions grouped under their initiative (a bold line), newest initiative first."""
        table = self.query_one(FlexTable)
        table.guess_width()  # first shown: filled before the first frame, not after it
        if not table.sized:
            return  # filled once its width is known (FlexTable.Resized), not twice
        current = select or self.selected_id()
        summaries = self.app.store.session_summaries(HOME_LIMIT)  # newest first
        hidden = self.app.store.session_count() - len(summaries) if summaries else 0
        more = t("home.more", n=hidden) if hidden else ""
        self.query_one("#home-more", Static).update(Text(more))
        widths = table.layout()
        table.clear()
        self.rows = []
        groups: dict[str, list[SessionSummary]] = {}
        for r in summaries:
            groups.setdefault(r.initiative_id, []).append(r)
        for rows in groups.values():
            head = rows[0]
            table.add_cells(
                [
                    cell(f"■ {head.initiative}", widths[0], flexible=True, title=True),
                    *[Text("")] * 5,
                ],
                key=f"ini:{head.initiative_id}",
            )
            self.rows.append(None)
            for r in sorted(rows, key=lambda r: (r.date or date.min, r.updated_at)):
                steps = steps_for(SessionKind(r.kind))
                reached = steps.index(r.reached_step) + 1 if r.reached_step in steps else 1
                status = label("status", r.status)
                progress = f"{label('step', r.reached_step)} {reached}/{len(steps)}・{status}"
                table.add_cells(
                    [
                        cell(r.title, widths[0], flexible=True, title=True, indent=2),
                        Text(ui_date(r.date) if r.date else "—"),
                        Text(label("kind", r.kind)),
                        Text(progress),
                        Text(str(r.cards)),
                        Text(str(r.actions)),
                    ],
                    key=r.id,
                )
                self.rows.append(r)
        self.query_one("#home-empty").display = not summaries
        table.display = bool(summaries)
        if summaries:
            latest = max(summaries, key=lambda r: r.updated_at)
            ids = [r.id if r else None for r in self.rows]
            # (no session under the cursor: the one the resume line names, not the
            # first heading line, whose Enter opens its own initiative's latest session)
            target = current if current is not None and current in ids else latest.id
            table.move_cursor(row=ids.index(target))
            self.query_one("#resume", Static).update(
                lit(
                    t("home.resume", title=latest.title, step=label("step", latest.current_step)),
                    None,
                )
            )
        else:
            self.query_one("#resume", Static).update("")

    def _row_at_cursor(self) -> SessionSummary | str | None:
        """The session under the cursor, or the initiative id of a heading line."""
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        row = self.rows[table.cursor_row]
        if row is None:
            key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value or ""
            return key.removeprefix("ini:")
        return row

    def selected_id(self) -> str | None:
        row = self._row_at_cursor()
        return row.id if isinstance(row, SessionSummary) else None

    def selected(self) -> SessionSummary | None:
        row = self._row_at_cursor()
        return row if isinstance(row, SessionSummary) else None

    def selected_initiative(self) -> str | None:
        row = self._row_at_cursor()
        return row.initiative_id if isinstance(row, SessionSummary) else row

    @on(DataTable.RowSelected)
    def _row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.selected()
        if row is not None:
            self.app.open_session(row.id)
        elif (initiative := self.selected_initiative()) is not None:
            # On an initiative's line: open its latest session
            latest = self.app.store.sessions(initiative)[-1]
            self.app.open_session(latest.id)

    def action_new(self) -> None:
        from workshop.domain.records import Initiative, Session
        from workshop.widgets.forms import FieldSpec, FormDialog, model_validator

        store = self.app.store
        initiatives = store.initiatives()
        options = [(t("home.new_initiative"), NEW_INITIATIVE)] + [
            (i.name, i.id) for i in initiatives
        ]
        fields = [
            FieldSpec(
                "initiative", t("home.initiative"), "select", options=options, allow_blank=False
            ),
            FieldSpec(
                "initiative_name",
                t("home.initiative_name"),
                placeholder=t("home.initiative_eg"),
                help=t("home.initiative_help"),
            ),
            FieldSpec("municipality", t("prep.municipality")),
            FieldSpec("title", t("field.title"), placeholder=t("prep.title_placeholder")),
            FieldSpec("date", t("field.date"), "date"),
        ]
        values = {
            "initiative": NEW_INITIATIVE,
            "date": date.today(),
            "title": t("home.first_title"),
        }

        def check(v: dict[str, Any]) -> dict[str, str]:
            if v["initiative"] == NEW_INITIATIVE and not (v.get("initiative_name") or "").strip():
                return {"initiative_name": t("validation.ws_required")}
            return model_validator(Session, {"initiative_id": "x"})(
                {"title": v["title"], "date": v["date"]}
            )

        def create(v: dict[str, Any]) -> Session:
            """The initiative (when new) and the session, together or not at all."""
            with store.write():
                initiative_id = v["initiative"]
                if initiative_id == NEW_INITIATIVE:
                    initiative_id = store.add(
                        Initiative(name=v["initiative_name"], municipality=v["municipality"] or "")
                    ).id
                return store.add(
                    Session(initiative_id=initiative_id, title=v["title"], date=v["date"])
                )

        self.app.push_screen(
            FormDialog(
                t("home.new_title"),
                fields,
                values,
                check,
                submit=lambda v: self.app.save(create, v),
            ),
            self._opened,
        )

    def _opened(self, session: Session | None) -> None:
        """After a dialog created a session: open it (nothing to do when cancelled)."""
        if session is not None:
            self.reload(select=session.id)
            self.app.open_session(session.id)

    def action_follow_up(self) -> None:
        from workshop.domain.followup import followup_date, rotation_roles
        from workshop.domain.next_meeting import followup_setting, held_on
        from workshop.domain.records import Attendee, Initiative, Session
        from workshop.widgets.forms import FieldSpec, FormDialog, model_validator

        initiative_id = self.selected_initiative()
        if initiative_id is None:
            self.notify(t("home.pick_first"), severity="warning")
            return
        store = self.app.store
        initiative = store.require(Initiative, initiative_id)
        sessions = store.sessions(initiative_id)
        last = sessions[-1]
        number = len(sessions) + 1
        fields = [
            FieldSpec("title", t("field.title")),
            FieldSpec("date", t("field.date"), "date"),
            FieldSpec("copy_attendees", t("home.copy_attendees"), "bool"),
        ]
        values = {
            "title": t("home.follow_up_title", n=number),
            "date": followup_date(
                sessions, store.initiative_mechanisms(initiative_id), date.today()
            ),
            "copy_attendees": True,
        }

        def submit(v: dict[str, Any]) -> Session | None:
            mechanisms = store.initiative_mechanisms(initiative_id)
            setting = followup_setting(sessions, mechanisms, v["date"])
            session = Session(
                initiative_id=initiative_id,
                title=v["title"],
                date=v["date"],
                kind=SessionKind.FOLLOWUP,
                themes=last.themes,
                timeboxes=last.timeboxes,
                current_step=Step.REVIEW,
                reached_step=Step.REVIEW,
                place=setting.place,
                start_time=setting.start_time,
                end_time=setting.end_time,
                facilitator=last.facilitator,
                recorder=last.recorder,
            )

            def create() -> Session:
                new = session
                with store.write():
                    copies: list[Attendee] = []
                    if v["copy_attendees"]:
                        for a in store.attendees(last.id):
                            data = a.model_dump(
                                exclude={"id", "created_at", "updated_at", "version"}
                            )
                            copies.append(Attendee(**{**data, "session_id": session.id}))
                    held = held_on(mechanisms, v["date"])
                    if held is not None:
                        # held on a rotation date: its secretariat and recorder by default
                        copies, recorder = rotation_roles(copies, held[1])
                        new = session.model_copy(update={"recorder": recorder})
                    store.add(new)
                    for a in copies:
                        store.add(a)
                return new

            return self.app.save(create)

        valid = model_validator(Session, {"initiative_id": initiative_id})
        held = [s for s in sessions if s.date is not None]
        latest = max(held, key=lambda s: s.date) if held else None

        def check(v: dict[str, Any]) -> dict[str, str]:
            # a follow-up comes after the meetings it follows up: one dated before the
            # latest was numbered and compared out of order (第4回 in 第3回's minutes)
            out = valid(v)
            day = v.get("date")
            if latest is not None and day is not None and day < latest.date and "date" not in out:
                out["date"] = t(
                    "home.follow_up_before", title=latest.title, date=ui_date(latest.date)
                )
            return out

        self.app.push_screen(
            FormDialog(
                t("home.follow_up_dialog", name=initiative.name),
                fields,
                values,
                check,
                submit=submit,
            ),
            self._opened,
        )

    def action_delete(self) -> None:
        from workshop.domain.records import Session
        from workshop.widgets.dialogs import ConfirmDialog

        row = self.selected()
        if row is None:
            return

        def go(yes: bool | None) -> None:
            if not yes:
                return
            session = self.app.store.get(Session, row.id)
            if session and self.app.save(self.app.store.delete, session) is not None:
                self.notify(t("home.deleted"))
                self.reload()

        self.app.push_screen(
            ConfirmDialog(t("home.confirm_delete", title=row.title), t("key.delete")), go
        )

    def action_settings(self) -> None:
        self.app.action_settings()

    def action_rollup(self) -> None:
        from workshop.screens.rollup import RollupScreen

        self.app.push_screen(RollupScreen())

    def action_cases(self) -> None:
        from workshop.screens.cases import CaseLibraryScreen

        self.app.push_screen(CaseLibraryScreen())
