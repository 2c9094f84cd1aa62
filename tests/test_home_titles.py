"""Long Japanese titles in the home list break between phrases, never inside a word;
a word longer than the column is cut with … rather than split over two lines."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from rich.text import Text

from tests.ui_helpers import empty_app, settle
from workshop.domain.records import Initiative, Session
from workshop.widgets.flex_table import FlexTable, cell

NAME = "さくら川町くらしの足と買い物 分野連携ワークショップ"
TITLES = [
    "第1回 くらしの足と買い物 分野連携ワークショップ",
    "第2回 コミュニティソーシャルワーカーと地域包括支援センターの連携会議",
]
WORDS = ["分野連携", "ワークショップ", "コミュニティソーシャルワーカー"]


def _title_lines(table: FlexTable) -> list[list[str]]:
    out = []
    for row in range(table.row_count):
        first = table.get_row_at(row)[0]
        text = first.plain if isinstance(first, Text) else str(first)
        out.append([line.strip() for line in text.split("\n")])
    return out


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_long_titles_break_between_phrases(tmp_path: Path, size: tuple[int, int]) -> None:
    app, store = empty_app(tmp_path)
    ini = store.add(Initiative(name=NAME, municipality="さくら川町"))
    for title in TITLES:
        store.add(Session(initiative_id=ini.id, title=title))
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 4)
        cells = _title_lines(app.screen.query_one(FlexTable))
    assert len(cells) == 3
    for lines in cells:
        for word in WORDS:
            whole = "".join(lines)
            if word in whole.replace("…", ""):
                # the word is on one line, not split over two
                assert any(word in line for line in lines), (word, lines)
        for upper, lower in pairwise(lines):
            # no line ends in the middle of a compound (分｜野)
            assert not (upper.endswith("分") and lower.startswith("野")), lines
    heading = "".join(cells[0])
    assert heading.replace("■", "").strip().startswith("さくら川町")
    assert "分野連携" in heading


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_every_line_of_a_long_session_title_stays_under_its_heading(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """A session's title is set in under its initiative's ■ heading on every line: the
    second line used to start at the heading's edge and read like another heading."""
    app, store = empty_app(tmp_path)
    ini = store.add(Initiative(name=NAME, municipality="さくら川町"))
    for title in TITLES:
        store.add(Session(initiative_id=ini.id, title=title))
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 4)
        table = app.screen.query_one(FlexTable)
        sessions = [str(table.get_row_at(r)[0]) for r in range(1, table.row_count)]
    assert any("\n" in text for text in sessions)  # long titles do take several lines
    for text in sessions:
        for line in text.split("\n"):
            assert line.startswith("  ") and not line.startswith("   "), text


def test_an_indented_cell_is_the_wrapped_text_with_each_line_indented() -> None:
    """The indented cell holds exactly the lines of the unindented one at the narrower
    width, each two cells in; a blank last line is not shown (nor a line of its own)."""
    title = "第12回 買い物支援と移動販売と見守りネットワークの連携会議（直営）"
    for width in (10, 16, 24, 60):
        plain = cell(title, width - 2, flexible=True, title=True).plain
        indented = cell(title, width, flexible=True, title=True, indent=2)
        assert indented.plain == "\n".join("  " + line for line in plain.split("\n"))
        assert indented.spans == []
    assert cell("連携会議\n", 20, flexible=True, title=True, indent=2).plain == "  連携会議"
    assert cell("連携会議\n\n", 20, flexible=True, title=True, indent=2).plain == "  連携会議\n  "
