"""The demo's stable ids, and whether a database has the demo already: what
`workshop demo` needs before its first screen when the demo is installed (building the
demo's records, in `workshop.demo`, needs the domain's models)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from workshop.seed_files import read_seed

if TYPE_CHECKING:
    from workshop.store.core import StoreCore

DEMO_SEED = "demo.toml"

NAMESPACE = uuid.UUID("5b0c8f3e-2f6a-5c8e-9d1a-7e3b4c2a9f10")
"""Namespace of the demo's uuid5 ids. Never change it: an installed demo would be
duplicated instead of updated on the next install."""


def demo_id(*path: str) -> str:
    """The stable id of the record at this handle path (e.g. sakuragawa/s1/card/3)."""
    return str(uuid.uuid5(NAMESPACE, "/".join(path)))


def demo_initiative_id() -> str:
    """The id of the demo's initiative."""
    return demo_id(read_seed(DEMO_SEED)["initiative"]["handle"])


def demo_installed(store: StoreCore) -> bool:
    """Whether the demo's initiative is in the database (left as the facilitator left
    it: a second install would change nothing)."""
    return store.has_row("initiatives", demo_initiative_id())
