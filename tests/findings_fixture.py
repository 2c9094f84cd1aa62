"""Fixed boards for the step ② findings: seeded cards with fixed ids and times, and the
findings of today's rule written out as plain data (for the recorded answers in
tests/data/findings_recorded.json).

    python -m tests.findings_fixture   # records the answers again (only on purpose)
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from workshop.domain.enums import Step
from workshop.domain.records import Card
from workshop.domain.rules import find_overlaps, rank_complements
from workshop.reference import load

RECORDED = Path(__file__).parent / "data" / "findings_recorded.json"
THEMES = load().themes.themes
DEPARTMENTS = [
    "高齢福祉課",
    "交通政策課",
    "商工観光課",
    "防災安全課",
    "社会福祉協議会",
    "教育委員会",
    "健康づくり課",
    "地域包括支援センター",
    "",
]
PROMPTS = [
    "strengths.needs",
    "strengths.offers",
    "strengths.strengths",
    "strengths.current",
    "strengths.needs",
    "strengths.merit",
]
THEMED = [
    "買い物",
    "通院の送迎",
    "バスの便",
    "見守り",
    "災害時の避難",
    "移動販売車",
    "配食サービス",
    "空き家",
    "通いの場",
    "認知症の方",
    "ごみ出し",
    "自治会",
    "スマホ教室",
    "担い手",
    "子ども食堂",
    "農地",
    "詐欺被害",
    "ボランティア",
]
PLAIN = ["図書館", "窓口", "名簿", "地区別の地図", "研修", "広報紙", "会議録", "予算要求", "集会所"]
PREDICATES = [
    "が不便",
    "の情報を共有したい",
    "が足りない",
    "を地区ごとに把握している",
    "について住民の声を集めたい",
    "を一緒に考えたい",
]
TAGS = ["交通", "福祉", "防災", "教育", "商工", "見守り", "まちづくり"]
T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def fixed_board(n: int, seed: int, subjects: list[str], tags: bool = True) -> list[Card]:
    """`n` cards of step ② made from the subjects and predicates, reproducibly."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts = rng.choice([1, 1, 2, 2, 3])
        text = "".join(rng.choice(subjects) + rng.choice(PREDICATES) for _ in range(parts))
        out.append(
            Card(
                id=f"card-{seed}-{i:05d}",
                created_at=T0 + timedelta(seconds=i),
                updated_at=T0 + timedelta(seconds=i),
                session_id="s",
                step=Step.STRENGTHS,
                prompt=PROMPTS[i % len(PROMPTS)],
                text=text,
                department=rng.choice(DEPARTMENTS),
                tags=rng.sample(TAGS, rng.randrange(0, 3)) if tags else [],
                position=i // 3,
                deleted=rng.random() < 0.04,
            )
        )
    return out


def boards() -> dict[str, list[Card]]:
    """Boards whose strongest pairs are decided at different levels: many themes per card,
    one theme at most (one large level), and wording only (no theme at all)."""
    return {
        "mixed-2400": fixed_board(2400, 1, THEMED + PLAIN),
        "mixed-600": fixed_board(600, 2, THEMED + PLAIN),
        "few-themes-900": fixed_board(900, 3, THEMED[:3] + PLAIN, tags=False),
        "wording-only-700": fixed_board(700, 4, PLAIN, tags=False),
        "small-40": fixed_board(40, 5, THEMED + PLAIN),
    }


def keep_keys(cards: list[Card]) -> list[str]:
    """Findings a team accepted: some pairs of the board (matching or not) and others."""
    ids = [c.id for c in cards]
    keys = [f"complement:{ids[i]}:{ids[j]}" for i, j in ((0, 1), (4, 7), (10, 13), (30, 31))]
    keys += [f"complement:{ids[-6]}:{ids[-5]}", "overlap:mobility", "complement:no-such:card"]
    return keys


def plain_findings(cards: list[Card], limit: int | None, keep: list[str]) -> dict[str, Any]:
    """The ranked pairs and the total, as plain data."""
    ranking = rank_complements(cards, THEMES, limit, keep=keep)
    return {
        "pairs": [
            [p.need_card, p.offer_card, p.needing, p.offering, list(p.themes), list(p.shared_words)]
            for p in ranking.pairs
        ],
        "total": ranking.total,
    }


def plain_overlaps(cards: list[Card]) -> list[list[Any]]:
    return [[o.theme, list(o.departments), list(o.card_ids)] for o in find_overlaps(cards, THEMES)]


def demo_cards() -> dict[str, list[Card]]:
    """The step ② cards of every demo session that has some, by session id."""
    import tempfile

    from workshop.demo import install_demo
    from workshop.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "demo.db") as store:
        install_demo(store)
        out = {s.id: store.cards(s.id, Step.STRENGTHS) for s in store.sessions()}
    return {sid: cards for sid, cards in out.items() if cards}


def cases() -> dict[str, tuple[list[Card], int | None, list[str]]]:
    """Name -> (cards, limit, accepted findings)."""
    out: dict[str, tuple[list[Card], int | None, list[str]]] = {}
    for name, cards in {**boards(), **{f"demo-{k}": v for k, v in demo_cards().items()}}.items():
        out[f"{name}/top60"] = (cards, 60, [])
        out[f"{name}/top60-kept"] = (cards, 60, keep_keys(cards))
        out[f"{name}/top5"] = (cards, 5, [])
        if len(cards) <= 40 or name.startswith("demo"):
            out[f"{name}/all"] = (cards, None, keep_keys(cards))
    out["mixed-600/top400"] = (boards()["mixed-600"], 400, [])
    return out


def record() -> None:
    data: dict[str, Any] = {name: plain_findings(*case) for name, case in cases().items()}
    for name, cards in boards().items():
        data[f"{name}/overlaps"] = plain_overlaps(cards)
    for name, cards in demo_cards().items():
        data[f"demo-{name}/overlaps"] = plain_overlaps(cards)
    RECORDED.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    record()
