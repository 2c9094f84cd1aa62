"""The barrier checklist: the survey's 12 barriers, ticked separately for partners in
medical/care/welfare (mcw) and outside it (other), beside the survey's shares; the
highlighted barrier's remedies (tips, the step that addresses it, cases that overcame
it) below, and a dialog to tick and choose remedies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop.domain.enums import PartnerClass, Step
from workshop.domain.records import BarrierTick
from workshop.domain.reference_survey import Barrier, Remedy, Share
from workshop.i18n import label, t
from workshop.widgets.bars import pct
from workshop.widgets.early_keys import after_typed_keys
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.literal import fit
from workshop.widgets.prose import Prose
from workshop.widgets.reftext import flag_label, source_labels, tight
from workshop.widgets.saving import SavingDialog, Submit
from workshop.widgets.ticks import TickBox

if TYPE_CHECKING:
    from workshop.context import SessionContext
    from workshop.reference import Reference

TICK = "✓"


def share_text(share: Share | None) -> str:
    return "—" if share is None else f"{pct(share.pct)}（{share.n}/{share.N}）"


def shares(b: Barrier) -> Text:
    """The survey's shares for a barrier, one partner class a line."""
    out = Text(t("knowledge.barrier.shares_title") + "\n")
    out.append(t("knowledge.barrier.share_mcw", share=share_text(b.mcw)) + "\n")
    out.append(t("knowledge.barrier.share_other", share=share_text(b.other)) + "\n")
    pref = t("knowledge.barrier.share_pref", share=share_text(b.pref_face))
    if b.pref_priority is not None:
        pref += t("knowledge.barrier.pref_priority", share=share_text(b.pref_priority))
    out.append(pref + "\n")
    return out


def case_name(ref: Reference, case_id: str) -> str:
    case = ref.case_by_id.get(case_id)
    if case is None:
        return case_id
    if case.kind == "prefecture":
        return case.prefecture
    return f"{case.municipality}（{case.prefecture}）"


def step_names(keys: list[str]) -> str:
    names = []
    for key in keys:
        try:
            names.append(label("step", Step(key)))
        except ValueError:
            names.append(key)
    return "・".join(names)


def remedy_text(
    ref: Reference, remedy: Remedy, chosen: bool | None, number: int, brief: bool = False
) -> Text:
    """One remedy with the steps that address it, the cases that overcame it, and (unless
    brief) its tips and provenance. Reference text, shown literally."""
    out = Text()
    # no space between the number and the text: lines break at spaces, and a long
    # Japanese sentence after one would leave the number alone on its line
    mark = "" if chosen is None else (TICK if chosen else " ")
    out.append(f"{mark}（{number}）", style="bold")
    out.append(tight(remedy.text) + "\n", style="bold" if chosen else "")
    if remedy.steps:
        out.append("     " + t("knowledge.barrier.steps", steps=step_names(remedy.steps)) + "\n")
    if remedy.cases:
        names = "、".join(case_name(ref, c) for c in remedy.cases)
        out.append("     " + t("knowledge.barrier.cases", cases=names) + "\n")
    if brief:
        return out
    for tip_id in remedy.tips:
        tip = ref.tip_by_id.get(tip_id)
        if tip is not None:
            out.append("     " + t("knowledge.barrier.tip") + tight(tip.text))
            out.append(f" {tip.sources[0].label()}\n", style="dim")
    labels = source_labels(remedy.sources)
    out.append(f"     {labels}【{flag_label(remedy.flag)}】\n", style="dim")
    return out


class ToggleList(OptionList):
    """Options that Enter or Space tick and untick; each may span several lines
    (a SelectionList keeps to one line)."""

    BINDINGS = [Binding("space", "select", show=False, id="toggle_list.select")]

    def __init__(self, items: list[tuple[Text, str]], chosen: set[str], **kw: Any) -> None:
        self.items = items
        self.chosen = set(chosen)
        super().__init__(*[Option(self._prompt(text, v), id=v) for text, v in items], **kw)

    def _prompt(self, text: Text, value: str) -> Text:
        out = Text(TICK if value in self.chosen else "□", style="bold")
        out.append_text(text)
        out.rstrip()
        return out

    @on(OptionList.OptionSelected)
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        text, value = self.items[event.option_index]
        self.chosen.symmetric_difference_update({value})
        self.replace_option_prompt_at_index(event.option_index, self._prompt(text, value))

    def chosen_in_order(self) -> list[str]:
        return [v for _, v in self.items if v in self.chosen]


