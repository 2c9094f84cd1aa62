"""Pure rules the screens and exports share: findings in step 2, checks in steps 3-5.

Nothing here does I/O; the reference vocabulary (themes) is passed in.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from workshop.domain.enums import ResourceKind, Step
from workshop.domain.records import (
    PROFILE_HEADINGS,
    ActionItem,
    Card,
    KeyPerson,
    Mechanism,
    Resource,
)
from workshop.domain.reference import Theme

# --- matching text to themes -------------------------------------------------------------


def detect_themes(text: str, themes: Sequence[Theme]) -> list[str]:
    """Theme keys whose label or a keyword occurs in the text, in vocabulary order."""
    found = []
    for theme in themes:
        if theme.key == text or theme.label in text or any(k in text for k in theme.keywords):
            found.append(theme.key)
    return found


def card_themes(card: Card, themes: Sequence[Theme]) -> set[str]:
    """Themes of a card: its tags (a tag may be a theme key or any word) and its text."""
    keys = set(detect_themes(card.text, themes))
    for tag in card.tags:
        keys.update(detect_themes(tag, themes))
    return keys


_WORD = re.compile(r"[一-龯々〆ヵヶァ-ヴーA-Za-z0-9Ａ-Ｚａ-ｚ０-９]+")


def _bigrams(text: str) -> set[str]:
    """Character bigrams of the kanji/katakana/latin runs: a language-neutral way to see
    that 買い物支援 and 買い物の足 talk about the same thing without a tokenizer."""
    grams: set[str] = set()
    for run in _WORD.findall(text.lower()):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def _affinity(ga: set[str], gb: set[str]) -> tuple[float, list[str]]:
    """Share of the smaller bigram set found in the other, and the shared bigrams."""
    if not ga or not gb:
        return 0.0, []
    shared = sorted(ga & gb)
    return len(shared) / min(len(ga), len(gb)), shared


# --- department profiles (step 2) ----------------------------------------------------------


def live_cards(cards: Iterable[Card], step: Step | None = None) -> list[Card]:
    """Cards not deleted, optionally of one step, in board order."""
    out = [c for c in cards if not c.deleted and (step is None or c.step == step)]
    return sorted(out, key=lambda c: (c.position, c.created_at))


def department_profiles(cards: Iterable[Card]) -> dict[str, dict[str, list[Card]]]:
    """Department -> heading -> cards, for the strengths matrix. Departments in order of
    their first card; cards without a department are grouped under ""."""
    profiles: dict[str, dict[str, list[Card]]] = {}
    for card in live_cards(cards, Step.STRENGTHS):
        if card.prompt not in PROFILE_HEADINGS:
            continue
        row = profiles.setdefault(card.department, {h: [] for h in PROFILE_HEADINGS})
        row[card.prompt].append(card)
    return profiles


@dataclass(frozen=True)
class Overlap:
    """Two or more departments already working on the same theme."""

    theme: str
    departments: tuple[str, ...]
    card_ids: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"overlap:{self.theme}"


@dataclass(frozen=True)
class Complement:
    """A need of one department that another department offers."""

    need_card: str
    offer_card: str
    needing: str
    offering: str
    themes: tuple[str, ...]
    shared_words: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"complement:{self.need_card}:{self.offer_card}"


def find_overlaps(cards: Iterable[Card], themes: Sequence[Theme]) -> list[Overlap]:
    """Themes on which two or more departments report current work (取組)."""
    by_theme: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for card in live_cards(cards, Step.STRENGTHS):
        if card.prompt != "strengths.current" or not card.department:
            continue
        for key in card_themes(card, themes):
            by_theme[key].setdefault(card.department, []).append(card.id)
    order = {t.key: i for i, t in enumerate(themes)}
    out = []
    for key, depts in sorted(by_theme.items(), key=lambda kv: order.get(kv[0], 999)):
        if len(depts) >= 2:
            ids = tuple(i for ids in depts.values() for i in ids)
            out.append(Overlap(theme=key, departments=tuple(depts), card_ids=ids))
    return out


COMPLEMENT_AFFINITY = 0.34
"""Share of shared bigrams above which a need and an offer are taken to match even
without a common theme (tuned on the demo and the tests' fixtures)."""


@dataclass(frozen=True)
class ComplementRanking:
    """The strongest complement pairs and how many pairs there are in all."""

    pairs: list[Complement]
    """The kept pairs and the strongest others, strongest first (ties in board order)."""
    total: int
    """All pairs that match, shown or not."""


def _bitset(bits: Iterable[int]) -> int:
    """An integer whose set bits are the given positions: a set that ANDs and counts in C."""
    mask = 0
    for b in bits:
        mask |= 1 << b
    return mask


def _positions(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def rank_complements(
    cards: Iterable[Card],
    themes: Sequence[Theme],
    limit: int | None = None,
    keep: Iterable[str] = (),
) -> ComplementRanking:
    """Pairs (need of A, offer of B), A != B, that share a theme or enough wording; the
    strongest first (more shared themes, then more shared wording), ties in board order.

    Only the pairs asked for are built: the `limit` strongest, and every matching pair
    whose key is in `keep` (pairs the team accepted stay listed). Cards with the same
    department, themes and wording score alike, so they are grouped and each pair of groups
    is scored once, with themes and bigrams as bitsets: a 10,000-card board has half a
    million matching pairs, of which a meeting reads a few dozen.
    """
    live = live_cards(cards, Step.STRENGTHS)
    needs = [c for c in live if c.prompt == "strengths.needs" and c.department]
    offers = [
        c for c in live if c.prompt in ("strengths.offers", "strengths.strengths") and c.department
    ]
    theme_keys = [t.key for t in themes]  # a theme's bit is its place in the vocabulary
    theme_at = {k: i for i, k in enumerate(theme_keys)}
    vocab: dict[str, int] = {}

    def features(c: Card) -> tuple[str, int, int]:
        return (
            c.department,
            _bitset(theme_at[k] for k in card_themes(c, themes)),
            _bitset(vocab.setdefault(g, len(vocab)) for g in _bigrams(c.text)),
        )

    need_features = [features(c) for c in needs]
    offer_features = [features(c) for c in offers]
    words_of = {i: g for g, i in vocab.items()}

    def score(need: tuple[str, int, int], offer: tuple[str, int, int]):
        """(shared themes, affinity), the shared bitsets, or None when the two do not match."""
        if need[0] == offer[0]:
            return None
        shared = need[1] & offer[1]
        common = need[2] & offer[2]
        words = common.bit_count()
        affinity = words / min(need[2].bit_count(), offer[2].bit_count()) if words else 0.0
        if not shared and not (affinity >= COMPLEMENT_AFFINITY and words >= 2):
            return None
        return (shared.bit_count(), affinity), shared, common

    def make(n: int, o: int, shared: int, common: int) -> Complement:
        keys = tuple(theme_keys[i] for i in _positions(shared))
        return Complement(
            need_card=needs[n].id,
            offer_card=offers[o].id,
            needing=needs[n].department,
            offering=offers[o].department,
            themes=keys,
            shared_words=() if keys else tuple(sorted(words_of[i] for i in _positions(common))[:5]),
        )

    def grouped(found: list[tuple[str, int, int]]) -> list[tuple[tuple[str, int, int], list[int]]]:
        out: dict[tuple[str, int, int], list[int]] = {}
        for i, f in enumerate(found):
            out.setdefault(f, []).append(i)
        return list(out.items())

    # Score each pair of groups once; keep the matching ones by score
    by_score: dict[tuple[int, float], list[tuple[list[int], list[int], list[int], list[int]]]] = {}
    total = 0
    offer_groups = grouped(offer_features)
    for need, need_idx in grouped(need_features):
        for offer, offer_idx in offer_groups:
            found = score(need, offer)
            if found is not None:
                total += len(need_idx) * len(offer_idx)
                by_score.setdefault(found[0], []).append(
                    (need_idx, offer_idx, [found[1]], [found[2]])
                )

    # Kept pairs: looked up by their cards, whatever their rank
    need_at = {c.id: i for i, c in enumerate(needs)}
    offer_at = {c.id: i for i, c in enumerate(offers)}
    ranked: list[tuple[tuple[float, ...], Complement]] = []
    for key in dict.fromkeys(keep):
        kind, _, ids = key.partition(":")
        need_id, _, offer_id = ids.partition(":")
        if kind != "complement" or need_id not in need_at or offer_id not in offer_at:
            continue
        n, o = need_at[need_id], offer_at[offer_id]
        found = score(need_features[n], offer_features[o])
        if found is not None:
            ranked.append(((-found[0][0], -found[0][1], n, o), make(n, o, *found[1:])))
    kept = {pair.key for _, pair in ranked}
    room = None if limit is None else max(0, limit - len(kept))
    taken = 0
    # Strongest score first; within a score, board order (need, then offer)
    for level in sorted(by_score, reverse=True):
        if room is not None and taken >= room:
            break
        streams = [itertools.product(*group) for group in by_score[level]]
        for n, o, shared, common in heapq.merge(*streams):
            if room is not None and taken >= room:
                break
            pair = make(n, o, shared, common)
            if pair.key not in kept:
                ranked.append(((-level[0], -level[1], n, o), pair))
                taken += 1
    ranked.sort(key=lambda item: item[0])
    return ComplementRanking(pairs=[pair for _, pair in ranked], total=total)


def find_complements(
    cards: Iterable[Card], themes: Sequence[Theme], limit: int | None = None
) -> list[Complement]:
    """Every matching pair, the strongest first (see `rank_complements`), at most `limit`."""
    return rank_complements(cards, themes, limit).pairs


# --- resources (step 3) -------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilOverlap:
    first: str
    second: str
    shared_members: tuple[str, ...]
    shared_themes: tuple[str, ...]


def council_overlaps(
    resources: Iterable[Resource], themes: Sequence[Theme]
) -> list[CouncilOverlap]:
    """Councils that share two or more members or a purpose theme: candidates to merge
    before a new body is set up (one town found 84 councils, many alike)."""
    councils = [r for r in resources if r.kind in (ResourceKind.COUNCIL, ResourceKind.NETWORK)]
    out = []
    for i, a in enumerate(councils):
        for b in councils[i + 1 :]:
            members = tuple(m for m in a.members if m in set(b.members))
            ta = set(detect_themes(a.purpose, themes)) if a.purpose else set()
            tb = set(detect_themes(b.purpose, themes)) if b.purpose else set()
            shared = tuple(t.key for t in themes if t.key in ta & tb)
            if len(members) >= 2 or shared:
                out.append(CouncilOverlap(a.id, b.id, members, shared))
    return out


# --- step 4: people and continuity --------------------------------------------------------


@dataclass(frozen=True)
class Warning:
    code: str
    """i18n key suffix, e.g. no_deputy."""
    subject: str
    """Who or what it is about (a name or department)."""
    record_id: str = ""


def key_person_warnings(people: Iterable[KeyPerson], today: date | None = None) -> list[Warning]:
    """No deputy, already transferred, or a transfer coming within 90 days."""
    out = []
    for p in people:
        if p.left:
            out.append(Warning("left", p.name, p.id))
            continue
        if not p.has_deputy:
            out.append(Warning("no_deputy", p.name, p.id))
        if today and p.transfer_date and 0 <= (p.transfer_date - today).days <= 90:
            out.append(Warning("transfer_soon", p.name, p.id))
    return out


CONCENTRATION_MIN_ACTIONS = 3


def action_concentration(actions: Iterable[ActionItem]) -> list[Warning]:
    """One person owning more than half of the open actions (when there are at least 3)."""
    open_items = [a for a in actions if a.status.is_open]
    owners = Counter(a.owner_person.strip() for a in open_items if a.owner_person.strip())
    if len(open_items) < CONCENTRATION_MIN_ACTIONS:
        return []
    return [
        Warning("one_owner", name)
        for name, count in owners.most_common()
        if count * 2 > len(open_items)
    ]


def mechanism_warnings(m: Mechanism) -> list[Warning]:
    """What keeps a regular meeting from surviving transfers."""
    out = []
    if not m.secretariat:
        out.append(Warning("no_secretariat", m.name, m.id))
    if m.anchor.value == "none":
        out.append(Warning("no_anchor", m.name, m.id))
    if m.review_date is None:
        out.append(Warning("no_review_date", m.name, m.id))
    if len(m.members) < 2:
        out.append(Warning("few_members", m.name, m.id))
    return out


# --- step 5: action items -----------------------------------------------------------------


def action_problems(action: ActionItem) -> list[str]:
    """What an action item lacks to be followed up: owner department and due date."""
    problems = []
    if not action.owner_department.strip():
        problems.append("no_owner_department")
    if action.due is None:
        problems.append("no_due")
    return problems


def is_complete(action: ActionItem) -> bool:
    return not action_problems(action)
