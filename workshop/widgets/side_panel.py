"""The panel beside each step: what the step is for, the cases most like this session,
tips from the sources, and the guide's example. Reference content is Japanese in both
UI languages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.visual import VisualType
from textual.widgets import Button, Static

from workshop.domain.benchmark import (
    Reason,
    SimilarCase,
    match_schemes,
    similar_cases,
    theme_keys,
)
from workshop.domain.enums import ResourceKind, Side, Step
from workshop.domain.similarity import ANCHOR_MEETINGS, StepFocus, department_words
from workshop.i18n import t
from workshop.widgets.prose import Prose, SizedByLayout

if TYPE_CHECKING:
    from workshop.context import SessionContext

SIMILAR_COUNT = 3


class PanelText(Prose):
    """The panel's text; a click on a case's name opens it in the case library."""

    def action_open_case(self, case_id: str) -> None:
        for panel in self.ancestors:
            if isinstance(panel, SidePanel):
                panel.open_library(case_id)
                return


class SidePage(SizedByLayout, VerticalScroll):
    """One step's page of the panel. Each step keeps its own page, written again only
    when the data changed: a step shown again finds its page as it was, scrolled where
    it was left, with nothing to lay out or paint anew (a single page rewritten on every
    switch changed its scrollable height, so its scroll bar was painted again in a
    frame of its own after every switch). Pages are built hidden with the screen; the
    scroll bar's track is always there, so a page shown the first time does not lay the
    screen out again to make room for it."""

    def __init__(self, step: Step, **kw) -> None:
        super().__init__(**kw)
        self.step = step
        self.shown: tuple[VisualType | None, VisualType | None] = (None, None)
        """The two texts the page shows (the objects the session keeps for the step)."""

    def compose(self) -> ComposeResult:
        yield PanelText("", id="sp-content")
        yield Button(t("knowledge.side.open_cases"), id="sp-open-cases")
        yield Prose("", id="sp-tips")

    def show(self, head: VisualType, tail: VisualType) -> None:
        if self.shown[0] is head and self.shown[1] is tail:
            return
        self.shown = (head, tail)
        self.query_one("#sp-content", Static).update(head)
        self.query_one("#sp-tips", Static).update(tail)
        self.scroll_home(animate=False)


class SidePanel(Vertical):
    DEFAULT_CSS = """
    SidePanel { width: 34; border-left: tall $primary; background: $boost; }
    SidePanel SidePage { height: 1fr; padding: 0 1; overflow-y: scroll; }
    SidePanel #sp-open-cases { width: 100%; min-width: 0; height: 1; border: none;
        margin: 1 0 0 0; background: $primary; color: $background; text-style: bold; }
    SidePanel #sp-open-cases:focus { text-style: bold reverse; }
    """

    def __init__(self, ctx: SessionContext, steps: Sequence[Step], **kw) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.step: Step | None = None
        self.similar: list[SimilarCase] = []
        self._pages = {step: SidePage(step, id=f"side-{step.value}") for step in steps}

    def compose(self) -> ComposeResult:
        # Built with the screen, hidden: a step's first visit only writes its texts
        for page in self._pages.values():
            page.display = False
            yield page

    @property
    def page(self) -> SidePage | None:
        """The page of the step shown (None before the first step)."""
        return self._pages.get(self.step) if self.step is not None else None

    def show_step(self, step: Step) -> None:
        """Show a step's page; written again only if the database changed since it was
        written (a step shown again costs no case matching and keeps its scroll)."""
        old = self.page
        self.step = step
        if old is not None and old.step is not step:
            old.display = False
        self._pages[step].display = True
        self.refresh_content(again=False)

    def refresh_content(self, again: bool = True) -> None:
        if self.step is None:
            return
        step = self.step
        head, tail, self.similar = self.ctx.current(
            ("side-panel", step), lambda: self._page(step), again=again
        )
        self._pages[step].show(head, tail)

    def _page(self, step: Step) -> tuple[VisualType, VisualType, list[SimilarCase]]:
        """A step's two texts (broken into lines once, at the panel's width) and the
        similar cases the first found, kept by the session until the data changes."""
        head = Prose.wrap(self.render_head(step))
        return head, Prose.wrap(self.render_tail(step)), self.similar

    def render_step(self, step: Step) -> Text:
        """Everything the panel shows for a step, as one text."""
        out = self.render_head(step)
        out.append_text(self.render_tail(step))
        return out

    def render_head(self, step: Step) -> Text:
        """What the step is for, then the extra sections (similar cases)."""
        info = self.ctx.ref.step_by_key.get(step.value)
        out = Text()
        if info is not None:
            out.append(f"{info.title}\n", style="bold")
            if info.effect:
                out.append(f"{info.effect}\n", style="italic")
            if info.explanation:
                out.append(f"\n{info.explanation}\n")
        for section in self.extra_sections(step):
            out.append("\n")
            out.append_text(section)
        return out

    def render_tail(self, step: Step) -> Text:
        """Tips from the sources and the guide's example for the step."""
        ref = self.ctx.ref
        info = ref.step_by_key.get(step.value)
        out = Text()
        if info is None:
            return out
        if info.tips:
            out.append(f"\n{t('side.tips')}\n", style="bold")
            for tip in info.tips:
                out.append(f"・{tip.text}\n")
                out.append(f"  {ref.citation(tip.sources[:1])}\n", style="dim")
        if info.example_case and (case := ref.case_by_id.get(info.example_case)):
            out.append(f"\n{t('side.example')}\n", style="bold")
            out.append(f"{case.prefecture}{case.municipality}: {case.title}\n")
            out.append(f"  {ref.citation(case.sources[:1])}\n", style="dim")
        return out

    # --- similar cases -------------------------------------------------------------------
    def focus(self, step: Step) -> StepFocus:
        """What the session brings to the step: ② the departments in the room, ③ its
        resources and the schemes that fit its themes, ④ the mechanism's anchor and
        organisational pattern; the town's certification rate for every step."""
        ctx, ref = self.ctx, self.ctx.ref
        store, sid = ctx.store, ctx.session_id
        cert = getattr(ctx.initiative, "care_cert_rate_adjusted", None)
        if step is Step.STRENGTHS:
            inside = [a for a in ctx.attendees if a.side is Side.INTERNAL]
            types = [
                ref.department_by_key[a.department_type].label
                for a in inside
                if a.department_type in ref.department_by_key
            ]
            names = [a.department for a in inside if a.department]
            words = department_words(names, types, ref.cases.cases)
            return StepFocus(point=step.point, departments=words, cert_rate=cert)
        if step is Step.RESOURCES:
            resources = store.resources(sid)
            wanted = theme_keys(ctx.session.themes, ref.themes.themes)
            offered = match_schemes(ref.schemes.schemes, ref.cases.cases, wanted, ref.themes.themes)
            used = [
                ref.scheme_by_id[r.scheme_id].name
                for r in resources
                if r.scheme_id in ref.scheme_by_id
            ]
            schemes = tuple(
                dict.fromkeys(
                    [
                        *used,
                        *(r.name for r in resources if r.kind is ResourceKind.SCHEME),
                        *(o.name for o in offered),
                    ]
                )
            )
            bodies = tuple(x for r in resources for x in (r.name, r.owner, *r.members) if x)
            return StepFocus(point=step.point, schemes=schemes, bodies=bodies, cert_rate=cert)
        if step is Step.MECHANISM:
            mechanism = next(iter(store.mechanisms(sid)), None)
            if mechanism is not None:
                pattern = ref.pattern_by_key.get(mechanism.org_pattern or "")
                return StepFocus(
                    point=step.point,
                    meetings=ANCHOR_MEETINGS.get(mechanism.anchor.value, ()),
                    pattern_cases=tuple(pattern.cases) if pattern else (),
                    pattern_key=pattern.key if pattern else "",
                    cert_rate=cert,
                )
        return StepFocus(point=step.point, cert_rate=cert)

    def find_similar(self, step: Step) -> list[SimilarCase]:
        ref = self.ctx.ref
        band = ref.population_band(self.ctx.initiative.population)
        return similar_cases(
            ref.cases.cases,
            theme_keys(self.ctx.session.themes, ref.themes.themes),
            band.key if band else None,
            self.focus(step),
            ref.vocab.population_bands,
            SIMILAR_COUNT,
        )

    def reason_text(self, reason: Reason) -> str:
        ref = self.ctx.ref
        if reason.kind == "theme":
            names = "、".join(
                ref.theme_by_key[k].label.split("・")[0]
                for k in reason.values
                if k in ref.theme_by_key
            )
            return t("knowledge.side.why_theme", themes=names)
        if reason.kind == "point":
            return t("knowledge.side.why_point", point="①②③④"[int(reason.values[0]) - 1])
        if reason.kind == "meeting":
            names = "、".join(ref.vocab_label("meeting_patterns", k) for k in reason.values)
            return t("knowledge.side.why_meeting", names=names)
        if reason.kind == "org_pattern":
            pattern = ref.pattern_by_key.get(reason.values[0])
            return t("knowledge.side.why_org_pattern", name=pattern.name if pattern else "")
        if reason.kind in ("departments", "schemes", "bodies", "cert"):
            return t(f"knowledge.side.why_{reason.kind}", names="、".join(reason.values))
        return t(f"knowledge.side.why_{reason.kind}")

    def extra_sections(self, step: Step) -> list[Text]:
        """The cases most like this session (theme, population band, the step's point),
        each with one line on why; a click opens the case in the case library."""
        self.similar = self.find_similar(step)
        out = Text()
        out.append(t("knowledge.side.similar") + "\n", style="bold")
        if not self.similar:
            out.append(t("knowledge.side.no_similar") + "\n", style="dim")
            return [out]
        for item in self.similar:
            case = item.case
            name = case.prefecture if case.kind == "prefecture" else case.municipality
            where = "" if case.kind == "prefecture" else f"（{case.prefecture}）"
            link = Style.from_meta({"@click": f"open_case({case.id!r})"})
            out.append("▸ ", style="bold")
            out.append(f"{name}{where}", style=Style(bold=True, underline=True) + link)
            out.append("\n")
            out.append("  " + "・".join(self.reason_text(r) for r in item.reasons) + "\n")
        return [out]

    @on(Button.Pressed, "#sp-open-cases")
    def _open_cases(self, event: Button.Pressed) -> None:
        event.stop()
        self.open_library(self.similar[0].case.id if self.similar else None)

    class OpenCases(Message):
        """Asks the app to open the case library, at one case or at its top."""

        def __init__(self, case_id: str | None) -> None:
            super().__init__()
            self.case_id = case_id

    def open_library(self, case_id: str | None = None) -> None:
        self.post_message(self.OpenCases(case_id))
