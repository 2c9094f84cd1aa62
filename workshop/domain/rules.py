"""Pure rules the screens and exports share: findings in step 2, checks in steps 3-5.

Nothing here does I/O; the reference vocabulary (themes) is passed in.
"""

from __future__ import annotations

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


def find_complements(
    cards: Iterable[Card], themes: Sequence[Theme], limit: int | None = None
) -> list[Complement]:
    """Pairs (need of A, offer of B), A != B, that share a theme or enough wording; the
    strongest first (shared themes, then shared wording), at most `limit`."""
    live = live_cards(cards, Step.STRENGTHS)
    needs = [c for c in live if c.prompt == "strengths.needs" and c.department]
    offers = [
        c for c in live if c.prompt in ("strengths.offers", "strengths.strengths") and c.department
    ]
    # Each card's themes and bigrams once: a large session has thousands of pairs
    theme_of = {c.id: card_themes(c, themes) for c in needs + offers}
    grams_of = {c.id: _bigrams(c.text) for c in needs + offers}
    order = {t.key: i for i, t in enumerate(themes)}
    scored: list[tuple[tuple[int, float], Complement]] = []
    for need in needs:
        for offer in offers:
            if offer.department == need.department:
                continue
            shared = theme_of[need.id] & theme_of[offer.id]
            affinity, words = _affinity(grams_of[need.id], grams_of[offer.id])
            if not shared and not (affinity >= COMPLEMENT_AFFINITY and len(words) >= 2):
                continue
            pair = Complement(
                need_card=need.id,
                offer_card=offer.id,
                needing=need.department,
                offering=offer.department,
                themes=tuple(sorted(shared, key=lambda k: order.get(k, 999))),
                shared_words=tuple(words[:5]) if not shared else (),
            )
            scored.append(((len(shared), affinity), pair))
    # Stable: equal strength keeps the cards' board order
    scored.sort(key=lambda item: item[0], reverse=True)
    pairs = [pair for _, pair in scored]
    return pairs[:limit] if limit is not None else pairs


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
