"""A command piped into a reader that stops early (`workshop schema | head -1`) ends
quietly: no traceback of BrokenPipeError under the lines the reader took."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line is written
    env = {**os.environ, "PYTHONPATH": str(REPO), "WORKSHOP_DB": str(tmp_path / "w.db")}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "workshop", "schema"],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
    finally:
        os.close(write)
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert done.returncode == 0
