"""A prefecture gathering every municipality of Japan: 1,741 generated bundles.

    python benchmarks/gather.py                  # 1,741 bundles (one per municipality)
    python benchmarks/gather.py --count 200      # a smaller run

Steps, each measured (wall time; peak memory of the child process that runs it):
1. generate the bundles (seeded; each initiative has two sessions with attendees, cards,
   stage answers, barriers, a mechanism, decisions and action items) into a folder;
2. `workshop import FOLDER` into a new database, and the same again (nothing changes);
   also 1/8 of the bundles alone, to show that peak memory does not grow with the count;
3. `workshop rollup` (the table on stdout) and `workshop rollup --format xlsx`;
4. the roll-up screen: F6 on the home screen until the table shows its rows (in-process,
   headless).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, table, write_result

sys.path.insert(0, str(ROOT))

from workshop.domain.bundle import Bundle, InitiativeData, SessionData
from workshop.domain.enums import ActionStatus, AnchorKind, PartnerClass, Step
from workshop.domain.municipality import check_digit
from workshop.domain.records import (
    ActionItem,
    Attendee,
    BarrierTick,
    Card,
    Decision,
    Initiative,
    Mechanism,
    Session,
    StageAnswer,
)

MUNICIPALITIES = 1741
BARRIERS = [
    "bar_which_programmes",
    "bar_no_trigger",
    "bar_no_champion",
    "bar_coordination_cost",
    "bar_no_staff_capacity",
    "bar_low_interest",
]
THEMES = ["移動支援", "買い物支援", "見守り", "防災", "居場所づくり", "就労支援"]
DEPARTMENTS = [
    "高齢福祉課",
    "交通政策課",
    "商工観光課",
    "危機管理課",
    "社会福祉協議会",
    "健康推進課",
]


def codes(count: int) -> list[str]:
    """`count` distinct valid codes spread over the 47 prefectures."""
    out = []
    for i in range(count):
        first = f"{i % 47 + 1:02d}{201 + i // 47:03d}"
        out.append(first + str(check_digit(first)))
    return out


def bundle_for(code: str, rng: random.Random) -> str:
    ini = Initiative(
        name=f"{rng.choice(THEMES)}の分野連携",
        municipality=f"市町村{code}",
        municipality_code=code,
        population=rng.randint(800, 900_000),
        ageing_rate=round(rng.uniform(20, 50), 1),
    )
    sessions, actions = [], []
    start = date(2025, 4, 1) + timedelta(days=rng.randint(0, 300))
    for k in range(2):
        s = Session(
            initiative_id=ini.id,
            title=f"第{k + 1}回 連携会議",
            date=start + timedelta(days=60 * k),
            themes=rng.sample(THEMES, 2),
        )
        people = [
            Attendee(session_id=s.id, name=f"職員{j}", department=rng.choice(DEPARTMENTS))
            for j in range(8)
        ]
        cards = [
            Card(
                session_id=s.id,
                step=rng.choice([Step.VISION, Step.STRENGTHS, Step.RESOURCES]),
                text=f"カード{j}: 住民の声を持ち寄り、担当を越えて相談できる場をつくる",
                author_id=rng.choice(people).id,
                position=j,
            )
            for j in range(30)
        ]
        now = rng.randint(1, 5)
        sessions.append(
            SessionData(
                session=s,
                attendees=people,
                cards=cards,
                decisions=[Decision(session_id=s.id, text=f"決定{j}") for j in range(3)],
                stage_answers=[
                    StageAnswer(
                        session_id=s.id, current=now, target=min(5, now + rng.randint(0, 3))
                    )
                ],
                barrier_ticks=[
                    BarrierTick(session_id=s.id, barrier=b, partner=PartnerClass.MCW)
                    for b in rng.sample(BARRIERS, 3)
                ],
                mechanisms=[
                    Mechanism(
                        session_id=s.id,
                        name="庁内連携会議",
                        anchor=rng.choice([AnchorKind.NONE, AnchorKind.YOUKOU]),
                    )
                ]
                if k
                else [],
            )
        )
        actions += [
            ActionItem(
                initiative_id=ini.id,
                session_id=s.id,
                what=f"対応{j}",
                due=start + timedelta(days=rng.randint(0, 400)),
                status=rng.choice(list(ActionStatus)),
            )
            for j in range(5)
        ]
    data = InitiativeData(initiative=ini, sessions=sessions, actions=actions)
    return Bundle(data=data).to_json()


def generate(folder: Path, count: int, seed: int = 15) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for code in codes(count):
        (folder / f"{code}.json").write_text(bundle_for(code, rng), encoding="utf-8")


CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from workshop.cli import main
t = time.perf_counter()
code = main(sys.argv[2:])
print(json.dumps({"code": code, "s": time.perf_counter() - t,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}),
      file=sys.stderr)
"""


