"""Build a large workshop database for the benchmarks, deterministically (seeded).

    python benchmarks/generate_large.py                        # benchmarks/results/large.db
    python benchmarks/generate_large.py --out /tmp/large.db --force

Default size (issue 7): 100 initiatives, 1,000 sessions, 100,000 cards, 10,000 action
items, about 12,000 attendees, plus statements, resources, mechanisms, decisions, key
persons, reviews, stage answers and barrier ticks. One session is "the largest": 2,000
cards, 200 action items and 50 attendees (the one `exports.py` and `large_db.py` open).

Every record is built as a domain model (so pydantic validates it) and turned into a
row by the store's own `to_row`; rows go in with `insert_all` inside one
`store.write()`. At the end a few sessions are read back through the `Store` API
(`session_data`, `initiative_data`, validated again) and the integrity check runs.
Text is Japanese, made from fragments with a seeded random generator: the same seed
gives the same file contents (ids, times and text).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS, ROOT, table
from large_words import (
    BARRIERS,
    DEPARTMENTS,
    GIVEN,
    PROMPTS,
    SUBJECTS,
    SURNAMES,
    THEMES,
    TOWNS,
    sentence,
)

from workshop.domain.enums import (
    ActionStatus,
    Cadence,
    Capital,
    Disposition,
    PartnerClass,
    ResourceKind,
    Role,
    SessionKind,
    SessionStatus,
    Side,
    StatementKind,
    steps_for,
)
from workshop.domain.records import (
    ActionItem,
    ActionReview,
    Attendee,
    BarrierTick,
    Card,
    Decision,
    Initiative,
    KeyPerson,
    Mechanism,
    Resource,
    Session,
    StageAnswer,
    Statement,
)
from workshop.store import Store
from workshop.store.migrations import RECORD_TABLES
from workshop.store.rows import TABLES, to_row

DEFAULT_OUT = RESULTS / "large.db"
SEED = 20261122


@dataclass
class Plan:
    initiatives: int = 100
    sessions: int = 1_000
    cards: int = 100_000
    actions: int = 10_000
    attendees_per_session: int = 12
    big_cards: int = 2_000
    big_actions: int = 200
    big_attendees: int = 50
    seed: int = SEED


class Builder:
    """Makes records with ids and times drawn from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES.values()}
        self.clock = datetime(2020, 4, 1, 0, 0, tzinfo=UTC)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def tick(self, at: datetime) -> datetime:
        """A creation time just after the previous one (keeps records in order)."""
        self.clock = max(self.clock + timedelta(milliseconds=10), at)
        return self.clock

    def add(self, model: type, at: datetime, **fields: Any) -> Any:
        when = self.tick(at)
        rec = model(id=self.uid(), created_at=when, updated_at=when, **fields)
        self.rows[TABLES[model]].append(to_row(rec))
        return rec

    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())


def split(total: int, parts: int) -> Iterator[int]:
    """`total` spread over `parts` as evenly as integers allow."""
    base, extra = divmod(total, parts)
    for i in range(parts):
        yield base + (1 if i < extra else 0)


