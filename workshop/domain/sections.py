"""Whether two written names mean the same section or body.

A meeting's members are written as sections (企画課, 教育委員会 生涯学習課) and an
attendee's section may carry more: a desk in brackets (企画課（地域交通担当）) or the
board it sits under (教育委員会 生涯学習課 for 生涯学習課). Such a name counts as its
section: 企画課 attended when someone from 企画課（地域交通担当） did."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["same_section", "section_core"]

_QUALIFIER = re.compile(r"[（(][^（()）]*[)）]\s*$")


def section_core(name: str) -> str:
    """The section a name stands for (NFKC: full and half width alike), a bracketed desk at
    the end and what comes before the last space (the board above it) left off."""
    text = unicodedata.normalize("NFKC", name).strip()
    while (found := _QUALIFIER.search(text)) and found.start() > 0:
        text = text[: found.start()].rstrip()
    words = text.split()
    return words[-1] if words else ""


def same_section(a: str, b: str) -> bool:
    core = section_core(a)
    return bool(core) and core == section_core(b)
