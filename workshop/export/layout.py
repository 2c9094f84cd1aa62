"""Column widths from the content of a table, for the printed formats (DOCX, HTML).

A municipal table is read on paper: a date, a number such as `107/243`, a name or a
short status must never wrap, and the long text columns take what is left. Widths are
worked out from the text (full-width characters count one em, half-width ones half),
so a column is as wide as its longest unbreakable token and no wider than its longest
line; the rest of the line goes to the columns whose text is longest.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Sequence

PT_MM = 0.3528
"""One typographic point in millimetres."""
CELL_PAD_MM = 4.6
"""Left and right cell margins of Word's default table (0.19 cm each), the rules and a
little air, so a token that just fits is not pushed to a second line."""
LINE_FACTOR = 1.25
"""Line height of table text as a multiple of the font size."""
SHORT_EM = 5.0
"""A whole line up to this width (a name, a status, 「第1回」) is kept on one line."""

_UNBREAKABLE = re.compile(
    r"令和\d+年\d+月\d+日(?:（.）)?"  # a 和暦 date, with its weekday
    r"|\d+(?:\.\d+)?%（[\d/]+）"  # a share with its count: 44.0%（107/243）
    r"|\d{1,2}:\d{2}(?:[～~-]\d{1,2}:\d{2})?"  # a time or a time range
    r"|（[^（）]{1,6}）"  # a short bracketed qualifier: （期限切れ）, （今回未確認）
    r"|[!-~]+"  # any run of ASCII without spaces: 107/243, L6/334, No.
)
LONG_TOKEN = 16
"""ASCII runs longer than this (URLs, formulas) may wrap."""
_SLACK_MM = 1e-3
"""Rounding margin of `shortest_widths`: a cell's line count is only recounted at widths
within this of the width where it takes one line fewer (the estimate of that width is
off by about 1e-6 mm)."""
_WORDS = re.compile(r"[ 　→]+")
"""Where a line of names may break: 「教育委員会 生涯学習課 → 商工観光課」."""


AUTOSPACE_EM = 0.25
"""Word and LibreOffice put a quarter em between Japanese text and Latin letters or
digits (autoSpaceDE/autoSpaceDN): 令和8年10月21日 is 1.5 em wider than its glyphs."""


@functools.lru_cache(maxsize=4096)
def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "FWA"


@functools.lru_cache(maxsize=65_536)
def em(text: str) -> float:
    """Printed width of a line in em: full-width characters 1, others 0.52 (digits of
    a Japanese font are a little over half an em, as LibreOffice sets Noto Serif CJK),
    plus the automatic space between Japanese and Latin text. Remembered per text: the
    same line is measured for its bounds, its widths and its row height (2,000 cards'
    texts were measured character by character a dozen times each)."""
    width = sum(1.0 if _wide(c) else 0.52 for c in text)
    for a, b in itertools.pairwise(text):
        if a.isspace() or b.isspace() or _wide(a) == _wide(b):
            continue
        if a.isalnum() or b.isalnum():
            width += AUTOSPACE_EM
    return width


def unbreakable_em(text: str) -> float:
    """Width of the widest piece of a cell that must stay on one line."""
    widest = 0.0
    for line in text.splitlines() or [""]:
        if em(line) <= SHORT_EM:
            widest = max(widest, em(line))
            continue
        if em(line) <= 2 * SHORT_EM:
            # a short label wraps once at most: 「統合・／相乗り」, not 「統／合・／相乗／り」
            widest = max(widest, math.ceil(em(line) / 2))
        for match in _UNBREAKABLE.finditer(line):
            token = match.group()
            if len(token) > LONG_TOKEN and token.isascii():
                continue  # a URL or a pasted formula wraps; it must not starve the table
            widest = max(widest, em(token))
        words = _WORDS.split(line)
        if len(words) > 1:
            widest = max([widest, *(em(w) for w in words if em(w) <= SHORT_EM)])
    return widest


def header_em(text: str) -> float:
    """A column header breaks only between its words (at ・ or before a bracket):
    「担当課・／担当者」, never 「担当課・担／当者」."""
    pieces = re.split(r"(?<=・)|(?=[（(])|\n", text)
    return max((em(p) for p in pieces), default=0.0)


def longest_em(text: str) -> float:
    return max((em(line) for line in text.splitlines()), default=0.0)


def bounds(
    header: Sequence[str], rows: Sequence[Sequence[str]], font_pt: float
) -> tuple[list[float], list[float]]:
    """Each column's (minimum, natural) width in mm: its widest unbreakable token (header
    included) and its longest line, with the cell margins."""
    char_mm = font_pt * PT_MM
    # each distinct text of a column once (names, departments, counts repeat)
    columns = [{row[j] for row in rows} for j in range(len(header))]
    minimum = [
        max([header_em(head), *(unbreakable_em(c) for c in col)]) * char_mm + CELL_PAD_MM
        for head, col in zip(header, columns, strict=True)
    ]
    natural = [
        max([longest_em(head), *(longest_em(c) for c in col)]) * char_mm + CELL_PAD_MM
        for head, col in zip(header, columns, strict=True)
    ]
    return minimum, [max(lo, hi) for lo, hi in zip(minimum, natural, strict=True)]


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    total_mm: float,
    font_pt: float,
) -> list[float]:
    """Column widths in mm that add up to `total_mm`: every column at least as wide as
    its unbreakable tokens (header included); when the longest lines do not all fit,
    the spare width goes where it makes the table shortest (`shortest_widths`)."""
    minimum, natural = bounds(header, rows, font_pt)
    if sum(minimum) >= total_mm:
        # Even the unbreakable tokens do not fit: shrink all columns alike.
        scale = total_mm / sum(minimum)
        return [w * scale for w in minimum]
    if sum(natural) <= total_mm:
        spare = total_mm - sum(natural)
        return [w + spare * w / sum(natural) for w in natural]
    return shortest_widths(rows, minimum, natural, total_mm, font_pt)


def shortest_widths(
    rows: Sequence[Sequence[str]],
    minimum: Sequence[float],
    natural: Sequence[float],
    total: float,
    font_pt: float,
) -> list[float]:
    """Widths from the minimums up, each piece of the spare width going to the column
    where it saves the most printed height per millimetre (the table gets as short as
    the estimate allows). Shared in proportion to the natural widths, a column of body
    names (連携先: 「さくら川町社会福祉協議会」) got 14 mm and ran to nine lines beside a
    date column with room to spare. Width that shortens nothing more is shared as before.

    Each step looks only at the cells that can lose a line at the width tried. Cells of
    a column that measure alike (the same lines, in em) are one shape: counted once per
    width, and kept ordered by the width at which they take one line fewer. A column's
    candidates are the shapes of the rows where it alone is the tallest; a step
    recounts only the shapes it reaches, and a column's best widening is remembered
    until a step changes one of its rows. Row by row, a long table (2,000 cards in the
    appendix) took seconds, and 10,000 cards took seconds still with rows kept in order."""
    n = len(minimum)
    char_mm = font_pt * PT_MM
    # shape ids per column: cell_shape[i][j] indexes shapes[j]
    shapes: list[list[tuple[float, ...]]] = [[] for _ in range(n)]
    members: list[list[list[int]]] = [[] for _ in range(n)]
    cell_shape: list[list[int]] = []
    ids: list[dict[str, int]] = [{} for _ in range(n)]
    by_ems: list[dict[tuple[float, ...], int]] = [{} for _ in range(n)]
    for i, row in enumerate(rows):
        mine = []
        for j in range(n):
            text = row[j]
            s = ids[j].get(text)
            if s is None:
                ems = tuple(em(line) for line in (text.splitlines() or [""]))
                s = by_ems[j].get(ems)
                if s is None:
                    s = by_ems[j][ems] = len(shapes[j])
                    shapes[j].append(ems)
                    members[j].append([])
                ids[j][text] = s
            members[j][s].append(i)
            mine.append(s)
        cell_shape.append(mine)

    memo_width: list[float] = [math.nan] * n
    memo: list[dict[int, tuple[int, float]]] = [{} for _ in range(n)]

    def measure_at(j: int, s: int, width: float) -> tuple[int, float]:
        """`measure` of shape s of column j, remembered for the last width tried in
        the column (a step widens it to the width its best candidate counted)."""
        if memo_width[j] != width:
            memo_width[j] = width
            memo[j] = {}
        found = memo[j].get(s)
        if found is None:
            found = memo[j][s] = measure(shapes[j][s], width)
        return found

    def measure(ems: tuple[float, ...], width: float) -> tuple[int, float]:
        """Lines of a cell at `width`, and the narrowest width at which it takes one
        line fewer (inf when every line is a single line)."""
        per_line = max(1.0, (width - CELL_PAD_MM) / char_mm)
        count = 0
        fewer = math.inf
        ceil = math.ceil
        for e in ems:
            k = ceil(e / per_line - 1e-9)
            if k > 1:
                count += k
                if (f := e / (k - 1)) < fewer:
                    fewer = f
            else:
                count += 1
        return count, (fewer * char_mm + CELL_PAD_MM + 1e-6 if fewer < math.inf else math.inf)

    def tallest(row: list[int]) -> int:
        """The column that alone is the tallest in the row, or -1."""
        most = max(row)
        return row.index(most) if row.count(most) == 1 else -1

    def rest_of(row: list[int], j: int) -> int:
        """The tallest cell of the row beside column j (0 for a table of one column)."""
        own = row[j]
        row[j] = 0
        most = max(row)
        row[j] = own
        return most

    def reach(ordered: list[tuple[float, int]], width: float) -> int:
        """How many of the ordered shapes may take fewer lines at `width`: those whose
        next width is at most `width`, and a margin for rounding (a shape included for
        nothing saves nothing)."""
        return bisect.bisect_right(ordered, (width + _SLACK_MM, math.inf))

    widths = list(minimum)
    count: list[list[int]] = []  # [column][shape]
    nxt: list[list[float]] = []
    for j in range(n):
        measured = [measure(ems, widths[j]) for ems in shapes[j]]
        count.append([c for c, _ in measured])
        nxt.append([x for _, x in measured])
    counts = [[count[j][s] for j, s in enumerate(mine)] for mine in cell_shape]
    by_next = [sorted((x, s) for s, x in enumerate(nxt[j])) for j in range(n)]
    top = [tallest(row) for row in counts]
    # for a row with a tallest column: at least the height of the rest of the row (line
    # counts only fall, so it stays a bound until the row is recounted)
    rest = [rest_of(row, j) if j >= 0 else 0 for row, j in zip(counts, top, strict=True)]
    # rows where column j alone is the tallest, by shape; and those shapes by next width
    tall: list[list[set[int]]] = [[set() for _ in shapes[j]] for j in range(n)]
    for i, j in enumerate(top):
        if j >= 0:
            tall[j][cell_shape[i][j]].add(i)
    tall_next = [sorted((nxt[j][s], s) for s, rs in enumerate(tall[j]) if rs) for j in range(n)]

    def candidate(j: int) -> tuple[float, int] | None:
        """The narrowest width up to the natural one at which widening column j saves
        lines, and how many (the spare width is checked by the caller)."""
        group = tall_next[j]
        k = 0
        while k < len(group):
            width = group[k][0]
            if width > natural[j] + 1e-6:
                return None
            saved = 0
            for _, s in group[: reach(group, width)]:
                now, was = measure_at(j, s, width)[0], count[j][s]
                for i in tall[j][s]:
                    if now > rest[i]:
                        saved += was - now
                    else:
                        saved += was - max(now, rest_of(counts[i], j))
            if saved > 0:
                return width, saved
            k = bisect.bisect_right(group, (width, math.inf))
        return None

    def move(i: int, was: int, now: int, j: int) -> None:
        """Row i's tallest column went from `was` to `now` (-1: none alone); the shapes
        of column j are re-ordered by the caller."""
        if was >= 0:
            s = cell_shape[i][was]
            rs = tall[was][s]
            rs.discard(i)
            if not rs and was != j:
                del tall_next[was][bisect.bisect_left(tall_next[was], (nxt[was][s], s))]
        if now >= 0:
            s = cell_shape[i][now]
            rs = tall[now][s]
            if not rs and now != j:
                bisect.insort(tall_next[now], (nxt[now][s], s))
            rs.add(i)

    best_of = [candidate(j) for j in range(n)]
    spare = total - sum(widths)
    while spare > 1e-6:
        best: tuple[float, int, float] | None = None  # saved lines per mm, column, width
        for j, found in enumerate(best_of):
            if found is None or found[0] - widths[j] > spare:
                continue
            width, saved = found
            rate = saved / (width - widths[j])
            if best is None or rate > best[0]:
                best = (rate, j, width)
        if best is None:
            break
        _, j, width = best
        spare -= width - widths[j]
        widths[j] = width
        order = by_next[j]
        end = reach(order, width)
        changed = order[:end]
        del order[:end]
        stale = {j}  # columns whose best widening may have changed
        for old, s in changed:
            c, x = measure_at(j, s, width)
            count[j][s], nxt[j][s] = c, x
            bisect.insort(order, (x, s))
            if tall[j][s]:
                del tall_next[j][bisect.bisect_left(tall_next[j], (old, s))]
            for i in members[j][s]:
                row = counts[i]
                row[j] = c
                was = top[i]
                if was == j:
                    if c > rest[i]:
                        continue  # still the tallest, and the rest of the row as it was
                elif was >= 0:
                    stale.add(was)  # still the tallest; the rest of its row got shorter
                    continue
                most = max(row)
                now = row.index(most) if row.count(most) == 1 else -1
                if now >= 0:
                    rest[i] = rest_of(row, now)
                if was != now:
                    top[i] = now
                    move(i, was, now, j)
                    stale.add(now)
                stale.add(was)
            if tall[j][s]:
                bisect.insort(tall_next[j], (x, s))
        stale.discard(-1)
        for k in stale:
            best_of[k] = candidate(k)
    if spare > 0:
        wanted = [max(0.0, hi - w) for hi, w in zip(natural, widths, strict=True)]
        weights = wanted if sum(wanted) > 0 else widths
        widths = [w + spare * x / sum(weights) for w, x in zip(widths, weights, strict=True)]
    return widths


def fill_widths(minimum: Sequence[float], natural: Sequence[float], total: float) -> list[float]:
    """Share `total` among columns in proportion to their natural width, none below its
    minimum (natural widths that already fit are returned as they are)."""
    n = len(natural)
    if sum(natural) <= total:
        return list(natural)
    if sum(minimum) >= total:
        return list(minimum)
    fixed: dict[int, float] = {}
    while True:
        free = [j for j in range(n) if j not in fixed]
        share = (total - sum(fixed.values())) / sum(natural[j] for j in free)
        short = [j for j in free if natural[j] * share < minimum[j]]
        if not short:
            return [fixed.get(j, natural[j] * share) for j in range(n)]
        for j in short:
            fixed[j] = minimum[j]


def row_height_mm(cells: Sequence[str], widths_mm: Sequence[float], font_pt: float) -> float:
    """Estimated printed height of a table row (the tallest cell)."""
    char_mm = font_pt * PT_MM
    tallest = 1
    for text, width in zip(cells, widths_mm, strict=True):
        per_line = max(1.0, (width - CELL_PAD_MM) / char_mm)
        lines = sum(max(1, math.ceil(em(line) / per_line)) for line in text.splitlines() or [""])
        tallest = max(tallest, lines)
    return tallest * font_pt * LINE_FACTOR * PT_MM


def rows_within(
    rows: Sequence[Sequence[str]], widths_mm: Sequence[float], font_pt: float, limit_mm: float
) -> list[bool]:
    """For each row, whether `row_height_mm` is at most `limit_mm`. A cell of L
    characters takes at most L + 1 + 1.25 L / (em per line) lines (a character is at
    most one em, plus a quarter em of automatic spacing), so only the long cells of a
    row are counted."""
    char_mm = font_pt * PT_MM
    per_line = [max(1.0, (width - CELL_PAD_MM) / char_mm) for width in widths_mm]
    most = 0  # the most lines a row may take (the height grows with the line count)
    while (most + 1) * font_pt * LINE_FACTOR * PT_MM <= limit_mm:
        most += 1
    out = []
    for cells in rows:
        tallest = 1
        for text, width in zip(cells, per_line, strict=True):
            size = len(text)
            if size + 1 + 1.25 * size / width <= most:
                continue
            lines = sum(max(1, math.ceil(em(line) / width)) for line in text.splitlines() or [""])
            tallest = max(tallest, lines)
        out.append(tallest * font_pt * LINE_FACTOR * PT_MM <= limit_mm)
    return out
