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


def _many_cards_bundle() -> Bundle:
    """Three sessions: one without cards, one of 1,234 (three batches), one of two with
    awkward text."""
    ini = Initiative(name="大きな取組", population=8000)
    sessions = [Session(initiative_id=ini.id, title=f"第{i}回") for i in (1, 2, 3)]
    many = [
        Card(
            session_id=sessions[1].id,
            step=Step.STRENGTHS,
            prompt="strengths.offers",
            text=f"札{i}：" + "見守り\n" * (i % 3) + "終",
            tags=["交通"] if i % 5 == 0 else [],
        )
        for i in range(1_234)
    ]
    odd = [
        Card(session_id=sessions[2].id, step=Step.VISION, text=t)
        for t in ('"cards": []', "改行\r\nあり\u2028")
    ]
    data = InitiativeData(
        initiative=ini,
        sessions=[
            SessionData(session=sessions[0]),
            SessionData(session=sessions[1], cards=many),
            SessionData(session=sessions[2], cards=odd),
        ],
    )
    return Bundle(app_version="test", data=data)


def test_the_bundle_written_in_pieces_is_the_same_text_never_held_whole() -> None:
    demo = demo_bundle()
    assert b"".join(demo.json_chunks()) == demo.to_json_bytes()
    bundle = _many_cards_bundle()
    pieces = list(bundle.json_chunks())
    whole = bundle.to_json_bytes()
    assert b"".join(pieces) == whole
    assert len(pieces) >= 6  # the text before, three batches and what separates them
    assert max(map(len, pieces)) < len(whole) / 2
    # a bundle without cards is one piece, as before
    empty = Bundle(app_version="test", data=InitiativeData(initiative=Initiative(name="空")))
    assert b"".join(empty.json_chunks()) == empty.to_json_bytes()


def test_the_bundle_file_written_in_pieces_reads_back(tmp_path) -> None:
    from workshop.export import export_session

    bundle = _many_cards_bundle()
    sid = bundle.data.sessions[1].session.id
    path = export_session(bundle.data, sid, "json", tmp_path / "b.json")
    again = parse_bundle(path.read_bytes())
    assert again.data == bundle.data
    assert path.read_text(encoding="utf-8") == again.to_json()
