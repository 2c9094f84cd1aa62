"""The bundle file's text: written by pydantic's own JSON writer (a quarter of the time
and none of the intermediate dict of the whole initiative), the same text as the
standard library's indented JSON of the same data, so bundles written before read the
same and compare equal line by line."""

from __future__ import annotations

import json
from datetime import date

from workshop.demo import demo_bundle
from workshop.domain.bundle import Bundle, InitiativeData, SessionData, parse_bundle
from workshop.domain.enums import Step
from workshop.domain.records import Card, Initiative, Session


def stdlib_text(bundle: Bundle) -> str:
    return json.dumps(bundle.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def test_the_demo_bundle_is_the_same_text_as_before() -> None:
    bundle = demo_bundle()
    assert bundle.to_json() == stdlib_text(bundle)
    # the export's bytes: the same text, UTF-8 (not \u escapes), ending in one newline
    raw = bundle.to_json_bytes()
    assert raw == stdlib_text(bundle).encode("utf-8")
    assert "高齢福祉課".encode() in raw and raw.endswith(b"}\n")


def test_awkward_text_and_numbers_are_written_as_before_and_read_back() -> None:
    ini = Initiative(
        name='見守り "ネット" \\ 課',
        population=12345,
        ageing_rate=38.1,
        care_cert_rate_adjusted=17.05,
    )
    s = Session(initiative_id=ini.id, title="第1回\u2028改行\t🚌", date=date(2026, 11, 22))
    texts = [
        "制御\x01文字\x1f",
        "</script><b>",
        "改行\r\nあり",
        "絵文字👩‍👩‍👧",
        "\u3000全角空白\u3000",
    ]
    cards = [
        Card(session_id=s.id, step=Step.VISION, prompt="vision.town", text=text) for text in texts
    ]
    bundle = Bundle(
        app_version="test",
        data=InitiativeData(initiative=ini, sessions=[SessionData(session=s, cards=cards)]),
    )
    text = bundle.to_json()
    assert text == stdlib_text(bundle)
    again = parse_bundle(text)
    assert [c.text for c in again.data.sessions[0].cards] == [c.text for c in cards]
    assert again.data.initiative.ageing_rate == 38.1
