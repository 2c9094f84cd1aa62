"""The rows of `run_all.py`'s table: each figure the scripts wrote to
`benchmarks/results/*.json`, beside its yardstick from the same run, its ratio and its
target (issue 14), printed as text and as the README's Markdown."""

from __future__ import annotations

import argparse
import json
from typing import Any

from common import RESULTS, pad_parts, pad_suffix, table


def result(name: str) -> dict[str, Any]:
    return json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))


def med(stats: dict[str, Any], key: str) -> float | None:
    s = stats.get(key)
    return None if s is None else s["median"]


class Rows:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.load: Any = None
        """The 1-minute load average the script of the rows being added recorded."""

    def use(self, data: dict[str, Any]) -> dict[str, Any]:
        env = data.get("environment", {})
        self.load = (env.get("load_average") or [None])[0]
        return data

    def add(
        self,
        what: str,
        value: float | None,
        n: int | None,
        yard: str = "",
        yard_value: float | None = None,
        target: str = "",
        source: str = "",
        unit: str = "ms",
    ) -> None:
        if value is None:
            return
        ratio = value / yard_value if yard_value else None
        self.rows.append(
            {
                "what": what,
                "n": n,
                "median": value,
                "unit": unit,
                "yardstick": yard,
                "yardstick_median": yard_value,
                "ratio": ratio,
                "target": target,
                "source": source,
                "load": self.load,
            }
        )


def n_of(stats: dict[str, Any], key: str) -> int | None:
    return stats[key]["n"] if key in stats else None


def panes(shape: dict[str, Any]) -> str:
    """Workshop's panes as the rows name them: widgets built and, of them, laid out on
    screen (a pane's other tabs are built when first opened)."""
    built = sorted(shape.get("pane_widgets", {}).values())
    placed = sorted(shape.get("pane_laid_out", {}).values())
    text = f"panes of {built[0]}–{built[-1]} widgets" if built else "panes"
    if placed:
        text += f", {placed[0]}–{placed[-1]} laid out (median {placed[len(placed) // 2]})"
    return text


def bare_label(shape: dict[str, Any], pad: int | str) -> str:
    """A bare pane as the rows name it: widgets built and laid out (its padding is in a
    tab that is not shown)."""
    built = shape.get("bare_pane_widgets", {}).get(str(pad))
    placed = shape.get("bare_pane_laid_out", {}).get(str(pad))
    return f"{built} widgets" + (f", {placed} laid out" if placed is not None else "")


def revisit_pad(stats: dict[str, Any], pad: int) -> int:
    """The revisit yardstick: the bare pane padded to the median workshop pane, as many
    widgets built (older result files have only the plain pane's revisit: 0)."""
    return pad if f"bare revisit to last paint ({pad} widgets)" in stats else 0


def bare_revisit(stats: dict[str, Any], pad: int) -> float | None:
    key = "bare revisit to last paint" + (f" ({pad} widgets)" if pad else "")
    return med(stats, key)


def first_visit_row(rows: Rows, r: dict[str, Any], median_pad: int, what: str, src: str) -> None:
    """Every step's first visit beside the bare mount of a pane with the same widgets
    (issue 14's yardstick): each step's samples are matched by those of the bare pane
    padded to its widgets, laid out as many as it lays out when it shows a form
    (`sizes.step_yardsticks`); the row gives the medians of all of them, and a note each
    step's. Older result files have one bare pane for all: the median pane's."""
    s, shape, raw = r["stats"], r["shape"], r.get("raw", {})
    step_pads: dict[str, str] = shape.get("step_pads", {})
    if not step_pads:
        rows.add(
            f"step first visit, {what}, every step ({panes(shape)})",
            med(s, "first visit, every step"),
            n_of(s, "first visit, every step"),
            f"bare pane first visit ({bare_label(shape, median_pad)})",
            med(s, f"bare first visit to last paint ({median_pad} widgets)"),
            "≤ 1.5×",
            src,
        )
        return
    from statistics import median

    built = shape.get("bare_pane_widgets", {})
    placed = shape.get("bare_pane_laid_out", {})
    ours: list[float] = []
    bare: list[float] = []
    each: list[str] = []
    for step, pad in step_pads.items():
        mine = raw.get(f"first visit {step}", [])
        theirs = raw.get(f"bare first visit to last paint{pad_suffix(*pad_parts(pad))}", [])
        if not mine or not theirs:
            continue
        ours += mine
        bare += theirs
        a, b = median(mine), median(theirs)
        each.append(
            f"{step} {a:,.0f} ms / bare {built.get(pad)} widgets, "
            f"{placed.get(pad)} laid out {b:,.0f} ms = {a / b:.2f}×"
        )
    if not ours:
        return
    sizes = [built[p] for p in step_pads.values() if p in built]
    shown = [placed[p] for p in step_pads.values() if p in placed]
    rows.add(
        f"step first visit, {what}, every step ({panes(shape)})",
        median(ours),
        len(ours),
        f"bare panes of each step's widgets ({min(sizes)}–{max(sizes)} widgets, "
        f"{min(shown)}–{max(shown)} laid out)",
        median(bare),
        "≤ 1.5×",
        src,
    )
    rows.notes.append(f"first visit per step, {what}: " + "; ".join(each))


