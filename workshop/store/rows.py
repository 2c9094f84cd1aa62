"""Records as rows and back: which table holds each record model, and how its fields
are written (JSON for lists and dicts, 0/1 for booleans). Imports the domain's models,
so the store imports this module only when it first reads or writes a record."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from workshop.domain.base import Record
from workshop.domain.records import (
    ActionItem,
    ActionReview,
    Attendee,
    BarrierTick,
    Card,
    Decision,
    Initiative,
    KeyPerson,
    Mechanism,
    Resource,
    Session,
    StageAnswer,
    Statement,
)
from workshop.store.reader import fast_reader

R = TypeVar("R", bound=Record)

TABLES: dict[type[Record], str] = {
    Initiative: "initiatives",
    Session: "sessions",
    Attendee: "attendees",
    Card: "cards",
    Statement: "statements",
    Resource: "resources",
    Mechanism: "mechanisms",
    KeyPerson: "key_persons",
    Decision: "decisions",
    ActionItem: "actions",
    ActionReview: "action_reviews",
    StageAnswer: "stage_answers",
    BarrierTick: "barrier_ticks",
}

POSITION_SCOPE: dict[type[Record], tuple[str, ...]] = {
    Attendee: ("session_id",),
    Card: ("session_id", "step"),
    Statement: ("session_id",),
    Resource: ("session_id",),
    Decision: ("session_id",),
    ActionItem: ("session_id",),
}
"""The list a record's `position` orders it in (what `next_position` counts over)."""


def _is_json_field(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_json_field(typing.get_args(annotation)[0])
    return origin in (list, dict)


_JSON_FIELDS: dict[type[Record], frozenset[str]] = {
    model: frozenset(name for name, f in model.model_fields.items() if _is_json_field(f.annotation))
    for model in TABLES
}


def to_row(rec: BaseModel) -> dict[str, Any]:
    """A record as a database row: JSON for lists and dicts, 0/1 for booleans."""
    row = rec.model_dump(mode="json")
    for name in _JSON_FIELDS[type(rec)]:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    for name, value in row.items():
        if isinstance(value, bool):
            row[name] = int(value)
    return row


def row_reader(model: type[R], names: Sequence[str]) -> Callable[[Sequence[Any]], R]:
    """How to make a `model` record of a row whose columns are `names` (a cursor's row,
    values in column order). The rows of the large tables are built without running
    their validators again; any other model, and any row the fast reader cannot take as
    it is, is validated as before (`store.reader`)."""
    names = tuple(names)
    json_fields = _JSON_FIELDS[model]
    fast = fast_reader(model, names, json_fields)

    def validated(row: Sequence[Any]) -> R:
        data = dict(zip(names, row, strict=True))
        for name in json_fields:
            if isinstance(data.get(name), str):
                data[name] = json.loads(data[name])
        return model.model_validate(data)

    if fast is None:
        return validated

    def read(row: Sequence[Any]) -> R:
        try:
            return fast(row)
        except (KeyError, TypeError, ValueError):
            return validated(row)  # which says what is wrong with the row

    return read


def from_row(model: type[R], row: dict[str, Any]) -> R:
    """A record from one of our rows, given as a dict (`row_reader`)."""
    return row_reader(model, tuple(row))(tuple(row.values()))
