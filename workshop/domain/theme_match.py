"""Which themes of the reference vocabulary a text speaks of, and the wording two texts
share: what the step ② findings match cards on."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence

from workshop.domain.records import Card
from workshop.domain.reference import Theme


def detect_themes(text: str, themes: Sequence[Theme]) -> list[str]:
    """Theme keys whose label or a keyword occurs in the text, in vocabulary order."""
    found = []
    for theme in themes:
        if theme.key == text or theme.label in text or any(k in text for k in theme.keywords):
            found.append(theme.key)
    return found


def theme_finder(themes: Sequence[Theme]) -> Callable[[str], list[str]]:
    """`detect_themes` for many texts: each theme's label and keywords as one compiled
    pattern, searched in C (a large board has thousands of cards to read)."""
    patterns = [
        (t.key, re.compile("|".join(re.escape(w) for w in (t.label, *t.keywords)))) for t in themes
    ]

    def find(text: str) -> list[str]:
        return [key for key, pattern in patterns if key == text or pattern.search(text)]

    return find


def card_themes(
    card: Card, themes: Sequence[Theme], find: Callable[[str], list[str]] | None = None
) -> set[str]:
    """Themes of a card: its tags (a tag may be a theme key or any word) and its text.
    `find` is the `theme_finder` of the same themes, when one was made."""
    find = find or theme_finder(themes)
    keys = set(find(card.text))
    for tag in card.tags:
        keys.update(find(tag))
    return keys


_WORD = re.compile(r"[一-龯々〆ヵヶァ-ヴーA-Za-z0-9Ａ-Ｚａ-ｚ０-９]+")


def _bigrams(text: str) -> set[str]:
    """Character bigrams of the kanji/katakana/latin runs: a language-neutral way to see
    that 買い物支援 and 買い物の足 talk about the same thing without a tokenizer."""
    grams: set[str] = set()
    for run in _WORD.findall(text.lower()):
        if len(run) == 1:
            grams.add(run)
        else:
            grams.update(map(operator.add, run, run[1:]))  # each character and the next
    return grams
