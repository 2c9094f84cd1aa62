"""Where things live and the user's settings.

Database: ``--db PATH`` > ``WORKSHOP_DB`` > the user's data directory (platformdirs).
Settings (language, theme): ``config.toml`` in the user's config directory, or the file
named by ``WORKSHOP_CONFIG``; read with tomllib into a pydantic model.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Literal

from platformdirs import user_config_dir, user_data_dir
from pydantic import BaseModel, ValidationError

APP_NAME = "workshop"

THEMES = ("workshop-light", "workshop-dark")


class Config(BaseModel):
    language: Literal["ja", "en"] = "ja"
    theme: Literal["workshop-light", "workshop-dark"] = "workshop-light"
    """High-contrast light for projectors; dark for screens."""
    export_dir: str = ""
    """The folder the last export went to (offered again next time)."""
    docx_template: str = ""
    """The office's own minutes template (.docx), used for the Word exports when set."""
    export_formats: list[str] = []
    """The formats chosen for the last export (ticked again next time)."""
    side_panel: bool = True
    """Whether the notes panel beside the steps is open (kept across restarts)."""


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return Path(os.environ.get("WORKSHOP_DB") or data_dir() / "workshop.db").expanduser()


def demo_db_path() -> Path:
    """The demo gets its own file so it never mixes with real sessions."""
    return Path(os.environ.get("WORKSHOP_DB") or data_dir() / "demo.db").expanduser()


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


def load_config(path: Path | None = None) -> Config:
    """The saved settings; defaults when the file is missing or unreadable."""
    path = path or config_path()
    try:
        return Config.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError):
        return Config()


def save_config(config: Config, path: Path | None = None) -> None:
    """Write the settings (best effort: a read-only home must not stop a session)."""
    path = path or config_path()
    lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in config.model_dump().items()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
