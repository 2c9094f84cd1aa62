"""Exports: pure renderers (domain objects in, bytes out) and an atomic writer.

`render(fmt, data, session_id)` returns the bytes of one file; `export_session` writes it.
Heavy libraries (python-docx, openpyxl, icalendar) are imported inside their renderer so
start-up does not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workshop.domain.bundle import Bundle, InitiativeData
from workshop.export.atomic import ExportError, write_atomic

Renderer = Callable[[InitiativeData, str], bytes]


def _json(data: InitiativeData, session_id: str) -> bytes:
    from workshop import __version__

    return Bundle(app_version=__version__, data=data).to_json().encode("utf-8")


RENDERERS: dict[str, Renderer] = {"json": _json}
EXTENSIONS: dict[str, str] = {"json": ".json"}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def default_name(data: InitiativeData, session_id: str, fmt: str) -> str:
    """A file name a secretariat recognises: 20261122_第1回連携会議_議事録.docx."""
    session = data.session(session_id)
    assert session is not None
    s = session.session
    day = (s.date or s.created_at.date()).strftime("%Y%m%d")
    title = "".join(ch for ch in s.title if ch not in '\\/:*?"<>|\n\t')[:40].strip() or "session"
    return f"{day}_{title}{EXTENSIONS[fmt]}"


def render(fmt: str, data: InitiativeData, session_id: str) -> bytes:
    if fmt not in RENDERERS:
        raise ValueError(fmt)
    return RENDERERS[fmt](data, session_id)


def export_session(data: InitiativeData, session_id: str, fmt: str, out: Path) -> Path:
    """Render and write one format. `out` is a file path or an existing folder."""
    out = Path(out).expanduser()
    target = out / default_name(data, session_id, fmt) if out.is_dir() else out
    return write_atomic(target, render(fmt, data, session_id))


__all__ = ["EXTENSIONS", "FORMATS", "ExportError", "default_name", "export_session", "render"]
