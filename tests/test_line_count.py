"""A board measures every card's row but draws only the rows on screen: the number of
lines a card takes is known without breaking it when it fits one line or is too long for
the lines it may take (`clipped_line_count`), and its lines are broken when drawn, the
same lines as before."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.domain import text_wrap
from workshop.domain.text_wrap import clipped_line_count, clipped_lines
from workshop.widgets.flex_table import Lines, height

_CHARS = list("あいうえおかきくけこ漢字見守り交通政策課、。「」（）・ーァアイウカタナabcXY12 　!?…")


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(st.sampled_from(_CHARS), max_size=90), st.integers(1, 30), st.integers(1, 4))
def test_a_known_count_is_the_count_of_the_lines(text: str, width: int, most: int) -> None:
    known = clipped_line_count(text, width, most)
    if known is not None:
        assert known == len(clipped_lines(text, width, most))
    cell = Lines(text, max(1, width), most)
    assert cell.count == len(cell.lines) == len(clipped_lines(text, width, most))
    assert cell.lines == clipped_lines(text, width, most)


def test_which_cards_are_counted_without_breaking() -> None:
    long_card = "高齢者の買い物支援と移動支援を一体で考える必要があると感じている。" * 3
    assert clipped_line_count("見守り", 20, 3) == 1
    assert clipped_line_count(long_card, 20, 3) == 3
    # a Latin word or a number can end a line early; a newline starts one: broken
    assert clipped_line_count(long_card + " GPS", 20, 3) is None
    assert clipped_line_count("週2回\n見守り", 20, 3) is None
    # in between: it depends on where the phrases break
    assert clipped_line_count("高齢者の買い物支援と移動支援を一体で", 20, 3) is None


def test_a_cell_counted_without_breaking_is_broken_when_drawn(monkeypatch) -> None:
    broken: list[str] = []
    real = text_wrap._clipped

    def counting(text: str, *args: object) -> tuple[str, ...]:
        broken.append(text)
        return real(text, *args)

    monkeypatch.setattr(text_wrap, "_clipped", counting)
    long_card = "地域の見守り活動と防災訓練を組み合わせて、住民の参加を増やしたい。" * 4
    cells = [
        Lines(long_card, 24, 3),
        Lines("交通政策課", 24, 3),
        Lines("高齢者の買い物支援と移動支援を一体で", 24, 3),
    ]
    assert [c.count for c in cells] == [3, 1, 2]
    assert height(cells) == 3
    assert broken == ["高齢者の買い物支援と移動支援を一体で"]  # the one in between only
    assert cells[0].plain.endswith("…") and len(cells[0].lines) == 3
    assert str(cells[1]) == "交通政策課"
    assert broken[1:] == [long_card, "交通政策課"]
