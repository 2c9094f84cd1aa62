"""The minutes (議事録) in Markdown, HTML and DOCX, read back with the format's reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from export_data import (
    DATE_JA,
    EMOJI,
    FORMULA,
    LONG,
    MARKUP,
    PIPE,
    RTL,
    SCRIPT,
    VISION,
    Fixture,
    HtmlReader,
    build,
    docx_text,
    md_table_rows,
    md_unescape,
)

from workshop.domain.enums import SessionStatus
from workshop.export import export_session, render
from workshop.export.document import Table
from workshop.export.minutes import build_minutes

MINUTES = ("md", "html", "docx")


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return build()


@pytest.fixture(scope="module")
def final() -> Fixture:
    return build(status=SessionStatus.FINAL)


def read_back(fmt: str, blob: bytes) -> str:
    """The text a reader of the file sees."""
    if fmt == "md":
        return md_unescape(blob.decode("utf-8"))
    if fmt == "html":
        return HtmlReader(blob.decode("utf-8")).text
    return docx_text(blob)


@pytest.fixture(scope="module")
def texts(fx: Fixture) -> dict[tuple[str, str], str]:
    """(format, initial|followup) -> text read back from the written file."""
    out = {}
    for fmt in MINUTES:
        for which, sid in (("initial", fx.initial_id), ("followup", fx.followup_id)):
            out[fmt, which] = read_back(fmt, render(fmt, fx.data, sid))
    return out


@pytest.mark.parametrize("fmt", MINUTES)
def test_written_file_reads_back_with_the_facts(fx: Fixture, tmp_path: Path, fmt: str) -> None:
    path = export_session(fx.data, fx.initial_id, fmt, tmp_path)
    assert path.parent == tmp_path and path.name.endswith(f"_議事録.{fmt}")
    text = read_back(fmt, path.read_bytes())
    s = fx.initial
    assert f"{DATE_JA}14:00～16:00" in text
    assert "みなと町役場 3階 第1会議室" in text
    assert fx.data.initiative.name in text
    for name in fx.attendees[fx.initial_id]:
        assert name in text, name
    for d in s.decisions:
        assert d.text in text, d.text
    for a in fx.data.actions:
        if a.session_id == fx.initial_id:
            assert a.what in text and a.owner_department in text
    assert VISION in text
    for heading in ("出席者", "議題", "内容", "決定事項", "今後の対応", "次回予定", "別紙"):
        assert heading in text


@pytest.mark.parametrize("fmt", MINUTES)
def test_layout_of_municipal_minutes(texts: dict, fmt: str) -> None:
    text = texts[fmt, "initial"]
    # attendees grouped by 庁内 / 庁外 with 役職 and roles
    assert "庁内（7名）" in text and "庁外（3名）" in text
    assert "生活支援コーディネーター" in text and "ファシリテーター" in text and "書記" in text
    # agenda: the steps the session went through
    for step in ("準備・現状確認", "対話による理念・目的の共有", "相互の強みの理解と補完"):
        assert step in text
    # step 1: principles and goals; step 2: matrix and the accepted findings
    assert "基本理念" in text and "住民の困りごとを起点に考える" in text
    assert "令和9年度中に移動販売の試行を始める" in text
    assert "住民との接点" in text and "連携のメリット" in text
    assert "取組の重なり" in text and "移動支援・地域交通" in text
    assert "求めること「買い物に行けない高齢者への移動販売」" in text
    # step 3 and 4
    assert "統合・相乗り" in text and "ヒト・情報" in text
    assert "持ち回り（高齢福祉課 → 交通政策課 → 商工観光課）" in text
    assert "毎月（第3月曜日）" in text
    assert "令和9年1月18日（月）" in text  # the second meeting of the rotation
    assert "議事録の送付期限" in text and "令和8年12月28日" in text
    assert "未定【要確認】" in text  # 鈴木 has no deputy
    # action items lacking 担当課 or 期限 are marked
    assert text.count("要確認") >= 3
    # next meeting
    assert "令和8年12月21日（月）13:30～" in text


@pytest.mark.parametrize("fmt", MINUTES)
def test_stage_self_check_with_survey_benchmark(texts: dict, fmt: str) -> None:
    text = texts[fmt, "initial"]
    assert "チーム（合意）" in text and "2 顔が見える" in text and "4 組織的に協調" in text
    assert "55.2%（137）" in text  # share of the 2020 survey at stage 2 currently
    assert "N=248" in text and "参考資料①" in text  # cited by appendix, not by line
    assert not re.search(r"L\d+", text)
    # barriers with survey shares and the chosen remedies
    assert "連携したい部課室の関心が薄い" in text and "40.6%（95/234）" in text
    assert "相手の課の困りごとも一緒に解ける形" in text


@pytest.mark.parametrize("fmt", MINUTES)
def test_cards_appendix_keeps_hostile_text_literal(texts: dict, fmt: str) -> None:
    text = texts[fmt, "initial"]
    for literal in (FORMULA, MARKUP, SCRIPT, EMOJI, RTL, PIPE, LONG):
        assert literal in text, literal[:30]
    assert (
        "伊藤 さくら" in text and "問い：このまちが将来どんな姿になっていてほしいですか？" in text
    )


@pytest.mark.parametrize("fmt", MINUTES)
def test_follow_up_reviews_earlier_items(texts: dict, fmt: str) -> None:
    text = texts[fmt, "followup"]
    assert "前回決定事項の進捗" in text
    assert "公共交通マップの高齢者向け版を作る" in text
    assert "【要見直し】" in text and "繰越3回以上" in text  # open after three follow-ups
    assert "業者の見積り待ち" in text and "（変更前）\n令和8年12月31日" in text
    assert "防災安全課\n→ 危機管理課" in text  # handed over
    assert "2月10日に意見交換会を開催した" in text and "中止" in text
    assert "（今回未確認）" in text
    # history of the initiative: one line per session, with the team's stage
    assert "これまでの経過" in text
    assert "第3回" in text and "3 相互理解が深まる → 4 組織的に協調" in text
    # the follow-up's own new item is in 今後の対応
    assert "移動販売の試行ルートを決める" in text
    # it does not list steps it did not use
    assert "相互の強みの理解と補完" not in text


def test_follow_up_flags_only_items_carried_three_times(fx: Fixture) -> None:
    doc = build_minutes(fx.data, fx.followup_id)
    progress = next(s for s in doc.sections if "前回決定事項の進捗" in s.title)
    tables = [b for b in progress.blocks if isinstance(b, Table) and "実施内容" in b.header]
    flagged = [row[1] for t in tables for row in t.rows if "【要見直し】" in row[3]]
    assert len(flagged) == 1 and flagged[0].startswith("公共交通マップ")


@pytest.mark.parametrize("fmt", MINUTES)
def test_draft_is_marked_and_final_is_not(fx: Fixture, final: Fixture, fmt: str) -> None:
    draft = read_back(fmt, render(fmt, fx.data, fx.initial_id))
    assert "議事録（案）" in draft and "【案】" in draft
    done = read_back(fmt, render(fmt, final.data, final.initial_id))
    assert "（案）" not in done and "【案】" not in done
    assert "第1回連携会議 議事録" in done


def test_docx_draft_mark_on_every_page_header(fx: Fixture, final: Fixture) -> None:
    import io

    import docx

    draft = docx.Document(io.BytesIO(render("docx", fx.data, fx.initial_id)))
    assert "【案】" in draft.sections[0].header.paragraphs[0].text
    done = docx.Document(io.BytesIO(render("docx", final.data, final.initial_id)))
    assert "案" not in done.sections[0].header.paragraphs[0].text


def test_docx_is_a4_with_japanese_fonts_and_repeated_table_headers(fx: Fixture) -> None:
    import io

    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(io.BytesIO(render("docx", fx.data, fx.initial_id)))
    sec = doc.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "ＭＳ 明朝"
    grids = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(grids) > 10
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in grids)


def test_markdown_tables_stay_intact(fx: Fixture) -> None:
    raw = render("md", fx.data, fx.initial_id).decode("utf-8")
    assert "A\\|B" in raw and "\\[bold\\]" in raw and "\\<script\\>" in raw
    rows = md_table_rows(raw)
    assert rows
    # every row of a table has as many cells as its header
    widths: list[int] = []
    for line in raw.splitlines():
        if not line.startswith("|"):
            widths = []
            continue
        n = len(md_table_rows(line)[0])
        assert not widths or n == widths[0], line[:80]
        widths.append(n)
    # a multi-line cell is one row with <br>, never a broken table
    assert not any("\n" in cell for row in rows for cell in row)


def test_html_is_self_contained_print_ready_and_escaped(fx: Fixture) -> None:
    raw = render("html", fx.data, fx.initial_id).decode("utf-8")
    reader = HtmlReader(raw)
    assert reader.balanced, reader.errors[:3]
    assert "@page" in raw and "size: A4" in raw and "break-before: page" in raw
    assert '"Yu Mincho"' in raw and "Noto Serif CJK JP" in raw
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    tags = {tag for tag, _ in reader.tags}
    assert not tags & {"script", "link", "img", "iframe", "object"}
    assert not any(k in ("src", "href") for _, attrs in reader.tags for k in attrs)
    assert 'lang="ja"' in raw and '<meta charset="utf-8">' in raw


def test_minutes_do_not_drift_between_formats(fx: Fixture, texts: dict) -> None:
    """All three formats come from one document: every cell of it is in each of them."""
    doc = build_minutes(fx.data, fx.initial_id)
    cells = [
        c for s in doc.sections for b in s.blocks if isinstance(b, Table) for r in b.rows for c in r
    ]
    sample = [c for c in cells if c and len(c) < 200][::7]
    for fmt in MINUTES:
        missing = [c for c in sample if c not in texts[fmt, "initial"]]
        assert not missing, (fmt, missing[:3])


def test_missing_keys_never_show(texts: dict) -> None:
    for text in texts.values():
        assert not re.search(r"export\.[a-z_]+\.", text)


def test_unknown_session_and_format_are_refused(fx: Fixture) -> None:
    with pytest.raises(ValueError):
        render("md", fx.data, "no-such-session")
    with pytest.raises(ValueError):
        render("pdf", fx.data, fx.initial_id)
