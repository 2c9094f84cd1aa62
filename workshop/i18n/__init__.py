"""UI strings in Japanese (default) and English.

The catalog is split by area into ``ja/*.toml`` and ``en/*.toml`` (same file names, same
keys; a test keeps them in step). Keys are dotted: ``step.vision``, ``error.corrupt``.
Exports are always Japanese, whatever the UI language.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Iterable
from functools import cache
from importlib.util import cache_from_source
from pathlib import Path
from typing import Any

LANGUAGES = ("ja", "en")
_language = "ja"


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, str]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(name, value, out)
        else:
            out[name] = str(value)


CACHE_FORMAT = 1


def _parse(sources: list[Path]) -> dict[str, str]:
    import tomllib  # only when the cache does not match (start-up reads the cache)

    out: dict[str, str] = {}
    for path in sources:
        _flatten("", tomllib.loads(path.read_text(encoding="utf-8")), out)
    return out


def load_catalog(folder: Path, cache_file: Path | None) -> dict[str, str]:
    """The strings of the ``*.toml`` files in `folder`, flattened.

    Parsing the TOML costs start-up tens of milliseconds, so the result is kept in
    `cache_file` (JSON, beside the byte code) with the name, size and change time of
    every source: a cache that does not match them exactly is parsed again and
    rewritten. No cache file (None), or one that cannot be read or written, only
    means parsing."""
    sources = sorted(p for p in folder.iterdir() if p.name.endswith(".toml"))
    stamp = [CACHE_FORMAT] + [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in sources]
    if cache_file is not None:
        try:
            cached = json.loads(cache_file.read_text(encoding="utf-8"))
            if cached["stamp"] == stamp:
                return cached["strings"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    out = _parse(sources)
    if cache_file is not None and not sys.dont_write_bytecode:
        tmp = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"stamp": stamp, "strings": out}, ensure_ascii=False))
            os.replace(tmp, cache_file)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return out


def _cache_file(lang: str) -> Path | None:
    """Where a language's parsed catalog is kept: beside this package's byte code
    (following PYTHONPYCACHEPREFIX, like Python's own cache)."""
    try:
        pyc = cache_from_source(str(Path(__file__).with_name(f"catalog_{lang}.py")))
    except NotImplementedError:  # no byte-code cache on this interpreter
        return None
    return Path(pyc).with_suffix(".json")


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every string of one language, keyed by dotted name."""
    return load_catalog(Path(__file__).with_name(lang), _cache_file(lang))


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _language = lang


def language() -> str:
    return _language


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The string for a key in the current (or given) language, formatted with params.
    A missing key shows itself, so a gap is visible but never crashes a screen."""
    text = catalog(lang or _language).get(key)
    if text is None:
        text = catalog("ja").get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def label(group: str, value: Any, lang: str | None = None) -> str:
    """Label of an enum value: label("step", Step.VISION) -> 「①理念」."""
    key = getattr(value, "value", value)
    return t(f"{group}.{key}", lang)


EXAMPLE_PREFIX = re.compile(r"^\s*(例|e\.g\.)\s*[：:]?\s*", re.IGNORECASE)


def example(text: str, lang: str | None = None) -> str:
    """A sample value marked as an example in the UI's language (例：14:00, e.g. 14:00).
    A prefix the text already has (seed examples start with 例：) is not repeated."""
    body = EXAMPLE_PREFIX.sub("", text, count=1)
    return t("common.example", lang, value=body) if body else ""


def has(key: str, lang: str | None = None) -> bool:
    return key in catalog(lang or _language)


def _message(err: dict[str, Any], lang: str | None) -> str:
    kind = err.get("type", "")
    ctx = dict(err.get("ctx") or {})
    key = f"validation.{kind}"
    if has(key, lang):
        return t(key, lang, **ctx)
    if kind.startswith(("int_", "float_", "greater", "less")):
        return t("validation.number", lang)
    if kind.startswith("time"):
        return t("validation.time", lang)
    if kind.startswith(("date", "datetime")):
        return t("validation.date", lang)
    return t("validation.invalid", lang)


def validation_messages(errors: Iterable[dict[str, Any]], lang: str | None = None) -> list[str]:
    """Pydantic validation errors as sentences a facilitator understands.

    Our own error types (ws_…) have catalog entries; pydantic's built-in ones fall back
    to a generic line that still names the field."""
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
        field = loc[-1] if loc else ""
        field_label = t(f"field.{field}", lang) if has(f"field.{field}", lang) else field
        text = _message(err, lang)
        out.append(f"{field_label}: {text}" if field_label else text)
    return out


def located_messages(errors: Iterable[dict[str, Any]], lang: str | None = None) -> list[str]:
    """Validation errors of a bundle, one line each, saying where in the file the problem
    is: 「会議 1 › カード 3 › 投票数 (votes): …」 (the JSON name in brackets, so the file
    can be searched)."""
    out = []
    for err in errors:
        parts: list[str] = []
        # the wrappers "data" and "session" are left out of a place, not when missing
        whole = list(err.get("loc", ()))
        loc = [
            p for i, p in enumerate(whole) if p not in ("data", "session") or i == len(whole) - 1
        ]
        for i, p in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(p, int):
                if parts:
                    parts[-1] += f" {p + 1}"
            elif not last and has(f"bundle_part.{p}", lang):
                parts.append(t(f"bundle_part.{p}", lang))
            elif last and not p.startswith("function-"):
                name = t(f"field.{p}", lang) if has(f"field.{p}", lang) else p
                parts.append(name if name == p else f"{name} ({p})")
            elif not p.startswith("function-"):
                parts.append(str(p))
        text = _message(err, lang)
        out.append(f"{' › '.join(parts)}: {text}" if parts else text)
    return out
