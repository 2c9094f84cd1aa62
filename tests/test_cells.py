"""`workshop.domain.cells.cell_len` counts exactly as Rich does: the screen's line breaks
(`text_wrap`) and cuts (`text_shorten`) measure with it, Rich draws with its own."""

from __future__ import annotations

import random

from rich.cells import cell_len as rich_cell_len

from workshop.domain.cells import approx_cells, cell_len, char_cells

SAMPLES = [
    "",
    "abc",
    "高齢福祉課",
    "ﾃﾞﾏﾝﾄﾞ交通の予約ｾﾝﾀｰ",
    "令和8年12月25日（金）10:00～11:30",
    "タブ\tと改行\nと\x00\x07\x1b[31m制御文字",
    "結合文字: が が ｶﾞ e\u0301",
    "絵文字 👨\u200d👩\u200d👧 と ❤\ufe0f と ☺",
    "全角　空白と ＡＢＣ１２３ と 〜",
    "\u200b幅のない空白\u2060",
]


def test_every_character_counts_as_rich_counts_it() -> None:
    for code in [*range(0x0, 0xD800), *range(0xE000, 0x10000), *range(0x1F000, 0x1FB00)]:
        ch = chr(code)
        assert char_cells(ch) == rich_cell_len(ch), hex(code)
        assert cell_len(ch) == rich_cell_len(ch), hex(code)


def test_texts_count_as_rich_counts_them() -> None:
    for text in SAMPLES:
        assert cell_len(text) == rich_cell_len(text), text
    rng = random.Random(7)
    alphabet = "".join(SAMPLES) + "あア亜ｱA1 、。「」ー\u3000\u200d\ufe0f👍🏽"
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        assert cell_len(text) == rich_cell_len(text), repr(text)


def test_the_quick_guess_is_exact_for_ascii_and_japanese_text() -> None:
    """`approx_cells` (row heights guessed on a large board) counts kana, kanji and
    full-width signs as two cells and ASCII as one, as Rich does; a narrow sign of three
    bytes (※, half-width kana) is one cell more, never fewer."""
    for text in [
        "",
        "abc 123",
        "高齢福祉課",
        "全角　空白と ＡＢＣ１２３、「カード」。",
        "令和8年12月",
    ]:
        assert approx_cells(text) == cell_len(text), text
    for text in ["※要確認", "ﾃﾞﾏﾝﾄﾞ交通", "続く…"]:
        assert approx_cells(text) > cell_len(text), text
    rng = random.Random(3)
    alphabet = "あア亜Az1 ,.、。「」ー高齢福祉課ＡＢＣ　！？（）"
    for _ in range(2_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        assert approx_cells(text) == cell_len(text), text
