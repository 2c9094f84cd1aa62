"""The yardstick for switching steps: a bare Textual app shaped like the session screen.

A title line (with the saved state and the timer), a step line of six tabs, six panes in
a ContentSwitcher (each a TabbedContent of three tabs: a DataTable of twelve wrapped
Japanese rows with an Input and a Select under it, and two smaller tables), a side panel
of six pages of Japanese text (one shown, as workshop's) and a key line: the session
screen's chrome has as many widgets, of the same kinds, as workshop's (about 40). No
database, no workshop code. Switching is `show_pane` (the pane and its side page) +
`await pilot.pause()`, timed exactly
as `large_db.py` times `screen.go_to(step)`, and to the last frame painted (see
`common.PaintClock`): the difference between the two apps is what workshop adds to
Textual's own layout and painting.

A first visit mounts the pane (a workshop step builds its pane on the first visit). With
`--widgets N` each pane gets a fourth tab, a form of labels and inputs, so that it has N
widgets (a workshop pane has many fields in tabs that are not shown): the yardstick for a
first visit of a pane with the same number of widgets. Every figure names the widget
count of the bare pane. `sizes.py` measures the same things in the same run as workshop.

    python benchmarks/bare_switch.py [--rounds 3] [--widgets 150]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    ContentSwitcher,
    DataTable,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    PaintClock,
    full_collections_between,
    laid_out,
    pad_name,
    pad_suffix,
    summary,
    table,
    write_result,
)

PANES = 6
CARD = "車がなくても、買い物と通院をあきらめずに暮らせるまちにしたい。出かけた先で誰かと話せる"
SIDE = "\n".join(f"・同じような取組を別々の課が進めていないか確かめる（{n}）" for n in range(30))


def wrapped(text: str, width: int) -> Text:
    lines = [text[i : i + width // 2] for i in range(0, len(text), width // 2)][:3]
    return Text("\n".join(lines))


class Pane(Vertical):
    def __init__(self, extra: int = 0, shown: int = 0, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.extra = extra
        """Widgets added in a form tab (pairs of a Label and an Input)."""
        self.shown = shown
        """Widgets added in a form under the cards, on the tab shown (pairs of a Label and
        an Input): laid out on a first visit, as a workshop form of many fields is."""

    def compose(self) -> ComposeResult:
        with TabbedContent():
            with TabPane("カード"), Vertical():
                yield DataTable(cursor_type="row", zebra_stripes=True, classes="cards")
                with Horizontal(classes="capture"):
                    yield Select([("山田 恵子（高齢福祉課）", 1), ("石井 健司（企画課）", 2)])
                    yield Input(placeholder="ここに入力して Enter")
                if self.shown > 0:
                    with VerticalScroll(classes="form"):
                        for n in range(self.shown // 2):
                            yield Label(f"記入欄 {n + 1}（会議の情報）")
                            yield Input(placeholder="入力")
            with TabPane("整理"):
                yield DataTable(classes="matrix")
            with TabPane("ほか"):
                yield DataTable(classes="other")
            if self.extra > 0:
                with TabPane("記入"), VerticalScroll():
                    for n in range(self.extra // 2):
                        yield Label(f"項目 {n + 1}（担当課と連絡先）")
                        yield Input(placeholder="入力")

    def on_mount(self) -> None:
        cards = self.query_one(".cards", DataTable)
        for name, width in (("No.", 3), ("内容", 52), ("発言者（所属）", 18), ("票", 3)):
            cards.add_column(name, width=width)
        for n in range(12):
            who = Text("山田 恵子（高齢福祉課）")
            cards.add_row(str(n + 1), wrapped(CARD, 52), who, str(n % 5), height=3)
        for cls in (".matrix", ".other"):
            t = self.query_one(cls, DataTable)
            for h in ("所属", "強み", "現在の取組", "住民との接点"):
                t.add_column(h, width=22)
            for _ in range(8):
                t.add_row("高齢福祉課", *(wrapped(CARD, 22) for _ in range(3)), height=3)


CSS = """
    #top, #steps, #keys { height: 1; }
    #title { width: 1fr; }
    #saved, #timer, .step { width: auto; margin: 0 1; }
    #body { height: 1fr; }
    ContentSwitcher { width: 1fr; height: 1fr; }
    Pane { height: 1fr; }
    TabbedContent { height: 1fr; }
    .capture { height: 3; }
    .capture Select { width: 30; }
    .cards { height: 1fr; }
    .form { height: 1fr; }
    #side { width: 34; }
    .page { height: 1fr; padding: 0 1; overflow-y: scroll; }
    .page Button { width: 100%; min-width: 0; height: 1; border: none; margin: 1 0 0 0; }
    """

STEPS = ("準備", "① 理念", "② 強み", "③ 資源", "④ 仕組み化", "まとめ")


def compose_session() -> ComposeResult:
    """The session screen's chrome, widget for widget of the same kinds as workshop's
    (since 2026-12-05; before, 6 widgets against workshop's 44): a title line with the
    saved state and the timer, a step line of six tabs, the side panel's six pages (one
    shown; each a text, a button and tips) and a key line."""
    with Horizontal(id="top"):
        yield Static("第1回 連携ワークショップ ／ みなと町 おでかけ支援", id="title")
        yield Static("保存済み", id="saved")
        yield Static("残り 25:00", id="timer")
    with Horizontal(id="steps"):
        for name in STEPS:
            yield Static(name, classes="step")
    with Horizontal(id="body"):
        yield ContentSwitcher(id="switcher")
        with Vertical(id="side"):
            for n in range(PANES):
                page = VerticalScroll(classes="page", id=f"side{n}")
                page.display = n == 0
                with page:
                    yield Static(SIDE)
                    yield Button("似た事例を開く")
                    yield Static(SIDE)
    yield Static("f3 次へ  f5 タイマー  f8 出力  ^q 終了", id="keys")


def show_pane(root: App | Screen, pane_id: str, n: int) -> None:
    """Show a pane and the side panel's page that goes with it (the `n`-th pane's), as
    workshop's step switch does."""
    root.query_one("#switcher", ContentSwitcher).current = pane_id
    for k, page in enumerate(root.query(".page")):
        page.display = k == n % PANES


