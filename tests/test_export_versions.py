"""Two lengths (概要 and 会議録 with an optional 別紙), two versions (public and internal,
with 非公開 items) and the office's own Word template. Read back with python-docx."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from export_data import docx_text

from workshop.demo import demo_bundle
from workshop.domain.bundle import InitiativeData
from workshop.export import ExportOptions, default_name, render
from workshop.store import Store


@pytest.fixture(scope="module")
def demo() -> InitiativeData:
    return demo_bundle().data


def _first(data: InitiativeData) -> str:
    return data.ordered_sessions()[0].session.id


def _with_private(data: InitiativeData) -> InitiativeData:
    """The demo with one card and one decision of the first session marked 非公開."""
    sd = data.ordered_sessions()[0]
    card = next(c for c in sd.cards if c.text.startswith("買い物送迎のボランティアの平均年齢"))
    decision = next(d for d in sd.decisions if d.text.startswith("連携会議は設置要綱"))
    new = sd.model_copy(
        update={
            "cards": [c.model_copy(update={"private": c.id == card.id}) for c in sd.cards],
            "decisions": [
                d.model_copy(update={"private": d.id == decision.id}) for d in sd.decisions
            ],
        }
    )
    sessions = [new if x.session.id == sd.session.id else x for x in data.sessions]
    return data.model_copy(update={"sessions": sessions})


def test_summary_is_short_and_says_what_was_decided(demo: InitiativeData) -> None:
    import docx

    blob = render("summary", demo, _first(demo))
    doc = docx.Document(io.BytesIO(blob))
    text = docx_text(blob)
    assert text.startswith("第1回 くらしの足と買い物 分野連携ワークショップ 概要")
    for part in (
        "日時",
        "場所",
        "計11名（庁内7名、庁外4名）",
        "決定事項",
        "今後の対応",
        "次回",
    ):
        assert part in text, part
    assert "別紙" not in text and "意見カード" not in text and "主な意見" not in text
    rows = sum(len(t.rows) for t in doc.tables)
    assert rows < 20 and len(doc.paragraphs) < 40  # one or two pages
    assert default_name(demo, _first(demo), "summary").endswith("_概要.docx")


def test_full_minutes_with_or_without_the_card_list(demo: InitiativeData) -> None:
    full = docx_text(render("docx", demo, _first(demo)))
    bare = docx_text(render("docx", demo, _first(demo), ExportOptions(cards=False)))
    assert "別紙2　意見カード一覧" in full and "意見カード一覧" not in bare
    assert "別紙1　各部署の強み・取組・ニーズ" in bare  # the matrix is content, kept
    assert "決定事項" in bare


@pytest.mark.parametrize("fmt", ["docx", "md", "summary"])
def test_public_version_leaves_out_private_items_and_outside_names(
    demo: InitiativeData, fmt: str
) -> None:
    data = _with_private(demo)
    sid = _first(data)

    def text(public: bool) -> str:
        blob = render(fmt, data, sid, ExportOptions(public=public))
        return blob.decode("utf-8") if fmt == "md" else docx_text(blob)

    internal, public = text(False), text(True)
    assert "連携会議は設置要綱で位置づけ" in internal
    assert "連携会議は設置要綱で位置づけ" not in public
    if fmt != "summary":
        assert "買い物送迎のボランティアの平均年齢" in internal
        assert "買い物送迎のボランティアの平均年齢" not in public
    for outsider in ("小川 正樹", "西田 亜紀", "野口 誠"):
        assert outsider not in public
    if fmt != "summary":
        assert "小川 正樹" in internal
        assert "さくら川町社会福祉協議会 職員" in public
        assert "山田 恵子" in public  # the town's own staff stay named


def test_docx_header_says_which_version(demo: InitiativeData) -> None:
    import docx

    for public, mark in ((False, "内部用"), (True, "公開用")):
        blob = render("docx", demo, _first(demo), ExportOptions(public=public))
        header = docx.Document(io.BytesIO(blob)).sections[0].header
        assert mark in "\n".join(p.text for p in header.paragraphs)


def test_private_session_is_published_as_held_only(demo: InitiativeData) -> None:
    sd = demo.ordered_sessions()[0]
    closed = sd.model_copy(update={"session": sd.session.model_copy(update={"private": True})})
    data = demo.model_copy(update={"sessions": [closed if x is sd else x for x in demo.sessions]})
    public = docx_text(render("docx", data, sd.session.id, ExportOptions(public=True)))
    assert "非公開で開催した" in public and "決定事項" not in public
    assert "令和8年9月16日" in public
    internal = docx_text(render("docx", data, sd.session.id))
    assert "決定事項" in internal


def test_private_flags_are_stored(tmp_path: Path) -> None:
    from workshop.domain.enums import HolidayRule
    from workshop.domain.records import Card, Decision, Mechanism, Session

    store = Store(tmp_path / "db.sqlite")
    initiative_id = store.import_bundle(demo_bundle()).initiative_id
    s = store.sessions(initiative_id)[0]
    store.update(s, private=True)
    card = store.cards(s.id)[0]
    store.update(card, private=True)
    decision = store.decisions(s.id)[0]
    store.update(decision, private=True)
    mech = store.mechanisms(s.id)[0]
    store.update(mech, holiday_rule=HolidayRule.SKIP)
    again = Store(tmp_path / "db.sqlite")
    assert again.require(Session, s.id).private
    assert again.require(Card, card.id).private
    assert again.require(Decision, decision.id).private
    assert again.require(Mechanism, mech.id).holiday_rule is HolidayRule.SKIP


def _png() -> bytes:
    """A 2×2 red PNG, the office's logo."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    head = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", head)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _template() -> bytes:
    """An office's minutes template: other fonts and margins, a logo in the header."""
    import docx
    from docx.shared import Mm, Pt

    doc = docx.Document()
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Mm(30)
    sec.top_margin = Mm(35)
    doc.styles["Normal"].font.name = "BIZ UD明朝"
    doc.styles["Normal"].font.size = Pt(11)
    doc.styles["Heading 1"].font.size = Pt(14)
    header = sec.header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(_png()), width=Mm(10))
    header.add_run("さくら川町 高齢福祉課")
    doc.add_paragraph("この段落は様式の見本で、出力には残らない。")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_office_template_styles_page_and_header_are_used(demo: InitiativeData) -> None:
    import docx
    from docx.oxml.ns import qn

    blob = render("docx", demo, _first(demo), ExportOptions(template=_template()))
    doc = docx.Document(io.BytesIO(blob))
    sec = doc.sections[0]
    assert round(sec.left_margin.mm) == 30 and round(sec.top_margin.mm) == 35
    assert doc.styles["Normal"].font.name == "BIZ UD明朝"
    assert doc.styles["Heading 1"].font.size.pt == 14
    header_text = "\n".join(p.text for p in sec.header.paragraphs)
    assert "さくら川町 高齢福祉課" in header_text and "内部用" in header_text
    assert "graphicData" in sec.header._element.xml  # the logo stays
    text = docx_text(blob)
    assert "様式の見本" not in text and "決定事項" in text
    # tables fit the template's text width (its page less its 30 mm margins)
    actions = next(t for t in doc.tables if "完了の目安" in [c.text for c in t.rows[0].cells])
    grid = actions._tbl.tblGrid.findall(qn("w:gridCol"))
    text_mm = (sec.page_width - sec.left_margin - sec.right_margin) / 36000
    assert abs(sum(int(c.get(qn("w:w"))) for c in grid) / 1440 * 25.4 - text_mm) < 1
    assert text_mm < 170


