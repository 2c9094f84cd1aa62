"""Facts, figures and names come from the source documents; sentences do not.

``/work/shared/tools/overlap.py`` lists product strings that repeat the sources. What it may
still list: labels and titles marked ``quoted = true`` in the seed (the questionnaire's own
option wording, official survey names) and official names inside 「」 or 『』. Everything
around those quotations must be our own wording: stripped of its quotations, no listed string
is listed again."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from workshop.reference import load

ROOT = Path(__file__).resolve().parents[1]
TOOL = Path("/work/shared/tools/overlap.py")
SEEDS = Path("/work/shared/seeds")
pytestmark = pytest.mark.skipif(
    not (TOOL.exists() and SEEDS.exists()), reason="overlap tool / source texts not available"
)
ROW = re.compile(r"^\s*\d+% run\s+\d+ sim [\d.]+\s+(\S+?):(.+?)  <- ")
QUOTATION = re.compile(r"「[^「」]*」|『[^『』]*』")


def listed(*paths: str | Path) -> list[tuple[str, str]]:
    out = subprocess.run(
        [sys.executable, str(TOOL), *map(str, paths), "--seeds", str(SEEDS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    return [m.groups() for m in map(ROW.match, out.splitlines()) if m]


def toml_value(data: Any, where: str) -> tuple[Any, Any]:
    """The value at an overlap.py path such as ``cases[3].actions[1]`` and its parent."""
    parent, value = None, data
    for part in re.findall(r"\[\d+\]|[^.\[\]]+", where):
        parent = value
        value = value[int(part[1:-1])] if part.startswith("[") else value[part]
    return parent, value


def py_string(path: Path, where: str) -> str:
    line = int(where.removeprefix("line "))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.lineno == line:
            return node.value
    raise AssertionError(f"no string at {path}:{where}")


def test_only_quotations_repeat_the_sources(tmp_path: Path) -> None:
    rows = listed("seed", "workshop")
    residues: list[str] = []
    for file, where in rows:
        path = ROOT / file
        if path.suffix == ".toml":
            parent, value = toml_value(tomllib.loads(path.read_text(encoding="utf-8")), where)
            field = where.rsplit(".", 1)[-1]
            if field in ("label", "title") and isinstance(parent, dict) and parent.get("quoted"):
                continue
        else:
            value = py_string(path, where)
        stripped = QUOTATION.sub("…", value)
        assert stripped != value, f"{file}:{where} repeats the sources and quotes nothing"
        residues.append(stripped)
    residue = tmp_path / "residue.toml"
    residue.write_text(
        "".join(f"[[r]]\ntext = {tomllib_dump(s)}\n" for s in residues), encoding="utf-8"
    )
    assert listed(residue) == []


def tomllib_dump(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def test_quoted_labels_are_the_sources_own_wording() -> None:
    """``quoted = true`` is a claim: the label really is the questionnaire's text."""
    text = "".join(norm(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt")))
    survey = load().survey
    groups = [survey.stages, survey.barriers, survey.department_types, survey.programme_types]
    groups += [survey.aims, survey.methods, survey.frequencies, survey.leads]
    quoted = [o.label for g in groups for o in g if o.quoted]
    assert len(quoted) > 40
    for label in quoted:
        assert norm(label) in text, label
    for meta in survey.meta:
        assert meta.quoted


def test_issue_examples_are_in_our_own_words() -> None:
    """The strings the issue quoted as following the source too closely are rewritten."""
    cases = {c.municipality: c for c in load().cases.cases}
    tsuchiura = cases["土浦市"].actions[0]
    assert "スクラムネット" in tsuchiura and "中学校区" in tsuchiura and "社協" in tsuchiura
    assert "社協が市の委託を受け、中学校区ごとに" not in tsuchiura
    rows = {f"{f}:{w}" for f, w in listed("seed")}
    for where in (
        "seed/cases.toml:cases[9].tips[1]",
        "seed/cases.toml:cases[9].trigger",
        "seed/vocab.toml:anchor_kinds[1].description",
        "seed/survey.toml:lenses[0].definition",
    ):
        assert where not in rows
