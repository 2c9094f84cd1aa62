"""`pytest -n auto` (the README's test command) starts one worker more than there are
cores (tests/conftest.py: a Pilot test's idle waits leave its core free)."""

from __future__ import annotations

import pytest


def test_auto_starts_one_worker_per_core_and_one_more(
    pytestconfig: pytest.Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    xdist_plugin = pytest.importorskip("xdist.plugin")
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    workers = pytestconfig.hook.pytest_xdist_auto_num_workers(config=pytestconfig)
    assert workers == xdist_plugin.pytest_xdist_auto_num_workers(pytestconfig) + 1


def test_the_environment_variable_still_decides(
    pytestconfig: pytest.Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("xdist")
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "5")
    assert pytestconfig.hook.pytest_xdist_auto_num_workers(config=pytestconfig) == 5
