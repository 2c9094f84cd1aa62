"""Where the reference data lives: ``seed/`` at the repository root, shipped inside the wheel
as package data and inside the sdist, found by one function both from a source checkout and
from a non-editable install."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from workshop.reference import load, read_seed, seed_root

ROOT = Path(__file__).resolve().parents[1]
SEED_FILES = sorted(p.name for p in (ROOT / "seed").glob("*.toml"))


def test_seed_folder_sits_beside_the_package() -> None:
    assert (ROOT / "seed" / "cases.toml").is_file()
    assert not (ROOT / "workshop" / "seed").exists()
    assert {"cases.toml", "survey.toml", "steps.toml", "demo.toml"} <= set(SEED_FILES)


def test_source_checkout_reads_the_top_level_seed_folder() -> None:
    assert Path(str(seed_root())).resolve() == (ROOT / "seed").resolve()
    assert read_seed("cases.toml")["cases"]
    assert load().problems() == []


def _build(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


@pytest.fixture(scope="session")
def built(once_per_run) -> dict[str, Path]:
    """Wheel and sdist built offline from this checkout (hatchling from the test extra),
    once per test run however many workers run these tests."""
    out = once_per_run("dist", _build)
    return {"wheel": next(out.glob("workshop-*.whl")), "sdist": next(out.glob("workshop-*.tar.gz"))}


@pytest.mark.slow
def test_wheel_carries_the_seed_as_package_data(built: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    for name in SEED_FILES:
        assert f"workshop/seed/{name}" in names
    assert "workshop/i18n/ja/core.toml" in names and "workshop/i18n/en/core.toml" in names
    assert not any(n.startswith("seed/") for n in names)


@pytest.mark.slow
def test_sdist_carries_the_seed_folder(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for name in SEED_FILES:
        assert f"seed/{name}" in names


@pytest.mark.slow
def test_non_editable_install_finds_the_seed(built: dict[str, Path], tmp_path: Path) -> None:
    """Install the wheel into a fresh venv (no network: --no-deps, and the dependencies come
    from this environment's site-packages through a .pth line, not from its editable
    workshop) and load the reference data there, away from any source checkout."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet"]
    subprocess.run([*pip, "--target", purelib, str(built["wheel"])], check=True)
    # Dependencies (pydantic, ...) from the running environment; a plain path line does not
    # run that environment's own .pth files, so its editable workshop stays out of sys.path.
    Path(purelib, "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    check = (
        "import workshop.reference as r, pathlib\n"
        "root = r.seed_root()\n"
        "print(pathlib.Path(r.__file__).resolve())\n"
        "print(root)\n"
        "ref = r.load()\n"
        "print(len(ref.cases.cases), ref.problems())\n"
    )
    run = subprocess.run(
        [str(python), "-I", "-c", check],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    module, root, summary = run.stdout.strip().splitlines()
    assert module.startswith(str(Path(purelib).resolve()))
    assert Path(root).resolve() == (Path(purelib) / "workshop" / "seed").resolve()
    assert summary == f"{len(load().cases.cases)} []"
