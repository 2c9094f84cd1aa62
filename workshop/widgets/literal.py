"""Showing text typed by people exactly as typed.

Textual and Rich read square brackets in plain strings as markup, so "[bold]" typed in
the room would vanish or "[/]" would crash a render. Every user string goes through
`lit`, which makes a Rich Text (never parsed as markup)."""

from __future__ import annotations

from collections.abc import Iterable

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
    """User text cut to a number of terminal cells (kanji take two), one line, with an
    ellipsis; a bracketed ending that tells names apart stays (…（直営））."""
    from workshop.domain.text_shorten import shorten

    return Text(shorten(text or "", cells))


def wrap(text: str | None, cells: int, max_lines: int = 3, whole_words: bool = False) -> Text:
    """User text broken into lines of `cells` by the Japanese rules (禁則処理), at most
    `max_lines` lines, the last one ending in … when cut; with `whole_words` (titles)
    a katakana word longer than a line is cut with … rather than split."""
    from workshop.domain.text_wrap import clip_lines

    return Text("\n".join(clip_lines(text or "", max(1, cells), max_lines, whole_words)))


def lines(items: Iterable[str]) -> Text:
    """Labels one a line, for a table cell that lists them: none is broken in two (a
    label such as ファシリテーター fills a narrow column by itself)."""
    return Text("\n".join(items))
