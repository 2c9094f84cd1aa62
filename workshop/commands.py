"""The command palette (ctrl+p): every step jump, export and setting, findable in
Japanese or by English/romaji keywords."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from workshop.domain.enums import Step
from workshop.i18n import label, t


class WorkshopCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        """(title, callback, help) for what makes sense on the current screen."""
        return [(title, callback, help_text) for title, _, callback, help_text in self._entries()]

    def _entries(self) -> list[tuple[str, str, object, str]]:
        """(title, keywords, callback, help): the keywords (the step's key, English words)
        are searched too, so `export docx` typed without the IME finds the entry, but
        not shown: the Japanese palette showed (prep), (export docx) beside every title."""
        from workshop.screens.session import SessionScreen

        app = self.app
        out: list[tuple[str, str, object, str]] = []
        screen = app.screen_stack[-1] if app.screen_stack else None
        for s in app.screen_stack:
            if isinstance(s, SessionScreen):
                screen = s
        if isinstance(screen, SessionScreen):
            for step in screen.steps:
                title = f"{t('palette.step')}: {label('step', step)} {label('step_title', step)}"
                out.append(
                    (
                        title,
                        step.value,
                        partial(screen.go_to, Step(step)),
                        t("palette.step_help"),
                    )
                )
            from workshop.export import FORMATS
            from workshop.screens.export_dialog import ExportDialog, format_label

            for fmt in FORMATS:
                out.append(
                    (
                        f"{t('palette.export')}: {format_label(fmt)}",
                        f"export {fmt}",
                        partial(app.push_screen, ExportDialog(screen.session_id, (fmt,))),
                        t("palette.export_help"),
                    )
                )
            out.append((t("palette.home"), "home", screen.action_home, ""))
        out.append(
            (
                t("knowledge.palette.cases"),
                "cases library jirei",
                partial(open_case_library, app, screen),
                t("knowledge.palette.cases_help"),
            )
        )
        out += [
            (t("palette.settings"), "settings", app.action_settings, ""),
            (
                t("palette.theme_light"),
                "theme light",
                partial(app.set_theme, "workshop-light"),
                "",
            ),
            (
                t("palette.theme_dark"),
                "theme dark",
                partial(app.set_theme, "workshop-dark"),
                "",
            ),
            (
                t("palette.lang_ja"),
                "language japanese",
                partial(app.set_language_setting, "ja"),
                "",
            ),
            (
                t("palette.lang_en"),
                "language english",
                partial(app.set_language_setting, "en"),
                "",
            ),
            (t("palette.help"), "help", app.action_help, ""),
        ]
        return out

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, keywords, callback, help_text in self._entries():
            score = max(matcher.match(title), matcher.match(keywords))
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]


def open_case_library(app: Any, screen: Any) -> None:
    """The case library; from a session, at the case most like it."""
    from workshop.screens.cases import CaseLibraryScreen
    from workshop.screens.session import SessionScreen
    from workshop.widgets.side_panel import SidePanel

    if isinstance(app.screen, CaseLibraryScreen):
        return
    focus = None
    if isinstance(screen, SessionScreen):
        panels = screen.query(SidePanel)
        if panels and panels.first().similar:
            focus = panels.first().similar[0].case.id
    app.push_screen(CaseLibraryScreen(focus))