def first_frame_row(
    rows: Rows, s: dict[str, Any], shape: dict[str, Any], what: str, src: str
) -> None:
    """A revisit to its first frame, beside the bare pane's: a switch whose last frame
    only repaints an unchanged scroll bar (Textual's DataTable does so after every layout;
    workshop's tables do not) is compared here without that frame."""
    pad = revisit_pad(s, shape["pads"][1] if len(shape["pads"]) > 1 else 0)
    key = "bare revisit to first frame" + (f" ({pad} widgets)" if pad else "")
    if "revisit to first frame" not in s or key not in s:
        return
    rows.add(
        f"step revisit, {what}, to the first frame painted",
        med(s, "revisit to first frame"),
        n_of(s, "revisit to first frame"),
        f"bare pane revisit to its first frame ({bare_label(shape, pad)})",
        med(s, key),
        "",
        src,
    )


def summarise(args: argparse.Namespace, rows: Rows) -> None:
    if "startup" in args.only:
        st = rows.use(result("startup"))
        fs, ratios, shape = st["first_screen"], st["ratios"], st["shape"]
        src = "startup.py"

        def start_row(variant: str, label: str) -> None:
            if variant not in fs:
                return
            y = ratios[variant].get("yardstick", "bare")
            w, yw = shape.get(variant, {}), shape.get(y, {})
            rows.add(
                f"start-up to first screen painted, {label} "
                f"({w.get('widgets')} widgets, {w.get('rows')} rows)",
                fs[variant]["median"],
                fs[variant]["n"],
                f"bare app ({yw.get('widgets')} widgets, {yw.get('rows')} rows)",
                fs[y]["median"],
                "≤ 1.2×",
                src,
            )

        start_row("open", "demo DB")
        for n in args.sessions:
            start_row(f"open-s{n}", f"{n:,} sessions")
    for n in args.sessions:
        name = f"sizes-s{n}"
        if "sizes" not in args.only:
            break
        r = rows.use(result(name))
        s, shape = r["stats"], r["shape"]
        rows.add(
            f"home screen pushed to paint, {n:,} sessions ({shape['home_rows']} rows, "
            f"{shape['home_widgets']} widgets)",
            med(s, "home pushed to paint"),
            n_of(s, "home pushed to paint"),
            f"bare screen, same rows ({shape.get('bare_home_widgets')} widgets)",
            med(s, "bare home pushed to paint"),
            "≤ 1.3×",
            f"sizes.py s{n}",
        )
        rows.add(
            f"`workshop list`, {n:,} sessions (whole process)",
            med(s, "workshop list"),
            n_of(s, "workshop list"),
            "`workshop list` on the demo DB",
            med(s, "workshop list, demo database"),
            "",
            f"sizes.py s{n}",
        )
    if "sizes" in args.only:
        typical = rows.use(result("sizes-typical"))
        s, shape = typical["stats"], typical["shape"]
        pads = shape["pads"]
        median_pad = pads[1] if len(pads) > 1 else 0
        bare_pane = shape["bare_pane_widgets"]
        rows.notes.append(f"widgets per pane, typical session: {shape['pane_widgets']}")
        rows.add(
            f"step revisit, typical session ({shape['session_cards']} cards; {panes(shape)}), "
            "to last paint",
            med(s, "revisit, every step"),
            n_of(s, "revisit, every step"),
            f"bare pane revisit ({bare_label(shape, revisit_pad(s, median_pad))})",
            bare_revisit(s, revisit_pad(s, median_pad)),
            "≤ 1.5×",
            f"sizes.py typical (s{args.typical_db})",
        )
        first_frame_row(rows, s, shape, "typical session", f"sizes.py typical (s{args.typical_db})")
        first_visit_row(
            rows, typical, median_pad, "typical session", f"sizes.py typical (s{args.typical_db})"
        )
    for n in args.cards if "sizes" in args.only else []:
        r = rows.use(result(f"sizes-c{n}"))
        s, shape = r["stats"], r["shape"]
        pads = shape["pads"]
        median_pad = pads[1] if len(pads) > 1 else 0
        strengths_w = shape["pane_widgets"].get("strengths", median_pad)
        bare_pane = shape["bare_pane_widgets"]
        cards = shape["session_cards"]
        src = f"sizes.py c{n}"
        open_pad = str(shape.get("open_pad", 0))
        open_key = pad_suffix(*pad_parts(open_pad))
        rows.notes.append(f"widgets per pane, {cards:,}-card session: {shape['pane_widgets']}")
        screen_w = shape.get("open_screen_widgets")
        bare_screen = shape.get("bare_screen_widgets", {}).get(open_pad)
        rows.add(
            f"open the largest session ({cards:,} cards; {screen_w} widgets) to first pane painted",
            med(s, "open to first pane painted"),
            n_of(s, "open to first pane painted"),
            f"bare session-like screen ({bare_screen} widgets; its pane: "
            f"{bare_label(shape, open_pad)})",
            med(s, "bare open (screen pushed, first pane) to last paint" + open_key),
            "≤ 1.3×",
            src,
        )
        rows.add(
            f"step revisit, largest session ({cards:,} cards; {panes(shape)}), to last paint",
            med(s, "revisit, every step"),
            n_of(s, "revisit, every step"),
            f"bare pane revisit ({bare_label(shape, revisit_pad(s, median_pad))})",
            bare_revisit(s, revisit_pad(s, median_pad)),
            "≤ 1.5×",
            src,
        )
        first_frame_row(rows, s, shape, f"largest session ({cards:,} cards)", src)
        first_visit_row(rows, r, median_pad, f"largest session ({cards:,} cards)", src)
        rows.add(
            f"② first visit, {cards:,} cards ({strengths_w} widgets)",
            med(s, "first visit strengths"),
            n_of(s, "first visit strengths"),
            f"bare pane first visit ({bare_pane.get(str(strengths_w))} widgets)",
            med(s, f"bare first visit to last paint ({strengths_w} widgets)"),
            "≤ 1.5×, < 300 ms",
            src,
        )
        rows.add(
            f"② first visit, {cards:,} cards, first frame with cards ({strengths_w} widgets)",
            med(s, "first visit strengths, first frame with cards"),
            n_of(s, "first visit strengths, first frame with cards"),
            f"bare pane first visit ({bare_pane.get(str(strengths_w))} widgets)",
            med(s, f"bare first visit to last paint ({strengths_w} widgets)"),
            "< 300 ms",
            src,
        )
        if "② ctrl+End on the board as first shown (rest read and added)" in s:
            rows.add(
                f"② ctrl+End on the board as first shown, {cards:,} cards (the rest read "
                "and added), key to last paint",
                med(s, "② ctrl+End on the board as first shown (rest read and added)"),
                n_of(s, "② ctrl+End on the board as first shown (rest read and added)"),
                "",
                None,
                "< 300 ms",
                src,
            )
        rows.add(
            f"② findings tab shown (matched, painted), {cards:,} cards",
            med(s, "findings tab shown (matched, painted)"),
            n_of(s, "findings tab shown (matched, painted)"),
            "",
            None,
            "< 300 ms",
            src,
        )
    for n in args.cards if "exports" in args.only else []:
        r = rows.use(result(f"exports-c{n}"))
        e2e, cards = r["end_to_end"], r["session"]["cards"]
        for fmt, target in (("xlsx", "< 500 ms"), ("docx", "< 1,000 ms")):
            if fmt in e2e:
                rows.add(
                    f"{fmt.upper()} end to end (open, load, render, write), {cards:,} cards",
                    e2e[fmt]["median"],
                    e2e[fmt]["n"],
                    target=target,
                    source=f"exports.py c{n}",
                )
    if "memory" in args.only:
        r = rows.use(result(f"memory-c{args.memory_db}"))
        m, runs = r["medians"], len(r["samples"]["bare"])
        what = f"RSS after {args.memory_cycles} open/close cycles of a {r['cards']:,}-card session"
        bare = m["bare"]["after_cycles_mb"]
        yard = "bare app, same cycles"
        src = f"memory.py c{args.memory_db}"
        typing, idle = m["typing"], m["idle"]
        for label, value, yardstick, yard_mb in (
            (f"{what}, typing throughout", typing["after_cycles_mb"], yard, bare),
            ("… then every export (typing throughout)", typing["after_exports_mb"], yard, bare),
            (f"{what}, idle pauses", idle["after_cycles_mb"], yard, bare),
            (
                "peak RSS (VmHWM), typing throughout",
                typing["peak_mb"],
                "bare app peak",
                m["bare"]["peak_mb"],
            ),
        ):
            rows.add(label, value, runs, yardstick, yard_mb, "< 150 MB", src, "MB")


