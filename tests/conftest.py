"""Shared test set-up: every test gets its own database and config file, never the
user's, and the UI language is reset to Japanese."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.i18n import set_language


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHOP_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("WORKSHOP_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the demo's own file
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)
    set_language("ja")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"
