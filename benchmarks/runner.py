"""How `run_all.py` runs the benchmark scripts and builds their databases.

One script at a time, always, for figures that are meant to be compared: two benchmarks
running side by side on a small machine slow each other down. `--jobs N` runs up to N at
once; that is for checking that the scripts work and the summary reads them (the test
suite's smoke run), and `run_all.py` then says in its table that the figures overlapped."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

from common import HERE, RESULTS, ROOT

DB_DIR = RESULTS / "db"
LOG = RESULTS / "run_all.log"


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def shown_command(cmd: Sequence[str]) -> str:
    """A command as the README and the log show it: the interpreter as `python`, paths
    from the project's folder. The interpreter goes first: in a virtual environment
    inside the project (the README's `.venv`), stripping the folder first left
    `.venv/bin/python3`, which no longer matched it."""
    return (
        " ".join(str(c) for c in cmd).replace(sys.executable, "python").replace(str(ROOT) + "/", "")
    )


def sh(cmd: Sequence[str], log: IO[str]) -> None:
    """Run one script, its output going to the log as it comes."""
    shown = shown_command(cmd)
    print(f"$ {shown}", flush=True)
    log.write(f"\n$ {shown}  (load {load()})\n")
    log.flush()
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=7200)
    log.write(f"({time.perf_counter() - t:.0f} s)\n")


def _captured(cmd: Sequence[str]) -> str:
    """Run one script beside others; its output comes back for the log, in one piece."""
    head = f"\n$ {shown_command(cmd)}  (load {load()}, run beside others)\n"
    t = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=7200
    )
    text = head + proc.stdout.decode(errors="replace")
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, list(cmd), output=text)
    return text + f"({time.perf_counter() - t:.0f} s)\n"


def run_commands(cmds: Sequence[Sequence[str]], log: IO[str], jobs: int = 1) -> None:
    """Run every command, one after the other (`jobs` 1), or up to `jobs` at once; the log
    keeps their outputs in the order given either way. The first failure is raised once
    the others have ended."""
    if jobs <= 1:
        for cmd in cmds:
            sh(cmd, log)
        return
    for cmd in cmds:
        print(f"$ {shown_command(cmd)}  (beside others)", flush=True)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_captured, cmd) for cmd in cmds]
    failed: subprocess.CalledProcessError | None = None
    for future in futures:
        try:
            log.write(future.result())
        except subprocess.CalledProcessError as e:
            log.write(e.output)
            failed = failed or e
    log.flush()
    if failed is not None:
        raise failed


def gen_args(name: str, scale: float) -> list[str]:
    kind, n = name[0], name[1:]
    if kind == "s":
        return ["--sessions", n, *(["--scale", str(scale)] if scale != 1 else [])]
    return ["--scale", str(0.1 * scale), "--big-cards", n]


def db_path(name: str, scale: float = 1.0) -> Path:
    return DB_DIR / (f"{name}.db" if scale == 1 else f"{name}-x{scale}.db")


def generate_command(name: str, scale: float = 1.0) -> list[str]:
    path = db_path(name, scale)
    gen = [sys.executable, str(HERE / "generate_large.py"), "--out", str(path), "--force"]
    return [*gen, *gen_args(name, scale)]


def build_databases(
    names: Sequence[str], fresh: bool, log: IO[str], scale: float = 1.0, jobs: int = 1
) -> None:
    """Build the databases that are missing (every one with `fresh`)."""
    missing = [n for n in names if fresh or not db_path(n, scale).exists()]
    if missing:
        DB_DIR.mkdir(parents=True, exist_ok=True)
        run_commands([generate_command(n, scale) for n in missing], log, jobs)
