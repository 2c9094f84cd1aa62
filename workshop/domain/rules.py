"""Pure rules the screens and exports share: findings in step 2, checks in steps 3-5.

Nothing here does I/O; the reference vocabulary (themes) is passed in.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from workshop.domain import bitsets
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
from workshop.domain.theme_match import _bigrams, card_themes, detect_themes, theme_finder

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
    find = theme_finder(themes)
    for card in live_cards(cards, Step.STRENGTHS):
        if card.prompt != "strengths.current" or not card.department:
            continue
        for key in card_themes(card, themes, find):
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


def _threshold(smaller: int) -> int | None:
    """Fewest shared bigrams that make a match by wording alone when the smaller of the two
    bigram sets has `smaller` members (the test of `rank_complements`, as a count)."""
    for words in range(2, smaller + 1):
        if words / smaller >= COMPLEMENT_AFFINITY:
            return words
    return None


def _by_threshold(of_size: dict[int, int], size: int) -> dict[int, int]:
    """Offers (sets by their number of bigrams) grouped by the shared bigrams they need to
    match a need of `size` bigrams by wording alone; offers that never can are left out."""
    out: dict[int, int] = defaultdict(int)
    for other, offers in of_size.items():
        needed = _threshold(min(size, other))
        if needed is not None:
            out[needed] |= offers
    return out


def rank_complements(
    cards: Iterable[Card],
    themes: Sequence[Theme],
    limit: int | None = None,
    keep: Iterable[str] = (),
) -> ComplementRanking:
    """Pairs (need of A, offer of B), A != B, that share a theme or enough wording; the
    strongest first (more shared themes, then more shared wording), ties in board order.

    Only the pairs asked for are built: the `limit` strongest, and every matching pair
    whose key is in `keep` (pairs the team accepted stay listed). A 10,000-card board has
    half a million matching pairs, of which a meeting reads a few dozen, so each need is
    compared with all offers at once: offers are bit positions, and counters over them
    (`bitsets.count`) give every offer's shared themes and shared bigrams in a few integer
    operations. The total is counted from those sets; pairs are built and their wording
    scored level by level (most shared themes first) only until the strongest are known.
    """
    live = live_cards(cards, Step.STRENGTHS)
    needs = [c for c in live if c.prompt == "strengths.needs" and c.department]
    offers = [
        c for c in live if c.prompt in ("strengths.offers", "strengths.strengths") and c.department
    ]
    theme_keys = [t.key for t in themes]  # a theme's bit is its place in the vocabulary
    theme_at = {k: i for i, k in enumerate(theme_keys)}
    vocab: dict[str, int] = {}
    find = theme_finder(themes)

    def features(c: Card) -> tuple[str, list[int], list[int]]:
        return (
            c.department,
            [theme_at[k] for k in card_themes(c, themes, find)],
            [vocab.setdefault(g, len(vocab)) for g in _bigrams(c.text)],
        )

    need_features = [features(c) for c in needs]
    offer_features = [features(c) for c in offers]
    words_of = {i: g for g, i in vocab.items()}
    need_words = [bitsets.bitset(f[2]) for f in need_features]
    offer_words = [bitsets.bitset(f[2]) for f in offer_features]

    # Offers as sets of bit positions: by theme, by bigram, by department, by wording size
    with_theme: dict[int, int] = defaultdict(int)
    with_word: dict[int, int] = defaultdict(int)
    of_department: dict[str, int] = defaultdict(int)
    of_size: dict[int, int] = defaultdict(int)
    for o, (dept, theme_bits, word_bits) in enumerate(offer_features):
        bit = 1 << o
        for i in theme_bits:
            with_theme[i] |= bit
        for i in word_bits:
            with_word[i] |= bit
        of_department[dept] |= bit
        of_size[len(word_bits)] |= bit
    every_offer = (1 << len(offers)) - 1

    # Per need: the offers of other departments by shared themes (counters), and those
    # sharing no theme but enough wording; all of them count in the total
    by_themes: list[tuple[list[int], int]] = []
    by_wording: list[int] = []
    thresholds: dict[int, dict[int, int]] = {}
    total = 0
    for dept, theme_bits, word_bits in need_features:
        other = every_offer & ~of_department.get(dept, 0)
        planes = bitsets.count(with_theme[i] for i in theme_bits)
        themed = bitsets.at_least(planes, 1, other)
        by_themes.append((planes, other))
        rest = other & ~themed
        worded = 0
        if rest and word_bits:
            shared = bitsets.count(with_word[i] for i in word_bits)
            if len(word_bits) not in thresholds:
                thresholds[len(word_bits)] = _by_threshold(of_size, len(word_bits))
            for needed, sized in thresholds[len(word_bits)].items():
                if sized & rest:
                    worded |= bitsets.at_least(shared, needed, sized & rest)
        by_wording.append(worded)
        total += themed.bit_count() + worded.bit_count()

    def scored(n: int, o: int) -> tuple[tuple[float, ...], Complement]:
        """The pair's sort key (strongest first, then board order) and the pair."""
        shared = bitsets.bitset(need_features[n][1]) & bitsets.bitset(offer_features[o][1])
        common = need_words[n] & offer_words[o]
        words = common.bit_count()
        smaller = min(len(need_features[n][2]), len(offer_features[o][2]))
        affinity = words / smaller if words else 0.0
        keys = tuple(theme_keys[i] for i in bitsets.members(shared))
        pair = Complement(
            need_card=needs[n].id,
            offer_card=offers[o].id,
            needing=needs[n].department,
            offering=offers[o].department,
            themes=keys,
            shared_words=()
            if keys
            else tuple(sorted(words_of[i] for i in bitsets.members(common))[:5]),
        )
        return (-len(keys), -affinity, n, o), pair

    def level(s: int) -> list[tuple[int, int]]:
        """The matching pairs with `s` shared themes (0: wording alone), in board order."""
        out = []
        for n, (planes, other) in enumerate(by_themes):
            found = bitsets.exactly(planes, s, other) if s else by_wording[n]
            out += [(n, o) for o in bitsets.members(found)]
        return out

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
        planes, other = by_themes[n]
        if (bitsets.at_least(planes, 1, other) | by_wording[n]) >> o & 1:
            ranked.append(scored(n, o))
    kept = {(item[0][2], item[0][3]) for item in ranked}
    room = None if limit is None else max(0, limit - len(kept))
    # Strongest level first; within a level, more shared wording, then board order
    top = max((len(f[1]) for f in need_features), default=0)
    for s in range(top, -1, -1):
        if room is not None and room <= 0:
            break
        found = [scored(n, o) for n, o in level(s) if (n, o) not in kept]
        if room is not None and len(found) > room:
            found = heapq.nsmallest(room, found, key=lambda item: item[0])
        ranked += found
        room = None if room is None else room - len(found)
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


def departed_owners(actions: Iterable[ActionItem], people: Iterable[KeyPerson]) -> list[Warning]:
    """A key person who has left (異動済み) still named as the person of an open action:
    the work stops with them unless someone takes it over (once per person)."""
    left = {p.name.strip() for p in people if p.left and p.name.strip()}
    owners = dict.fromkeys(
        a.owner_person.strip()
        for a in actions
        if a.status.is_open and a.owner_person.strip() in left
    )
    return [Warning("owner_left", name) for name in owners]


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


def action_problems(action: ActionItem, meeting: date | None = None) -> list[str]:
    """What an action item lacks to be followed up: owner department and due date; and,
    given the day of the meeting that decides it, a due date already past then (a slip
    of the year, 令和8年 for 令和9年, that the follow-up would only show as 期限切れ)."""
    problems = []
    if not action.owner_department.strip():
        problems.append("no_owner_department")
    if action.due is None:
        problems.append("no_due")
    elif meeting is not None and action.due < meeting:
        problems.append("due_before_meeting")
    return problems


def is_complete(action: ActionItem) -> bool:
    return not action_problems(action)
