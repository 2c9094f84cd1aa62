"""Complement pairs on boards of any size: the ranking builds only the pairs shown, gives
the same pairs in the same order as matching every need with every offer, and the findings
of a large board are worked out only when shown, on a thread."""

from __future__ import annotations

import random
from pathlib import Path

from tests.ui_helpers import empty_app, new_session, open_session, screen_text, settle, show_tab
from workshop.domain.enums import Step
from workshop.domain.records import Card
from workshop.domain.rules import (
    COMPLEMENT_AFFINITY,
    _bigrams,
    card_themes,
    find_complements,
    live_cards,
    rank_complements,
)
from workshop.reference import load
from workshop.screens.panes import strengths

THEMES = load().themes.themes
DEPARTMENTS = ["高齢福祉課", "交通政策課", "商工観光課", "防災安全課", "社会福祉協議会"]
SUBJECTS = ["買い物", "通院", "バスの便", "見守り", "災害時の避難", "移動販売車", "配食サービス"]
PREDICATES = ["が不便", "の情報を共有したい", "の担い手が足りない", "を地区ごとに把握している"]
PROMPTS = ["strengths.needs", "strengths.offers", "strengths.strengths", "strengths.current"]


def board(n: int, seed: int) -> list[Card]:
    rng = random.Random(seed)
    return [
        Card(
            session_id="s",
            step=Step.STRENGTHS,
            prompt=PROMPTS[i % len(PROMPTS)],
            text="".join(
                rng.choice(SUBJECTS) + rng.choice(PREDICATES) for _ in range(rng.choice([1, 2]))
            ),
            department=rng.choice(DEPARTMENTS),
            tags=rng.sample(["交通", "福祉", "防災"], rng.randrange(0, 2)),
            position=i // len(PROMPTS),
            deleted=rng.random() < 0.05,
        )
        for i in range(n)
    ]


def every_pair(cards: list[Card]) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """The rule written out plainly (every need against every offer, a stable sort)."""
    live = live_cards(cards, Step.STRENGTHS)
    needs = [c for c in live if c.prompt == "strengths.needs" and c.department]
    offers = [c for c in live if c.prompt in ("strengths.offers", "strengths.strengths")]
    order = [t.key for t in THEMES]
    scored = []
    for need in needs:
        for offer in offers:
            if not offer.department or offer.department == need.department:
                continue
            shared = card_themes(need, THEMES) & card_themes(offer, THEMES)
            a, b = _bigrams(need.text), _bigrams(offer.text)
            words = sorted(a & b)
            affinity = len(words) / min(len(a), len(b)) if a and b else 0.0
            if not shared and not (affinity >= COMPLEMENT_AFFINITY and len(words) >= 2):
                continue
            themes = tuple(sorted(shared, key=order.index))
            pair = (need.id, offer.id, themes, () if shared else tuple(words[:5]))
            scored.append(((len(shared), affinity), pair))
    scored.sort(key=lambda item: item[0], reverse=True)
    return [pair for _, pair in scored]


def plain(pairs) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(p.need_card, p.offer_card, p.themes, p.shared_words) for p in pairs]


def test_the_ranking_gives_every_pair_in_the_plain_rules_order() -> None:
    for seed in range(3):
        cards = board(160, seed)
        expected = every_pair(cards)
        assert len(expected) > 100  # the fixture really has many pairs
        assert plain(find_complements(cards, THEMES)) == expected


def test_only_the_strongest_are_built_and_the_total_counts_them_all() -> None:
    cards = board(300, 7)
    expected = every_pair(cards)
    ranking = rank_complements(cards, THEMES, limit=12)
    assert plain(ranking.pairs) == expected[:12]
    assert ranking.total == len(expected)


def test_kept_pairs_stay_listed_in_their_place_whatever_their_rank() -> None:
    cards = board(300, 11)
    expected = every_pair(cards)
    weak, middling = expected[-1], expected[len(expected) // 2]
    keep = {f"complement:{weak[0]}:{weak[1]}", f"complement:{middling[0]}:{middling[1]}"}
    keep.add("overlap:mobility")  # a finding of another kind is not a pair
    keep.add("complement:no-such:card")
    ranking = rank_complements(cards, THEMES, limit=10, keep=keep)
    listed = [p for p in expected if p in (weak, middling)]
    listed += [p for p in expected if p not in (weak, middling)][:8]
    assert plain(ranking.pairs) == [p for p in expected if p in listed]
    assert ranking.total == len(expected)


def test_a_card_of_no_department_and_deleted_cards_never_pair() -> None:
    cards = board(80, 3)
    for c in cards[:10]:
        c.department = ""
    ids = {c.id for c in cards[:10]} | {c.id for c in cards if c.deleted}
    pairs = find_complements(cards, THEMES)
    assert pairs and not any(p.need_card in ids or p.offer_card in ids for p in pairs)


async def test_a_large_board_is_matched_only_when_its_findings_are_shown(
    tmp_path: Path, monkeypatch
) -> None:
    """The first visit of ② shows the cards; the matching waits for the findings tab, and on
    a board larger than MATCH_INLINE it runs on a thread and then fills the table."""
    monkeypatch.setattr(strengths, "MATCH_INLINE", 20)
    calls: list[int] = []
    real = strengths.rank_complements

    def counting(cards, *args, **kw):
        calls.append(len(cards))
        return real(cards, *args, **kw)

    monkeypatch.setattr(strengths, "rank_complements", counting)
    app, store = empty_app(tmp_path)
    session = new_session(store)
    cards = board(60, 5)
    for c in cards:
        c.session_id = session.id
        store.add(c)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        app.screen.go_to(Step.STRENGTHS)
        await settle(pilot, 4)
        await show_tab(pilot, "strengths-tabs", "tab-matrix")
        assert calls == []
        await show_tab(pilot, "strengths-tabs", "tab-findings")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert calls == [sum(not c.deleted for c in cards)]
        first = every_pair(cards)[0]
        need = next(c for c in cards if c.id == first[0])
        assert need.text[:10] in screen_text(app).replace("\n", "")
        assert "補完の候補を照合しています" not in screen_text(app)
