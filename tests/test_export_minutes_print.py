"""The minutes as a secretariat prints and sends them: tables that do not break, fonts,
document properties, citations, wording and the follow-up's progress table. Read back
with python-docx (and its XML) from the demo's two sessions and the export fixture."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from export_data import Fixture, build, docx_text

from workshop.demo import demo_bundle
from workshop.domain.bundle import InitiativeData
from workshop.export import ExportOptions, render
from workshop.export.document import Table
from workshop.export.layout import PT_MM, em
from workshop.export.minutes import build_minutes

DUE = "令和8年12月25日"


@pytest.fixture(scope="module")
def demo() -> InitiativeData:
    return demo_bundle().data


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return build()


def _ids(data: InitiativeData) -> list[str]:
    return [sd.session.id for sd in data.ordered_sessions()]


def _docx(data: InitiativeData, sid: str):
    import docx

    return docx.Document(io.BytesIO(render("docx", data, sid)))


def _grid_mm(table) -> list[float]:
    from docx.oxml.ns import qn

    return [
        int(col.get(qn("w:w"))) / 1440 * 25.4 for col in table._tbl.tblGrid.findall(qn("w:gridCol"))
    ]


def _header(table) -> list[str]:
    return [c.text for c in table.rows[0].cells]


def test_rows_are_kept_on_one_page_and_headers_repeat(demo: InitiativeData) -> None:
    from docx.oxml.ns import qn

    doc = _docx(demo, _ids(demo)[0])
    grids = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(grids) > 10
    for table in grids:
        head = table.rows[0]._tr.trPr
        assert head.find(qn("w:tblHeader")) is not None
        assert head.find(qn("w:cantSplit")) is not None
        for row in table.rows[1:]:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_a_pasted_essay_may_still_split(fx: Fixture) -> None:
    """A row taller than a page cannot be kept on one: only that row may split."""
    from docx.oxml.ns import qn

    doc = _docx(fx.data, fx.initial_id)
    long_rows = [
        row
        for t in doc.tables
        for row in t.rows[1:]
        if any(len(c.text) > 50_000 for c in row.cells)
    ]
    assert long_rows
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is None for r in long_rows)


def test_date_and_count_columns_fit_their_tokens(demo: InitiativeData) -> None:
    doc = _docx(demo, _ids(demo)[0])
    actions = next(t for t in doc.tables if "期限" in _header(t) and "完了の目安" in _header(t))
    widths = dict(zip(_header(actions), _grid_mm(actions), strict=True))
    # a 和暦 date at 8.5 pt with the automatic spaces around its digits, plus margins
    assert widths["期限"] >= em(DUE) * 8.5 * PT_MM + 3.8
    assert widths["実施内容"] > widths["No."] * 2  # long text takes the rest
    assert abs(sum(widths.values()) - 170) < 1
    rotation = next(t for t in doc.tables if "議事録の送付期限" in _header(t))
    widths = dict(zip(_header(rotation), _grid_mm(rotation), strict=True))
    assert widths["開催日"] >= em("令和8年10月21日（水）") * 9.5 * PT_MM + 3.8
    assert widths["回"] >= em("第1回") * 9.5 * PT_MM + 3.8


def test_share_with_count_never_breaks() -> None:
    from workshop.export.layout import column_widths

    header = ("課題・障壁", "全国調査で挙げた割合")
    rows = (("部課室間の調整に手間がかかる" * 4, "44.0%（107/243）"),)
    widths = column_widths(header, rows, 170, 8.5)
    assert widths[1] >= em("44.0%（107/243）") * 8.5 * PT_MM


def test_strengths_matrix_gets_a_landscape_page(demo: InitiativeData) -> None:
    from docx.enum.section import WD_ORIENT

    doc = _docx(demo, _ids(demo)[0])
    orientations = [s.orientation for s in doc.sections]
    assert WD_ORIENT.LANDSCAPE in orientations
    assert orientations[0] == WD_ORIENT.PORTRAIT and orientations[-1] == WD_ORIENT.PORTRAIT
    matrix = next(t for t in doc.tables if "連携のメリット" in _header(t))
    assert sum(_grid_mm(matrix)) > 250


def test_no_forced_page_break_before_decisions(demo: InitiativeData) -> None:
    doc = _docx(demo, _ids(demo)[0])
    breaks = [p.text for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert not any("決定事項" in b for b in breaks)
    assert any("別紙" in b for b in breaks)


def test_every_font_slot_is_japanese(demo: InitiativeData) -> None:
    from docx.oxml.ns import qn

    doc = _docx(demo, _ids(demo)[0])
    for name, font in (
        ("Heading 1", "ＭＳ ゴシック"),
        ("Title", "ＭＳ ゴシック"),
        ("Normal", "ＭＳ 明朝"),
    ):
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            assert rfonts.get(qn(slot)) == font, (name, slot)
    styles_xml = doc.styles.element.xml
    assert "asciiTheme" not in styles_xml and "hAnsiTheme" not in styles_xml


def test_core_properties_are_the_documents_own(demo: InitiativeData) -> None:
    sid = _ids(demo)[0]
    doc = _docx(demo, sid)
    props = doc.core_properties
    assert props.title.startswith("第1回 くらしの足と買い物")
    assert props.subject == demo.initiative.name
    assert props.author == "近藤 拓也"  # the recorder of the session
    now = datetime.now(UTC)
    assert abs(props.created.replace(tzinfo=UTC) - now) < timedelta(minutes=5)
    assert abs(props.modified.replace(tzinfo=UTC) - now) < timedelta(minutes=5)
    package = doc.part.package
    names = {str(p.partname) for p in package.iter_parts()}
    assert not any("thumbnail" in n for n in names)
    app = next(p for p in package.iter_parts() if str(p.partname) == "/docProps/app.xml")
    assert b"Microsoft" not in app.blob


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_citations_are_readable_and_in_the_references(demo: InitiativeData, fmt: str) -> None:
    sid = _ids(demo)[0]
    raw = render(fmt, demo, sid)
    text = docx_text(raw) if fmt == "docx" else raw.decode("utf-8")
    assert not re.search(r"L\d+", text)
    body, _, rest = text.partition("以上")
    assert "参考資料" in rest and "55.2%（137）" in rest and "63.0%（153/243）" in rest
    assert "参考資料① 市区町村向けアンケート調査単純集計" in rest
    assert "55.2%（137）" not in body and "出典" not in body


def test_wording_of_an_office(demo: InitiativeData) -> None:
    first, second = _ids(demo)
    for sid in (first, second):
        doc = build_minutes(demo, sid)
        assert doc.head is not None
        meeting = dict(doc.head.rows)["会議名"]
        assert meeting == demo.session(sid).session.title  # not doubled
        sections = [s for s in doc.sections if "別紙" not in s.title]
        text = "\n".join(_texts(sections))
        assert "ください" not in text
        body = "\n".join(_texts([s for s in sections if "参考資料" not in s.title]))
        assert "です。" not in body and "ます。" not in body
        assert "それぞれの項のとおり" not in text
        agenda = next(s for s in doc.sections if "議題" in s.title)
        agenda_text = "\n".join(_texts([agenda]))
        assert "準備・現状確認" not in agenda_text and "仕組み化" not in agenda_text
    agenda = next(s for s in build_minutes(demo, first).sections if "議題" in s.title)
    assert "買い物支援" in "\n".join(_texts([agenda]))  # the theme is on the agenda


def test_absent_members_of_the_regular_meeting(demo: InitiativeData) -> None:
    doc = build_minutes(demo, _ids(demo)[1])
    attendees = next(s for s in doc.sections if "出席者" in s.title)
    text = "\n".join(_texts([attendees]))
    assert "欠席（1者）" in text and "教育委員会 生涯学習課" in text


def test_a_member_section_is_present_with_someone_of_its_desk(demo: InitiativeData) -> None:
    """企画課 is a member of the regular meeting; 石井 健司 of 企画課（地域交通担当） came:
    企画課 is not listed absent (it was, as the names are not written the same)."""
    first = demo.ordered_sessions()[0]
    mechanisms = [
        m.model_copy(update={"members": [*m.members, "企画課"]}) for m in first.mechanisms
    ]
    sessions = [
        s.model_copy(update={"mechanisms": mechanisms}) if s is first else s for s in demo.sessions
    ]
    data = demo.model_copy(update={"sessions": sessions})
    second = _ids(data)[1]
    assert "企画課（地域交通担当）" in {a.department for a in data.session(second).attendees}
    doc = build_minutes(data, second)
    attendees = next(s for s in doc.sections if "出席者" in s.title)
    texts = list(_texts([attendees]))
    heading = next(n for n, line in enumerate(texts) if line.startswith("欠席"))
    assert texts[heading] == "欠席（1者）"
    assert texts[heading + 1] == "教育委員会 生涯学習課"


def test_a_resource_note_labels_its_purpose_frequency_and_members(demo: InitiativeData) -> None:
    """The 備考 ran the purpose, the note and the members together without labels, and
    left out how often a council meets (年4回)."""
    import docx

    from workshop.domain.records import Resource

    first = demo.ordered_sessions()[0]
    council = Resource(
        session_id=first.session.id,
        name="第2層協議体",
        purpose="地区の困りごとを持ち寄る",
        frequency="年4回",
        members=["社会福祉協議会", "地域包括支援センター"],
        note="次回は移動販売を議題にする",
    )
    sessions = [
        s.model_copy(update={"resources": [*s.resources, council]}) if s is first else s
        for s in demo.sessions
    ]
    data = demo.model_copy(update={"sessions": sessions})
    document = docx.Document(io.BytesIO(render("docx", data, first.session.id)))
    row = next(
        [c.text for c in r.cells]
        for t in document.tables
        for r in t.rows
        if r.cells[0].text == "第2層協議体"
    )
    assert row[-1].split("\n") == [
        "目的：地区の困りごとを持ち寄る",
        "開催頻度：年4回",
        "構成員：社会福祉協議会、地域包括支援センター",
        "次回は移動販売を議題にする",
    ]


def test_follow_up_groups_progress_by_deciding_session(demo: InitiativeData) -> None:
    doc = build_minutes(demo, _ids(demo)[1])
    progress = next(s for s in doc.sections if "前回決定事項の進捗" in s.title)
    text = "\n".join(_texts([progress]))
    assert "で決定）" not in text
    assert (
        text.count("第1回 くらしの足と買い物 分野連携ワークショップ（令和8年9月16日）で決定") == 1
    )
    tables = [b for b in progress.blocks if isinstance(b, Table) and "実施内容" in b.header]
    rows = {row[1][:10]: row for t in tables for row in t.rows}
    # due 令和8年10月30日, still 進行中 at the meeting of 11月18日 with no new date
    overdue = rows["地区交流センター（旧"]
    assert "期限切れ" in overdue[3]
    # given a new date ahead of the meeting: not overdue
    assert "期限切れ" not in rows["移動販売の巡回ルート"][3]
    assert "期限切れ" not in rows["包括の訪問時にデマン"][3]  # done


def test_follow_up_shows_the_survey_comparison_only_when_it_changed(
    demo: InitiativeData,
) -> None:
    first, second = _ids(demo)
    text1 = "\n".join(_texts(build_minutes(demo, first).sections))
    text2 = "\n".join(_texts(build_minutes(demo, second).sections))
    assert "55.2%（137）" in text1
    # the team moved from 2 to 3: the comparison is shown again, with the earlier answer
    assert "55.2%（137）" in text2 and "前回の自己点検（第1回）" in text2
    # the same stages as last time: not repeated
    sd = demo.ordered_sessions()[1]
    team = next(a for a in sd.stage_answers if a.attendee_id is None)
    same = [a.model_copy(update={"current": 2}) if a is team else a for a in sd.stage_answers]
    data = demo.model_copy(
        update={
            "sessions": [
                x.model_copy(update={"stage_answers": same}) if x is sd else x
                for x in demo.sessions
            ]
        }
    )
    text3 = "\n".join(_texts(build_minutes(data, second).sections))
    assert "55.2%（137）" not in text3 and "前回の自己点検（第1回）" in text3


def _texts(sections) -> list[str]:
    from workshop.export.document import Bullets, Fields, Heading, Para

    out: list[str] = []
    for section in sections:
        out.append(section.title)
        for b in section.blocks:
            match b:
                case Heading() | Para():
                    out.append(b.text)
                case Bullets():
                    out += list(b.items)
                case Fields():
                    out += [f"{k}：{v}" for k, v in b.rows]
                case Table():
                    out += list(b.header) + ["\t".join(r) for r in b.rows]
    return out


def test_html_print_marks_in_the_margin_with_page_numbers(demo: InitiativeData) -> None:
    html = render("html", demo, _ids(demo)[1]).decode("utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    assert "counter(page)" in style and "@bottom-center" in style
    assert '@top-right { content: "【案】"' in style
    assert '@top-left { content: "内部用"' in style
    assert "position: fixed" not in style  # the mark never covers the title or a table
    assert "line-break: strict" in style
    assert re.search(r"@media print \{\s*\.marks \{ display: none; \}", style)


def test_html_wide_table_on_a_landscape_page(demo: InitiativeData) -> None:
    html = render("html", demo, _ids(demo)[0]).decode("utf-8")
    assert "@page wide { size: A4 landscape; }" in html
    assert '<table class="small landscape">' in html


def test_a_pasted_formula_does_not_squeeze_the_other_columns(fx: Fixture) -> None:
    """The fixture's follow-up lists an item whose text starts with a long =HYPERLINK(…):
    it wraps, and No. and the dates keep their width."""
    from workshop.export.layout import column_widths

    doc = build_minutes(fx.data, fx.followup_id)
    progress = next(s for s in doc.sections if "前回決定事項の進捗" in s.title)
    for table in (b for b in progress.blocks if isinstance(b, Table) and "期限" in b.header):
        widths = column_widths(table.header, table.rows, 170, 8.5)
        assert abs(sum(widths) - 170) < 0.5
        assert widths[0] >= em("No.") * 8.5 * PT_MM + 3.8
        due = table.header.index("期限")
        assert widths[due] >= em("令和9年12月31日") * 8.5 * PT_MM + 3.8


def test_spare_width_goes_where_it_shortens_the_table(demo: InitiativeData) -> None:
    """The follow-up's 今後の対応: shared in proportion to the longest lines, 連携先 (two
    bodies' names) got 14 mm and ran to nine lines beside a date column with room."""
    from workshop.export.layout import bounds, column_widths, fill_widths, row_height_mm

    doc = build_minutes(demo, _ids(demo)[1])
    table = next(
        b for s in doc.sections for b in s.blocks if isinstance(b, Table) and "連携先" in b.header
    )
    minimum, natural = bounds(table.header, table.rows, 9)
    proportional = fill_widths(minimum, natural, 178)
    widths = column_widths(table.header, table.rows, 178, 9)
    assert abs(sum(widths) - 178) < 0.01
    assert all(w >= lo - 0.01 for w, lo in zip(widths, minimum, strict=True))

    def height(ws: list[float]) -> float:
        return sum(row_height_mm(row, ws, 9) for row in table.rows)

    assert height(widths) < height(proportional)
    partners = table.header.index("連携先")
    assert widths[partners] > proportional[partners]


