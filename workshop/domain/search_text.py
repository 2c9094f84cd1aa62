"""Matching what a facilitator types against names, labels and texts.

Typed text and the text searched are both folded: full-width and half-width forms are
the same (NFKC: ＡＢＣ, ｶﾀｶﾅ, full-width digits from an IME), case is ignored, and
katakana counts as the hiragana it reads as (ファシリテーター = ふぁしりてーたー).
Every word typed (separated by spaces, full-width ones too) must occur; a word also
matches across the spaces of the text searched, since an IME turns やまだけいこ into
山田恵子 where the attendee list writes 山田 恵子. Kanji are matched as kanji: the
readings of names are not known."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["fold", "matches", "query_words"]

_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)} | {
    ord("ヽ"): ord("ゝ"),
    ord("ヾ"): ord("ゞ"),
}


def fold(text: str) -> str:
    """`text` as matching compares it."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_HIRAGANA)


def query_words(typed: str) -> list[str]:
    """The words of what was typed, folded (none for an empty or blank entry)."""
    return fold(typed).split()


def matches(words: Sequence[str], folded: str) -> bool:
    """Whether every word occurs in `folded` (a text already passed through `fold`),
    with or without its spaces."""
    if not words:
        return True
    compact = "".join(folded.split())
    return all(w in folded or w in compact for w in words)