def run(*argv: str) -> dict:
    """One `workshop` command in a fresh process: exit code, seconds, peak memory."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return json.loads(proc.stderr.strip().splitlines()[-1])


async def open_view(db: Path) -> float:
    """Milliseconds from F6 on the home screen until the roll-up table shows its rows."""
    from workshop.app import WorkshopApp
    from workshop.config import Config
    from workshop.screens.rollup import RollupScreen
    from workshop.store import Store

    store = Store(db)
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        t = time.perf_counter()
        await pilot.press("f6")
        while not (isinstance(app.screen, RollupScreen) and app.screen.ready):
            await pilot.pause(0.01)
        await pilot.pause()
        took = (time.perf_counter() - t) * 1000
        rows = len(app.screen.shown)
    store.close()
    print(f"roll-up screen: {rows} rows")
    return took


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=MUNICIPALITIES)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="gather-") as tmp:
        work = Path(tmp)
        inbox = work / "inbox"
        t = time.perf_counter()
        generate(inbox, args.count)
        gen_s = time.perf_counter() - t
        size_mb = sum(f.stat().st_size for f in inbox.iterdir()) / 1e6
        small = work / "small"
        small.mkdir()
        for f in sorted(inbox.iterdir())[: max(1, args.count // 8)]:
            (small / f.name).symlink_to(f)
        db = work / "pref.db"
        first = run("--db", str(db), "import", str(inbox))
        again = run("--db", str(db), "import", str(inbox))
        part = run("--db", str(work / "small.db"), "import", str(small))
        rollup = run("--db", str(db), "rollup")
        xlsx = run("--db", str(db), "rollup", "--format", "xlsx", "--out", str(work / "r.xlsx"))
        view_ms = asyncio.run(open_view(db))
        db_mb = db.stat().st_size / 1e6
    rows = [
        ["generate bundles", args.count, round(gen_s, 1), None],
        ["import (new database)", args.count, round(first["s"], 1), round(first["rss_mb"], 1)],
        ["import again (no change)", args.count, round(again["s"], 1), round(again["rss_mb"], 1)],
        ["import 1/8 of them", args.count // 8, round(part["s"], 1), round(part["rss_mb"], 1)],
        ["rollup (table)", args.count, round(rollup["s"], 1), round(rollup["rss_mb"], 1)],
        ["rollup --format xlsx", args.count, round(xlsx["s"], 1), round(xlsx["rss_mb"], 1)],
        ["roll-up screen (F6 to rows)", args.count, round(view_ms / 1000, 1), None],
    ]
    print(table(["step", "bundles", "seconds", "peak MB"], rows))
    print(f"bundles: {size_mb:.1f} MB in all; database after import: {db_mb:.1f} MB")
    codes_ok = [first["code"], again["code"], part["code"], rollup["code"], xlsx["code"]]
    path = write_result(
        "gather",
        {
            "count": args.count,
            "bundle_mb": round(size_mb, 1),
            "database_mb": round(db_mb, 1),
            "exit_codes": codes_ok,
            "steps": [
                dict(zip(["step", "bundles", "seconds", "peak_mb"], r, strict=True)) for r in rows
            ],
        },
    )
    print(path)


if __name__ == "__main__":
    main()
