"""Where things live and the user's settings.

Database: ``--db PATH`` > ``WORKSHOP_DB`` > the user's data directory (platformdirs).
The demo: ``--db PATH`` > ``demo.db`` in the data directory (never ``WORKSHOP_DB``).
Settings (language, theme): ``config.toml`` in the user's config directory, or the file
named by ``WORKSHOP_CONFIG``; read with tomllib into a dataclass. A well-formed file
is taken as it is; anything else is validated by pydantic (imported only then: start-up
does not need it), which coerces what it can and otherwise gives the defaults.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "workshop"

THEMES = ("workshop-light", "workshop-dark")


@dataclass
class Config:
    language: Literal["ja", "en"] = "ja"
    theme: Literal["workshop-light", "workshop-dark"] = "workshop-light"
    """High-contrast light for projectors; dark for screens."""
    export_dir: str = ""
    """The folder the last export went to (offered again next time)."""
    docx_template: str = ""
    """The office's own minutes template (.docx), used for the Word exports when set."""
    export_formats: list[str] = field(default_factory=list)
    """The formats chosen for the last export (ticked again next time)."""
    side_panel: bool = True
    """Whether the notes panel beside the steps is open (kept across restarts)."""


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return Path(os.environ.get("WORKSHOP_DB") or data_dir() / "workshop.db").expanduser()


def demo_db_path() -> Path:
    """The demo gets its own file so it never mixes with real sessions: WORKSHOP_DB
    names the real database and is not used for it (only an explicit --db is)."""
    return data_dir() / "demo.db"


def default_export_dir(config: Config) -> Path:
    if config.export_dir and Path(config.export_dir).expanduser().is_dir():
        return Path(config.export_dir).expanduser()
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def config_path() -> Path:
    env = os.environ.get("WORKSHOP_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


LANGUAGES = ("ja", "en")

_WELL_FORMED: dict[str, Any] = {
    "language": lambda v: v in LANGUAGES,
    "theme": lambda v: v in THEMES,
    "export_dir": lambda v: type(v) is str,
    "docx_template": lambda v: type(v) is str,
    "export_formats": lambda v: type(v) is list and all(type(x) is str for x in v),
    "side_panel": lambda v: type(v) is bool,
}
"""Each field's values that need no conversion (what `save_config` writes)."""


def config_from(data: dict[str, Any]) -> Config:
    """Settings from a parsed file, as pydantic validates them: unknown keys are
    ignored, values of another type are converted where pydantic converts them (a
    ValidationError otherwise)."""
    known = {f.name for f in fields(Config)}
    values = {k: v for k, v in data.items() if k in known}
    if all(_WELL_FORMED[k](v) for k, v in values.items()):
        return Config(**{k: list(v) if type(v) is list else v for k, v in values.items()})
    from pydantic import TypeAdapter

    return TypeAdapter(Config).validate_python(data)


def load_config(path: Path | None = None) -> Config:
    """The saved settings; defaults when the file is missing or unreadable."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Config()
    import tomllib  # not before there is a file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return Config()
    try:
        return config_from(data)
    except ValueError:  # pydantic's ValidationError
        return Config()


def save_config(config: Config, path: Path | None = None) -> None:
    """Write the settings (best effort: a read-only home must not stop a session)."""
    path = path or config_path()
    lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in asdict(config).items()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