class SessionLike(Screen):
    """The session screen's shape, opened with its first pane (the yardstick for opening
    a session)."""

    def __init__(self, extra: int = 0, shown: int = 0) -> None:
        super().__init__()
        self.extra = extra
        self.shown = shown

    def compose(self) -> ComposeResult:
        yield from compose_session()

    def on_mount(self) -> None:
        self.query_one(ContentSwitcher).mount(Pane(self.extra, self.shown, id="p0"))
        show_pane(self, "p0", 0)


class BareSession(App):
    CSS = CSS

    def compose(self) -> ComposeResult:
        yield from compose_session()


BARE_WIDGETS: dict[str, int] = {}
"""Widgets of a mounted bare pane (itself included), by its pad (`pad_name`): measured,
never guessed."""
BARE_SCREEN_WIDGETS: dict[str, int] = {}
"""Widgets of the whole session-like screen opened with such a pane (the screen
included), by its pad."""
BARE_LAID_OUT: dict[str, int] = {}
"""Of those, the widgets the layout placed when the pane was shown (the padding is in a
tab that is not shown, like the fields of a workshop pane's other tabs, unless the pad
asks for widgets laid out)."""


async def measure_in(
    app: App,
    pilot: object,
    clock: PaintClock,
    rounds: int,
    widgets: int = 0,
    panes: int = PANES,
    opens: bool = True,
    shown: int = 0,
) -> dict[str, list[float]]:
    """In a running BareSession: first visits (mount) and revisits of six panes padded to
    about `widgets` widgets each (0: the plain pane), about `shown` of them laid out when
    shown (0: the padding is in a tab not shown), to `pilot.pause()` and to the last frame
    painted; and the session-like screen pushed with its first pane, to the last frame
    painted. The six panes are removed afterwards and the garbage collected (outside the
    timed actions), so that each pad is measured on a screen of at most six panes, as
    workshop's session screen is: left in place, every pad's panes stayed in the DOM of
    the pads measured after it (36 panes by the last), which made those slower.
    Run it inside `common.full_collections_between()`."""
    suffix = pad_suffix(widgets, shown)
    out: dict[str, list[float]] = {}
    switcher = app.query_one("#switcher", ContentSwitcher)
    base = base_placed = 0
    if widgets:
        probe = Pane(0, id="probe")
        await switcher.mount(probe)
        switcher.current = "probe"
        await clock.until_painted(time.perf_counter())
        base, base_placed = len(probe.query("*")) + 1, laid_out(probe)
        await probe.remove()
    # a form on the shown tab adds its scroll container and its pairs
    extra_shown = max(0, shown - base_placed - 1) if shown else 0
    extra = max(0, widgets - base - extra_shown - (1 if extra_shown else 0))
    key = f"{rounds}-{pad_name(widgets, shown).replace('/', '_')}-{len(switcher.children)}"
    for n in range(panes):
        pane = Pane(extra, extra_shown, id=f"p{key.replace('-', '_')}_{n}")
        t = time.perf_counter()
        switcher.mount(pane)
        show_pane(app, pane.id, n)
        out.setdefault(f"first visit to last paint{suffix}", []).append(
            await clock.until_painted(t)
        )
        BARE_WIDGETS[pad_name(widgets, shown)] = len(pane.query("*")) + 1
        BARE_LAID_OUT[pad_name(widgets, shown)] = laid_out(pane)
    ids = [c.id for c in switcher.children][-panes:]
    for _ in range(rounds):
        for n, pid in enumerate(ids):
            clock.first_frame_where(lambda: True)
            t = time.perf_counter()
            show_pane(app, pid, n)
            out.setdefault(f"revisit to last paint{suffix}", []).append(
                await clock.until_painted(t)
            )
            if clock.seen is not None:
                out.setdefault(f"revisit to first frame{suffix}", []).append(
                    (clock.seen - t) * 1000
                )
            clock.first_frame_where(None)
    for _ in range(panes if opens else 0):
        t = time.perf_counter()
        await app.push_screen(SessionLike(extra, extra_shown))
        out.setdefault(f"open (screen pushed, first pane) to last paint{suffix}", []).append(
            await clock.until_painted(t)
        )
        BARE_SCREEN_WIDGETS[pad_name(widgets, shown)] = len(app.screen.query("*")) + 1
        app.pop_screen()
        await clock.until_painted(time.perf_counter())
    for pid in ids:
        await switcher.get_child_by_id(pid).remove()
    await clock.until_painted(time.perf_counter())
    gc.collect()
    return out


