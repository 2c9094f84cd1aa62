"""Column widths and row heights of the printed tables (DOCX, HTML) are the same as
the plain row-by-row algorithm gives: `shortest_widths` groups cells by shape and keeps
each column's best widening between steps, `rows_within` skips cells that cannot reach
the limit; both must decide exactly as before, on tables of every kind."""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Sequence

from workshop.export.layout import (
    CELL_PAD_MM,
    PT_MM,
    bounds,
    column_widths,
    em,
    row_height_mm,
    rows_within,
)
from workshop.export.widths import _SLACK_MM, on_grid, shortest_widths

_PIECES = (
    "連携",
    "買い物支援の情報共有",
    "地域包括ケア推進課",
    "令和8年10月21日（水）",
    "44.0%（107/243）",
    "9:30～10:00",
    "（期限切れ）",
    "No.",
    "https://example.jp/a/very/long/path",
    "教育委員会 生涯学習課 → 商工観光課",
    "さくら川町社会福祉協議会",
    "A",
    " ",
    "　",
    "\n",
    "\t",
    "",
)


def _text(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, longest)))


def _even(rng: random.Random) -> str:
    """Lines of whole 連携 words: cells whose line counts tie with their neighbours'."""
    return "\n".join("連携" * rng.randint(1, 8) for _ in range(rng.randint(1, 3)))


def _table(seed: int) -> tuple[list[str], list[list[str]], float, float]:
    rng = random.Random(seed)
    n = rng.randint(1, 6)
    longest = [rng.choice((1, 2, 4, 12)) for _ in range(n)]
    make = _even if seed % 2 else _text
    rows = [
        [make(rng, longest[j]) if make is _text else _even(rng) for j in range(n)]
        for _ in range(rng.randint(1, 40))
    ]
    if rng.random() < 0.5:  # repeated cells, as names and departments repeat
        rows += [list(rng.choice(rows)) for _ in range(rng.randint(1, 30))]
    header = [_text(rng, 2) or "列" for _ in range(n)]
    return header, rows, rng.choice((120.0, 170.0, 178.0, 257.0)), rng.choice((8.5, 9.0, 9.5))


def reference_widths(
    rows: Sequence[Sequence[str]],
    minimum: Sequence[float],
    natural: Sequence[float],
    total: float,
    font_pt: float,
) -> list[float]:
    """The column widths as `shortest_widths` found them row by row, before it
    grouped cells by shape (kept here as the reference)."""
    n = len(minimum)
    char_mm = font_pt * PT_MM
    cells = [
        [[em(line) for line in (row[j].splitlines() or [""])] for j in range(n)] for row in rows
    ]

    def lines(ems: list[float], width: float) -> int:
        per_line = max(1.0, (width - CELL_PAD_MM) / char_mm)
        return sum(max(1, math.ceil(e / per_line - 1e-9)) for e in ems)

    def next_width(ems: list[float], width: float) -> float:
        """The narrowest width at which the cell takes one line fewer."""
        per_line = max(1.0, (width - CELL_PAD_MM) / char_mm)
        fewer = [e / (k - 1) for e in ems if (k := math.ceil(e / per_line - 1e-9)) > 1]
        return on_grid(min(fewer) * char_mm + CELL_PAD_MM) if fewer else math.inf

    def others(i: int, j: int) -> int:
        return max((c for k, c in enumerate(counts[i]) if k != j), default=0)

    def tallest(i: int) -> int:
        """The column that alone is the tallest in row i, or -1."""
        row = counts[i]
        j = max(range(n), key=row.__getitem__)
        return j if row[j] > others(i, j) else -1

    def reach(ordered: list[tuple[float, int]], width: float) -> int:
        """How many of the ordered rows may take fewer lines at `width`: those whose
        next width is at most `width`, and a margin for rounding (a row included for
        nothing saves nothing)."""
        return bisect.bisect_right(ordered, (width + _SLACK_MM, math.inf))

    widths = list(minimum)
    counts = [[lines(cell[j], widths[j]) for j in range(n)] for cell in cells]
    nexts = [[next_width(cell[j], widths[j]) for cell in cells] for j in range(n)]
    by_next = [sorted((nexts[j][i], i) for i in range(len(cells))) for j in range(n)]
    top = [tallest(i) for i in range(len(cells))]
    tall: list[list[tuple[float, int]]] = [[] for _ in range(n)]
    for i, j in enumerate(top):
        if j >= 0:
            tall[j].append((nexts[j][i], i))
    for group in tall:
        group.sort()
    spare = total - sum(widths)
    while spare > 1e-6:
        best: tuple[float, int, float] | None = None  # saved lines per mm, column, width
        for j in range(n):
            # only rows where this column alone is the tallest get shorter by widening it
            group = tall[j]
            k = 0
            while k < len(group):
                width = group[k][0]
                if width - widths[j] > spare or width > natural[j] + 1e-6:
                    break
                saved = sum(
                    counts[i][j] - max(lines(cells[i][j], width), others(i, j))
                    for _, i in group[: reach(group, width)]
                )
                if saved > 0:
                    rate = saved / (width - widths[j])
                    if best is None or rate > best[0]:
                        best = (rate, j, width)
                    break
                k = bisect.bisect_right(group, (width, math.inf))
        if best is None:
            break
        _, j, width = best
        spare -= width - widths[j]
        widths[j] = width
        end = reach(by_next[j], width)
        changed = by_next[j][:end]
        del by_next[j][:end]
        for old, i in changed:
            was = top[i]
            if was >= 0:
                key = (old if was == j else nexts[was][i], i)
                del tall[was][bisect.bisect_left(tall[was], key)]
            counts[i][j] = lines(cells[i][j], width)
            nexts[j][i] = next_width(cells[i][j], width)
            bisect.insort(by_next[j], (nexts[j][i], i))
            top[i] = now = tallest(i)
            if now >= 0:
                bisect.insort(tall[now], (nexts[now][i], i))
    if spare > 0:
        wanted = [max(0.0, hi - w) for hi, w in zip(natural, widths, strict=True)]
        weights = wanted if sum(wanted) > 0 else widths
        widths = [w + spare * x / sum(weights) for w, x in zip(widths, weights, strict=True)]
    return widths


