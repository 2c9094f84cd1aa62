"""Where a DOCX export of the largest session spends its time, phase by phase.

    python benchmarks/profile_export.py --db benchmarks/results/db/c10000.db
    python benchmarks/profile_export.py --db PATH --format summary --runs 5 --html

The session's data is loaded once; then the format is rendered `--runs` times (after one
warm-up render) with the phases of `workshop.export.minutes_docx` timed: the neutral
document (what the minutes say), the column widths of every table, the table rows (their
template rows, and their XML text, written while saving), the rest of python-docx's
building and the save (serialise, zip; without the rows' text). CPU time beside wall time:
on a shared machine the wall time grows with the load, the CPU time much less. `--html`
also writes a pyinstrument profile of one more render to `results/profile-export-FMT.html`.
Writes `results/profile-export-FMT.json`.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS, shown, table, write_result

FORMATS = ("docx", "summary", "charter")
PHASES = ("document", "widths", "rows", "python-docx", "save")


def _timed(owner: Any, name: str, spent: dict[str, list[float]], phase: str) -> None:
    """Wrap owner.name so that its CPU and wall time are added to spent[phase]."""
    inner: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(inner)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[phase][0] += time.process_time() - cpu
            spent[phase][1] += time.perf_counter() - wall

    setattr(owner, name, wrapper)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="its largest session is exported")
    ap.add_argument("--format", choices=FORMATS, default="docx")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--html", action="store_true", help="also write a pyinstrument profile")
    args = ap.parse_args(argv)

    from workshop.export import charter_docx, docx_rows, minutes_docx, render
    from workshop.export.layout import TableWidths
    from workshop.store import Store

    with Store(args.db) as store:
        big = max(store.session_summaries(), key=lambda s: s.cards)
        data = store.initiative_data(big.initiative_id)
    render(args.format, data, big.id)  # imports, caches

    spent: dict[str, list[float]] = {}
    for owner, name, phase in (
        (minutes_docx, "document_docx", "docx"),
        (charter_docx, "document_docx", "docx"),
        (TableWidths, "__call__", "widths"),
        (minutes_docx, "add_rows", "rows"),
        (docx_rows, "rows_xml", "rows_xml"),
        (minutes_docx, "save", "save"),
    ):
        spent.setdefault(phase, [0.0, 0.0])
        _timed(owner, name, spent, phase)
    runs: dict[str, list[list[float]]] = {p: [] for p in (*PHASES, "total")}
    for _ in range(args.runs):
        for phase in spent:
            spent[phase] = [0.0, 0.0]
        cpu, wall = time.process_time(), time.perf_counter()
        render(args.format, data, big.id)
        total = [time.process_time() - cpu, time.perf_counter() - wall]
        whole, widths, rows, text, save = (
            spent[p] for p in ("docx", "widths", "rows", "rows_xml", "save")
        )
        parts = {
            "document": [total[k] - whole[k] for k in (0, 1)],
            "widths": widths,
            "rows": [rows[k] + text[k] for k in (0, 1)],
            "python-docx": [whole[k] - widths[k] - rows[k] - save[k] for k in (0, 1)],
            "save": [save[k] - text[k] for k in (0, 1)],
            "total": total,
        }
        for phase, (c, w) in parts.items():
            runs[phase].append([c * 1000, w * 1000])
    medians = {
        p: [statistics.median(r[0] for r in v), statistics.median(r[1] for r in v)]
        for p, v in runs.items()
    }
    print(f"largest session: {big.title}, {big.cards} cards; format {args.format}")
    print(f"medians of {args.runs} renders (ms); the neutral document is built before python-docx")
    print(table(["phase", "CPU", "wall"], [[p, *medians[p]] for p in runs]))
    if args.html:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        render(args.format, data, big.id)
        profiler.stop()
        RESULTS.mkdir(parents=True, exist_ok=True)
        page = RESULTS / f"profile-export-{args.format}.html"
        page.write_text(profiler.output_html(), encoding="utf-8")
        print(f"profile: {shown(page)}")
    path = write_result(
        f"profile-export-{args.format}",
        {"unit": "ms", "database": str(args.db), "cards": big.cards, "medians_cpu_wall": medians},
    )
    print(f"result: {shown(path)}")


if __name__ == "__main__":
    main()
