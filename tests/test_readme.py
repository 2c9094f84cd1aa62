"""The README's two set-up commands are the ones CI runs."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DEMO = "python3 -m venv .venv && . .venv/bin/activate && pip install . && workshop demo"
TESTS = (
    'python3 -m venv .venv && . .venv/bin/activate && pip install ".[test]" '
    "&& pytest -n auto --dist worksteal"
)


def test_readme_has_exactly_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert DEMO in readme and TESTS in readme
    assert readme.index("分野連携") < readme.index("# English")  # Japanese first


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install ".[test]" && pytest -n auto --dist worksteal' in script
    assert "python3 -m venv" in script
