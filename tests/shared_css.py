"""Each stylesheet source parsed once per test process, not once per app: Textual keeps
its parsed rules on the app's own stylesheet, so each of the suite's apps (one or more a
Pilot test, about 1,000 in a run) tokenised and parsed the same sources again, about
17 ms of the 64 ms of CPU an app that only shows its home screen costs.

The rules are kept by everything Textual's own cache looks at (source text, where it was
read from, default or not, tie breaker, scope) and by the stylesheet's variables (the
theme's colours are substituted while parsing), so an app in the other theme or language
gets rules of its own. Rules are only read once parsed (matched, applied, listed), never
changed. Installed by `tests/conftest.py` for the Textual version it was written
against only."""

from __future__ import annotations

from typing import Any

import textual
from textual.css.stylesheet import Stylesheet

WRITTEN_FOR = "8.2.8"
"""The Textual version whose `Stylesheet._parse_rules` this wraps."""

_RULES: dict[tuple[Any, ...], list[Any]] = {}
_REAL = Stylesheet._parse_rules


def _parse_rules(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[Any]:
    variables = tuple(self._variables.items())
    key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
    rules = _RULES.get(key)
    if rules is None:
        rules = _REAL(self, css, read_from, is_default_rules, tie_breaker, scope)
        _RULES[key] = rules
    return rules


def install() -> bool:
    """Share parsed rules between apps if Textual is the version this follows."""
    if textual.__version__ != WRITTEN_FOR:
        return False
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]
    return True
