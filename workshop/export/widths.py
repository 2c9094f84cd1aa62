"""The column widths of a table whose longest lines do not all fit: the spare width goes,
step by step, where it saves the most printed height (see `layout.column_widths`)."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from workshop.export.layout import CELL_PAD_MM, PT_MM, em

Measured = tuple[int, float, Sequence[tuple[int, int, float]]]
"""A shape's lines at a width, the width where it takes one fewer, and the lines
recounted (line index, lines it takes, width where it takes one fewer)."""

_MANY_LINES = 8
"""A cell of this many lines or more is recounted line by line (only the lines that
can take one fewer); a shorter one is counted whole."""

_SLACK_MM = 1e-3
"""Rounding margin of `shortest_widths`: a cell's line count is only recounted at widths
within this of the width where it takes one line fewer (the estimate of that width is
off by about 1e-6 mm)."""

GRID_MM = 0.5
"""Widths are tried on a grid of this step (about a seventh of a character at 10 pt):
the width where a cell takes one line fewer is rounded up to it. Tried at every exact
such width, a table of a few long cells (②'s profiles at 10,000 cards: hundreds of
lines a cell) took hundreds of steps of a fraction of a millimetre each, and the
table was no shorter for it."""


def on_grid(mm: float) -> float:
    """The width `mm` (where a cell takes one line fewer) rounded up to the grid, with
    a margin for rounding so that the cell does take one line fewer there."""
    return math.ceil((mm + 1e-6) / GRID_MM) * GRID_MM


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
    appendix) took seconds; kept row by row, 10,000 cards still took two."""
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
    memo: list[dict[int, Measured]] = [{} for _ in range(n)]
    # a shape of many lines at the width last counted: lines each of its lines takes,
    # their sum, and the lines that can still lose one, by the width at which they do
    # (None for a shape of few lines: it is counted whole, which costs less)
    taken: list[list[list[int] | None]] = [[] for _ in range(n)]
    sums: list[list[int]] = [[] for _ in range(n)]
    waiting: list[list[list[tuple[float, int]] | None]] = [[] for _ in range(n)]

    def line_at(e: float, per_line: float) -> tuple[int, float]:
        """Lines one line of text takes, and the width at which it takes one fewer."""
        k = math.ceil(e / per_line - 1e-9)
        if k > 1:
            return k, on_grid(e / (k - 1) * char_mm + CELL_PAD_MM)
        return 1, math.inf

    def first_count(j: int, s: int, width: float) -> tuple[int, float]:
        """`measure` of shape s of column j at the starting width, kept line by line
        for a shape of many lines."""
        ems = shapes[j][s]
        if len(ems) < _MANY_LINES:
            taken[j].append(None)
            waiting[j].append(None)
            got, fewer = measure(ems, width)
            sums[j].append(got)
            return got, fewer
        per_line = max(1.0, (width - CELL_PAD_MM) / char_mm)
        lines = [line_at(e, per_line) for e in ems]
        taken[j].append([k for k, _ in lines])
        sums[j].append(sum(k for k, _ in lines))
        order = sorted((x, i) for i, (_, x) in enumerate(lines) if x < math.inf)
        waiting[j].append(order)
        return sums[j][s], order[0][0] if order else math.inf

    def measure_at(j: int, s: int, width: float) -> Measured:
        """`measure` of shape s of column j at `width` (at least the width last kept),
        and for a shape of many lines the lines recounted: only those that can lose one
        by `width` (the others take as many lines as before, see `_SLACK_MM`).
        Remembered for the last width tried in the column (a step widens it to the
        width its best candidate counted)."""
        if memo_width[j] != width:
            memo_width[j] = width
            memo[j] = {}
        found = memo[j].get(s)
        if found is None:
            order = waiting[j][s]
            if order is None:
                got, fewer = measure(shapes[j][s], width)
                found = memo[j][s] = (got, fewer, ())
                return found
            lines = taken[j][s]
            assert lines is not None
            end = bisect.bisect_right(order, (width + _SLACK_MM, math.inf))
            ems = shapes[j][s]
            per_line = max(1.0, (width - CELL_PAD_MM) / char_mm)
            got = sums[j][s]
            fewer = order[end][0] if end < len(order) else math.inf
            recounted = []
            for _, i in order[:end]:
                k, x = line_at(ems[i], per_line)
                got += k - lines[i]
                recounted.append((i, k, x))
                if x < fewer:
                    fewer = x
            found = memo[j][s] = (got, fewer, recounted)
        return found

    def keep(j: int, s: int, measured: Measured) -> None:
        """Shape s of column j is now counted at the width `measured` was taken at."""
        order = waiting[j][s]
        lines = taken[j][s]
        if order is None or lines is None:
            return
        got, _, recounted = measured
        del order[: len(recounted)]
        for i, k, x in recounted:
            lines[i] = k
            if x < math.inf:
                bisect.insort(order, (x, i))
        sums[j][s] = got

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
        return count, (on_grid(fewer * char_mm + CELL_PAD_MM) if fewer < math.inf else math.inf)

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
        measured = [first_count(j, s, widths[j]) for s in range(len(shapes[j]))]
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
            measured = measure_at(j, s, width)
            if measured[2]:
                keep(j, s, measured)
            c, x = measured[0], measured[1]
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
        memo_width[j] = math.nan  # what was remembered was counted from before the step
        stale.discard(-1)
        for k in stale:
            best_of[k] = candidate(k)
    if spare > 0:
        wanted = [max(0.0, hi - w) for hi, w in zip(natural, widths, strict=True)]
        weights = wanted if sum(wanted) > 0 else widths
        widths = [w + spare * x / sum(weights) for w, x in zip(widths, weights, strict=True)]
    return widths