async def measure(rounds: int, widgets: int = 0) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"first visit": [], "revisit": [], "revisit to last paint": []}
    clock = PaintClock()
    app = BareSession()
    with full_collections_between():
        async with app.run_test(size=(120, 40)) as pilot:
            switcher = app.query_one(ContentSwitcher)
            for n in range(PANES):
                t = time.perf_counter()
                await switcher.mount(Pane(id=f"p{n}"))
                show_pane(app, f"p{n}", n)
                await pilot.pause()
                out["first visit"].append((time.perf_counter() - t) * 1000)
            for _ in range(rounds):
                for n in range(PANES):
                    t = time.perf_counter()
                    show_pane(app, f"p{n}", n)
                    await pilot.pause()
                    out["revisit"].append((time.perf_counter() - t) * 1000)
            for _ in range(rounds):
                for n in range(PANES):
                    t = time.perf_counter()
                    show_pane(app, f"p{n}", n)
                    out["revisit to last paint"].append(await clock.until_painted(t))
            for n in range(PANES):
                await switcher.get_child_by_id(f"p{n}").remove()
            gc.collect()
            out |= await measure_in(app, pilot, clock, rounds, widgets)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--widgets", type=int, default=0, help="pad each pane to N widgets")
    args = parser.parse_args()
    raw = asyncio.run(measure(args.rounds, args.widgets))
    stats = {k: summary(v) for k, v in raw.items()}
    rows = [[k, s["n"], s["median"], s["p95"], s["max"]] for k, s in stats.items()]
    print(table(["bare Textual pane switch (ms)", "n", "median", "p95", "max"], rows))
    print(f"widgets per pane: {BARE_WIDGETS}, of them laid out: {BARE_LAID_OUT}")
    payload = {
        "unit": "ms",
        "stats": stats,
        "widgets_per_pane": BARE_WIDGETS,
        "laid_out_per_pane": BARE_LAID_OUT,
        "raw": raw,
    }
    print(f"\nresult: {write_result('bare_switch', payload)}")


if __name__ == "__main__":
    main()
