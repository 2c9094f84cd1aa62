"""The crash test's edits (scripts/crash_test.py): a plan that is a pure function of its
seed, the model of what the database must hold after each edit, and the child process
that performs the plan through the store and reports each edit once it is committed."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CARD_STEPS = ("vision", "strengths", "resources", "mechanism", "summary")
STATUSES = ("not_started", "in_progress", "done", "on_hold", "cancelled")
TEXTS = [
    "買い物に行ける場所が減っている",
    "バスの便を増やしたい",
    "見守りの情報を共有する",
    "[bold]強調[/] のつもり",
    "=SUM(1,2)",
    "🚌 通院の足 👵🏻",
    "مرحبا 右から左",
    "改行を\n含む\tカード",
]


# --- the edit plan (shared by child and parent) -------------------------------------------


@dataclass
class Model:
    """What the database should hold for the test session."""

    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    actions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def copy(self) -> Model:
        return Model(
            {k: dict(v) for k, v in self.cards.items()},
            {k: dict(v) for k, v in self.actions.items()},
        )


def edit_plan(seed: int, model: Model) -> Iterator[dict[str, Any]]:
    """Endless, deterministic edits for one child run. `model` is the state before the
    run; the plan edits the run's own records and, sometimes, older ones."""
    rng = random.Random(seed)
    state = model.copy()
    n = 0

    def new_id() -> str:
        return f"{rng.getrandbits(128):032x}"[:32]

    while True:
        n += 1
        live = [k for k, v in state.cards.items() if not v["deleted"]]
        gone = [k for k, v in state.cards.items() if v["deleted"]]
        r = rng.random()
        text = f"{rng.choice(TEXTS)} #{seed}-{n}"
        if r < 0.30 or not live:
            op = {"op": "add_card", "id": new_id(), "text": text, "step": rng.choice(CARD_STEPS)}
        elif r < 0.45:
            op = {"op": "edit_text", "id": rng.choice(live), "text": text}
        elif r < 0.55:
            op = {"op": "vote", "id": rng.choice(live), "votes": rng.randrange(0, 20)}
        elif r < 0.62:
            op = {"op": "soft_delete", "id": rng.choice(live)}
        elif r < 0.66 and gone:
            op = {"op": "restore", "id": rng.choice(gone)}
        elif r < 0.72:
            op = {"op": "delete", "id": rng.choice(live)}
        elif r < 0.80:
            op = {"op": "batch", "ids": [new_id() for _ in range(5)], "text": text}
        elif r < 0.90 or not state.actions:
            op = {"op": "add_action", "id": new_id(), "what": text}
        else:
            target = rng.choice(list(state.actions))
            op = {"op": "status", "id": target, "status": rng.choice(STATUSES)}
        op["n"] = n
        apply(state, op)
        yield op


def apply(state: Model, op: dict[str, Any]) -> None:
    """The effect of one edit on the expected state."""
    kind = op["op"]
    if kind == "add_card":
        state.cards[op["id"]] = {"text": op["text"], "votes": 0, "deleted": False}
    elif kind == "edit_text":
        state.cards[op["id"]]["text"] = op["text"]
    elif kind == "vote":
        state.cards[op["id"]]["votes"] = op["votes"]
    elif kind == "soft_delete":
        state.cards[op["id"]]["deleted"] = True
    elif kind == "restore":
        state.cards[op["id"]]["deleted"] = False
    elif kind == "delete":
        del state.cards[op["id"]]
    elif kind == "batch":
        for i, cid in enumerate(op["ids"]):
            state.cards[cid] = {"text": f"{op['text']} ({i})", "votes": 0, "deleted": False}
    elif kind == "add_action":
        state.actions[op["id"]] = {"what": op["what"], "status": "not_started"}
    elif kind == "status":
        state.actions[op["id"]]["status"] = op["status"]


def uuid_of(short: str) -> str:
    """The plan's 32 hex digits as a UUID string (what the store keeps)."""
    return f"{short[:8]}-{short[8:12]}-4{short[13:16]}-8{short[17:20]}-{short[20:32]}"


# --- the child ------------------------------------------------------------------------------


def perform(store: Any, op: dict[str, Any], session_id: str, initiative_id: str) -> None:
    """Carry out one edit of the plan through the store's public API."""
    from workshop.domain.enums import ActionStatus, Step
    from workshop.domain.records import ActionItem, Card

    kind = op["op"]
    if kind == "add_card":
        card = Card(
            id=uuid_of(op["id"]), session_id=session_id, step=Step(op["step"]), text=op["text"]
        )
        store.add(card)
    elif kind in ("edit_text", "vote", "soft_delete", "restore"):
        card = store.require(Card, uuid_of(op["id"]))
        changes = {
            "edit_text": {"text": op.get("text")},
            "vote": {"votes": op.get("votes")},
            "soft_delete": {"deleted": True},
            "restore": {"deleted": False},
        }[kind]
        store.update(card, **changes)
    elif kind == "delete":
        store.delete(store.require(Card, uuid_of(op["id"])))
    elif kind == "batch":  # several records in one transaction: all or nothing
        with store.write():
            for i, cid in enumerate(op["ids"]):
                store.add(
                    Card(
                        id=uuid_of(cid),
                        session_id=session_id,
                        step=Step.VISION,
                        text=f"{op['text']} ({i})",
                    )
                )
    elif kind == "add_action":
        store.add(
            ActionItem(
                id=uuid_of(op["id"]),
                initiative_id=initiative_id,
                session_id=session_id,
                what=op["what"],
            )
        )
    elif kind == "status":
        action = store.require(ActionItem, uuid_of(op["id"]))
        store.update(action, status=ActionStatus(op["status"]))
    else:  # pragma: no cover
        raise ValueError(kind)


def run_child(db: Path, seed: int, session_id: str, initiative_id: str) -> None:
    from workshop.store import Store

    store = Store(db)
    model = read_state(store, session_id)
    print("ready", flush=True)
    for op in edit_plan(seed, model):
        perform(store, op, session_id, initiative_id)
        # committed: only now is the edit reported
        sys.stdout.write(f"done {op['n']}\n")
        sys.stdout.flush()


def read_state(store: Any, session_id: str) -> Model:
    """The test session's cards and action items as the plan sees them."""
    from workshop.domain.records import ActionItem, Card

    model = Model()
    for card in store._select(Card, "session_id = ?", [session_id], "created_at, id"):
        model.cards[card.id.replace("-", "")] = {
            "text": card.text,
            "votes": card.votes,
            "deleted": card.deleted,
        }
    for action in store._select(ActionItem, "session_id = ?", [session_id], "created_at, id"):
        model.actions[action.id.replace("-", "")] = {
            "what": action.what,
            "status": action.status.value,
        }
    return model


def normalise(model: Model) -> Model:
    """Keys as the database gives them back (the plan's ids pass through uuid_of)."""
    return Model(
        {uuid_of(k).replace("-", ""): v for k, v in model.cards.items()},
        {uuid_of(k).replace("-", ""): v for k, v in model.actions.items()},
    )
