"""Records from our own rows without validating them again.

A row in our database was written from a validated record (`rows.to_row`) into a STRICT
table: its text is already cleaned and within limits, its numbers within range. What
validation still does for such a row is turn text into dates, times and enums and take
a time without a zone as UTC; `fast_reader` does just that. pydantic's validation was
most of the time of reading a session of 10,000 cards (and so of every export of it).
Bundles and anything else from outside are validated in full, as before.
"""

from __future__ import annotations

import enum
import functools
import json
import types
import typing
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from datetime import time as dt_time
from typing import Any, TypeVar

from workshop.domain.base import OUTSIDE_ONLY_VALIDATORS, Record

R = TypeVar("R", bound=Record)

_UNBUILT: Any = object()
_READERS: dict[tuple[type[Record], tuple[str, ...]], Callable[[Sequence[Any]], Any] | None] = {}


def _stamp(value: str) -> datetime:
    """As `domain.base.Stamp` reads our own rows: a time without a zone is UTC."""
    out = datetime.fromisoformat(value)
    return out if out.utcoffset() is not None else out.replace(tzinfo=UTC)


def _field_reader(annotation: Any) -> Callable[[Any], Any] | None:
    """How to turn a column's value into the field's value, for the types a STRICT
    table guarantees; None for anything else (nested models, mappings)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _field_reader(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = _field_reader(args[0]) if len(args) == 1 else None
        if inner is None:
            return None
        return lambda v: None if v is None else inner(v)
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        item_reader = _field_reader(item)
        if item_reader is None:
            return None
        return lambda v: [item_reader(x) for x in v] if isinstance(v, list) else _bad(v)
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is int:
        return _int
    if annotation is float:
        return lambda v: float(v) if isinstance(v, int | float) else _bad(v)
    if annotation is datetime:
        return _stamp
    if annotation is date:
        return date.fromisoformat
    if annotation is dt_time:
        return dt_time.fromisoformat
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _enum_reader(annotation)
    return None


def _text(value: Any) -> str:
    """A text column (STRICT: text or NULL; a NULL where text is required is refused)."""
    return value if type(value) is str else _bad(value)


def _flag(value: Any) -> bool:
    """A boolean column (0 or 1)."""
    return bool(value) if value in (0, 1) else _bad(value)


def _int(value: Any) -> int:
    return value if type(value) is int else _bad(value)


def _bad(value: Any) -> Any:
    raise TypeError(value)


def _enum_reader(annotation: type[enum.Enum]) -> Callable[[Any], Any]:
    """An enum member by its value: a dict lookup (KeyError for an unknown value) where
    the enum has no `_missing_` of its own, else the enum's own call."""
    if getattr(annotation._missing_, "__func__", None) is not enum.Enum._missing_.__func__:
        return annotation
    return annotation._value2member_map_.__getitem__


