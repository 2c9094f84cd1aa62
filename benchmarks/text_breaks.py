"""How long breaking card texts into lines takes, with BudouX's own parser beside ours.

    python benchmarks/text_breaks.py --db benchmarks/results/db/c10000.db --runs 5

Two figures, each the median of `--runs` runs in this process:
- phrases: every distinct card text of the database split into phrases by BudouX's
  `Parser.parse` (the yardstick) and by `workshop.domain.phrases.phrases` (the same
  phrases, checked here text by text);
- the ② board's cards broken as the board breaks them when it is first shown: the cards
  of the largest session's ② step, at a column of 36 cells and three lines, with the
  text-wrap caches emptied before each run (`common.forget_text_breaks`). Only the cards
  whose line count is not known without breaking them are broken (`Lines`).
Writes `results/text-breaks.json`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import forget_text_breaks, shown, table, write_result

WIDTH, MOST = 36, 3
"""The ② board's text column at 120 columns, and the lines a card may take there."""


def _median_ms(runs: int, work: Callable[[], object], before: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)

    from workshop.domain.enums import Step
    from workshop.domain.phrases import parser, phrases
    from workshop.store import Store
    from workshop.widgets.flex_table import Lines

    with Store(args.db) as store:
        big = max(store.session_summaries(), key=lambda s: s.cards)
        board = [c.text for c in store.cards(big.id, Step.STRENGTHS)]
        texts = sorted({c.text for s in store.session_summaries() for c in store.cards(s.id)})
    budoux = parser()
    wrong = [t for t in texts if phrases(t) != budoux.parse(t)]
    if wrong:
        raise SystemExit(f"{len(wrong)} texts split otherwise than BudouX splits them")

    def nothing() -> None:
        return None

    parse_ms = _median_ms(args.runs, lambda: [budoux.parse(t) for t in texts], nothing)
    ours_ms = _median_ms(args.runs, lambda: [phrases(t) for t in texts], nothing)

    def fill() -> list[int]:
        return [Lines(text, WIDTH, MOST).count for text in board]

    fill_ms = _median_ms(args.runs, fill, forget_text_breaks)
    chars = sum(map(len, texts))
    rows = [
        [f"phrases of {len(texts):,} card texts ({chars:,} characters)", ours_ms, parse_ms],
        [f"② cards of the largest session broken cold ({len(board):,})", fill_ms, "–"],
    ]
    print(f"medians of {args.runs} runs (ms)")
    print(table(["what", "workshop", "BudouX Parser.parse"], rows))
    path = write_result(
        "text-breaks",
        {
            "unit": "ms",
            "database": str(args.db),
            "runs": args.runs,
            "texts": len(texts),
            "characters": chars,
            "phrases_ms": ours_ms,
            "budoux_parse_ms": parse_ms,
            "board_cards": len(board),
            "board_cold_ms": fill_ms,
        },
    )
    print(f"result: {shown(path)}")


if __name__ == "__main__":
    main()