class RemedyDialog(SavingDialog):
    """Tick the barrier for either kind of partner and choose the remedies to try.
    The values are {"mcw": bool, "other": bool, "remedies": [ids]}; see SavingDialog
    for `submit`."""

    ERROR_ID = "rd-error"

    BINDINGS = [
        Binding("ctrl+s", "save", t("key.save"), priority=True, id="remedy.save"),
        Binding("escape", "cancel", t("key.cancel"), id="remedy.cancel"),
    ]

    DEFAULT_CSS = """
    RemedyDialog { align: center middle; }
    RemedyDialog > Vertical { width: 95%; max-width: 110; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 1; }
    RemedyDialog #rd-title { text-style: bold; }
    RemedyDialog #rd-share { color: $text-muted; height: auto; }
    RemedyDialog #rd-remedies-title { text-style: bold; padding: 1 0 0 0; }
    RemedyDialog ToggleList { height: auto; max-height: 12; }
    RemedyDialog #rd-error { color: $error; text-style: bold; height: auto; }
    RemedyDialog #rd-help { color: $text-muted; height: auto; }
    """

    def __init__(
        self,
        ref: Reference,
        barrier: Barrier,
        ticked: set[str],
        chosen: list[str],
        submit: Submit | None = None,
    ) -> None:
        super().__init__(submit)
        self.ref = ref
        self.barrier = barrier
        self.ticked = ticked
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        b = self.barrier
        with Vertical():
            yield Label(Text(f"{b.number} {b.label}"), id="rd-title")
            yield Prose(shares(b), id="rd-share")
            for partner in PartnerClass:
                yield TickBox(
                    Text(t("knowledge.barrier.tick_for", partner=label("partner", partner))),
                    partner.value in self.ticked,
                    id=f"rd-{partner.value}",
                    compact=True,
                )
            remedies = self.ref.remedies_for(b.key)
            yield Prose(Text(t("knowledge.barrier.choose")), id="rd-remedies-title")
            if remedies:
                yield ToggleList(
                    [
                        (remedy_text(self.ref, r, None, i + 1, brief=True), r.id)
                        for i, r in enumerate(remedies)
                    ],
                    set(self.chosen),
                    id="rd-remedies",
                )
            else:
                yield Prose(Text(t("knowledge.barrier.no_remedies")))
            yield Prose("", id="rd-error")
            yield Prose(Text(t("knowledge.barrier.dialog_help")), id="rd-help")

    def on_mount(self) -> None:
        lists = self.query(ToggleList)
        if lists and self.ticked:
            lists.first().focus()
        else:
            self.query_one(f"#rd-{PartnerClass.MCW.value}", Checkbox).focus()

    @after_typed_keys
    def action_save(self) -> None:
        ticks = {p.value: self.query_one(f"#rd-{p.value}", Checkbox).value for p in PartnerClass}
        lists = self.query(ToggleList)
        remedies = lists.first().chosen_in_order() if lists else []
        if remedies and not any(ticks.values()):
            self.query_one("#rd-error", Static).update(Text(t("knowledge.barrier.need_tick")))
            return
        self.finish({**ticks, "remedies": remedies})

    def action_cancel(self) -> None:
        self.dismiss(None)


