"""Shared test set-up: every test gets its own database and config file, never the
user's, and the UI language is reset to Japanese.

The provenance tests compare the reference data with the source documents, which are
not in the repository: they sit in ``shared/seeds`` beside the clone (``<repo>/../shared
/seeds``; WORKSHOP_TEST_SEEDS overrides). A newcomer's clone skips those tests; under
CI=true a skipped provenance test fails the run, so a moved folder cannot switch them off
unnoticed."""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import frame_clock, pilot_idle, pilot_wait, shared_css
from workshop.i18n import set_language

RAM_DISK = Path("/dev/shm")
RAM_DISK_NEEDS = 2 * 1024**3
"""The suite's files peak well under this: a small /dev/shm (64 MB in a default Docker
container) would fail tests with a full disk, so the disk is used instead."""


def _roomy_ram_disk() -> bool:
    if not (RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK)):
        return False
    return shutil.disk_usage(RAM_DISK).free >= RAM_DISK_NEEDS


if "TMPDIR" not in os.environ and _roomy_ram_disk():
    # The tests' files (a database per test, the benchmark smoke's databases) go to memory:
    # on a disk every SQLite commit waits for its fsync (30-400 ms a fresh, migrated
    # database on a loaded machine), which no test measures. Subprocesses inherit it.
    os.environ["TMPDIR"] = str(RAM_DISK)
    tempfile.tempdir = None

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("WORKSHOP_TEST_SEEDS") or REPO.parent / "shared" / "seeds")
SEED_FILES = {
    "guide2024": SEEDS / "000_42841b8c344dc673.txt",
    "report2021": SEEDS / "001_9b9476e36801a3ba.txt",
}
"""The two source documents, by the names the reference data cites them with."""


def seed_text(doc: str) -> str:
    """The text of a source document; skips the test (marked provenance) without it."""
    path = SEED_FILES[doc]
    if not path.exists():
        pytest.skip(f"source document not found at {path}")
    return path.read_text(encoding="utf-8")


_skipped_provenance: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "provenance: compares reference data with the source documents"
    )


LONG_FIRST = (
    "tests/test_benchmark_scripts.py",
    "tests/test_ui_wrap.py::test_no_screen_of_the_demo_breaks_the_rules",
    "tests/test_memory_release.py",
    "tests/test_export_equivalence.py",
    "tests/test_ci_provenance.py",
)
"""Tests that run longest (the benchmark smoke run builds its results for a minute or
more), run first: pytest-xdist hands tests out in collection order, and one of these
started last kept one core busy long after the other had run out of work."""


# Pilot's waits for an idle app (after every key and pause) ask the event loop, not only
# a 10-20 ms window of the clock (tests/pilot_idle.py)
pilot_idle.install()
# A screen draws a refresh at its next tick every millisecond, not every 1/60 s: a test
# no longer waits idle for the tick after each key (tests/frame_clock.py)
frame_clock.install()
# Pilot waits after every key and pause only for the widgets that have work (a session
# screen has 200-300 widgets; counting each down was three messages in four of a test)
pilot_wait.install()
# Each stylesheet source is parsed once per worker, not once per app (17 ms of an app's
# 64 ms of CPU when it shows only its home screen)
shared_css.install()


IDLE_SHARE_FILLED = 1
"""Workers beyond one per core for ``-n auto``. A Pilot test spends about a fifth of its
time waiting for the app to be idle (some tests wait for a timer on purpose), and while a
worker waits its core has nothing to do: one more worker fills those waits. The whole
suite on this 2-core machine, runs alternating: unloaded, 3 workers took 165 and 160 s
and 2 workers 172 and 176 s; held to 1.4 cores' worth of CPU by a cgroup quota (a busy
host), 199 and 206 s against 207 and 199 s. The extra worker costs about 10 % more CPU
(its own start, and three processes sharing two cores)."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: as many workers as pytest-xdist counts cores, plus IDLE_SHARE_FILLED.
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides when it is set (pytest-xdist's own rule)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist reads it
    from xdist.plugin import pytest_xdist_auto_num_workers as cores

    return cores(config) + IDLE_SHARE_FILLED


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def long_first(item: pytest.Item) -> int:
        return 0 if item.nodeid.startswith(LONG_FIRST) else 1

    items.sort(key=long_first)  # stable: otherwise in the order collected


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything imported so far (Textual, the export libraries, the test modules) is
    moved out of the garbage collector's sight: it lives to the end anyway, and every full
    collection (the app's idle collector runs one whenever a Pilot test leaves the keys
    alone for 2 s) walked all of it. Objects the tests create are collected as before."""
    gc.collect()
    gc.freeze()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "provenance" in report.keywords:
        _skipped_provenance.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI", "").lower() == "true" and _skipped_provenance:
        print(
            f"\nCI: {len(_skipped_provenance)} provenance test(s) skipped; the source "
            f"documents were not found at {SEEDS}: {_skipped_provenance[0]} …"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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


@pytest.fixture(scope="session")
def once_per_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str, Callable[[Path], None]], Path]:
    """``once_per_run(name, build)``: a folder that ``build(folder)`` fills once per test
    run and every pytest-xdist worker then shares (a wheel, a benchmark run), instead of
    one build per worker. The workers' temporary folders share a parent; a lock file there
    lets the first worker build while the others wait for it."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base

    def get(name: str, build: Callable[[Path], None]) -> Path:
        folder = root / f"shared-{name}"
        with open(root / f"shared-{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (folder / ".built").exists():  # not yet, or a failed build
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                build(folder)
                (folder / ".built").touch()
        return folder

    return get
