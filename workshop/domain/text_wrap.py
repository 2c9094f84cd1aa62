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
from functools import lru_cache

from workshop.domain.cells import approx_cells, cell_len, char_cells
from workshop.domain.line_breaks import (
    KATAKANA_WORD,
    LATIN_WORD,
    break_sets,
)
from workshop.domain.text_shorten import shorten


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
    strong, preferred, spaced, allowed, resort = break_sets(text)
    # katakana words that fit a line are not broken (センター), longer ones may be
    kana = {
        i
        for m in KATAKANA_WORD.finditer(text)
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
    if any(m.start() < offset < m.end() for m in LATIN_WORD.finditer(text)):
        return True
    return width is not None and any(
        m.start() < offset < m.end() and cell_len(m.group()) > width
        for m in KATAKANA_WORD.finditer(text)
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
    if (
        LATIN_WORD.search(text) is None
        and cell_len("".join(text.split())) > (max_lines - 1) * width
    ):
        return max_lines
    return None


def estimated_line_count(text: str, width: int, max_lines: int) -> int:
    """A guess at the lines `clipped_lines(text, width, max_lines)` has, without breaking
    the text: each paragraph as many lines as its cells fill (`approx_cells`), at most
    `max_lines` in all. Breaks between phrases can leave a line short and take one more
    (about 2 in 100 of a large board's cards): a table that guesses a row's height
    corrects it before the row is drawn."""
    width = max(1, width)
    if "\n" not in text:  # one paragraph (a card, a name): no split, no loop
        return max(1, min(-(-approx_cells(text.rstrip()) // width), max_lines))
    count = 0
    for paragraph in text.split("\n"):
        count += max(1, -(-approx_cells(paragraph.rstrip()) // width))
        if count >= max_lines:
            return max(1, max_lines)
    return count


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
        LATIN_WORD.search(text) is not None
        or max_lines < 1
        or (whole_words and KATAKANA_WORD.search(text) is not None)
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
