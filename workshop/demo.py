"""The demo workshop of a fictional town (``seed/demo.toml``) as a bundle.

The TOML is written for people: records refer to each other by short handles
(``author = "yamada"``). This module turns it into domain records whose ids and times
are derived from the handles and the session dates, never from the clock or a random
source, so building it twice (or on two machines) gives the same records and
installing it again changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workshop import __version__
from workshop.demo_build import DemoError, build_initiative, build_session, session_clock
from workshop.demo_ids import DEMO_SEED, demo_initiative_id
from workshop.domain.base import Record
from workshop.domain.bundle import Bundle, InitiativeData, SessionData
from workshop.domain.records import Initiative
from workshop.seed_files import read_seed
from workshop.store.repo import Store

__all__ = ["DemoError", "demo_bundle", "install_demo"]


def _latest_stamp(data: InitiativeData) -> datetime:
    """The newest updated_at of the bundle: a deterministic exported_at."""
    stamps = [data.initiative.updated_at]
    for rec in (*data.key_persons, *data.actions, *data.reviews):
        stamps.append(rec.updated_at)
    for s in data.sessions:
        stamps.append(s.session.updated_at)
        for name in SessionData.model_fields:
            value = getattr(s, name)
            if isinstance(value, list):
                stamps += [r.updated_at for r in value if isinstance(r, Record)]
    return max(stamps)


# --- public API ------------------------------------------------------------------------------


def demo_bundle() -> Bundle:
    """The demo initiative with all its sessions, validated by the domain models."""
    raw = read_seed(DEMO_SEED)
    sessions_raw: list[dict[str, Any]] = raw.get("sessions", [])
    if not sessions_raw:
        raise DemoError("demo.toml has no session")
    first_clock = session_clock(sessions_raw[0])
    owner = build_initiative(raw.get("initiative", {}), first_clock)
    sessions = []
    for i, session_raw in enumerate(sessions_raw):
        # The first session shares the initiative's clock so the initiative comes first.
        clock = first_clock if i == 0 else session_clock(session_raw)
        sessions.append(build_session(owner, session_raw, clock))
    data = InitiativeData(
        initiative=owner.initiative,
        sessions=sessions,
        key_persons=owner.key_persons,
        actions=list(owner.actions.values()),
        reviews=owner.reviews,
    )
    return Bundle(data=data, exported_at=_latest_stamp(data), app_version=__version__)


def install_demo(store: Store) -> str:
    """Merge the demo into the store (a second install changes nothing) and return the
    demo initiative's id. When the demo is already there it is left as the facilitator
    left it, and start-up skips building the bundle."""
    initiative_id = demo_initiative_id()
    if store.exists(Initiative, initiative_id):
        return initiative_id
    return store.import_bundle(demo_bundle()).initiative_id
