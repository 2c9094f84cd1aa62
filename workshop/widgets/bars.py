"""Text bars for the benchmarks: shares drawn with block characters, so they read on a
projector in either theme and survive a copy into the minutes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, scale: float, width: int) -> str:
    """A left-aligned bar of `width` cells for value/scale, in eighths of a cell; a share
    above zero always shows at least a sliver. Padded with spaces to `width`."""
    if width <= 0:
        return ""
    if scale <= 0 or value <= 0:
        return " " * width
    eighths = round(min(value, scale) / scale * width * 8)
    eighths = max(eighths, 1)
    full, part = divmod(eighths, 8)
    out = "█" * full + (EIGHTHS[part] if part else "")
    return out + " " * (width - len(out))


def stacked(parts: Sequence[tuple[float, str]], width: int) -> list[tuple[str, str]]:
    """One bar of `width` cells split into parts (share, glyph); shares are percentages
    of 100. Returns (text, glyph) runs; cells are given by largest remainder so the
    runs add up to the width."""
    if width <= 0:
        return []
    raw = [max(0.0, share) / 100 * width for share, _ in parts]
    cells = [int(r) for r in raw]
    left = width - sum(cells)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - cells[i], reverse=True)
    for i in order[: max(0, left)]:
        cells[i] += 1
    return [(glyph * n, glyph) for n, (_, glyph) in zip(cells, parts, strict=True) if n]


def pad(text: str, cells: int) -> str:
    """Text padded with spaces to a number of terminal cells (kanji take two)."""
    return text + " " * max(0, cells - cell_len(text))


def pct(value: float) -> str:
    """A percentage as the sources print it: one decimal."""
    return f"{value:.1f}%"
