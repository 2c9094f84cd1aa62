"""The app ends when its terminal goes away, even when it was started with hangups
ignored (nohup, or a test harness started so): Textual's input thread then read an
endless end of input from the closed terminal, and the orphaned app kept a core busy
for good (one did through a whole benchmark run)."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX terminals only")
def test_a_closed_terminal_ends_the_app(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "WORKSHOP_CONFIG": str(tmp_path / "config.toml"),
        "TERM": "xterm-256color",
    }
    argv = [sys.executable, "-m", "workshop", "--db", str(tmp_path / "w.db")]
    pid, fd = pty.fork()
    if pid == 0:  # the child: hangups ignored, as under nohup
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.execve(argv[0], argv, env)
    try:
        # wait for the first screen (the app is running and quiet), then close the
        # terminal
        seen = b""
        end = time.monotonic() + 30
        while time.monotonic() < end:
            if select.select([fd], [], [], 1.0)[0]:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
            elif len(seen) > 2000:
                break
        assert len(seen) > 2000, seen[-500:]
        os.close(fd)
        end = time.monotonic() + 15
        while time.monotonic() < end:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
            time.sleep(0.1)
        raise AssertionError("the app kept running after its terminal closed")
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
