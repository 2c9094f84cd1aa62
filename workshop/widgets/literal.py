"""Showing text typed by people exactly as typed.

Textual and Rich read square brackets in plain strings as markup, so "[bold]" typed in
the room would vanish or "[/]" would crash a render. Every user string goes through
`lit`, which makes a Rich Text (never parsed as markup)."""

from __future__ import annotations

from rich.text import Text

DISPLAY_LIMIT = 160
"""Characters shown in a table cell; the full text is in the edit dialog and exports."""


def one_line(text: str, limit: int = DISPLAY_LIMIT) -> str:
    """Newlines shown as ⏎, long text cut with an ellipsis (tables stay one row high)."""
    flat = text.replace("\n", " ⏎ ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def lit(text: str | None, limit: int | None = DISPLAY_LIMIT, style: str = "") -> Text:
    """User text as a literal Rich Text, optionally shortened to one line."""
    value = text or ""
    if limit is not None:
        value = one_line(value, limit)
    return Text(value, style=style)


def fit(text: str | None, cells: int) -> Text:
    """User text cut to a number of terminal cells (kanji take two), one line."""
    from rich.cells import cell_len, set_cell_size

    flat = (text or "").replace("\n", " ⏎ ")
    if cells <= 0 or cell_len(flat) <= cells:
        return Text(flat)
    return Text(set_cell_size(flat, cells - 1).rstrip() + "…")


def wrap(text: str | None, cells: int, max_lines: int = 3) -> Text:
    """User text wrapped to a column of `cells` (by character: Japanese has no spaces),
    at most `max_lines` lines, the last one ending in … when cut."""
    from rich.cells import get_character_cell_size

    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line, width = "", 0
        for ch in paragraph:
            w = get_character_cell_size(ch)
            if width + w > cells and line:
                lines.append(line)
                line, width = "", 0
            line += ch
            width += w
        lines.append(line)
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit(lines[-1] + "…", cells).plain
    return Text("\n".join(lines))