class BarrierChecklist(Vertical):
    BINDINGS = [
        Binding(
            "ctrl+e", "tick('mcw')", t("knowledge.key.tick_mcw"), id="barrier_checklist.tick_mcw"
        ),
        Binding(
            "ctrl+k",
            "tick('other')",
            t("knowledge.key.tick_other"),
            id="barrier_checklist.tick_other",
        ),
        Binding(
            "ctrl+o",
            "remedies",
            t("knowledge.key.remedies"),
            show=False,
            id="barrier_checklist.remedies",
        ),
    ]

    DEFAULT_CSS = """
    BarrierChecklist { height: 1fr; }
    BarrierChecklist #bc-help { color: $text-muted; padding: 0 1; height: auto; }
    BarrierChecklist #bc-table { height: auto; max-height: 14; }
    BarrierChecklist #bc-detail { height: 1fr; padding: 0 1; border-top: solid $panel; }
    BarrierChecklist #bc-text { height: auto; }
    """

    COLUMNS = (("no", 2), ("barrier", None), ("mcw", 12), ("other", 9), ("pref", 6), ("chosen", 5))

    def __init__(self, ctx: SessionContext, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.barriers = list(ctx.ref.survey.barriers)

    def compose(self) -> ComposeResult:
        yield Prose(Text(t("knowledge.barrier.help")), id="bc-help")
        yield FlexTable(
            [(key, t(f"knowledge.barrier.col_{key}"), width) for key, width in self.COLUMNS],
            id="bc-table",
        )
        with VerticalScroll(id="bc-detail"):
            yield Prose("", id="bc-text")

    def on_mount(self) -> None:
        self.reload()

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.reload()

    # --- data --------------------------------------------------------------------------
    def ticks(self) -> list[BarrierTick]:
        return self.ctx.store.barrier_ticks(self.ctx.session_id)

    def ticks_of(self, key: str) -> dict[str, BarrierTick]:
        return {tk.partner.value: tk for tk in self.ticks() if tk.barrier == key}

    def selected(self) -> Barrier | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        if row is None or not (0 <= row < len(self.barriers)):
            return None
        return self.barriers[row]

    def reload(self) -> None:
        table = self.query_one(FlexTable)
        row = table.cursor_row
        widths = table.layout()
        table.clear()
        ticks = self.ticks()
        for b in self.barriers:
            mine = {tk.partner.value: tk for tk in ticks if tk.barrier == b.key}
            chosen = {r for tk in mine.values() for r in tk.remedies}
            cells = [Text(str(b.number)), fit(b.label, widths[1])]
            for partner, share in (("mcw", b.mcw), ("other", b.other)):
                on = partner in mine
                cells.append(
                    Text(f"{TICK if on else ' '} {pct(share.pct):>6}", style="bold" if on else "")
                )
            cells.append(Text(pct(b.pref_face.pct) if b.pref_face else "—"))
            cells.append(Text(t("knowledge.barrier.n_chosen", n=len(chosen)) if chosen else ""))
            if mine:
                for c in cells[:2]:
                    c.stylize("bold")
            table.add_row(*cells, key=b.key)
        if row is not None:
            table.move_cursor(row=min(row, len(self.barriers) - 1))
        self.show_detail()

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        b = self.selected()
        out = Text()
        if b is not None:
            ref = self.ctx.ref
            mine = self.ticks_of(b.key)
            chosen = {r for tk in mine.values() for r in tk.remedies}
            out.append(f"{b.number} {b.label}\n", style="bold")
            out.append_text(shares(b))
            source = source_labels(b.sources)
            out.append(t("knowledge.source", label=source) + "\n", style="dim")
            felt = [label("partner", p) for p in PartnerClass if p.value in mine]
            out.append(
                t("knowledge.barrier.felt", partners="・".join(felt))
                if felt
                else t("knowledge.barrier.not_felt"),
                style="bold" if felt else "",
            )
            out.append("\n")
            remedies = ref.remedies_for(b.key)
            if remedies:
                out.append("\n" + t("knowledge.barrier.remedies_title") + "\n", style="bold")
                for i, r in enumerate(remedies):
                    out.append_text(remedy_text(ref, r, r.id in chosen, i + 1))
            else:
                out.append("\n" + t("knowledge.barrier.no_remedies") + "\n")
        self.query_one("#bc-text", Static).update(out)

    # --- actions -----------------------------------------------------------------------
    def action_tick(self, partner: str) -> None:
        b = self.selected()
        if b is None:
            return
        mine = self.ticks_of(b.key)
        if partner in mine:
            self.ctx.save(self.ctx.store.delete, mine[partner])
        else:
            # a second partner class starts with the remedies already chosen for the first
            chosen = list(dict.fromkeys(r for tk in mine.values() for r in tk.remedies))
            self.ctx.save(
                self.ctx.store.add,
                BarrierTick(
                    session_id=self.ctx.session_id,
                    barrier=b.key,
                    partner=PartnerClass(partner),
                    remedies=chosen,
                ),
            )
        self.reload()

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_remedies()

    def action_remedies(self) -> None:
        b = self.selected()
        if b is None:
            return
        mine = self.ticks_of(b.key)
        chosen = list(dict.fromkeys(r for tk in mine.values() for r in tk.remedies))

        def done(saved: Any) -> None:
            if saved is not None:
                self.reload()

        self.app.push_screen(
            RemedyDialog(
                self.ctx.ref, b, set(mine), chosen, submit=lambda result: self.save(b, result)
            ),
            done,
        )

    def save(self, b: Barrier, result: dict[str, Any]) -> bool | None:
        """Ticks as chosen (unticking deletes; the store keeps a snapshot), and the
        chosen remedies on every remaining tick of the barrier. None when it could not
        be saved (the app says why)."""
        store = self.ctx.store
        mine = self.ticks_of(b.key)
        remedies = list(result.get("remedies", []))

        def change() -> None:
            with store.write():
                for partner in PartnerClass:
                    wanted = bool(result.get(partner.value))
                    tick = mine.get(partner.value)
                    if wanted and tick is None:
                        store.add(
                            BarrierTick(
                                session_id=self.ctx.session_id,
                                barrier=b.key,
                                partner=partner,
                                remedies=remedies,
                            )
                        )
                    elif wanted and tick is not None:
                        store.update(tick, remedies=remedies)
                    elif tick is not None:
                        store.delete(tick)

        return self.ctx.save(change)
