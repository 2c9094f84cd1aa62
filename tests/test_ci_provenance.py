"""Under CI=true a skipped provenance test fails the run (the source documents must be
found beside the clone); elsewhere it is only skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

TARGET = "tests/test_seed_method.py::test_scheme_names_on_source_lines"


def _pytest(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(REPO), **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, TARGET],
        capture_output=True,
        text=True,
        env=full,
        cwd=REPO,
        timeout=300,
    )


def test_a_skipped_provenance_test_fails_under_ci(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere")
    in_ci = _pytest(tmp_path, CI="true", WORKSHOP_TEST_SEEDS=missing)
    assert in_ci.returncode == pytest.ExitCode.TESTS_FAILED, in_ci.stdout
    assert "1 provenance test(s) skipped" in in_ci.stdout and missing in in_ci.stdout
    elsewhere = _pytest(tmp_path, CI="", WORKSHOP_TEST_SEEDS=missing)
    assert elsewhere.returncode == 0, elsewhere.stdout
    assert "1 skipped" in elsewhere.stdout


def test_a_skipped_provenance_test_fails_under_ci_in_a_parallel_run(tmp_path: Path) -> None:
    """CI runs the suite with pytest-xdist: the skip is seen in the controlling process,
    which sets the exit status, not only in the worker that ran the test."""
    missing = str(tmp_path / "nowhere")
    in_ci = _pytest(tmp_path, "-n", "1", CI="true", WORKSHOP_TEST_SEEDS=missing)
    assert in_ci.returncode == pytest.ExitCode.TESTS_FAILED, in_ci.stdout
    assert "1 provenance test(s) skipped" in in_ci.stdout and missing in in_ci.stdout


@pytest.mark.skipif(not SEEDS.is_dir(), reason="no source documents beside the clone")
def test_with_the_documents_the_provenance_test_runs_under_ci(tmp_path: Path) -> None:
    result = _pytest(tmp_path, CI="true")
    assert result.returncode == 0 and "1 passed" in result.stdout, result.stdout
