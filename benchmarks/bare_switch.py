"""The yardstick for switching steps: a bare Textual app shaped like the session screen.

A title line, a step line, six panes in a ContentSwitcher (each a TabbedContent of three
tabs: a DataTable of twelve wrapped Japanese rows with an Input and a Select under it, and
two smaller tables), a side panel of Japanese text and a key line. No database, no
workshop code. Switching is `switcher.current = …` + `await pilot.pause()`, timed exactly
as `large_db.py` times `screen.go_to(step)`, and to the last frame painted (see
`common.PaintClock`): the difference between the two apps is what workshop adds to
Textual's own layout and painting.

    python benchmarks/bare_switch.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, DataTable, Input, Select, Static, TabbedContent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PaintClock, summary, table, write_result

PANES = 6
CARD = "車がなくても、買い物と通院をあきらめずに暮らせるまちにしたい。出かけた先で誰かと話せる"
SIDE = "\n".join(f"・同じような取組を別々の課が進めていないか確かめる（{n}）" for n in range(30))


def wrapped(text: str, width: int) -> Text:
    lines = [text[i : i + width // 2] for i in range(0, len(text), width // 2)][:3]
    return Text("\n".join(lines))


class Pane(Vertical):
    def compose(self) -> ComposeResult:
        with TabbedContent():
            with Vertical():
                yield DataTable(cursor_type="row", zebra_stripes=True, classes="cards")
                with Horizontal(classes="capture"):
                    yield Select([("山田 恵子（高齢福祉課）", 1), ("石井 健司（企画課）", 2)])
                    yield Input(placeholder="ここに入力して Enter")
            yield DataTable(classes="matrix")
            yield DataTable(classes="other")

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


class BareSession(App):
    CSS = """
    #top, #steps, #keys { height: 1; }
    #body { height: 1fr; }
    ContentSwitcher { width: 1fr; height: 1fr; }
    Pane { height: 1fr; }
    TabbedContent { height: 1fr; }
    .capture { height: 3; }
    .capture Select { width: 30; }
    .cards { height: 1fr; }
    #side { width: 32; }
    """

    def compose(self) -> ComposeResult:
        yield Static("第1回 連携ワークショップ ／ みなと町 おでかけ支援", id="top")
        yield Static("準備 → ① → ② → ③ → ④ → まとめ", id="steps")
        with Horizontal(id="body"):
            yield ContentSwitcher(id="switcher")
            yield Static(SIDE, id="side")
        yield Static("f3 次へ  f5 タイマー  f8 出力  ^q 終了", id="keys")


async def measure(rounds: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"first visit": [], "revisit": [], "revisit to last paint": []}
    clock = PaintClock()
    app = BareSession()
    async with app.run_test(size=(120, 40)) as pilot:
        switcher = app.query_one(ContentSwitcher)
        for n in range(PANES):
            t = time.perf_counter()
            await switcher.mount(Pane(id=f"p{n}"))
            switcher.current = f"p{n}"
            await pilot.pause()
            out["first visit"].append((time.perf_counter() - t) * 1000)
        for _ in range(rounds):
            for n in range(PANES):
                t = time.perf_counter()
                switcher.current = f"p{n}"
                await pilot.pause()
                out["revisit"].append((time.perf_counter() - t) * 1000)
        for _ in range(rounds):
            for n in range(PANES):
                t = time.perf_counter()
                switcher.current = f"p{n}"
                out["revisit to last paint"].append(await clock.until_painted(t))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    stats = {k: summary(v) for k, v in asyncio.run(measure(args.rounds)).items()}
    rows = [[k, s["n"], s["median"], s["p95"], s["max"]] for k, s in stats.items()]
    print(table(["bare Textual pane switch (ms)", "n", "median", "p95", "max"], rows))
    print(f"\nresult: {write_result('bare_switch', {'unit': 'ms', 'stats': stats})}")


if __name__ == "__main__":
    main()
