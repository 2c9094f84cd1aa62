"""Start workshop through its command line, headless, and exit as soon as the home
screen's first frame WITH ITS TABLE FILLED has been painted. Used by `startup.py` as a
child process:

    python benchmarks/app_first_screen.py demo --db /tmp/fresh.db
    python benchmarks/app_first_screen.py --db /tmp/existing.db
    python benchmarks/app_first_screen.py --phases demo --db /tmp/fresh.db

The arguments are those of the `workshop` command. Small patches make the run
measurable without touching the app: `WorkshopApp.run` gets `headless=True`, and
Textual's `Screen._compositor_refresh` (the call that writes a frame) is wrapped: the
first frame written for the home screen once its session table has rows (or is hidden,
for an empty database) ends the run (`paint_watch.py`, the same watch
`bare_app.py --exit-on-ready` uses). The home table is filled when its width is known
(after the first layout), so "mounted and refreshed" would be too early. The patches
are applied right after the modules are imported (an import hook), so every import
still happens where the command line does it. The child prints, as JSON on stdout, the
moment the first screen was painted (`time.time()`), the number of widgets on that
screen and the rows of its table, and with `--phases` when each phase ended (ms since
this script started).
"""

from __future__ import annotations

import importlib.machinery
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

_T0 = time.perf_counter()
PHASES: dict[str, float] = {}


def mark(name: str) -> None:
    PHASES[name] = round((time.perf_counter() - _T0) * 1000, 1)


class _AfterImport:
    """Calls a function on a module right after it has been executed (a meta path
    finder; not derived from importlib.abc, whose import would cost the child 15 ms)."""

    def __init__(self, hooks: dict[str, Callable[[ModuleType], None]]) -> None:
        self.hooks = hooks

    def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
        if name not in self.hooks:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        hook = self.hooks[name]
        exec_module = loader.exec_module

        def exec_and_patch(module: ModuleType) -> None:
            exec_module(module)
            hook(module)

        loader.exec_module = exec_and_patch  # type: ignore[method-assign]
        return spec


def _home_ready(screen) -> int | None:  # type: ignore[no-untyped-def]
    """The home screen's table rows once it is filled (None before)."""
    if type(screen).__name__ != "HomeScreen":
        return None
    table = screen.query_one("#sessions")
    if table.row_count or not table.display:
        return table.row_count
    return None


def _painted(info: dict) -> None:
    mark("first screen painted (table filled)")
    PHASES.update(info)


def _patch_app(module: ModuleType) -> None:
    cls = module.WorkshopApp
    run = cls.run

    def headless_run(self, *a, **kw):  # type: ignore[no-untyped-def]
        mark("workshop.app imported, app built")
        from paint_watch import watch_first_paint

        watch_first_paint(_home_ready, _painted)
        kw["headless"] = True
        return run(self, *a, **kw)

    cls.run = headless_run


def _patch_home(module: ModuleType) -> None:
    cls = module.HomeScreen
    on_mount = cls.on_mount

    def mounted(self) -> None:  # type: ignore[no-untyped-def]
        mark("home screen composed")
        on_mount(self)
        mark("home screen mounted")

    cls.on_mount = mounted


def _patch_demo(module: ModuleType) -> None:
    install = module.install_demo

    def timed_install(store):  # type: ignore[no-untyped-def]
        mark("workshop.demo imported")
        result = install(store)
        mark("demo installed")
        return result

    module.install_demo = timed_install


def _patch_cli(module: ModuleType) -> None:
    open_store = module._open_store

    def timed_open(path):  # type: ignore[no-untyped-def]
        mark("config read, args parsed")
        store = open_store(path)
        mark("workshop.store imported, database opened")
        return store

    module._open_store = timed_open


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    record = "--phases" in argv
    argv = [a for a in argv if a != "--phases"]
    sys.meta_path.insert(
        0,
        _AfterImport(
            {
                "workshop.app": _patch_app,
                "workshop.screens.home": _patch_home,
                "workshop.demo": _patch_demo,
                "workshop.cli": _patch_cli,
            }
        ),
    )
    from workshop import cli

    mark("workshop.cli imported")
    code = cli.main(argv)
    mark("app exited, store closed")
    keep = ("ready_epoch", "widgets", "rows")
    out = PHASES if record else {k: PHASES.get(k, 0.0) for k in keep}
    print(json.dumps(out, ensure_ascii=False))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