def print_table(rows: Rows) -> str:
    body = []
    for i, r in enumerate(rows.rows, 1):
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] else "–"
        yard = r["yardstick_median"]
        body.append(
            [
                i,
                r["what"],
                r["n"] or "",
                f"{r['median']:,.0f} {r['unit']}",
                r["yardstick"] or "–",
                f"{yard:,.0f} {r['unit']}" if yard else "–",
                ratio,
                r["target"] or "–",
                r["source"],
            ]
        )
    heads = ["#", "what", "n", "median", "yardstick", "yardstick median", "ratio", "target"]
    return table([*heads, "from"], body)


def markdown(rows: Rows, commands: dict[str, str]) -> str:
    """The same table as Markdown, with the command that printed each figure and the load
    average its script recorded (for the READMEs)."""
    lines = [
        "| # | what | median | yardstick (same run) | ratio | target | n | load | command |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(rows.rows, 1):
        yard = r["yardstick_median"]
        yard_text = f"{r['yardstick']}: {yard:,.0f} {r['unit']}" if yard else "–"
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] else "–"
        lines.append(
            f"| {i} | {r['what']} | {r['median']:,.0f} {r['unit']} | {yard_text} | {ratio} "
            f"| {r['target'] or '–'} | {r['n']} | {r['load']} "
            f"| `{commands.get(r['source'], r['source'])}` |"
        )
    return "\n".join(lines)
