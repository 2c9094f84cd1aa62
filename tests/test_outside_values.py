"""Text that shows nothing is blank, and direction overrides are dropped: an initiative
named with spaces and a zero-width space alone was stored (and shown as 「​」), and a
right-to-left override in a card showed its text reversed on the wall. A date from a
bundle keeps to the years a date typed here may take."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.test_bundle_trust import _filled_raw, _import, _record, _write
from workshop import cli
from workshop.domain.records import Card, Initiative
from workshop.store import Store


@pytest.mark.parametrize("name", [" \u3000\u200b", "\u200b", "\u2060\ufeff", "\u202e"])
def test_a_name_of_invisible_characters_is_blank(name: str) -> None:
    with pytest.raises(ValidationError) as e:
        Initiative(name=name)
    assert e.value.errors()[0]["type"] == "ws_required"


def test_direction_overrides_are_dropped_and_joiners_kept() -> None:
    card = Card(session_id="s", step="vision", text="買い\u202e物\u202c支援\u2067です\u2069")
    assert card.text == "買い物支援です"
    family = "👨\u200d👩\u200d👧"  # a joiner is part of the emoji: kept
    assert Card(session_id="s", step="vision", text=family).text == family
    assert Initiative(name="\u200b交通政策課").name == "\u200b交通政策課"


def test_a_bundle_with_an_invisible_name_is_refused(tmp_path: Path, capsys) -> None:
    _, raw = _filled_raw(tmp_path)
    raw["data"]["initiative"]["name"] = " \u3000\u200b"
    db = tmp_path / "b.db"
    capsys.readouterr()
    assert _import(db, _write(tmp_path, raw)) == cli.EXIT_USER
    assert "入力してください" in capsys.readouterr().err
    with Store(db) as b:
        assert b.initiatives() == []


@pytest.mark.parametrize(
    ("where", "field", "value"),
    [
        (("sessions", 0, "session"), "date", "1800-01-01"),
        (("actions", 0), "due", "9999-12-31"),
    ],
)
def test_a_date_outside_the_years_handled_is_refused(
    tmp_path: Path, capsys, where: tuple, field: str, value: str
) -> None:
    """The years a date typed here may take (1900-2199) hold for a bundle's too: the
    message said so, and 1800-01-01 or 9999-12-31 were taken."""
    _, raw = _filled_raw(tmp_path)
    record = _record(raw, where)
    record[field] = value
    db = tmp_path / "b.db"
    capsys.readouterr()
    assert _import(db, _write(tmp_path, raw)) == cli.EXIT_USER
    err = capsys.readouterr().err
    assert value in err and "1900年〜2199年" in err
    with Store(db) as b:
        assert b.initiatives() == []
