"""`--lang en`: the UI strings come from the English catalog (labels are built when the
program starts, so this runs in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import asyncio, sys
from workshop.i18n import set_language
set_language("en")
from pathlib import Path
from workshop.app import WorkshopApp
from workshop.demo import install_demo
from workshop.store import Store

async def main():
    store = Store(Path(sys.argv[1]))
    install_demo(store)
    app = WorkshopApp(store=store, persist_config=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
        home = app.export_screenshot()
        await pilot.press("enter")
        for _ in range(6):
            await pilot.pause()
        session = app.export_screenshot()
    print("HOME" if "New" in home and "Follow-up" in home else "NO-HOME")
    print("SESSION" if "Next" in session and "Speaker" in session else "NO-SESSION")
    print("JA-REF" if "前回から" in session else "NO-JA-REF")

asyncio.run(main())
"""


def test_english_ui_keeps_reference_content_japanese(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "en.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["HOME", "SESSION", "JA-REF"]


def test_cli_lang_flag_sets_messages(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "workshop",
            "--lang",
            "en",
            "--db",
            str(tmp_path / "x.db"),
            "export",
            "nothing",
            "--format",
            "json",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0
    assert "No session matches 'nothing'" in out.stderr
