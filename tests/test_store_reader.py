"""Records read from our own database without validating them again (store.reader) are
the same records as validation makes of the same rows, and a row the fast reader cannot
take is still validated (and refused as before)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.db_templates import template_store
from workshop.domain.records import Card, Session
from workshop.store import Store
from workshop.store.reader import fast_reader
from workshop.store.rows import _JSON_FIELDS, TABLES, from_row


def _validated(model, row):
    data = dict(row)
    for name in _JSON_FIELDS[model]:
        if isinstance(data.get(name), str):
            data[name] = json.loads(data[name])
    return model.model_validate(data)


def _rows(store: Store, table: str) -> list[dict]:
    cur = store.conn.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_every_record_reads_back_as_validation_makes_it(tmp_path: Path) -> None:
    store, _ = template_store(tmp_path / "demo.db", demo=True)
    with store:
        fast = 0
        for model, table in TABLES.items():
            rows = _rows(store, table)
            assert rows, table
            reader = fast_reader(model, tuple(rows[0]), _JSON_FIELDS[model])
            fast += len(rows) if reader is not None else 0
            for row in rows:
                got, want = from_row(model, row), _validated(model, row)
                assert got == want
                assert got.model_dump(mode="json") == want.model_dump(mode="json")
                assert got.model_fields_set == want.model_fields_set
                assert {k: type(v) for k, v in got} == {k: type(v) for k, v in want}
        card_columns = tuple(_rows(store, TABLES[Card])[0])
        session_columns = tuple(_rows(store, TABLES[Session])[0])
        assert fast_reader(Card, card_columns, _JSON_FIELDS[Card]) is not None
        assert fast_reader(Session, session_columns, _JSON_FIELDS[Session]) is None
        assert fast > 100


def test_a_naive_time_is_read_as_utc_and_a_bad_row_is_refused(tmp_path: Path) -> None:
    store, _ = template_store(tmp_path / "demo.db", demo=True)
    with store:
        row = _rows(store, "cards")[0]
    naive = {**row, "created_at": "2026-09-16T05:00:00"}
    card = from_row(Card, naive)
    assert card.created_at.utcoffset() is not None
    assert card == _validated(Card, naive)
    with pytest.raises(ValidationError):
        from_row(Card, {**row, "step": "no_such_step"})
    with pytest.raises(ValidationError):
        from_row(Card, {**row, "votes": "many"})


def test_changing_one_read_record_leaves_the_others_as_read(tmp_path: Path) -> None:
    """Records read together share their set of field names (every field of a row is
    set): a change to one of them, by assignment or by a copy with changes, shows in
    that record only."""
    store, _ = template_store(tmp_path / "demo.db", demo=True)
    with store:
        rows = _rows(store, TABLES[Card])
        first, second = (from_row(Card, row) for row in rows[:2])
        before = second.model_dump()
        first.text = "変えた内容"
        copied = second.model_copy(update={"text": "写し"})
        assert first.text == "変えた内容" and copied.text == "写し"
        assert second.model_dump() == before
        assert first.model_fields_set == second.model_fields_set == set(Card.model_fields)
        assert copied.model_fields_set == set(Card.model_fields)


def test_columns_are_taken_by_name_in_any_order_and_a_missing_one_is_validated(
    tmp_path: Path,
) -> None:
    """A row's values are read by position from the cursor's column names: a database
    whose table has its columns in another order (added by a migration) reads the same
    records, and a row without one of the model's columns is validated (its default)."""
    from workshop.store.rows import row_reader

    store, _ = template_store(tmp_path / "demo.db", demo=True)
    with store:
        rows = _rows(store, TABLES[Card])
    want = [from_row(Card, row) for row in rows]
    names = sorted(rows[0], reverse=True)
    read = row_reader(Card, names)
    got = [read(tuple(row[n] for n in names)) for row in rows]
    assert got == want
    assert [c.model_dump(mode="json") for c in got] == [c.model_dump(mode="json") for c in want]
    without = [n for n in names if n != "private"]
    assert fast_reader(Card, tuple(without), _JSON_FIELDS[Card]) is None
    read = row_reader(Card, without)
    got = [read(tuple(row[n] for n in without)) for row in rows]
    assert [c.private for c in got] == [False] * len(rows)
    assert [c.text for c in got] == [c.text for c in want]


def test_a_row_the_fast_reader_cannot_take_reads_as_validation_makes_it(tmp_path: Path) -> None:
    """A NULL, a number or a list where the column should hold something else: the
    record is what validation makes of the row, or the row is refused as validation
    refuses it."""
    store, _ = template_store(tmp_path / "demo.db", demo=True)
    with store:
        row = _rows(store, "cards")[0]
    refused = 0
    for bad in (
        {"text": None},
        {"tags": 3},
        {"tags": "{}"},
        {"tags": '["a", 1]'},
        {"step": 7},
        {"votes": "1"},
        {"private": 2},
        {"created_at": "yesterday"},
    ):
        try:
            want = _validated(Card, {**row, **bad})
        except ValidationError:
            refused += 1
            with pytest.raises(ValidationError):
                from_row(Card, {**row, **bad})
        else:
            assert from_row(Card, {**row, **bad}).model_dump() == want.model_dump()
    assert refused >= 4
    assert from_row(Card, {**row, "tags": '["見守り"]'}).tags == ["見守り"]
