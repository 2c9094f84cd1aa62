"""The seed folder and its TOML files, without the reference data's models: the
demo's start (and anything else that only reads a seed file) does not build them."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

SEED_DIR = "seed"
"""Name of the folder: at the repository root, and inside the package once installed."""


def seed_root() -> Traversable:
    """The folder holding the seed TOML files.

    An installed wheel carries them as package data (``workshop/seed``), read through
    importlib.resources; a source checkout has them in ``seed/`` at the repository root.
    """
    package = Path(__file__).parent
    if (package / SEED_DIR).is_dir():
        # installed as files: what importlib.resources gives, without importing it
        return package / SEED_DIR
    from importlib import resources

    packaged = resources.files("workshop").joinpath(SEED_DIR)
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / SEED_DIR
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"reference data not found: neither package data workshop/{SEED_DIR} nor {checkout}"
    )


def read_seed(name: str) -> dict[str, Any]:
    """Parse one TOML file of the seed folder."""
    data = seed_root().joinpath(name).read_bytes()
    return tomllib.loads(data.decode("utf-8"))
