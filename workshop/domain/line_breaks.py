"""Where a paragraph may break (禁則処理 and phrases), for `text_wrap`: every position
sorted into five kinds, from the breaks a reader expects (around a bracketed part,
between phrases) to the last resort (anywhere the 禁則 rules allow). The line breaker
chooses among them; this module only finds them."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import compress, repeat
from operator import and_, not_, or_

from workshop.domain.phrases import phrases

__all__ = [
    "KATAKANA_WORD",
    "LATIN_WORD",
    "NO_LINE_END",
    "NO_LINE_START",
    "break_flags",
    "break_sets",
]

NO_LINE_START = frozenset(
    "、。，．,.：；:;？！?!‼⁇⁈⁉・゠–〜～"
    ")]}）］｝〕〉》」』】〙〗〟’”｣"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ｧｨｩｪｫｯｬｭｮ"
    "ーｰ々〻ゝゞヽヾ゛゜…‥%％"
)
"""Characters a line must not start with (行頭禁則)."""

NO_LINE_END = frozenset("([{（［｛〔〈《「『【〘〖〝‘“｢¥$＄￥#＃")
"""Characters a line must not end with (行末禁則)."""

BULLETS = frozenset("・•▸◦‣-*")

OPENING = frozenset("（［｛〔〈《「『【〘〖〝(")
CLOSING = frozenset("）］｝〕〉》」』】〙〗〟)")

_DIGITS = "0-9０-９"
_UNITS = (
    "か所|ヶ所|ケ所|カ所|箇所|か月|ヶ月|ケ月|カ月|箇月|万人|万円|千円|億円|千人|"
    "年度|時間|分間|年間|世帯|地区|校区|団体|"
    "[年月日時分秒人名件回歳円個台校点度割倍週号条項位社課本枚冊歩部番区戸]"
)
NUMBER_GROUP = re.compile(
    rf"(?:令和|平成|昭和|大正|明治|西暦|第|約|計|全|各|毎)?"
    rf"(?:[{_DIGITS}元？?]+(?:[.,．，][{_DIGITS}]+)*(?:{_UNITS})?[〜～\-－→]?)+"
    rf"(?:[%％])?"
)
"""A number with its era, prefix and unit(s): broken only when it cannot fit a line."""

LATIN_WORD = re.compile(r"[A-Za-z0-9_'’\-]+")
KATAKANA_WORD = re.compile(r"[ァ-ヺー]{2,}")
"""A katakana word (センター, ファシリテーター) is broken only when nothing else fits."""


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "々〆"


def _is_hiragana(ch: str) -> bool:
    return "ぁ" <= ch <= "ゖ"


def _around_brackets(text: str, phrase_ends: list[int]) -> set[int]:
    """Breaks before and after bracketed parts, a phrase of their own (林 大輔｜（防災安全
    課）). A particle after the closing bracket belongs to the part (「移動販売」に｜商工
    観光課, （…）が｜): the break moves to the end of the phrase BudouX found, a few
    hiragana on, instead of leaving the particle to start the next line."""
    around = {i for i in range(1, len(text)) if text[i] in OPENING}
    for i in range(1, len(text)):
        if text[i - 1] not in CLOSING:
            continue
        if not _is_hiragana(text[i]):
            around.add(i)
            continue
        at = bisect_right(phrase_ends, i)
        end = phrase_ends[at] if at < len(phrase_ends) else None
        if end is not None and end - i <= 4 and all(map(_is_hiragana, text[i:end])):
            around.add(end)
    return around


def break_sets(text: str) -> tuple[frozenset[int], ...]:
    """Break positions of one paragraph: (strong, preferred, spaced, allowed, last resort),
    from the ones remembered for it (`break_flags`)."""
    flags = break_flags(text)
    places = range(len(flags))
    return tuple(
        frozenset(compress(places, map(and_, flags, repeat(1 << bit)))) for bit in range(5)
    )


@lru_cache(maxsize=4096)
def break_flags(text: str) -> bytes:
    """`_find_breaks` kept small: a byte a position, one bit a kind of break (five sets
    of positions took some 5 kB a paragraph: 20 MB held for the last 4,096 texts)."""
    flags = bytearray(len(text) + 1)
    for bit, positions in enumerate(_find_breaks(text)):
        for i in positions:
            flags[i] |= 1 << bit
    return bytes(flags)


def _find_breaks(text: str) -> tuple[frozenset[int], ...]:
    """Break positions of one paragraph: (strong, preferred, spaced, allowed, last resort).

    Strong: before and after a bracketed part. Preferred: between phrases (and around
    brackets) and after spaces between Latin words. Spaced: after any
    space. Allowed: between any two characters outside numbers and Latin words. Last
    resort: anywhere the 禁則 rules allow."""
    n = len(text)
    # 禁則: not before a character that may not start a line, nor after one that may
    # not end it (every position at once)
    banned = map(
        or_, map(NO_LINE_START.__contains__, text[1:]), map(NO_LINE_END.__contains__, text)
    )
    resort = set(compress(range(1, n), map(not_, banned)))
    glued: set[int] = set()
    for m in NUMBER_GROUP.finditer(text):
        glued.update(range(m.start() + 1, m.end()))
    for m in LATIN_WORD.finditer(text):
        glued.update(range(m.start() + 1, m.end()))
    # spaces stay with the text before them: a line never starts with a space
    spaces = {i for i in range(1, n) if text[i].isspace()}
    # a bullet is never a line of its own
    if text[0] in BULLETS:
        glued.add(1)
    allowed = resort - glued - spaces
    preferred: set[int] = set()
    pos = 0
    chunks = phrases(text)
    for n, chunk in enumerate(chunks[:-1]):
        pos += len(chunk)
        # BudouX sometimes cuts a single kanji off a compound (分｜野連携): not a phrase
        before, after = chunk.split()[-1:], chunks[n + 1].split()[:1]
        lone = len(before[0] if before else "") == 1 or len(after[0] if after else "") == 1
        if not (lone and _is_kanji(text[pos - 1]) and _is_kanji(text[pos])):
            preferred.add(pos)
            continue
        # the phrase then ends at the space before that kanji (買い物 ｜分野連携), unless
        # the space parts a short name (佐藤 由美)
        words = chunk.split()
        if len(words) > 1 and len(words[-2].strip("（(「『")) >= 3:
            preferred.add(pos - len(words[-1]))
    # after a space between Latin words; a space between Japanese words (山田 恵子,
    # 教育委員会 生涯学習課) is a break only where nothing better fits
    preferred.update(
        i
        for i in range(1, n)
        if text[i - 1].isspace()
        and not text[i].isspace()
        and (text[i].isascii() or (i > 1 and text[i - 2].isascii()))
    )
    # a bracketed part is a phrase of its own: 林 大輔｜（防災安全課）, but a particle after
    # it stays with it (「移動販売」に｜商工観光課): BudouX says where that phrase ends
    around = _around_brackets(text, sorted(preferred))
    preferred.update(around)
    spaced = {i for i in allowed if text[i - 1].isspace()}
    strong = around & allowed
    return (
        frozenset(strong),
        frozenset(preferred & allowed),
        frozenset(spaced),
        frozenset(allowed),
        frozenset(resort - spaces),
    )