def test_without_a_template_our_layout_stays(demo: InitiativeData) -> None:
    import docx

    doc = docx.Document(io.BytesIO(render("docx", demo, _first(demo))))
    assert round(doc.sections[0].left_margin.mm) == 20
    assert doc.styles["Normal"].font.name is None or doc.styles["Normal"].font.name == "ＭＳ 明朝"


def _plan_text(fmt: str, blob: bytes) -> str:
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(blob), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return blob.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ics"])
def test_the_public_action_plan_and_calendar_name_no_outsider(
    demo: InitiativeData, fmt: str
) -> None:
    """「公開用にする」 covers every file exported with it: the action plan and the
    calendar name an outside individual by their body too, and say they are public."""
    sid = _first(demo)
    internal = _plan_text(fmt, render(fmt, demo, sid))
    public = _plan_text(fmt, render(fmt, demo, sid, ExportOptions(public=True)))
    named = [n for n in ("小川 正樹", "西田 亜紀", "大野 千春") if n in internal]
    assert named, "the demo's action plan names someone from outside"
    for outsider in named:
        assert outsider not in public
    assert "職員" in public
    assert default_name(demo, sid, fmt, ExportOptions(public=True)).endswith(
        {"xlsx": "_アクションプラン_公開用.xlsx", "csv": "_アクションプラン_公開用.csv"}.get(
            fmt, "_予定_公開用.ics"
        )
    )


def test_the_public_plan_of_a_private_session_leaves_out_its_own_actions(
    demo: InitiativeData,
) -> None:
    sd = demo.ordered_sessions()[0]
    closed = sd.model_copy(update={"session": sd.session.model_copy(update={"private": True})})
    data = demo.model_copy(update={"sessions": [closed if x is sd else x for x in demo.sessions]})
    own = [a.what for a in data.actions if a.session_id == sd.session.id]
    assert own
    internal = _plan_text("csv", render("csv", data, sd.session.id))
    public = _plan_text("csv", render("csv", data, sd.session.id, ExportOptions(public=True)))
    assert own[0] in internal and own[0] not in public
