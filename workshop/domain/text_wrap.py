"""Line breaking for Japanese (and mixed) text in terminal cells: 禁則処理.

One function decides where every wrapped text on the screen breaks:

- no line starts with a closing bracket, a comma or full stop, a small kana, the
  long-vowel mark or an iteration mark, and no line ends with an opening bracket
  (characters are pushed to the next line, never hung outside the width);
- breaks fall between phrases (BudouX) or after spaces where the line allows it, and a
  number stays with its unit or date (10か所, 令和8年12月25日);
- a phrase longer than the line is broken between characters (still under the rules
  above); only text the rules cannot place at all (a width too small) is cut anywhere.

Widths are terminal cells (a kanji takes two). Joining the lines of a paragraph gives
the paragraph back: spaces at a break stay at the end of the line they follow (the
screen drops them), nothing is added or removed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import compress, repeat
from operator import and_, not_, or_

from workshop.domain.cells import cell_len, char_cells
from workshop.domain.phrases import phrases
from workshop.domain.text_shorten import shorten

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

_WORD = re.compile(r"[A-Za-z0-9_'’\-]+")
_KATAKANA = re.compile(r"[ァ-ヺー]{2,}")
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


def _breaks(text: str) -> tuple[frozenset[int], ...]:
    """Break positions of one paragraph: (strong, preferred, spaced, allowed, last resort),
    from the ones remembered for it (`_break_flags`)."""
    flags = _break_flags(text)
    places = range(len(flags))
    return tuple(
        frozenset(compress(places, map(and_, flags, repeat(1 << bit)))) for bit in range(5)
    )


@lru_cache(maxsize=4096)
def _break_flags(text: str) -> bytes:
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
    for m in _WORD.finditer(text):
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


def _choose(text: str, start: int, span: range, width: int, tiers) -> int | None:
    """The break for a line starting at `start`, among the positions in `span`
    (longest first). Kinds of break in order of preference, each with the least share of
    the line it must fill (1/n): a break before or after a bracketed part may leave a
    third of the line empty, between phrases or at a space half, between characters
    anything. A break that leaves more empty gives way to the next kind (narrow table
    cells would otherwise hold one short word a line)."""
    good: int | None = None
    for tier, share in tiers:
        p = next((p for p in span if p in tier), None)
        if p is None:
            continue
        if not share and good is not None:
            break  # a bracket break beats a break between characters
        if not share or cell_len(text[start:p]) * share >= width:
            good = p if good is None else max(good, p)
            if share != 3:
                break  # a bracket break counts with the phrase break after it
    return good


def _fits(text: str, width: int) -> bool:
    return cell_len(text.rstrip()) <= width


def _longest(text: str, start: int, width: int) -> int:
    """The furthest end such that text[start:end] fits (at least one character)."""
    used = 0
    end = start
    for ch in text[start:]:
        w = char_cells(ch)
        if used + w > width and not ch.isspace():
            break
        used += w
        end += 1
    return max(end, start + 1)


def _paragraph_lines(
    text: str, width: int, dense: bool = False, indent: int = 0, limit: int | None = None
) -> list[str]:
    """Lines of one paragraph; `dense` fills each line as far as the rules allow
    (phrases are not preferred); lines after the first are `indent` cells narrower. With
    `limit`, only the first lines (each line is chosen from the ones before it alone)."""
    if not text or _fits(text, width):
        return [text]
    strong, preferred, spaced, allowed, resort = _breaks(text)
    # katakana words that fit a line are not broken (センター), longer ones may be
    kana = {
        i
        for m in _KATAKANA.finditer(text)
        if cell_len(m.group()) <= width
        for i in range(m.start() + 1, m.end())
    }
    if kana:
        strong, preferred, spaced, allowed = (
            x - kana for x in (strong, preferred, spaced, allowed)
        )
    tiers = ((allowed, 0),) if dense else ((strong, 3), (preferred, 2), (spaced, 2), (allowed, 0))
    lines: list[str] = []
    start = 0
    first = width
    while start < len(text):
        width = first if start == 0 else first - indent
        end = _longest(text, start, width)
        if end >= len(text):
            lines.append(text[start:])
            break
        span = range(end, start, -1)
        best = _choose(text, start, span, width, tiers)
        if best is None:
            best = next((p for p in span if p in resort), end)
        if not dense and _cells_at_most(text, best, 2):
            # no single character left alone on the last line (協議 / 会)
            earlier = [
                p for p in allowed if start < p < best and cell_len(text[start:p]) * 2 >= width
            ]
            best = max(earlier, default=best)
        lines.append(text[start:best])
        start = best
        if limit is not None and len(lines) >= limit:
            break
    return lines


def _cells_at_most(text: str, start: int, cells: int) -> bool:
    """Whether text[start:] takes at most `cells` cells, reading only as far as needed
    (measuring the whole rest at every line made a long paste quadratic)."""
    used = 0
    for ch in text[start : start + cells + 1]:
        used += char_cells(ch)
        if used > cells:
            return False
    return start + cells + 1 >= len(text) or cell_len(text[start:]) <= cells


def wrap_lines(text: str, width: int) -> list[str]:
    """The lines `text` shows as in a column `width` cells wide.

    Newlines in the text are kept as line ends; ``"\\n".join`` of the result gives the
    text back. Each line fits the width once its trailing spaces are dropped."""
    width = max(1, width)
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(_paragraph_lines(paragraph, width))
    return out


def break_offsets(text: str, width: int) -> list[int]:
    """Character offsets where wrap_lines adds a line end (not counting the text's own
    newlines): to cut styled text at the same places."""
    offsets: list[int] = []
    pos = 0
    for paragraph in text.split("\n"):
        lines = _paragraph_lines(paragraph, max(1, width))
        for line in lines[:-1]:
            pos += len(line)
            offsets.append(pos)
        pos += len(lines[-1]) + 1
    return offsets


_HANG = re.compile(r"^( *)([・•▸◦‣※] ?)?")


def hanging_indent(paragraph: str, width: int) -> int:
    """Cells the lines after a paragraph's first are indented by so that they start
    under its text: its leading spaces and a bullet (・, ▸). None when that would take
    more than a third of the width."""
    m = _HANG.match(paragraph)
    indent = cell_len(m.group()) if m else 0
    return indent if indent * 3 <= width and indent < cell_len(paragraph) else 0


def break_points(text: str, width: int) -> list[tuple[int, int]]:
    """(offset, indent) of every line end wrap_lines would add, the lines after a
    paragraph's first indented under its text (a hanging indent for bullets)."""
    out: list[tuple[int, int]] = []
    pos = 0
    width = max(1, width)
    for paragraph in text.split("\n"):
        indent = hanging_indent(paragraph, width)
        lines = _paragraph_lines(paragraph, width, indent=indent)
        for line in lines[:-1]:
            pos += len(line)
            out.append((pos, indent))
        pos += len(lines[-1]) + 1
    return out


