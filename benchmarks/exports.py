"""Exports of the largest session: every registered format, end to end and rendered alone.

    python benchmarks/exports.py
    python benchmarks/exports.py --repeat 10 --db benchmarks/results/large.db --label c10000

The session: 2,000 cards, 200 action items, 50 attendees, in an initiative of ten
sessions (built by `generate_large.py` into a temporary database, unless `--db` names
one; then its largest session is used). Each format is rendered with
`workshop.export.render(fmt, data, session_id)` from `store.initiative_data(...)`, as
the export dialog does; the first render of a format (its library's import) is
reported apart. "End to end" is what the export dialog does for one format: open the
database, `store.initiative_data(...)` (without the cards for a format that shows none:
`export.CARD_FREE`), render, write the file under its usual name
(`export_to_folder`, atomic write), close: the time a person waits for a file. Targets
(issue 14): DOCX < 1 s, XLSX < 0.5 s, end to end at 10,000 cards. A format that is not
registered yet is skipped with a note. Writes `results/exports[-LABEL].json`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import shown, summary, table, write_result
from generate_large import Plan, generate

TARGETS_S = {"docx": 1.0, "xlsx": 0.5}
WANTED = ("docx", "xlsx", "csv", "md", "html", "json", "ics", "charter")


def end_to_end(db: Path, session_id: str, fmt: str, folder: Path) -> float:
    """Seconds from opening the database to the file written (what the dialog does)."""
    from workshop.export import export_to_folder, needs_cards
    from workshop.store import Store

    t = time.perf_counter()
    with Store(db) as store:
        session = store.resolve_session(session_id)
        data = store.initiative_data(session.initiative_id, cards=needs_cards([fmt]))
    export_to_folder(data, session_id, fmt, folder)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, help="use this database's largest session")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--label", default="", help="results/exports-LABEL.json")
    ap.add_argument("--formats", default="", help="only these, comma-separated (docx,xlsx)")
    args = ap.parse_args(argv)

    from workshop.export import FORMATS, render
    from workshop.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="ws-exports-"))
    try:
        db = args.db
        if db is None:
            db = tmp / "export.db"
            generate(db, Plan(initiatives=1, sessions=10, cards=2_900, actions=290))
        with Store(db) as store:
            big = max(store.session_summaries(), key=lambda s: s.cards)
            t = time.perf_counter()
            data = store.initiative_data(big.initiative_id)
            load_s = time.perf_counter() - t
        session = data.session(big.id)
        assert session is not None
        sizes = {
            "cards": len(session.cards),
            "attendees": len(session.attendees),
            "actions": sum(1 for a in data.actions if a.session_id == big.id),
            "sessions_in_initiative": len(data.sessions),
        }
        print(f"largest session: {big.title} {sizes}")
        print(f"store.initiative_data(): {load_s * 1000:.0f} ms")

        first: dict[str, float] = {}
        runs: dict[str, list[float]] = {}
        out_bytes: dict[str, int] = {}
        skipped = [f for f in WANTED if f not in FORMATS]
        chosen = [f for f in FORMATS if not args.formats or f in args.formats.split(",")]
        for fmt in chosen:
            t = time.perf_counter()
            blob = render(fmt, data, big.id)
            first[fmt] = time.perf_counter() - t
            out_bytes[fmt] = len(blob)
            runs[fmt] = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                render(fmt, data, big.id)
                runs[fmt].append(time.perf_counter() - t)
        out_dir = tmp / "out"
        out_dir.mkdir()
        whole: dict[str, list[float]] = {fmt: [] for fmt in chosen}
        for _ in range(args.repeat):  # formats interleaved, as a noisy moment hits all
            for fmt in chosen:
                whole[fmt].append(end_to_end(db, big.id, fmt, out_dir) * 1000)
        e2e = {fmt: summary(v) for fmt, v in whole.items()}
        stats = {fmt: summary([v * 1000 for v in vals]) for fmt, vals in runs.items()}
        rows = []
        for fmt in chosen:
            target = TARGETS_S.get(fmt)
            verdict = ""
            if target is not None:
                verdict = "met" if e2e[fmt]["median"] / 1000 < target else "MISSED"
            rows.append(
                [
                    fmt,
                    e2e[fmt]["median"],
                    e2e[fmt]["max"],
                    first[fmt] * 1000,
                    stats[fmt]["median"],
                    round(out_bytes[fmt] / 1024),
                    f"< {target * 1000:.0f} ms {verdict}" if target else "",
                ]
            )
        print(
            f"times (ms), {args.repeat} runs: end to end (open, load, render, write) and "
            "the render alone (after a first render)"
        )
        heads = ["format", "end to end", "e2e max", "first render", "render", "KiB", "target"]
        print(table(heads, rows))
        for fmt in skipped:
            print(f"note: format {fmt!r} is not registered in workshop.export; skipped")
        path = write_result(
            f"exports-{args.label}" if args.label else "exports",
            {
                "unit": "ms",
                "database": str(db),
                "end_to_end": e2e,
                "raw_end_to_end": whole,
                "session": sizes,
                "initiative_data_ms": load_s * 1000,
                "first_render_ms": {k: v * 1000 for k, v in first.items()},
                "stats": stats,
                "bytes": out_bytes,
                "targets_ms": {k: v * 1000 for k, v in TARGETS_S.items()},
                "skipped": skipped,
            },
        )
        print(f"\nresult: {shown(path)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