def test_html_print_as_chromium_lays_it_out(demo: InitiativeData) -> None:
    """What looking at Chromium's print of the demo changed: the strengths matrix's
    heading went with it to the landscape page and the table uses that page's width
    (it was held to the portrait column), headings break between phrases (the title
    ended 「議／事録」), columns keep the computed widths, a row never splits, headers
    repeat, the closing 以上 is never alone on a page."""
    from export_data import HtmlReader

    first = render("html", demo, _ids(demo)[0]).decode("utf-8")
    style = first[first.index("<style>") : first.index("</style>")]
    assert "section.wide, table.landscape { page: wide; }" in style
    reader = HtmlReader(first)
    wide = [a for tag, a in reader.tags if tag == "section" and "wide" in (a.get("class") or "")]
    assert len(wide) == 1  # a named page of its own: a page break before and after
    matrix_section = first[first.index('<section class="wide">') :]
    assert matrix_section.index("別紙1") < matrix_section.index('<table class="small landscape">')
    assert re.search(r"@media print \{[^}]*\}\s*body \{ max-width: none; \}", style)
    assert "text-wrap: balance" in style and "word-break: auto-phrase" in style
    assert re.search(r"h1, h2, h3, h4, th[^{]*\{ word-break: auto-phrase; \}", style)
    assert "table-layout: fixed" in style
    assert "tr { break-inside: avoid; page-break-inside: avoid; }" in style
    assert "thead { display: table-header-group; }" in style
    assert re.search(r"\.right \{[^}]*break-before: avoid", style)