Generator = Callable[[int], tuple[list[str], list[list[str]], float, float]]


def compared_with_reference(make: Generator, seeds: int) -> tuple[list[int], int]:
    """The seeds whose generated table gets other widths than the reference, and how
    many tables had their spare width shared by height (the path these tests are for)."""
    differ = []
    shared = 0
    for seed in range(seeds):
        header, rows, total, font_pt = make(seed)
        minimum, natural = bounds(header, rows, font_pt)
        shared += sum(minimum) < total < sum(natural)
        want = reference_widths(rows, minimum, natural, total, font_pt)
        if shortest_widths(rows, minimum, natural, total, font_pt) != want:
            differ.append(seed)
    return differ, shared


def test_shortest_widths_as_row_by_row() -> None:
    differ, _ = compared_with_reference(_table, 400)
    assert not differ


def test_the_random_tables_take_the_shortest_path() -> None:
    """Many generated tables need the spare width shared by height (the path tested)."""
    shared = 0
    for seed in range(400):
        header, rows, total, font_pt = _table(seed)
        minimum, natural = bounds(header, rows, font_pt)
        shared += sum(minimum) < total < sum(natural)
    assert shared > 150


def _wrapping(seed: int) -> tuple[list[str], list[list[str]], float, float]:
    """Every column wraps, cells of one to three lines: the widening of one column often
    changes which column is the tallest in a row, and how much another can save."""
    rng = random.Random(seed)
    n = rng.randint(3, 5)

    def cell() -> str:
        return "\n".join("連" * rng.randint(1, 30) for _ in range(rng.randint(1, 3)))

    rows = [[cell() for _ in range(n)] for _ in range(rng.randint(2, 12))]
    return ["列"] * n, rows, rng.choice((60.0, 90.0, 120.0)), 9.0


def test_shortest_widths_as_row_by_row_when_every_column_wraps() -> None:
    differ, _ = compared_with_reference(_wrapping, 600)
    assert not differ


