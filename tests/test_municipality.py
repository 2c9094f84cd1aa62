"""全国地方公共団体コード (issue 15, item 1): the check digit, the initiative's field, the
bundle carrying it, and editing it in 準備."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.db_templates import new_store
from workshop import cli
from workshop.domain.bundle import Bundle, parse_bundle
from workshop.domain.municipality import check_digit, code_problem, prefecture_of
from workshop.domain.records import Initiative, Session
from workshop.i18n import validation_messages
from workshop.reference import load

REAL_CODES = {
    "131016": "千代田区",
    "011002": "札幌市",
    "082015": "水戸市",
    "130001": "東京都",
    "011011": "札幌市中央区",  # remainder 0: 11 is written 1
    "012050": "室蘭市",  # remainder 1: 10 is written 0
    "271004": "大阪市",
    "472018": "那覇市",
}


@pytest.mark.parametrize("code", sorted(REAL_CODES))
def test_the_check_digit_of_real_codes(code: str) -> None:
    assert check_digit(code[:5]) == int(code[5])
    assert code_problem(code) is None


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("131017", "ws_code_check_digit"),
        ("13101", "ws_code_format"),
        ("13101a", "ws_code_format"),
        ("481006", "ws_code_prefecture"),
        ("001007", "ws_code_prefecture"),
    ],
)
def test_wrong_codes_are_named(code: str, problem: str) -> None:
    assert code_problem(code) == problem


def test_the_initiative_takes_a_code_as_typed_and_refuses_a_wrong_one() -> None:
    assert Initiative(name="x", municipality_code="１３１０１６").municipality_code == "131016"
    assert Initiative(name="x", municipality_code="13101-6").municipality_code == "131016"
    assert Initiative(name="x").municipality_code == ""
    with pytest.raises(ValidationError) as e:
        Initiative(name="x", municipality_code="131017")
    (message,) = validation_messages(e.value.errors())
    assert "団体コード" in message and "検査数字" in message and "131016" in message


def test_the_prefecture_comes_from_the_seed() -> None:
    prefectures = load().prefecture_by_code
    assert prefectures[prefecture_of("082015")].name == "茨城県"
    assert prefectures["13"].kanto_shinetsu and not prefectures["01"].kanto_shinetsu
    assert prefecture_of("") == ""


def test_the_code_is_stored_and_carried_in_bundles(tmp_path: Path) -> None:
    with new_store(tmp_path / "a.db") as a:
        ini = a.add(Initiative(name="連携", municipality="水戸市", municipality_code="082015"))
        a.add(Session(initiative_id=ini.id, title="第1回"))
        raw = json.loads(Bundle(data=a.initiative_data(ini.id)).to_json())
    assert raw["data"]["initiative"]["municipality_code"] == "082015"
    with new_store(tmp_path / "b.db") as b:
        b.import_bundle(parse_bundle(json.dumps(raw)))
        assert b.require(Initiative, ini.id).municipality_code == "082015"


def test_a_bundle_without_a_code_imports(tmp_path: Path) -> None:
    with new_store(tmp_path / "a.db") as a:
        ini = a.add(Initiative(name="連携", municipality="みなと町"))
        raw = json.loads(Bundle(data=a.initiative_data(ini.id)).to_json())
    del raw["data"]["initiative"]["municipality_code"]  # written by an older version
    with new_store(tmp_path / "b.db") as b:
        b.import_bundle(parse_bundle(json.dumps(raw)))
        assert b.require(Initiative, ini.id).municipality_code == ""


def test_a_bundle_with_a_wrong_code_is_refused(tmp_path: Path, capsys) -> None:
    with new_store(tmp_path / "a.db") as a:
        ini = a.add(Initiative(name="連携", municipality_code="082015"))
        raw = json.loads(Bundle(data=a.initiative_data(ini.id)).to_json())
    raw["data"]["initiative"]["municipality_code"] = "082016"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert cli.main(["--db", str(tmp_path / "b.db"), "import", str(path)]) == cli.EXIT_USER
    err = capsys.readouterr().err
    assert "団体コード" in err and "082015" in err


async def test_the_code_is_edited_in_prep_with_a_clear_message(tmp_path: Path) -> None:
    from tests.ui_helpers import empty_app, new_session, open_session, screen_text, settle
    from workshop.widgets.inline_form import InlineForm

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        form = app.screen.query_one("#session-form", InlineForm)
        field = form.control("municipality_code")
        field.focus()
        field.insert_text_at_cursor("131017")
        await settle(pilot)
        form.flush()
        await settle(pilot)
        error = form.query_one("#i-error-municipality_code")
        assert "検査数字" in str(error.render())
        error.scroll_visible(animate=False)
        await settle(pilot)
        assert "検査数字" in screen_text(app)
        assert field.value == "131017"  # what was typed stays
        assert store.require(Initiative, session.initiative_id).municipality_code == ""
        field.value = ""
        field.insert_text_at_cursor("１３１０１６")
        await settle(pilot)
        form.flush()
        await settle(pilot)
        assert store.require(Initiative, session.initiative_id).municipality_code == "131016"
        hint = form.query_one("#i-hint-municipality_code")
        assert "東京都の団体コード（131016）" in str(hint.render())
