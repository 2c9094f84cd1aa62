"""Every string inside nested data (dicts, lists), for tests that check each text."""

from __future__ import annotations

from typing import Any


def strings_in(value: Any) -> list[str]:
    """The strings of `value`, depth first, dict values in their order."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(value)
    return out
