"""The panel beside each step: what the step is for, tips from the sources, and the
cases that did something similar. Reference content is Japanese in both UI languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workshop.domain.enums import Step
from workshop.i18n import t

if TYPE_CHECKING:
    from workshop.screens.context import SessionContext


class SidePanel(VerticalScroll):
    DEFAULT_CSS = """
    SidePanel { width: 34; border-left: tall $primary; padding: 0 1; background: $boost; }
    SidePanel .sp-heading { text-style: bold; color: $primary; padding: 1 0 0 0; }
    SidePanel .sp-body { padding: 0 0 0 0; }
    SidePanel .sp-source { color: $text-muted; }
    """

    def __init__(self, ctx: SessionContext, **kw) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.step: Step | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="sp-content")

    def show_step(self, step: Step) -> None:
        self.step = step
        self.refresh_content()

    def refresh_content(self) -> None:
        if self.step is None:
            return
        self.query_one("#sp-content", Static).update(self.render_step(self.step))
        self.scroll_home(animate=False)

    def render_step(self, step: Step) -> Text:
        ref = self.ctx.ref
        info = ref.step_by_key.get(step.value)
        out = Text()
        if info is None:
            return out
        out.append(f"{info.title}\n", style="bold")
        if info.effect:
            out.append(f"{info.effect}\n", style="italic")
        if info.explanation:
            out.append(f"\n{info.explanation}\n")
        if info.tips:
            out.append(f"\n{t('side.tips')}\n", style="bold")
            for tip in info.tips:
                out.append(f"・{tip.text}\n")
                out.append(f"  {tip.sources[0].label()}\n", style="dim")
        if info.example_case and (case := ref.case_by_id.get(info.example_case)):
            out.append(f"\n{t('side.example')}\n", style="bold")
            out.append(f"{case.prefecture}{case.municipality}: {case.title}\n")
            out.append(f"  {case.sources[0].label()}\n", style="dim")
        for section in self.extra_sections(step):
            out.append("\n")
            out.append_text(section)
        return out

    def extra_sections(self, step: Step) -> list[Text]:
        """More sections (similar cases, benchmarks); knowledge features add them."""
        return []
