"""New databases for tests as copies of one built once per test process."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from workshop.demo import install_demo
from workshop.store import Store

_TEMPLATES: dict[str, tuple[Path, str]] = {}
"""Databases built once per test process, by name: the file and what building it
returned (the demo initiative's id)."""


def _template(name: str, fill: Callable[[Store], str]) -> tuple[Path, str]:
    """A database `fill` wrote into a new store, built the first time it is asked for in
    this process (a worker of pytest-xdist builds its own)."""
    if name not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="ws-template-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / f"{name}.db"
        with Store(path) as store:
            made = fill(store)
        # closed: everything is in the file itself, no write waits in a WAL beside it
        assert not any(p != path for p in folder.iterdir()), list(folder.iterdir())
        _TEMPLATES[name] = (path, made)
    return _TEMPLATES[name]


def template_store(path: Path, demo: bool = False) -> tuple[Store, str]:
    """A store at `path` as a new database gets it (schema and migrations) and, with
    `demo`, the demo installed (`install_demo`; returns its initiative id): a copy of a
    database built so once per process. Creating the schema took about 0.09 s a test and
    installing the demo 0.23 s more; the copy is the same database, but for when its
    migrations and the demo's import were recorded (`_sqlite_migrations.applied_at`,
    `revisions.changed_at` of the demo's records: earlier in the run). The demo's ids and
    times come from its seed, never from the clock (workshop.demo)."""
    if demo:
        template, made = _template("demo", install_demo)
    else:
        template, made = _template("empty", lambda store: "")
    assert not path.exists(), path
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # as the store makes it
    shutil.copyfile(template, path)  # the store makes it the owner's only on opening
    return Store(path), made


def new_store(path: Path) -> Store:
    """A store on a new database at `path` (a copy of the empty template): for tests
    whose subject is not how a database is created."""
    return template_store(path)[0]
