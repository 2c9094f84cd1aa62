"""Give a closed screen's memory back: Textual caches that outlive their widgets.

A few of Textual's methods are memoised with `functools.lru_cache` on the instance, so
the cache holds the instance itself, and everything it holds, after its widget has gone:
`StylesCache.get_inner_outer` keeps up to 1,024 widgets' style caches (each with every
rendered line of its widget and the line's own seven small caches: about 200,000 objects
after a large session had been opened twice), `DataTable._get_styles_to_render_cell`
keeps up to 32 tables with all their rows. Emptying these caches when a screen closes
costs one cache miss per widget still shown (the values are two styles or a tuple of
styles, built again on the next paint)."""

from __future__ import annotations

from typing import Any

from textual._styles_cache import StylesCache
from textual.widgets import DataTable

INSTANCE_CACHES: tuple[Any, ...] = (
    StylesCache.get_inner_outer,
    DataTable._get_styles_to_render_cell,
)
"""`lru_cache`d methods whose keys hold the instance (and so a widget's whole render)."""


def release_instance_caches() -> None:
    """Forget the instances Textual's per-instance memo caches are holding."""
    for cached in INSTANCE_CACHES:
        cached.cache_clear()
