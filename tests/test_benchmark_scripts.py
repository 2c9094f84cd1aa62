"""The benchmark scripts run and report what they claim to measure (tiny sizes; times are
never asserted, only that the figures and their yardsticks are there)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"


def run(args: list[str], results: Path, timeout: int = 600) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), WORKSHOP_BENCH_RESULTS=str(results))
    env["WORKSHOP_CONFIG"] = str(results / "config.toml")
    proc = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, timeout=timeout
    )
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    return proc.stdout.decode()


def test_first_screen_children_stop_at_the_painted_filled_table(tmp_path: Path) -> None:
    bare = json.loads(
        run([str(BENCH / "bare_app.py"), "--exit-on-ready", "--rows", "7"], tmp_path)
        .strip()
        .splitlines()[-1]
    )
    assert bare["rows"] == 7 and bare["widgets"] >= 5 and bare["ready_epoch"] > 0
    child = str(BENCH / "app_first_screen.py")
    db = str(tmp_path / "demo.db")
    out = run([child, "--phases", "demo", "--db", db], tmp_path)
    marks = json.loads(out.strip().splitlines()[-1])
    # the demo's sessions are on the screen when the run ends, not an empty table
    assert marks["rows"] >= 3 and marks["widgets"] >= 5
    names = list(marks)
    assert names.index("home screen mounted") < names.index("first screen painted (table filled)")


def _run_all_tiny(results: Path) -> None:
    run(
        [
            str(BENCH / "run_all.py"),
            "--sessions",
            "20",
            "--cards",
            "30",
            "--runs",
            "1",
            "--db-scale",
            "0.02",  # few cards beside the largest session (0.01 builds no 30-card database)
            "--memory-cycles",
            "1",
            "--memory-runs",
            "1",
            "--only",
            "sizes,exports,memory",
            # the scripts side by side: most of their time is spent waiting for the app
            # to be idle, and this run checks the scripts, not the figures
            "--jobs",
            "4",
        ],
        results,
        timeout=900,
    )


@pytest.fixture(scope="session")
def tiny(once_per_run) -> Path:
    """run_all.py at the smallest sizes: one 20-session and one 30-card database (run once
    per test run, however many workers run the tests that read it)."""
    return once_per_run("bench", _run_all_tiny)


def test_run_all_prints_one_row_per_figure_with_its_yardstick(tiny: Path) -> None:
    summary = json.loads((tiny / "run_all.json").read_text(encoding="utf-8"))
    rows = {r["what"]: r for r in summary["rows"]}
    assert summary["load_average_before"] and len(summary["commands"]) >= 5
    assert any("--jobs 4" in note and "not for comparison" in note for note in summary["notes"])
    log = (tiny / "run_all.log").read_text(encoding="utf-8")
    for source, command in summary["commands"].items():  # every script ran
        if not source.startswith("database"):
            assert command.split("python ", 1)[1] in log.replace(sys.executable, "python")
    whats = " | ".join(rows)
    for figure in (
        "home screen pushed to paint, 20 sessions",
        "`workshop list`, 20 sessions",
        "step revisit, typical session",
        "to the first frame painted",
        "step first visit, typical session",
        "open the largest session",
        "② first visit",
        "② findings tab shown",
        "XLSX end to end",
        "DOCX end to end",
        "RSS after 1 open/close cycles",
    ):
        assert figure in whats, figure
    for r in summary["rows"]:
        assert r["median"] > 0
        if not r["what"].startswith(("②", "XLSX", "DOCX")) or "first visit" in r["what"]:
            assert r["yardstick_median"] and r["ratio"], r["what"]


def test_sizes_counts_the_widgets_of_every_pane_and_of_the_bare_panes(tiny: Path) -> None:
    largest = json.loads((tiny / "sizes-c30.json").read_text(encoding="utf-8"))
    shape = largest["shape"]
    from workshop.domain.enums import SessionKind, steps_for

    kinds = [{s.value for s in steps_for(kind)} for kind in SessionKind]
    assert set(shape["pane_widgets"]) in kinds  # every pane, the one opened first included
    assert all(n > 5 for n in shape["pane_widgets"].values())
    # the padded bare panes have about as many widgets as asked for
    for asked, got in shape["bare_pane_widgets"].items():
        widgets, _, shown = asked.partition("/")
        if int(widgets):
            assert abs(got - int(widgets)) <= 3, (asked, got)
        if shown:  # padded with a form on the tab shown: about as many laid out
            assert abs(shape["bare_pane_laid_out"][asked] - int(shown)) <= 3, asked
    # every step's first visit has a bare pane of its own widgets (laid out when it
    # lays out a form), and the row and its note set each step beside it
    sys.path.insert(0, str(BENCH))
    from sizes import SHOWN_FORM_AT

    assert set(shape["step_pads"]) == set(shape["pane_widgets"])
    for step, pad in shape["step_pads"].items():
        assert pad in shape["bare_pane_widgets"], step
        laid_out = shape["pane_laid_out"][step]
        assert ("/" in pad) == (laid_out > SHOWN_FORM_AT), step
    # of every pane, the widgets laid out on screen are counted apart (never more than built)
    assert set(shape["pane_laid_out"]) == set(shape["pane_widgets"])
    for step, placed in shape["pane_laid_out"].items():
        assert 1 < placed <= shape["pane_widgets"][step], step
    assert set(shape["bare_pane_laid_out"]) == set(shape["bare_pane_widgets"])
    # the revisit is compared with a bare pane of the median pane's widget count
    summary = json.loads((tiny / "run_all.json").read_text(encoding="utf-8"))
    revisit = next(r for r in summary["rows"] if r["what"].startswith("step revisit, largest"))
    median = shape["pads"][1]
    built = shape["bare_pane_widgets"][str(median)]
    assert f"({built} widgets, " in revisit["yardstick"] and "laid out" in revisit["what"]
    first = next(r for r in summary["rows"] if r["what"].startswith("step first visit, largest"))
    assert first["yardstick"].startswith("bare panes of each step's widgets")
    (note,) = [n for n in summary["notes"] if n.startswith("first visit per step, largest")]
    stats = largest["stats"]
    visited = [step for step in shape["step_pads"] if f"first visit {step}" in stats]
    assert len(visited) >= 4 and all(f"{step} " in note for step in visited)
    first_visits = [k for k in stats if k.startswith("first visit ") and "every" not in k]
    assert len(first_visits) >= 4
    assert stats["findings tab shown (matched, painted)"]["n"] == 1
    # opening is set beside a bare screen of about as many widgets, both counts named
    opened = next(r for r in summary["rows"] if r["what"].startswith("open the largest"))
    ours, bare = shape["open_screen_widgets"], shape["bare_screen_widgets"][shape["open_pad"]]
    assert abs(ours - bare) <= 0.1 * ours, (ours, bare)
    assert f"; {ours} widgets)" in opened["what"] and f"({bare} widgets; " in opened["yardstick"]
    # …whose pane is the first pane's own bare pane, its form laid out if it lays one out
    assert shape["open_pad"] == shape["step_pads"][shape["first_pane"]]


def test_exports_are_timed_end_to_end_for_every_format(tiny: Path) -> None:
    from workshop.export import FORMATS

    result = json.loads((tiny / "exports-c30.json").read_text(encoding="utf-8"))
    assert set(result["end_to_end"]) == set(FORMATS)
    assert all(s["n"] == 1 for s in result["end_to_end"].values())


def test_profile_export_times_every_phase_of_a_docx(tiny: Path) -> None:
    """Each phase of the export is reported, and the phases add up to the render."""
    db = next((tiny / "db").glob("c*.db"))
    out = run([str(BENCH / "profile_export.py"), "--db", str(db), "--runs", "1"], tiny)
    for phase in ("document", "widths", "rows", "python-docx", "save", "total"):
        assert f"\n{phase} " in out
    medians = json.loads((tiny / "profile-export-docx.json").read_text(encoding="utf-8"))
    cpu = {phase: v[0] for phase, v in medians["medians_cpu_wall"].items()}
    assert sum(v for k, v in cpu.items() if k != "total") == pytest.approx(cpu["total"])


def test_text_breaks_times_our_phrases_beside_budoux_and_the_cold_board(tiny: Path) -> None:
    db = next((tiny / "db").glob("c*.db"))
    out = run([str(BENCH / "text_breaks.py"), "--db", str(db), "--runs", "1"], tiny)
    assert "BudouX Parser.parse" in out and "broken cold" in out
    result = json.loads((tiny / "text-breaks.json").read_text(encoding="utf-8"))
    assert result["texts"] > 0 and result["board_cards"] > 0
    assert result["phrases_ms"] > 0 and result["budoux_parse_ms"] > 0


def test_memory_reports_typing_idle_and_bare(tiny: Path) -> None:
    result = json.loads((tiny / "memory-c30.json").read_text(encoding="utf-8"))
    medians = result["medians"]
    assert set(medians) == {"bare", "typing", "idle"}
    assert medians["typing"]["after_exports_mb"] > 0 and medians["bare"]["peak_mb"] > 0


def test_startup_compares_each_database_with_a_bare_app_of_its_rows(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    from generate_large import Plan, generate

    db = tmp_path / "s.db"
    generate(db, Plan(initiatives=2, sessions=6, cards=40, actions=10, big_cards=10))
    run(
        [
            str(BENCH / "startup.py"),
            "--runs",
            "1",
            "--warmup",
            "0",
            "--phases",
            "0",
            "--db",
            f"s6={db}",
        ],
        tmp_path,
    )
    result = json.loads((tmp_path / "startup.json").read_text(encoding="utf-8"))
    shape = result["shape"]
    assert shape["bare-s6"]["rows"] == shape["open-s6"]["rows"] == 8  # 6 sessions, 2 headings
    assert result["ratios"]["open-s6"]["yardstick"] == "bare-s6"
    assert result["first_screen"]["open"]["n"] == 1


def test_scripts_run_side_by_side_are_logged_in_order_and_a_failure_is_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run_all.py --jobs N`: the outputs keep the order of the commands, not the order
    in which they ended, and a failing script fails the run after the others ended."""
    import io
    import subprocess

    monkeypatch.syspath_prepend(str(BENCH))
    from runner import run_commands

    def script(code: str) -> list[str]:
        return [sys.executable, "-c", code]

    slow_first = [
        script("import time; time.sleep(0.3); print('first')"),
        script("print('second')"),
        script("print('third')"),
    ]
    log = io.StringIO()
    run_commands(slow_first, log, jobs=3)
    text = log.getvalue()
    assert text.index("first\n") < text.index("second\n") < text.index("third\n")
    log = io.StringIO()
    with pytest.raises(subprocess.CalledProcessError):
        run_commands([script("import sys; sys.exit(3)"), script("print('after')")], log, 2)
    assert "after" in log.getvalue()  # the other script still ran and was logged


def test_a_command_names_its_interpreter_python_from_a_venv_inside_the_project(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The README's set-up puts the virtual environment in the project (`.venv`): the
    commands run_all prints still read `python benchmarks/…`, as the README quotes them."""
    monkeypatch.syspath_prepend(str(BENCH))
    from runner import shown_command

    inside = str(ROOT / ".venv" / "bin" / "python3")
    monkeypatch.setattr(sys, "executable", inside)
    shown = shown_command([inside, str(BENCH / "sizes.py"), "--runs", "1"])
    assert shown == "python benchmarks/sizes.py --runs 1"
