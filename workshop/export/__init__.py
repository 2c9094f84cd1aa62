"""Exports: pure renderers (domain objects in, bytes out) and an atomic writer.

`render(fmt, data, session_id)` returns the bytes of one file; `export_session` writes it.
Heavy libraries (python-docx, openpyxl, icalendar) are imported inside their renderer so
start-up does not pay for them (the format modules themselves are light).
Exports are always in Japanese, whatever the UI language.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from workshop.domain.bundle import Bundle, InitiativeData
from workshop.domain.public import public_plan_view
from workshop.domain.records import KeyPerson
from workshop.export import (
    calendar_ics,
    charter_docx,
    minutes_docx,
    minutes_html,
    minutes_md,
    plan_csv,
    plan_xlsx,
)
from workshop.export.atomic import ExportError, write_atomic
from workshop.export.options import DEFAULT, ExportOptions
from workshop.export.text import safe_filename_part
from workshop.idle_gc import collect_if_deferred

Renderer = Callable[[InitiativeData, str], bytes]
OptionRenderer = Callable[[InitiativeData, str, ExportOptions], bytes]


def _bundle(data: InitiativeData) -> Bundle:
    from workshop import __version__

    return Bundle(app_version=__version__, data=data)


def _json(data: InitiativeData, session_id: str) -> bytes:
    return _bundle(data).to_json_bytes()


RENDERERS: dict[str, Renderer | OptionRenderer] = {
    "md": minutes_md.render,
    "html": minutes_html.render,
    "docx": minutes_docx.render,
    "summary": minutes_docx.render_summary,
    "xlsx": plan_xlsx.render,
    "csv": plan_csv.render,
    "json": _json,
    "ics": calendar_ics.render,
    "charter": charter_docx.render,
}
WITH_OPTIONS = frozenset({"md", "html", "docx", "summary", "charter"})
"""Formats that take `ExportOptions` (version, card list, the office's template)."""
PUBLIC_VIEW = frozenset({"xlsx", "csv", "ics"})
"""Formats without options of their own that have a public version all the same: with
`ExportOptions.public` they are rendered from the public view (`public_plan_view`:
outside individuals named by their body, what is 非公開 left out), as the minutes are."""
EXTENSIONS: dict[str, str] = {
    "md": ".md",
    "html": ".html",
    "docx": ".docx",
    "summary": ".docx",
    "xlsx": ".xlsx",
    "csv": ".csv",
    "json": ".json",
    "ics": ".ics",
    "charter": ".docx",
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)

CARD_FREE: frozenset[str] = frozenset({"summary", "xlsx", "csv", "ics", "charter"})
"""Formats whose file shows no card: they are rendered from an initiative read without
its cards (`Store.initiative_data(..., cards=False)`), the same file as with them
(test_export_card_free)."""


def needs_cards(formats: Iterable[str]) -> bool:
    """Whether rendering these formats needs the sessions' cards read."""
    return any(fmt not in CARD_FREE for fmt in formats)


# What the file is, after the date and the meeting's name (Japanese, as the file goes
# round the offices); the bundle keeps a plain name.
_SUFFIXES: dict[str, str] = {
    "md": "_議事録",
    "html": "_議事録",
    "docx": "_議事録",
    "summary": "_概要",
    "xlsx": "_アクションプラン",
    "csv": "_アクションプラン",
    "json": "",
    "ics": "_予定",
    "charter": "_設置要綱案",
}

TITLE_CHARS = 40
"""Characters of the session title kept in a file name (3 bytes each in UTF-8, well
within the 255-byte limit of common file systems)."""


def default_name(
    data: InitiativeData, session_id: str, fmt: str, options: ExportOptions = DEFAULT
) -> str:
    """A file name a secretariat recognises: 20261122_第1回連携会議_議事録.docx.
    The title is sanitised: no folder separators, control or reserved characters."""
    session = data.session(session_id)
    if session is None:
        raise ValueError(f"no session {session_id}")
    s = session.session
    day = (s.date or s.created_at.date()).strftime("%Y%m%d")
    title = safe_filename_part(s.title, TITLE_CHARS)
    public = "_公開用" if options.public and fmt in WITH_OPTIONS | PUBLIC_VIEW else ""
    return f"{day}_{title}{_SUFFIXES[fmt]}{public}{EXTENSIONS[fmt]}"


def _check(fmt: str, data: InitiativeData) -> None:
    if fmt not in RENDERERS:
        raise ValueError(fmt)
    if not data.has_cards and fmt not in CARD_FREE:
        raise ValueError(f"{fmt} shows cards: read the initiative with its cards")


def render_pieces(
    fmt: str, data: InitiativeData, session_id: str, options: ExportOptions | None = None
) -> Iterable[bytes]:
    """`render` as pieces to write one after the other (what a file is written from):
    the bundle of a large initiative is never held whole (`Bundle.json_chunks`); any
    other format is one piece."""
    if fmt == "json":
        _check(fmt, data)
        return _bundle(data).json_chunks()
    return (render(fmt, data, session_id, options),)


def render(
    fmt: str, data: InitiativeData, session_id: str, options: ExportOptions | None = None
) -> bytes:
    _check(fmt, data)
    try:
        if fmt in WITH_OPTIONS:
            return RENDERERS[fmt](data, session_id, options or DEFAULT)  # type: ignore[call-arg]
        if options is not None and options.public and fmt in PUBLIC_VIEW:
            data = public_plan_view(data, session_id)
        return RENDERERS[fmt](data, session_id)  # type: ignore[call-arg]
    finally:
        collect_if_deferred()  # the document's tree is cyclic garbage now


def as_confirmed(
    data: InitiativeData, fmt: str, register: Sequence[KeyPerson] | None
) -> InitiativeData:
    """The initiative as a confirmed meeting's document shows it: the key persons as they
    stood when it was confirmed (`register`, from `Store.register_at_confirmation`), not
    as later meetings edited them. The bundle carries today's records."""
    if register is None or fmt == "json":
        return data
    return data.model_copy(update={"key_persons": list(register)})


def export_session(
    data: InitiativeData,
    session_id: str,
    fmt: str,
    out: Path | str,
    options: ExportOptions | None = None,
    register: Sequence[KeyPerson] | None = None,
) -> Path:
    """Render and write one format. `out` is a file path or an existing folder; a path
    written with a trailing separator ("reports/") names a folder, which must exist.
    `register`: see `as_confirmed`."""
    data = as_confirmed(data, fmt, register)
    names_folder = str(out).endswith(("/", os.sep))
    out = Path(out).expanduser()
    if out.is_dir() or names_folder:
        return export_to_folder(data, session_id, fmt, out, options)
    return write_atomic(out, render_pieces(fmt, data, session_id, options))


def export_to_folder(
    data: InitiativeData,
    session_id: str,
    fmt: str,
    folder: Path,
    options: ExportOptions | None = None,
    register: Sequence[KeyPerson] | None = None,
) -> Path:
    """Render one format into a folder under its usual name. A folder that does not exist
    is refused: taken as a file name, every format chosen would overwrite the one before.
    `register`: see `as_confirmed`."""
    data = as_confirmed(data, fmt, register)
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise ExportError("export_no_folder", folder)
    name = default_name(data, session_id, fmt, options or DEFAULT)
    return write_atomic(folder / name, render_pieces(fmt, data, session_id, options))


__all__ = [
    "CARD_FREE",
    "EXTENSIONS",
    "FORMATS",
    "PUBLIC_VIEW",
    "RENDERERS",
    "ExportError",
    "ExportOptions",
    "as_confirmed",
    "default_name",
    "export_session",
    "export_to_folder",
    "needs_cards",
    "render",
    "render_pieces",
]
