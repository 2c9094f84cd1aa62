"""The bar that always shows where the session is: 準備 → ① → ② → ③ → ④ → まとめ."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from workshop.domain.enums import Step
from workshop.i18n import label


class StepTab(Static):
    def __init__(self, step: Step, number: int) -> None:
        super().__init__(Text(label("step", step)), id=f"tab-{step.value}")
        self.step = step
        self.number = number

    def on_click(self, event: events.Click) -> None:
        self.post_message(StepBar.Jump(self.step))


class StepBar(Horizontal):
    """Clickable; the current step is highlighted, steps already visited are marked."""

    DEFAULT_CSS = """
    StepBar { height: 1; width: 1fr; background: $panel; }
    StepBar StepTab { width: auto; padding: 0 1; color: $text-muted; }
    StepBar StepTab.-reached { color: $text; }
    StepBar StepTab.-current { background: $primary; color: $text; text-style: bold; }
    StepBar .arrow { width: auto; color: $text-muted; }
    """

    class Jump(Message):
        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    def __init__(self, steps: Sequence[Step], **kw) -> None:
        super().__init__(**kw)
        self.steps = list(steps)

    def compose(self) -> ComposeResult:
        for n, step in enumerate(self.steps):
            if n:
                yield Static("→", classes="arrow")
            yield StepTab(step, n)

    def show(self, current: Step, reached: Step) -> None:
        reached_index = self.steps.index(reached) if reached in self.steps else 0
        for n, step in enumerate(self.steps):
            tab = self.query_one(f"#tab-{step.value}", StepTab)
            tab.set_class(step == current, "-current")
            tab.set_class(n <= reached_index, "-reached")