def build(plan: Plan) -> tuple[Builder, str]:
    """All records of the plan; returns the builder and the id of the largest session."""
    b = Builder(plan.seed)
    rng = b.rng
    per_initiative = list(split(plan.sessions, plan.initiatives))
    ordinary = plan.sessions - 1
    cards_left = list(split(plan.cards - plan.big_cards, ordinary))
    actions_left = list(split(plan.actions - plan.big_actions, ordinary))
    big_id = ""
    n = 0
    for i in range(plan.initiatives):
        town = TOWNS[i % len(TOWNS)]
        theme = THEMES[i % len(THEMES)]
        start = date(2020, 4, 1) + timedelta(days=3 * i)
        initiative = b.add(
            Initiative,
            datetime(start.year, start.month, start.day, tzinfo=UTC),
            name=f"{town} {theme}（{i + 1}）",
            municipality=town,
            population=rng.randrange(3_000, 300_000),
            ageing_rate=round(rng.uniform(20, 45), 1),
            description=sentence(rng, 2),
        )
        session_actions: list[ActionItem] = []
        for k in range(per_initiative[i]):
            big = n == 0
            day = start + timedelta(days=60 * k)
            at = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
            kind = SessionKind.INITIAL if k == 0 else SessionKind.FOLLOWUP
            steps = steps_for(kind)
            reached = steps[-1] if rng.random() < 0.8 else rng.choice(steps)
            session = b.add(
                Session,
                at,
                initiative_id=initiative.id,
                title=f"第{k + 1}回 {theme}連携会議" if k else f"第1回 {theme}ワークショップ",
                kind=kind,
                date=day,
                start_time=dtime(14, 0),
                end_time=dtime(16, 0),
                place=f"{town}役場 第{rng.randrange(1, 6)}会議室",
                facilitator=rng.choice(SURNAMES) + rng.choice(GIVEN),
                themes=[theme],
                timeboxes={s: 20 for s in steps},
                current_step=reached,
                reached_step=reached,
                status=SessionStatus.FINAL if reached == steps[-1] else SessionStatus.DRAFT,
                next_meeting_date=day + timedelta(days=60),
                next_meeting_place=f"{town}役場",
                next_meeting_note=sentence(rng),
            )
            if big:
                big_id = session.id
            n_att = plan.big_attendees if big else plan.attendees_per_session
            people = []
            for p in range(n_att):
                dept = DEPARTMENTS[(p + i) % len(DEPARTMENTS)]
                people.append(
                    b.add(
                        Attendee,
                        at,
                        session_id=session.id,
                        name=rng.choice(SURNAMES) + " " + rng.choice(GIVEN),
                        department=dept,
                        side=Side.EXTERNAL if dept in DEPARTMENTS[10:] else Side.INTERNAL,
                        roles=[Role.FLAG_BEARER] if p == 0 else [Role.PARTICIPANT],
                        title=rng.choice(["課長", "係長", "主査", "主事", ""]),
                        position=p,
                    )
                )
            n_cards = plan.big_cards if big else cards_left[n - 1]
            prompts = [(s, p) for s in steps for p in PROMPTS[s]]
            for c in range(n_cards):
                step, prompt = prompts[c % len(prompts)]
                author = rng.choice(people)
                b.add(
                    Card,
                    at,
                    session_id=session.id,
                    step=step,
                    prompt=prompt,
                    text=sentence(rng, rng.choice([1, 1, 1, 2, 3])),
                    author_id=author.id,
                    department=author.department,
                    votes=rng.choice([0, 0, 0, 1, 2, 3, 5]),
                    tags=rng.sample(["交通", "福祉", "防災", "商工", "教育"], rng.randrange(0, 3)),
                    position=c // len(prompts),
                )
            for kind_, count in ((StatementKind.VISION, 1), (StatementKind.PRINCIPLE, 3)):
                for p in range(count):
                    b.add(
                        Statement,
                        at,
                        session_id=session.id,
                        kind=kind_,
                        text=sentence(rng),
                        position=p,
                    )
            b.add(Statement, at, session_id=session.id, kind=StatementKind.GOAL, text=sentence(rng))
            for p in range(6):
                b.add(
                    Resource,
                    at,
                    session_id=session.id,
                    name=rng.choice(SUBJECTS) + "の" + rng.choice(["協議会", "事業", "網"]),
                    kind=rng.choice(list(ResourceKind)),
                    owner=rng.choice(DEPARTMENTS),
                    capitals=rng.sample(list(Capital), 2),
                    leverage=sentence(rng),
                    disposition=rng.choice(list(Disposition)),
                    members=rng.sample(DEPARTMENTS, 3),
                    position=p,
                )
            b.add(
                Mechanism,
                at,
                session_id=session.id,
                name=f"{theme}連携会議",
                cadence=rng.choice([Cadence.MONTHLY, Cadence.BIMONTHLY, Cadence.QUARTERLY]),
                first_date=day + timedelta(days=30),
                start_time=dtime(15, 0),
                members=rng.sample(DEPARTMENTS, 5),
                secretariat=[DEPARTMENTS[0]],
                reports_to="地域ケア推進会議",
                anchor_detail=sentence(rng),
            )
            for p in range(4):
                b.add(Decision, at, session_id=session.id, text=sentence(rng), position=p)
            n_actions = plan.big_actions if big else actions_left[n - 1]
            for p in range(n_actions):
                owner = rng.choice(people)
                session_actions.append(
                    b.add(
                        ActionItem,
                        at,
                        initiative_id=initiative.id,
                        session_id=session.id,
                        what=sentence(rng),
                        owner_department=owner.department,
                        owner_person=owner.name,
                        partners=rng.sample(DEPARTMENTS, 2),
                        due=day + timedelta(days=rng.randrange(14, 180)),
                        done_definition=sentence(rng),
                        status=rng.choice(list(ActionStatus)),
                        position=p,
                    )
                )
            if kind is SessionKind.FOLLOWUP:
                for action in rng.sample(session_actions, min(10, len(session_actions))):
                    if action.session_id == session.id:
                        continue
                    b.add(
                        ActionReview,
                        at,
                        action_id=action.id,
                        session_id=session.id,
                        status=rng.choice(list(ActionStatus)),
                        comment=sentence(rng),
                    )
            for person in people[:4]:
                current = rng.randrange(1, 5)
                b.add(
                    StageAnswer,
                    at,
                    session_id=session.id,
                    attendee_id=person.id,
                    current=current,
                    target=min(5, current + 1),
                )
            b.add(StageAnswer, at, session_id=session.id, current=2, target=4)
            for barrier in rng.sample(BARRIERS, 4):
                b.add(
                    BarrierTick,
                    at,
                    session_id=session.id,
                    barrier=barrier,
                    partner=rng.choice(list(PartnerClass)),
                    note=sentence(rng),
                )
            n += 1
        for p in range(5):
            b.add(
                KeyPerson,
                datetime(start.year, start.month, start.day, tzinfo=UTC),
                initiative_id=initiative.id,
                name=rng.choice(SURNAMES) + " " + rng.choice(GIVEN),
                department=DEPARTMENTS[p],
                role=rng.choice(["旗振り役", "事務局", "フォロワー"]),
                deputy_name=rng.choice(SURNAMES) + " " + rng.choice(GIVEN) if p % 2 else "",
            )
    return b, big_id


