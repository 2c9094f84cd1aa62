"""The dialog that takes one answer of the stage self-check: current and target stage.

A new answer starts with no target: the facilitator picks one (a digit, or the arrows and
Enter). Saving a target equal to the current stage is said aloud, never done silently."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop.domain.enums import UNKNOWN_STAGE
from workshop.i18n import t
from workshop.stage_findings import stage_name
from workshop.widgets.bars import pct
from workshop.widgets.early_keys import after_typed_keys
from workshop.widgets.prose import Prose
from workshop.widgets.saving import SavingDialog, Submit

if TYPE_CHECKING:
    from workshop.reference import Reference

STAGES = (1, 2, 3, 4, 5, UNKNOWN_STAGE)
DEFAULT_CURRENT = 2
"""Where the current list starts for a new answer: the survey's most common stage."""


class StageDialog(SavingDialog):
    """Pick the current and the target stage: two lists side by side. Arrows choose,
    Enter moves on (and saves from the target list), digits 1–6 pick directly; a digit
    in the current list moves on to the target list, which keeps its own value. The
    values are (current, target); see SavingDialog for `submit`."""

    ERROR_ID = "sd-error"

    BINDINGS = [
        Binding("ctrl+s", "save", t("key.save"), priority=True, id="stage.save"),
        Binding("escape", "cancel", t("key.cancel"), id="stage.cancel"),
    ]

    DEFAULT_CSS = """
    StageDialog { align: center middle; }
    StageDialog > Vertical { width: 90%; max-width: 100; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 1; }
    StageDialog #sd-title { text-style: bold; padding: 0 0 1 0; }
    StageDialog #sd-lists { height: auto; }
    StageDialog .sd-col { width: 1fr; height: auto; }
    StageDialog .sd-head { text-style: bold; height: 1; }
    StageDialog OptionList { height: auto; max-height: 8; }
    StageDialog #sd-detail { height: auto; min-height: 3; padding: 1 0 0 0; }
    StageDialog #sd-help { color: $text-muted; height: auto; }
    StageDialog #sd-error { color: $error; text-style: bold; height: auto; }
    """

    def __init__(
        self,
        ref: Reference,
        who: str,
        current: int | None,
        target: int | None,
        submit: Submit | None = None,
    ):
        super().__init__(submit)
        self.ref = ref
        self.who = who
        self.start = (current, target)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(t("knowledge.stage.dialog_title", who=self.who)), id="sd-title")
            with Horizontal(id="sd-lists"):
                for kind in ("current", "target"):
                    with Vertical(classes="sd-col"):
                        yield Prose(Text(t(f"knowledge.stage.{kind}")), classes="sd-head")
                        yield OptionList(
                            *[Option(Text(stage_name(self.ref, n))) for n in STAGES],
                            id=f"sd-{kind}",
                        )
            yield Prose("", id="sd-detail")
            yield Prose("", id="sd-error")
            yield Prose(Text(t("knowledge.stage.dialog_help")), id="sd-help")

    def on_mount(self) -> None:
        current, target = self.start
        lists = self.query_one("#sd-current", OptionList), self.query_one("#sd-target", OptionList)
        lists[0].highlighted = STAGES.index(current if current in STAGES else DEFAULT_CURRENT)
        # a new answer has no target until one is picked (it used to copy the current one)
        lists[1].highlighted = STAGES.index(target) if target in STAGES else None
        lists[0].focus()
        self._detail()

    def _value(self, kind: str) -> int | None:
        index = self.query_one(f"#sd-{kind}", OptionList).highlighted
        return STAGES[index] if index is not None else None

    def _detail(self) -> None:
        focused = self.focused
        kind = "target" if focused is not None and focused.id == "sd-target" else "current"
        value = self._value(kind)
        if value is None:
            self.query_one("#sd-detail", Static).update(Text(t("knowledge.stage.pick_target")))
            return
        stage = self.ref.stage_by_number.get(value)
        if stage is None:
            return
        text = Text(f"{stage.number} {stage.label}\n", style="bold")
        text.append(
            t(
                "knowledge.stage.dialog_share",
                current=pct(stage.current.pct),
                target=pct(stage.target.pct),
                n=stage.current.N,
            )
        )
        if kind == "target" and value == self._value("current"):
            text.append("\n" + t("knowledge.stage.same_as_current"), style="bold")
        self.query_one("#sd-detail", Static).update(text)

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self._detail()

    def on_descendant_focus(self) -> None:
        self._detail()

    @on(OptionList.OptionSelected, "#sd-current")
    def _current_chosen(self) -> None:
        self.query_one("#sd-target", OptionList).focus()

    @on(OptionList.OptionSelected, "#sd-target")
    def _target_chosen(self) -> None:
        self.action_save()

    def on_key(self, event: Any) -> None:
        char = event.character or ""
        if len(char) != 1:
            return
        digit = "１２３４５６".find(char) + 1 or "123456".find(char) + 1
        focused = self.focused
        if digit and isinstance(focused, OptionList):
            event.stop()
            focused.highlighted = digit - 1
            if focused.id == "sd-current":
                self.query_one("#sd-target", OptionList).focus()

    @after_typed_keys
    def action_save(self) -> None:
        current, target = self._value("current"), self._value("target")
        if current is None or target is None:
            self.query_one("#sd-target", OptionList).focus()
            self.query_one("#sd-detail", Static).update(
                Text(t("knowledge.stage.pick_target"), style="bold")
            )
            return
        self.finish((current, target))

    def field_label(self, name: str) -> str:
        return t(f"knowledge.stage.{name}")

    def describe(self, name: str, value: Any) -> str:
        return stage_name(self.ref, value)

    def action_cancel(self) -> None:
        self.dismiss(None)
