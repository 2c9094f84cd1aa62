"""Hostile text through every entry point: the store, the bundle (export and import),
every export format, and typing into the app.

What counts as hostile: Rich/Textual markup, control characters and NUL, right-to-left
and combining characters, emoji, 100,000 characters, lines of only spaces,
formula-looking text, path-looking text, HTML/XML. The rules: nothing crashes, the
stored text equals the input minus control characters (`clean_text`: only \\n and \\t
are kept), everything shows literally, every export parses back and stays safe (no
XLSX formula cells, CSV cells neutralised, no live HTML).
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from export_data import FORMULA_START
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.db_templates import new_store
from tests.nested import strings_in
from tests.ui_helpers import typed
from workshop import cli
from workshop.domain.base import MAX_TEXT, clean_line, clean_text, is_blank
from workshop.domain.bundle import Bundle
from workshop.domain.enums import ActionStatus, Step
from workshop.domain.records import (
    ActionItem,
    Attendee,
    Card,
    Decision,
    Initiative,
    KeyPerson,
    Mechanism,
    Resource,
    Session,
    Statement,
    StatementKind,
)
from workshop.export import FORMATS, default_name, export_session, render
from workshop.i18n import t, validation_messages
from workshop.store import Store

HOSTILE: dict[str, str] = {
    "markup_bold": "[bold]強調[/]",
    "markup_close": "[/]",
    "markup_link": "[link=https://example.com/x]リンク[/link]",
    "markup_click": "[@click=app.quit]終了[/]",
    "markup_style": "[red on black]赤[/red on black] [b]太[/b] \\[escaped]",
    "emoji_codes": ":warning: :smile: :red_circle:",
    "nul": "前\x00後",
    "bell_backspace": "ベル\x07と\x08後退",
    "escape_sequences": "\x1b[2J\x1b]0;title\x07画面消去\x1b[31m赤",
    "c1_controls": "C1\x85\x9b\x9f制御",
    "del": "削除\x7f文字",
    "line_separators": "行\u2028区切り\u2029段落",
    "crlf": "一行目\r\n二行目\r三行目",
    "lone_surrogate": "壊れた\ud800サロゲート",
    "rtl_arabic": "مرحبا بالعالم",
    "rtl_hebrew": "שלום עולם",
    "rtl_mixed": "第1回 مرحبا 会議 שלום",
    "bidi_override": "\u202e反転\u202c \u2066隔離\u2069",
    "combining": "e\u0301 か\u3099 Z\u0324\u0354\u0367\u0311a\u0308\u0316",
    "emoji": "👵🏻👨‍👩‍👧‍👦🇯🇵🚌 ❤️",
    "spaces_only": "   ",
    "ideographic_spaces": "\u3000\u3000",
    "blank_lines": " \n \n\t",
    "formula_cmd": "=cmd|' /C calc'!A0",
    "formula_plus": "+SUM(1)",
    "formula_at": "@x",
    "formula_minus": "-1+1",
    "formula_hyperlink": '=HYPERLINK("http://example.com","クリック")',
    "formula_tab": "\t=1+1",
    "formula_fullwidth": "＝1+1",
    "path_unix": "../../etc/passwd",
    "path_windows": "C:\\Windows\\System32\\config",
    "path_device": "CON",
    "path_home": "~/.ssh/id_rsa",
    "html_script": "<script>alert('x')</script>",
    "xml_break": "</w:t></w:r><w:r><w:t>注入",
    "cdata": "]]><!--",
    "entities": "&amp; &lt; &#0; &bogus;",
    "placeholders": "{name} {0} %s %(x)d {{x}}",
    "fullwidth": "ｶﾀｶﾅ １２３ ※ ①",
    "long": ("長い発言の貼り付け。" * 10_001)[:100_000],
}
"""Name -> text. Deliberately broken strings (lone surrogate, NUL) included."""

MUST_SHOW = [
    "[bold]強調[/]",
    "[@click=app.quit]終了[/]",
    "../../etc/passwd",
    "<script>alert('x')</script>",
    "مرحبا بالعالم",
    "👵🏻👨‍👩‍👧‍👦🇯🇵🚌",
]
"""Texts every document export (docx, html, md) must carry literally."""


def _visible(text: str) -> bool:
    return not is_blank(clean_text(text))


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory):
    store = Store(tmp_path_factory.mktemp("hostile") / "hostile.db")
    ini = store.add(Initiative(name="敵対的な文字列"))
    session = store.add(Session(initiative_id=ini.id, title="入力試験"))
    yield store, session
    store.close()


# --- the store ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(HOSTILE))
def test_store_keeps_free_text_as_typed_minus_control_characters(name: str, shared_store) -> None:
    store, session = shared_store
    text = HOSTILE[name]
    if not _visible(text):
        with pytest.raises(ValidationError) as info:
            Card(session_id=session.id, step=Step.VISION, text=text)
        assert [e["type"] for e in info.value.errors()] == ["ws_required"]
        return
    card = store.add(Card(session_id=session.id, step=Step.VISION, text=text))
    got = store.require(Card, card.id)
    assert got.text == clean_text(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", got.text)
    edited = store.update(got, text=text + "（追記）")
    assert store.require(Card, card.id).text == clean_text(text) + "（追記）"
    assert store.revisions(card.id)[-1].old_value == clean_text(text)
    assert edited.text == clean_text(text) + "（追記）"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_store_keeps_one_line_fields_cleaned(name: str, shared_store) -> None:
    store, session = shared_store
    text = HOSTILE[name][:1_500]
    if not clean_line(text):
        with pytest.raises(ValidationError):
            Attendee(session_id=session.id, name=text)
        return
    a = store.add(Attendee(session_id=session.id, name=text, department=text, title=text))
    got = store.require(Attendee, a.id)
    assert got.name == got.department == got.title == clean_line(text)
    assert "\n" not in got.name and "\t" not in got.name


def test_text_beyond_the_limit_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValidationError) as info:
        Card(session_id="s", step=Step.VISION, text="字" * (MAX_TEXT + 1))
    messages = validation_messages(info.value.errors(), "ja")
    assert len(messages) == 1 and str(MAX_TEXT) in messages[0]
    assert "{" not in messages[0]


hostile_text = st.one_of(
    st.text(min_size=1, max_size=300),
    st.text(
        alphabet=st.characters(codec=None, categories=None, exclude_categories=()),
        min_size=1,
        max_size=120,
    ),
    st.lists(st.sampled_from(list(HOSTILE.values())[:-1]), min_size=1, max_size=4).map("".join),
    st.tuples(st.sampled_from((*FORMULA_START, "＝", "'")), st.text(max_size=40)).map("".join),
)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=hostile_text)
def test_store_round_trip_any_text(text: str, shared_store) -> None:
    store, session = shared_store
    if not _visible(text):
        with pytest.raises(ValidationError):
            Card(session_id=session.id, step=Step.VISION, text=text)
        return
    card = store.add(Card(session_id=session.id, step=Step.VISION, text=text, department=text))
    got = store.require(Card, card.id)
    assert got.text == clean_text(text)
    assert got.department == clean_line(text)


@settings(max_examples=100, deadline=None, database=None)
@given(text=hostile_text)
def test_bundle_json_round_trip_any_text(text: str) -> None:
    if not _visible(text):
        return
    data = _initiative_with(text[:1_500])
    again = Bundle.model_validate_json(render("json", data, data.sessions[0].session.id)).data
    assert again == data


# --- a whole initiative full of hostile text --------------------------------------------------


def _initiative_with(*texts: str):
    """An initiative whose every text field holds one of `texts` (cycled); returns its
    InitiativeData (validated, as the store would give it)."""
    from workshop.domain.bundle import InitiativeData, SessionData

    pool = [t for t in texts if _visible(t)] or ["（空）"]
    lines = [t for t in (clean_line(t[:1_500]) for t in pool) if not is_blank(t)] or ["（空）"]
    pick = iter(range(10**9))

    def txt() -> str:
        return pool[next(pick) % len(pool)]

    def line() -> str:
        return lines[next(pick) % len(lines)]

    ini = Initiative(name=line(), municipality=line(), description=txt())
    s = Session(
        initiative_id=ini.id,
        title=line(),
        date=date(2026, 11, 22),
        start_time=time(14, 0),
        end_time=time(16, 0),
        place=line(),
        facilitator=line(),
        themes=[line(), line()],
        next_meeting_date=date(2026, 12, 20),
        next_meeting_place=line(),
        next_meeting_note=txt(),
    )
    people = [
        Attendee(session_id=s.id, name=line(), department=line(), title=line(), position=i)
        for i in range(3)
    ]
    cards = [
        Card(
            session_id=s.id,
            step=step,
            prompt=prompt,
            text=txt(),
            author_id=people[i % 3].id,
            department=line(),
            tags=[line()],
            position=i,
        )
        for i, (step, prompt) in enumerate(
            [
                (Step.PREP, "prep.concerns"),
                (Step.VISION, "vision.town"),
                (Step.VISION, "vision.we_can"),
                (Step.STRENGTHS, "strengths.needs"),
                (Step.STRENGTHS, "strengths.offers"),
                (Step.RESOURCES, "resources.existing"),
                (Step.MECHANISM, "mechanism.continuity"),
                (Step.SUMMARY, "summary.take_back"),
            ]
            * max(1, (len(pool) + 7) // 8)
        )
    ]
    statements = [
        Statement(session_id=s.id, kind=StatementKind.VISION, text=txt()),
        Statement(session_id=s.id, kind=StatementKind.PRINCIPLE, text=txt()),
        Statement(session_id=s.id, kind=StatementKind.GOAL, text=txt()),
    ]
    resources = [Resource(session_id=s.id, name=line(), owner=line(), leverage=txt(), note=txt())]
    mechanisms = [
        Mechanism(
            session_id=s.id,
            name=line(),
            first_date=date(2027, 1, 20),
            start_time=time(15, 0),
            place=line(),
            members=[line(), line()],
            secretariat=[line()],
            reports_to=line(),
            anchor_detail=txt(),
            note=txt(),
        )
    ]
    decisions = [Decision(session_id=s.id, text=txt(), position=i) for i in range(len(pool))]
    actions = [
        ActionItem(
            initiative_id=ini.id,
            session_id=s.id,
            what=txt(),
            owner_department=line(),
            owner_person=line(),
            partners=[line()],
            due=date(2027, 3, 31),
            done_definition=txt(),
            status=ActionStatus.IN_PROGRESS,
            comment=txt(),
            position=i,
        )
        for i in range(len(pool))
    ]
    key_persons = [
        KeyPerson(initiative_id=ini.id, session_id=s.id, name=line(), deputy_name=line())
    ]
    return InitiativeData(
        initiative=ini,
        sessions=[
            SessionData(
                session=s,
                attendees=people,
                cards=cards,
                statements=statements,
                resources=resources,
                mechanisms=mechanisms,
                decisions=decisions,
            )
        ],
        key_persons=key_persons,
        actions=actions,
    )


@pytest.fixture(scope="module")
def hostile_data():
    data = _initiative_with(*HOSTILE.values())
    return data, data.sessions[0].session.id


@pytest.fixture(scope="module")
def rendered(hostile_data) -> dict[str, bytes]:
    data, sid = hostile_data
    return {fmt: render(fmt, data, sid) for fmt in FORMATS}


def _all_texts(data) -> list[str]:
    return strings_in(data.model_dump(mode="json"))


def test_bundle_export_then_import_keeps_every_text(hostile_data, tmp_path: Path, capsys) -> None:
    data, sid = hostile_data
    path = tmp_path / "bundle.json"
    export_session(data, sid, "json", path)
    db = tmp_path / "other.db"
    assert cli.main(["--db", str(db), "import", str(path)]) == 0
    capsys.readouterr()
    with Store(db) as store:
        again = store.initiative_data(data.initiative.id)
    assert again.initiative == data.initiative

    def by_id(records: list) -> list:
        return sorted(records, key=lambda r: r.id)

    assert by_id(again.sessions[0].cards) == by_id(data.sessions[0].cards)
    assert by_id(again.sessions[0].attendees) == by_id(data.sessions[0].attendees)
    assert by_id(again.sessions[0].decisions) == by_id(data.sessions[0].decisions)
    assert by_id(again.actions) == by_id(data.actions)
    assert sorted(_all_texts(again)) == sorted(_all_texts(data))
    assert any(t == HOSTILE["long"] for t in _all_texts(again))
    # and importing it again changes nothing
    assert cli.main(["--db", str(db), "import", str(path)]) == 0
    assert "0" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["docx", "charter"])
def test_docx_parses_and_shows_text_literally(fmt: str, rendered) -> None:
    import docx

    if fmt not in rendered:
        pytest.skip(f"{fmt} not registered")
    doc = docx.Document(io.BytesIO(rendered[fmt]))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    text = "\n".join(parts)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    if fmt == "docx":
        for needle in MUST_SHOW:
            assert needle in text, needle


def test_xlsx_has_no_formula_and_shows_formulas_as_text(rendered) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(rendered["xlsx"]))
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    values.append(cell.value)
                    if cell.value.startswith(FORMULA_START):
                        assert cell.quotePrefix, f"{ws.title}!{cell.coordinate} not quoted"
    joined = "\n".join(values)
    for needle in ("=cmd|' /C calc'!A0", "+SUM(1)", "@x", "-1+1", "[bold]強調[/]"):
        assert needle in joined, needle


def test_csv_parses_and_every_cell_is_neutralised(rendered) -> None:
    raw = rendered["csv"]
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len({len(r) for r in rows}) == 1, "every row has the header's columns"
    cells = [c for r in rows for c in r]
    for c in cells:
        assert not c.startswith(FORMULA_START), repr(c[:40])
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c)
    joined = "\n".join(cells)
    for needle in ("'=cmd|' /C calc'!A0", "'+SUM(1)", "'@x", "'-1+1"):
        assert needle in joined, needle


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_inert_and_shows_text_literally(rendered) -> None:
    page = rendered["html"].decode("utf-8")
    parser = _Tags()
    parser.feed(page)
    parser.close()
    assert "script" not in parser.tags
    assert not any(name.startswith("on") for name, _ in parser.attrs)
    text = "".join(parser.text)
    for needle in MUST_SHOW:
        assert needle in text, needle
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", page)


def test_markdown_renders_inert_and_literal(rendered) -> None:
    from markdown_it import MarkdownIt

    source = rendered["md"].decode("utf-8")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", source)
    page = MarkdownIt("commonmark").enable("table").render(source)
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags
    text = "".join(parser.text)
    for needle in MUST_SHOW:
        assert needle in text, needle


def test_ics_parses(rendered, hostile_data) -> None:
    """Every hostile string arrives in the calendar as the same text, in the event it
    belongs to, with the right dates; nothing in it breaks the file's structure."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from icalendar import Calendar

    data, _ = hostile_data
    raw = rendered["ics"]
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", raw)
    cal = Calendar.from_ical(raw)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    by_uid = {str(e["UID"]).split("@")[0]: e for e in events}
    # the regular meeting: name, place and first date as typed
    (m,) = data.sessions[0].mechanisms
    meeting = by_uid[m.id]
    assert str(meeting["SUMMARY"]) == m.name
    assert str(meeting["LOCATION"]) == m.place
    assert meeting["DTSTART"].dt == datetime(2027, 1, 20, 15, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    # one all-day deadline per action item, its typed text in summary and description
    for a in data.actions:
        event = by_uid[a.id]
        summary = str(event["SUMMARY"])
        expected = " ".join(f"【期限】{a.owner_department}：{a.what}".split())
        if summary.endswith("…"):  # long text is cut with a mark, never silently
            cut = " ".join(summary[:-1].split())
            assert expected.startswith(cut) and len(cut) < len(expected)
        else:
            assert " ".join(summary.split()) == expected
        assert str(event["DESCRIPTION"]).startswith(a.what[:500])
        assert event["DTSTART"].dt == date(2027, 3, 31)
    summaries = [str(e["SUMMARY"]) for e in events]
    assert "【期限】+SUM(1)：=cmd|' /C calc'!A0" in summaries
    assert "【期限】<script>alert('x')</script>：~/.ssh/id_rsa" in summaries


def test_json_bundle_parses(rendered, hostile_data) -> None:
    data, _ = hostile_data
    bundle = Bundle.model_validate_json(rendered["json"])
    assert bundle.data == data
    json.loads(rendered["json"])


@settings(max_examples=40, deadline=None, database=None)
@given(what=st.lists(hostile_text, min_size=1, max_size=3))
def test_spreadsheets_stay_safe_for_any_action_text(what: list[str]) -> None:
    from openpyxl import load_workbook

    data = _initiative_with(*what)
    sid = data.sessions[0].session.id
    rows = list(csv.reader(io.StringIO(render("csv", data, sid).decode("utf-8-sig"), newline="")))
    for r in rows:
        for c in r:
            assert not c.startswith(FORMULA_START), repr(c[:40])
    wb = load_workbook(io.BytesIO(render("xlsx", data, sid)))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_file_names_stay_in_their_folder(name: str, tmp_path: Path) -> None:
    text = clean_line(HOSTILE[name][:300]) or "題"
    data = _initiative_with("本文")
    data.sessions[0].session.title = text
    sid = data.sessions[0].session.id
    for fmt in ("md", "csv"):
        file_name = default_name(data, sid, fmt)
        assert "/" not in file_name and "\\" not in file_name
        assert not file_name.startswith(".")
        assert not re.search(r"[\x00-\x1f\x7f]", file_name)
        assert len(file_name.encode("utf-8")) <= 255
        written = export_session(data, sid, fmt, tmp_path)
        assert written.parent == tmp_path
        assert written.exists()


# --- typing into the app --------------------------------------------------------------------


def _screen_text(app) -> str:
    """Everything the screen shows, as plain text (from the SVG screenshot)."""
    import html

    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")


async def _app_on_capture(tmp_path: Path, title: str = "入力試験"):
    from workshop.app import WorkshopApp
    from workshop.config import Config

    store = new_store(tmp_path / "ui.db")
    ini = store.add(Initiative(name="[b]取組[/] [@click=app.quit]"))
    session = store.add(Session(initiative_id=ini.id, title=title))
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    return app, store, session.id


async def _focus_capture(app, pilot, session_id: str):
    app.open_session(session_id)
    for _ in range(3):
        await pilot.pause()
    app.screen.go_to(Step.VISION)
    for _ in range(3):
        await pilot.pause()
    capture = app.screen.pane(Step.VISION).query_one("#capture-text")
    capture.focus()
    await pilot.pause()
    return capture


TYPED = "[bold]x[/] [link=x]y [@click=app.quit]z [/]"


async def test_typed_markup_shows_literally_and_nothing_crashes(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    app, store, sid = await _app_on_capture(tmp_path, "[red]会議[/red] [/]")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "[b]取組[/] [@click=app.quit]" in _screen_text(app)  # the home screen
        await _focus_capture(app, pilot, sid)
        typed(app, TYPED)  # the markup's keys, in one read: its text is the point
        await pilot.press("enter")
        await pilot.pause()
        assert [c.text for c in store.cards(sid)] == [TYPED]
        shown = _screen_text(app)
        assert TYPED in shown
        assert "[red]会議[/red] [/]" in shown
        # clicking the cell that would be a link if it were markup does nothing
        table = app.screen.pane(Step.VISION).query_one(DataTable)
        await pilot.click(table, offset=(20, 1))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.screen.pane(Step.VISION) is not None
    store.close()


async def test_pasted_control_characters_are_dropped_when_saved(tmp_path: Path) -> None:
    from textual import events

    app, store, sid = await _app_on_capture(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        capture = await _focus_capture(app, pilot, sid)
        pasted = "前\x00後\x07 \u202eRTL\u202c e\u0301 👵🏻🚌 مرحبا"
        capture.post_message(events.Paste(pasted))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert [c.text for c in store.cards(sid)] == [clean_text(pasted)]
        assert "前後" in _screen_text(app)
        # lines of only spaces are refused, with a word, and nothing is stored
        await pilot.press(*"   ")
        await pilot.press("enter")
        await pilot.pause()
        assert len(store.cards(sid)) == 1
        told = [n.message for n in app._notifications]
        assert told == [t("board.empty_text")], "the facilitator is told why nothing was added"
        # a 100,000-character paste is kept whole
        capture.value = ""
        capture.post_message(events.Paste(HOSTILE["long"]))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert len(store.cards(sid)) == 2
        assert store.cards(sid)[-1].text == HOSTILE["long"]
        assert app.is_running
    store.close()


async def test_pasted_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    from textual import events

    app, store, sid = await _app_on_capture(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        capture = await _focus_capture(app, pilot, sid)
        pasted = "画面\x1b[2J消去\x1b]0;title\x07\x00"
        capture.post_message(events.Paste(pasted))
        await pilot.pause()
        line = "".join(segment.text for segment in capture.render_line(0))
        assert "画面" in line and "消去" in line, repr(line)  # the paste did arrive
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", line), repr(line)
        await pilot.press("enter")
        await pilot.pause()
        assert [c.text for c in store.cards(sid)] == ["画面[2J消去]0;title"]
        shown = _screen_text(app)
        assert "画面[2J消去]0;title" in shown
        assert "\x1b" not in app.export_screenshot()
    store.close()