def generate(path: Path, plan: Plan | None = None, force: bool = False) -> dict[str, Any]:
    """Write the database; return counts, timings and the largest session's id."""
    plan = plan or Plan()
    path = Path(path)
    if path.exists():
        if not force:
            raise SystemExit(f"{path} exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    t0 = time.perf_counter()
    b, big_id = build(plan)
    t1 = time.perf_counter()
    order = list(RECORD_TABLES)  # parents before children, as the schema has them
    with Store(path) as store:
        with store.write():
            for name in order:
                store.db[name].insert_all(b.rows[name], batch_size=2_000)
        t2 = time.perf_counter()
        store.conn.execute("ANALYZE")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # read back through the store's API (validated by the domain models again)
        big = store.session_data(big_id)
        sample = [s.id for s in store.sessions()[:: max(1, plan.sessions // 10)]]
        for sid in sample:
            store.session_data(sid)
        store.initiative_data(big.session.initiative_id)
        problems = store.integrity_problems()
        counts = store.counts()
        t3 = time.perf_counter()
    if problems:
        raise SystemExit(f"integrity check failed: {problems[:5]}")
    return {
        "path": str(path),
        "seed": plan.seed,
        "counts": counts,
        "largest_session": big_id,
        "largest_session_counts": {
            "cards": len(big.cards),
            "attendees": len(big.attendees),
        },
        "seconds": {
            "build_models": round(t1 - t0, 2),
            "insert": round(t2 - t1, 2),
            "read_back_and_check": round(t3 - t2, 2),
        },
        "size_mb": round(path.stat().st_size / 1e6, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--force", action="store_true", help="replace an existing file")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the default sizes")
    ap.add_argument(
        "--big-cards", type=int, default=Plan.big_cards, help="cards of the largest session"
    )
    ap.add_argument(
        "--sessions", type=int, default=None, help="sessions in all (default 1,000 × scale)"
    )
    args = ap.parse_args()
    p = Plan(seed=args.seed, big_cards=args.big_cards)
    if args.scale != 1.0:
        p.initiatives = max(1, round(p.initiatives * args.scale))
        p.sessions = max(p.initiatives, round(p.sessions * args.scale))
        p.cards = max(p.big_cards + p.sessions, round(p.cards * args.scale))
        p.actions = max(p.big_actions + p.sessions, round(p.actions * args.scale))
    if args.sessions is not None:
        p.initiatives = max(1, min(p.initiatives, args.sessions // 10))
        p.sessions = args.sessions
        p.cards = max(p.cards, p.big_cards + p.sessions)
        p.actions = max(p.actions, p.big_actions + p.sessions)
    info = generate(args.out, p, force=args.force)
    rows = [[k, v] for k, v in info["counts"].items()]
    print(table(["table", "rows"], rows))
    print(f"largest session: {info['largest_session']} {info['largest_session_counts']}")
    print(f"time (s): {info['seconds']}  size: {info['size_mb']} MB")
    try:
        shown = Path(info["path"]).resolve().relative_to(ROOT)
    except ValueError:
        shown = Path(info["path"])
    print(f"database: {shown}")


if __name__ == "__main__":
    main()