def _loads(inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A JSON column (text) read into a field: an empty list, the usual case, is not
    parsed."""

    def read(value: Any) -> Any:
        if value == "[]":
            return inner([])
        if type(value) is not str:
            raise TypeError(value)
        return inner(_parsed(value))

    return read


@functools.lru_cache(maxsize=1024)
def _parsed(value: str) -> Any:
    """`json.loads`, remembered: the same few tag lists are on thousands of cards. What
    it returns is only read (a list column's reader copies it into a list of its own)."""
    return json.loads(value)


def _build(
    model: type[R], names: tuple[str, ...], json_fields: frozenset[str]
) -> Callable[[Sequence[Any]], R] | None:
    """A reader that builds `model` from one of our rows, given as the values of the
    columns `names` (a cursor's row), without validating it again.

    It converts the columns that need it (`_field_reader`; text columns are taken as
    they are, and checked to be text) and sets the instance's state as
    `BaseModel.model_construct` does, without its per-field bookkeeping (which cost as
    much as validating). The columns are taken by position, so a row is not made into a
    dict first. Models with validators or private attributes of their own (a session, an
    attendee), fields this reader does not know, and a row without one of the model's
    fields are validated as before. (Validators that check only data from outside,
    `OUTSIDE_ONLY_VALIDATORS`, would do nothing for our rows.)"""
    decorators = model.__pydantic_decorators__
    if (
        decorators.field_validators
        or set(decorators.model_validators) - OUTSIDE_ONLY_VALIDATORS
        or decorators.validators
        or model.__private_attributes__
        or model.__pydantic_post_init__
    ):
        return None
    column = {name: i for i, name in enumerate(names)}
    plain: list[tuple[str, int]] = []
    converted: list[tuple[str, int, Callable[[Any], Any]]] = []
    for name, info in model.model_fields.items():
        if info.alias not in (None, name) or name not in column:
            return None
        reader = _field_reader(info.annotation)
        if reader is None:
            return None
        if name in json_fields:
            converted.append((name, column[name], _loads(reader)))
        elif reader is _text:
            plain.append((name, column[name]))
        else:
            converted.append((name, column[name], reader))
    # Every field of a row is set, so its records share one set of their names (a set
    # of its own took some 400 bytes a record: 4 MB at 10,000 cards). Pydantic only ever
    # adds a field's name to it (on assignment), which changes nothing here.
    return _compiled(model, plain, converted, set(model.model_fields))


def _compiled(
    model: type[R],
    plain: list[tuple[str, int]],
    converted: list[tuple[str, int, Callable[[Any], Any]]],
    fields_set: set[str],
) -> Callable[[Sequence[Any]], R]:
    """The reader as one function of straight-line code, made with `exec` as
    `dataclasses` makes its methods: a text, integer or boolean column is checked where
    it is read (TypeError if it is not of its type), any other column goes through its
    converter, and the record's values are written as one dict: texts first, then the
    rest, in the order of the fields. A loop over the columns calling a function for
    each took twice as long (10,000 cards). Only column positions and the model's field
    names (identifiers) are written into the code."""
    env: dict[str, Any] = {
        "new": model.__new__,
        "model": model,
        "put": object.__setattr__,
        "fields_set": fields_set,
    }
    taken: list[str] = []
    checks: list[str] = []
    values: list[str] = []
    for name, i in plain:
        taken.append(f"v{i} = row[{i}]")
        checks.append(f"type(v{i}) is not str")  # STRICT: text or NULL; a NULL is refused
        values.append(f"{name!r}: v{i}")
    for name, i, reader in converted:
        if reader is _int:
            taken.append(f"v{i} = row[{i}]")
            checks.append(f"type(v{i}) is not int")
            values.append(f"{name!r}: v{i}")
        elif reader is _flag:
            taken.append(f"v{i} = row[{i}]")
            checks.append(f"v{i} not in (0, 1)")
            values.append(f"{name!r}: bool(v{i})")
        else:
            env[f"read{i}"] = reader
            values.append(f"{name!r}: read{i}(row[{i}])")
    if not all(name.isidentifier() for name, *_ in (*plain, *converted)):
        raise ValueError(f"{model.__name__}: a field name that is not an identifier")
    if checks:
        taken += [f"if {' or '.join(checks)}:", "    raise TypeError(row)"]
    code = "\n    ".join(
        [
            "def read(row):",
            *taken,
            "rec = new(model)",
            f"put(rec, '__dict__', {{{', '.join(values)}}})",
            "put(rec, '__pydantic_fields_set__', fields_set)",
            "put(rec, '__pydantic_extra__', None)",
            "put(rec, '__pydantic_private__', None)",
            "return rec",
        ]
    )
    exec(compile(code, f"<reader of {model.__name__}>", "exec"), env)
    read: Callable[[Sequence[Any]], R] = env["read"]
    return read


def fast_reader(
    model: type[R], names: tuple[str, ...], json_fields: frozenset[str]
) -> Callable[[Sequence[Any]], R] | None:
    """The reader of `model`'s rows with the columns `names` (made once for each), or
    None when such rows are validated."""
    key = (model, names)
    reader = _READERS.get(key, _UNBUILT)
    if reader is _UNBUILT:
        reader = _READERS[key] = _build(model, names, json_fields)
    return reader