def test_html_summary_prints_with_the_same_marks(demo: InitiativeData) -> None:
    from workshop.export.minutes_html import render_summary

    draft = render_summary(demo, _ids(demo)[1]).decode("utf-8")
    assert "概要（案）" in draft and "counter(page)" in draft
    assert '@top-right { content: "【案】"' in draft
    assert 'class="draft-note"' not in draft  # no box holding a bare 【案】
    public = render_summary(demo, _ids(demo)[0], ExportOptions(public=True)).decode("utf-8")
    assert '@top-left { content: "公開用"' in public and "小川 正樹" not in public


def test_a_short_label_wraps_once_at_most(demo: InitiativeData) -> None:
    """The resources table's 方針 and 種類: 「統合・相乗り」 printed as 統／合・／相乗／り and
    「ネットワーク」 as ネット／ワー／ク; now each column holds half of its longest label."""
    from workshop.export.layout import column_widths

    doc = build_minutes(demo, _ids(demo)[0])
    table = next(
        b for s in doc.sections for b in s.blocks if isinstance(b, Table) and "方針" in b.header
    )
    for size, total in ((9, 178), (8.5, 170)):  # the HTML and the DOCX
        found = column_widths(table.header, table.rows, total, size)
        widths = dict(zip(table.header, found, strict=True))
        assert widths["方針"] >= em("統合・") * size * PT_MM + 3.8
        assert widths["種類"] >= em("ネット") * size * PT_MM + 3.8


def test_the_parts_of_the_cards_appendix_line_up(demo: InitiativeData) -> None:
    """The appendix is one table per prompt; every part has the same columns, as wide
    as the whole appendix needs (a part laid out on its own had its own widths), in
    the DOCX grid and in the HTML's column group alike."""
    doc = _docx(demo, _ids(demo)[0])
    parts = [t for t in doc.tables if _header(t)[:2] == ["No.", "意見"]]
    assert len(parts) > 5
    grids = {tuple(round(w, 2) for w in _grid_mm(t)) for t in parts}
    assert len(grids) == 1
    (grid,) = grids
    assert abs(sum(grid) - 170) < 1
    assert grid[1] > 2 * max(grid[0], grid[4])  # the card's text takes the room
    page = render("html", demo, _ids(demo)[0]).decode()
    groups = re.findall(r"<colgroup>(.*?)</colgroup><thead><tr><th>No\.</th><th>意見", page)
    assert len(groups) == len(parts) and len(set(groups)) == 1
