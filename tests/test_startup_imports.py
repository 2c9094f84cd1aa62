"""Start-up imports only what the first screen needs: the exports' libraries, the
follow-up rules, the dialogs, the migration machinery and the record models (pydantic)
come when they are used.

Each check runs a fresh interpreter (an import made by another test would hide a
regression) and looks at `sys.modules`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from workshop.demo import install_demo
from workshop.store import Store

ROOT = Path(__file__).resolve().parent.parent

NOT_AT_START = (
    "docx",
    "openpyxl",
    "icalendar",
    "jpholiday",
    "sqlite_utils",  # migrations only: an up-to-date database does not need it
    "pydantic",  # the home list reads plain rows; the models come with a session
    "pydantic_core",
    "workshop.domain.base",
    "workshop.domain.records",
    "workshop.domain.bundle",
    "workshop.store.rows",
    "workshop.store.merge",
    "workshop.demo",  # building the demo: not when it is installed already
    "workshop.demo_build",
    "workshop.export",
    "workshop.domain.followup",
    "workshop.domain.benchmark",
    "workshop.reference",
    "workshop.widgets.forms",
    "workshop.widgets.inline_form",
    "workshop.widgets.dialogs",
    "workshop.screens.session",
    "textual.widgets._text_area",  # the session's fields; its bindings are translated later
    "textual.widgets._selection_list",
    "textual.widgets._tabs",
)

# Runs the real command line headless and reports the modules loaded once the home
# screen shows its sessions (Textual's auto pilot ends the run there).
CHILD = """
import json, sys
from textual.app import App

real_run = App.run

def run(self, *args, **kwargs):
    async def home_filled(pilot):
        app = pilot.app
        while not (
            type(app.screen).__name__ == "HomeScreen"
            and app.screen.query_one("#sessions").row_count
        ):
            await pilot.pause(0.02)
        print(json.dumps({"screen": type(app.screen).__name__,
                          "rows": app.screen.query_one("#sessions").row_count,
                          "modules": sorted(sys.modules)}))
        app.exit()

    kwargs.update(headless=True, auto_pilot=home_filled)
    return real_run(self, *args, **kwargs)

App.run = run
from workshop import cli
sys.exit(cli.main(sys.argv[1:]))
"""


def _child(code: str, *args: str, tmp_path: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["WORKSHOP_CONFIG"] = str(tmp_path / "config.toml")
    env.pop("WORKSHOP_LANG", None)
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _loaded(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_importing_the_app_leaves_the_rest_for_later(tmp_path: Path) -> None:
    code = (
        "import json, sys, workshop.app, workshop.cli\n"
        "print(json.dumps({'modules': sorted(sys.modules)}))"
    )
    modules = _child(code, tmp_path=tmp_path)["modules"]
    assert "workshop.app" in modules
    assert [m for m in NOT_AT_START if _loaded(modules, m)] == []
    assert not _loaded(modules, "workshop.screens.home")


def test_start_to_the_home_screen_leaves_the_rest_for_later(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with Store(db) as store:
        install_demo(store)
    shown = _child(CHILD, "--db", str(db), tmp_path=tmp_path)
    assert shown["screen"] == "HomeScreen" and shown["rows"] >= 2
    assert [m for m in NOT_AT_START if _loaded(shown["modules"], m)] == []


LATE_CLASSES = """
import json, sys
from workshop.i18n import set_language
from workshop.framework_text import translate_framework

set_language(sys.argv[1])
translate_framework()
before = "textual.widgets._text_area" in sys.modules
from textual.widgets import TextArea
from textual.widgets._select import SelectOverlay

class Field(TextArea):
    pass

def keys(cls, key):
    return [b.description for b in cls._merged_bindings.get_bindings_for_key(key)]

print(json.dumps({
    "before": before,
    "text_area": keys(TextArea, "ctrl+a"),
    "subclass": keys(Field, "ctrl+a"),
    "overlay": keys(SelectOverlay, "escape"),
}, ensure_ascii=False))
"""


def test_framework_classes_imported_after_start_get_the_ui_language(tmp_path: Path) -> None:
    """TextArea is imported after the first screen; its keys (and those of a subclass
    made later) are still described in the UI's language."""
    ja = _child(LATE_CLASSES, "ja", tmp_path=tmp_path)
    assert ja["before"] is False
    assert ja["text_area"] == ja["subclass"] == ["行頭へ"]
    assert ja["overlay"] == ["一覧を閉じる"]
    en = _child(LATE_CLASSES, "en", tmp_path=tmp_path)
    assert en["text_area"] == en["subclass"] == ["Cursor line start"]
    assert en["overlay"] == ["Dismiss menu"]


LANGUAGES_IN_TURN = """
import json
from workshop.i18n import set_language
from workshop import framework_text
from textual.widgets import TextArea

def keys(cls, key):
    return [b.description for b in cls._merged_bindings.get_bindings_for_key(key)]

out = {}
for lang in ("ja", "en", "ja"):
    set_language(lang)
    framework_text.translate_framework()
    out.setdefault("text_area", []).append(keys(TextArea, "ctrl+a"))
merged = TextArea._merged_bindings
framework_text.translate_framework()  # the same language again: nothing to redo
out["again_kept"] = TextArea._merged_bindings is merged
set_language("en")
from textual.widgets import DataTable  # first made while the UI speaks English

set_language("ja")
framework_text.translate_framework()
out["data_table"] = keys(DataTable, "enter")
print(json.dumps(out, ensure_ascii=False))
"""


def test_apps_made_in_turn_in_each_language_get_its_key_words(tmp_path: Path) -> None:
    """The framework's keys are translated once per language, not once per app, and
    again when the language changes or a class was made in another language meanwhile
    (it would have kept its English words)."""
    out = _child(LANGUAGES_IN_TURN, tmp_path=tmp_path)
    assert out["text_area"] == [["行頭へ"], ["Cursor line start"], ["行頭へ"]]
    assert out["again_kept"] is True
    assert out["data_table"] == ["選ぶ"]


def test_the_demo_started_again_does_not_load_the_reference_data(tmp_path: Path) -> None:
    """`workshop demo` on a database that has the demo reads only the demo's handle: the
    reference data's models are not built before the first screen."""
    db = tmp_path / "demo.db"
    with Store(db) as store:
        install_demo(store)
    shown = _child(CHILD, "demo", "--db", str(db), tmp_path=tmp_path)
    assert shown["screen"] == "HomeScreen" and shown["rows"] >= 2
    loaded = [
        m for m in (*NOT_AT_START, "workshop.domain.reference") if _loaded(shown["modules"], m)
    ]
    assert loaded == []


def test_every_framework_class_to_translate_exists() -> None:
    """The classes are named, not imported, at start: a name Textual no longer has would
    silently stay in English."""
    import importlib

    from workshop.framework_text import FRAMEWORK_CLASSES, _framework_name

    for name in FRAMEWORK_CLASSES:
        module, _, cls = name.rpartition(".")
        found = getattr(importlib.import_module(module), cls)
        assert _framework_name(found) == name
