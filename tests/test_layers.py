"""Import hygiene: each floor imports only from the floors below it.

domain (pure) <- store <- widgets <- screens. Exports are pure functions of domain objects.
The check reads the source with ``ast`` so that an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "workshop"

# floor -> modules it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (
        "workshop.store",
        "workshop.widgets",
        "workshop.screens",
        "workshop.export",
        "textual",
        "sqlite3",
        "sqlite_utils",
    ),
    "export": ("workshop.store", "workshop.widgets", "workshop.screens", "textual", "sqlite3"),
    "store": ("workshop.widgets", "workshop.screens", "workshop.export", "textual"),
    "widgets": ("workshop.screens",),
}


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations(floor: str) -> list[str]:
    bad = []
    for path in sorted((PACKAGE / floor).rglob("*.py")):
        for name in imported_modules(path):
            for prefix in FORBIDDEN[floor]:
                if name == prefix or name.startswith(prefix + "."):
                    bad.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return bad


@pytest.mark.parametrize("floor", sorted(FORBIDDEN))
def test_floor_imports_only_from_below(floor: str) -> None:
    assert _violations(floor) == []


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """The check itself can fail: a module importing a screen is reported."""
    module = tmp_path / "w.py"
    module.write_text("def f():\n    from workshop.screens.home import HomeScreen\n")
    assert "workshop.screens.home" in imported_modules(module)


def _own_classes(folder: Path) -> list[tuple[str, type]]:
    """(module, class) of every class defined in the modules under `folder`, each module
    imported by its file (`workshop.screens` is a namespace package `pkgutil` skips)."""
    import importlib
    import inspect

    found = []
    for path in sorted(folder.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if name.endswith(("__main__", "__init__")):
            continue
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name:
                found.append((name, cls))
    return found


def test_screens_keep_their_css_in_tcss_files() -> None:
    """A full screen, and a step pane of the session screen, are styled from `.tcss` files
    the App reads at start; `DEFAULT_CSS` is for self-contained widgets and modal dialogs."""
    from textual.screen import ModalScreen, Screen

    from workshop.app import WorkshopApp
    from workshop.screens.panes.base import StepPane

    found: list[str] = []
    for name, cls in _own_classes(PACKAGE / "screens"):
        screen = issubclass(cls, Screen) and not issubclass(cls, ModalScreen)
        if (screen or issubclass(cls, StepPane)) and "DEFAULT_CSS" in vars(cls):
            found.append(f"{name}.{cls.__name__}")
    assert found == []
    # and each of the App's files is there, so what was moved out is read
    for path in WorkshopApp.CSS_PATH:
        assert (PACKAGE / path).is_file(), path


def test_every_binding_has_an_id_of_its_own() -> None:
    """Every key binding of the app carries an id (``scope.action``), one binding per id
    across the app, as posting and harlequin do: a keymap (``App.set_keymap``) can then
    move any key without touching the code."""
    from textual.binding import Binding

    ids: dict[str, tuple[Binding, str]] = {}
    missing: list[str] = []
    for _, cls in _own_classes(PACKAGE):
        for binding in vars(cls).get("BINDINGS", []):
            if not isinstance(binding, Binding):
                continue
            where = f"{cls.__qualname__} {binding.key}"
            if not binding.id:
                missing.append(where)
                continue
            # one binding shared by several classes (ctrl+a of every field) is one id
            first, first_where = ids.setdefault(binding.id, (binding, where))
            if first is not binding:
                missing.append(f"{where}: id {binding.id} taken by {first_where}")
    assert missing == []
    assert len(ids) > 60


MOST_LINES = 410
"""The design's "about 400 lines" a module: past it a file holds more than one thing."""


def test_no_module_outgrows_one_meaning() -> None:
    root = PACKAGE.parent
    long = {
        str(path.relative_to(root)): n
        for folder in ("workshop", "scripts", "benchmarks")
        for path in sorted((root / folder).rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert not long, f"split by meaning: {long}"