def _many_lines(seed: int) -> tuple[list[str], list[list[str]], float, float]:
    """A strengths matrix: a few rows whose cells hold up to 50 lines of mixed length
    (names, digits, brackets), some alike; cells of many lines are recounted line by
    line, the others whole, and a row's tallest column changes as they widen."""
    rng = random.Random(seed)
    n = rng.randint(3, 7)

    def line() -> str:
        return "・" + "".join(rng.choice(_PIECES[:10]) for _ in range(rng.randint(0, 6)))

    def cell() -> str:
        return "\n".join(line() for _ in range(rng.choice((1, 3, 7, 8, 9, 20, 50))))

    rows = [[cell() for _ in range(n)] for _ in range(rng.randint(2, 16))]
    rows += [list(rng.choice(rows)) for _ in range(rng.randint(0, 3))]
    return ["列"] * n, rows, rng.choice((120.0, 180.0, 257.0)), rng.choice((8.5, 9.0))


def test_shortest_widths_as_row_by_row_with_cells_of_many_lines() -> None:
    differ, shared = compared_with_reference(_many_lines, 60)
    assert not differ
    assert shared > 20  # the widths are shared by height, the path tested


def test_rows_within_as_row_height() -> None:
    """Rows of line breaks only (short texts, many lines) included."""
    differ = []
    for seed in range(200):
        header, rows, total, font_pt = _table(seed)
        widths = column_widths(header, rows, total, font_pt)
        rows = [*rows, *(["\n" * k] * len(header) for k in range(8))]
        for limit in (3.0, 4.0, 8.0, 12.0, 20.0, 40.0, 120.0):
            want = [row_height_mm(row, widths, font_pt) <= limit for row in rows]
            if rows_within(rows, widths, font_pt, limit) != want:
                differ.append((seed, limit))
    assert not differ


def reference_em(text: str) -> float:
    """A line's width as `em` measured it character by character (kept as the
    reference): the widths added in the order of the text, then the automatic space
    wherever a full-width character meets a letter or digit that is not."""
    import itertools
    import unicodedata

    def wide(c: str) -> bool:
        return unicodedata.east_asian_width(c) in "FWA"

    width = sum(1.0 if wide(c) else 0.52 for c in text)
    for a, b in itertools.pairwise(text):
        if a.isspace() or b.isspace() or wide(a) == wide(b):
            continue
        if a.isalnum() or b.isalnum():
            width += 0.25
    return width


def test_em_as_character_by_character() -> None:
    """The same float to the last bit (a width is a sum in the order of the text), for
    Japanese, Latin, half-width kana, ambiguous, combining and astral characters."""
    rng = random.Random(7)
    alphabet = "aZ09 　、。あア漢字ＡＢ１２ｱｲ①②é€\t-/%（）()→🚌\u3099ёΩ"
    texts = {"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)}
    texts |= {_text(rng, 12) for _ in range(500)} | {"", " ", "A", "あ", "令和8年10月21日（水）"}
    em.cache_clear()
    differ = [t for t in texts if repr(em(t)) != repr(reference_em(t))]
    assert not differ


def test_a_long_table_is_shared_out_by_a_sample_but_bounded_by_every_row() -> None:
    """Past `SAMPLED_ROWS` the spare width is shared by every n-th row; a token that
    must stay on one line in a row left out of the sample still sets its column's
    minimum, and the widths still add up to the line."""
    from workshop.export.layout import SAMPLED_ROWS

    rng = random.Random(7)
    texts = ["".join(rng.choice(_PIECES[:3]) for _ in range(rng.randint(1, 12))) for _ in range(50)]
    rows = [(str(i), texts[i % 50], "担当") for i in range(SAMPLED_ROWS * 2 + 1)]
    rows[1] = ("1", texts[1], "令和8年10月21日（水）")  # not in a sample of every 2nd row
    widths = column_widths(("No.", "意見", "担当"), rows, 120, 8.5)
    assert widths[2] >= em("令和8年10月21日（水）") * 8.5 * PT_MM + CELL_PAD_MM - 1e-6
    assert abs(sum(widths) - 120) < 1e-6
    assert widths[1] > widths[0] + widths[2]  # the long texts take the room left


def test_a_table_without_rows_whose_headers_wrap_gets_its_widths() -> None:
    """Only headers, too long for one line each but breakable at ・: the spare width is
    still shared out (a table of no rows has no sample to take)."""
    widths = column_widths(("担当・" * 10, "期限・" * 10), [], 60, 10.5)
    assert abs(sum(widths) - 60) < 1e-6
    assert all(w >= em("担当・") * 10.5 * PT_MM + CELL_PAD_MM - 1e-6 for w in widths)
