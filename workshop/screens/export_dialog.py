"""Choose formats and a folder, write the files off the UI thread, say where they went."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, SelectionList, Static

from workshop.config import default_export_dir, save_config
from workshop.export.template import read_template
from workshop.i18n import has, t
from workshop.i18n.oserror import os_reason
from workshop.widgets.dialogs import ConfirmDialog, Dialog
from workshop.widgets.early_keys import after_typed_keys
from workshop.widgets.prose import Prose
from workshop.widgets.safe_input import SafeInput
from workshop.widgets.ticks import TickList

if TYPE_CHECKING:
    from workshop.export import ExportOptions

DEFAULT_FORMATS = ("docx", "xlsx")


def format_label(fmt: str) -> str:
    key = f"export.format_{fmt}"
    return t(key) if has(key) else fmt


class ExportDialog(Dialog[None]):
    BINDINGS = [
        Binding("escape", "close", t("key.close"), id="export.close"),
        Binding("ctrl+s", "export", t("export.run"), priority=True, id="export.export"),
    ]

    # The choices scroll; the result and the buttons stay on the screen below them, at
    # 100×30 too (the buttons were below the bottom edge, and an export ran unseen)
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical { width: 90%; max-width: 100; height: 94%; max-height: 44;
        border: thick $primary; background: $surface; padding: 0 1; }
    ExportDialog #export-title { text-style: bold; padding: 0; }
    ExportDialog #export-body { height: 1fr; }
    ExportDialog SelectionList { height: auto; max-height: 12; }
    ExportDialog #export-result-box { height: auto; max-height: 7; }
    ExportDialog #export-result { height: auto; }
    ExportDialog #buttons { height: auto; align: right middle; }
    ExportDialog Button { margin: 0 0 0 2; }
    """

    def __init__(self, session_id: str, formats: tuple[str, ...] | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.preselected = formats

    def compose(self) -> ComposeResult:
        from workshop.export import FORMATS

        remembered = tuple(f for f in self.app.config.export_formats if f in FORMATS)
        self.preselected = self.preselected or remembered or DEFAULT_FORMATS
        with Vertical():
            yield Label(Text(t("export.title")), id="export-title")
            with VerticalScroll(id="export-body"):
                yield TickList(
                    *[(Text(format_label(f)), f, f in self.preselected) for f in FORMATS],
                    id="formats",
                )
                yield TickList(
                    (Text(t("export.option_public")), "public", False),
                    (Text(t("export.option_no_cards")), "no_cards", False),
                    id="options",
                )
                yield Label(Text(t("export.folder")))
                yield SafeInput(str(default_export_dir(self.app.config)), id="folder")
                yield Label(Text(t("export.template")))
                yield SafeInput(
                    self.app.config.docx_template,
                    placeholder=t("export.template_eg"),
                    id="template",
                )
            with VerticalScroll(id="export-result-box"):
                yield Prose("", id="export-result")
            with Horizontal(id="buttons"):
                yield Button(t("key.close"), id="close")
                yield Button(t("export.run"), id="run", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#run", Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#folder")
    @on(Button.Pressed, "#run")
    @after_typed_keys
    def action_export(self) -> None:
        formats = list(self.query_one("#formats", SelectionList).selected)
        if not formats:
            self._show(Text(t("export.none_chosen"), style="bold"))
            return
        typed = self.query_one("#folder", Input).value.strip()
        if not typed:
            # Not the program's working folder, which nobody in the room could find again
            self._show(Text(t("export.no_folder"), style="bold"))
            return
        # Absolute, so the result lines say where the files really went
        folder = Path(typed).expanduser().absolute()
        options = self._options()
        if options is None:
            return
        if not folder.is_dir():
            self._offer_to_create(folder, formats, options)
            return
        self._start(formats, folder, options)

    def _offer_to_create(self, folder: Path, formats: list[str], options: ExportOptions) -> None:
        """A folder that is not there: said once, and offered to be made."""
        if folder.exists():
            self._show(Text(t("export.not_a_folder", path=str(folder)), style="bold"))
            return
        self._show(Text(t("export.folder_missing", path=str(folder)), style="bold"))

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                self._show(
                    Text(
                        t("export.cannot_create", path=str(folder), detail=os_reason(e)),
                        style="bold",
                    )
                )
                return
            self._start(formats, folder, options)

        self.app.push_screen(
            ConfirmDialog(t("export.create_folder", path=str(folder)), t("export.create_yes")),
            answered,
        )

    def _start(self, formats: list[str], folder: Path, options: ExportOptions) -> None:
        self.chosen = list(formats)
        self.query_one("#run", Button).disabled = True
        self._show(Text(t("export.working")))
        self.run_export(formats, folder, options)

    def _options(self) -> ExportOptions | None:
        """The chosen version, card list and template; None (said why) when the template
        cannot be read."""
        from workshop.export import ExportOptions

        chosen = set(self.query_one("#options", SelectionList).selected)
        typed = self.query_one("#template", Input).value.strip()
        template = None
        if typed:
            path = Path(typed).expanduser()
            try:
                template = read_template(path)
            except ValueError as e:
                self._show(Text(t("export.bad_template", path=str(path), detail=str(e)), "bold"))
                return None
        self.template_path = typed
        return ExportOptions(
            public="public" in chosen, cards="no_cards" not in chosen, template=template
        )

    def _show(self, text: Text) -> None:
        self.query_one("#export-result", Static).update(text)

    @work(thread=True, exclusive=True)
    def run_export(self, formats: list[str], folder: Path, options: ExportOptions) -> None:
        """Off the UI thread, with its own connection (SQLite objects stay per thread)."""
        from workshop.export import ExportError, export_to_folder, needs_cards
        from workshop.store import Store, StoreError

        lines: list[tuple[str, bool]] = []
        try:
            with Store(self.app.store.path) as store:
                session = store.resolve_session(self.session_id)
                data = store.initiative_data(session.initiative_id, cards=needs_cards(formats))
                register = store.register_at_confirmation(session)
        except StoreError as e:
            # The id came from this screen, not from typing: missing means deleted elsewhere
            gone = e.code == "session_not_found"
            lines.append(
                (t("export.session_gone") if gone else t(f"error.{e.code}", **e.params), False)
            )
            self.app.call_from_thread(self._finish, lines, folder)
            return
        for fmt in formats:
            try:
                path = export_to_folder(data, self.session_id, fmt, folder, options, register)
                lines.append((f"{format_label(fmt)}: {path}", True))
            except ExportError as e:
                lines.append((t(f"error.{e.code}", path=str(e.path), detail=e.detail), False))
            except Exception as e:  # a renderer bug must not take the session down
                lines.append((t("export.failed", fmt=format_label(fmt), detail=str(e)), False))
        self.app.call_from_thread(self._finish, lines, folder)

    def _finish(self, lines: list[tuple[str, bool]], folder: Path) -> None:
        text = Text()
        ok = [line for line, good in lines if good]
        if ok:
            text.append(t("export.done") + "\n", style="bold")
        for line, good in lines:
            text.append(("✓ " if good else "✗ ") + line + "\n", style="" if good else "bold")
        self._show(text)
        self.query_one("#run", Button).disabled = False
        if ok:
            self.app.config.export_dir = str(folder)
            self.app.config.docx_template = getattr(self, "template_path", "")
            self.app.config.export_formats = [f for f in self.chosen]
            if self.app.persist_config:
                save_config(self.app.config)