def _lines_and_starts(
    text: str, width: int, limit: int | None = None
) -> tuple[list[str], list[int]]:
    """wrap_lines and the offset in `text` where each of its lines starts; with `limit`,
    the first `limit` lines only."""
    lines: list[str] = []
    starts = [0]
    for paragraph in text.split("\n"):
        left = None if limit is None else limit - len(lines)
        for line in _paragraph_lines(paragraph, max(1, width), limit=left):
            lines.append(line)
            starts.append(starts[-1] + len(line))
        starts[-1] += 1  # the newline
        if limit is not None and len(lines) >= limit:
            break
    return lines[:limit], starts[: len(lines[:limit])]


def _inside_word(text: str, offset: int, width: int | None = None) -> bool:
    """Whether `offset` falls inside a Latin word, or (given `width`) inside a katakana
    word longer than a line (コミュニティソーシャルワーカー in a narrow column)."""
    if any(m.start() < offset < m.end() for m in _WORD.finditer(text)):
        return True
    return width is not None and any(
        m.start() < offset < m.end() and cell_len(m.group()) > width
        for m in _KATAKANA.finditer(text)
    )


def clip_lines(text: str, width: int, max_lines: int, whole_words: bool = False) -> list[str]:
    """wrap_lines, at most `max_lines` lines; when text is left over, the last line is
    the rest shortened with … (a bracketed ending such as （直営） kept). A Latin word
    too long for the width is cut with … rather than split over two lines (Vot / es);
    with `whole_words` (a title), so is a katakana word longer than a line."""
    return list(_clipped(text, width, max_lines, whole_words))


def clipped_lines(text: str, width: int, max_lines: int) -> tuple[str, ...]:
    """clip_lines as the tuple it keeps (not a copy): for callers that hold many."""
    return _clipped(text, max(1, width), max_lines, False)


def clipped_line_count(text: str, width: int, max_lines: int) -> int | None:
    """How many lines `clipped_lines(text, width, max_lines)` has, where that is known
    without breaking the text (None otherwise): one for a line that fits, `max_lines`
    for a text whose characters cannot fit in fewer lines (no line holds more than
    `width` cells of them, and without a Latin word or number no line is cut short)."""
    if width < 2 or max_lines < 1 or not text.isprintable():
        return None  # a newline, a tab or a control character: broken as usual
    if cell_len(text.rstrip()) <= width:
        return 1
    if _WORD.search(text) is None and cell_len("".join(text.split())) > (max_lines - 1) * width:
        return max_lines
    return None


@lru_cache(maxsize=16384)
def _clipped(text: str, width: int, max_lines: int, whole_words: bool = False) -> tuple[str, ...]:
    """clip_lines, remembered: a board filled again after one card changed, or the
    matrix and the findings built from the same cards, break each text once."""
    return tuple(_clip(text, width, max_lines, whole_words))


def _clip(text: str, width: int, max_lines: int, whole_words: bool = False) -> list[str]:
    # Without a Latin word (for a title: a katakana word) or number no line can start
    # inside one: the lines past the first max_lines + 1 change nothing (a long card is
    # not broken to its end)
    word_width = width if whole_words else None
    words = (
        _WORD.search(text) is not None
        or max_lines < 1
        or (whole_words and _KATAKANA.search(text) is not None)
    )
    wrapped, starts = _lines_and_starts(text, width, None if words else max_lines + 1)
    lines = [line.rstrip() for line in wrapped]
    split = None
    if words:
        split = next(
            (n for n, at in enumerate(starts) if n and _inside_word(text, at, word_width)),
            None,
        )
    if split is not None and split < max_lines:
        max_lines = split  # the line the word starts on ends in …
    elif len(lines) <= max_lines:
        return lines
    if "\n" not in text and split is None:
        # filled to the brim, the whole text may still fit the lines it has
        dense = [
            line.rstrip()
            for line in _paragraph_lines(text, max(1, width), dense=True, limit=max_lines + 1)
        ]
        if len(dense) <= max_lines:
            return dense
    rest = text[starts[max_lines - 1] :].strip()
    return [*lines[: max_lines - 1], shorten(rest, width)]
