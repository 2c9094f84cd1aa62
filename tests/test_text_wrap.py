"""Japanese line breaking (禁則処理) on real sentences of the reference data."""

from __future__ import annotations

from itertools import pairwise

import pytest
from rich.cells import cell_len

from workshop import reference
from workshop.domain.line_breaks import NO_LINE_END, NO_LINE_START
from workshop.domain.text_shorten import shorten, shorten_middle
from workshop.domain.text_wrap import (
    break_offsets,
    break_points,
    clip_lines,
    wrap_lines,
)

WIDTHS = (8, 12, 16, 20, 28, 30, 40, 60)

# Written out here, not taken from the module: a bug in the module's sets must not
# change what the test expects
FORBIDDEN_START = set(
    "、。，．）」』】〕］｝》〉ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョ・：；？！…"
)
FORBIDDEN_END = set("（「『【〔［｛《〈")


def sentences() -> list[str]:
    """Tips, case triggers, actions and results: the prose the screens wrap."""
    ref = reference.load()
    out: list[str] = []
    for step in ref.steps.steps:
        out += [tip.text for tip in step.tips]
        out += [x for x in (step.effect, step.explanation) if x]
    for case in ref.cases.cases:
        out += [case.title, case.trigger, *case.actions, *case.tips]
        out += [r.text for r in case.results]
    return [s for s in dict.fromkeys(out) if s]


SENTENCES = sentences()


def test_enough_real_sentences() -> None:
    assert len(SENTENCES) >= 30
    # the rules are exercised: many sentences hold 、。「」 and the long-vowel mark
    assert sum(1 for s in SENTENCES if "、" in s) >= 30
    assert sum(1 for s in SENTENCES if "ー" in s) >= 10


def check(text: str, width: int) -> list[str]:
    lines = wrap_lines(text, width)
    assert "".join(lines) == text, "lines give back the text"
    for n, line in enumerate(lines):
        assert cell_len(line.rstrip()) <= width, (width, line)
        if n:
            assert line[:1] not in FORBIDDEN_START, (width, lines[n - 1], line)
        if n < len(lines) - 1:
            assert line.rstrip()[-1:] not in FORBIDDEN_END, (width, line, lines[n + 1])
    return lines


@pytest.mark.parametrize("width", WIDTHS)
def test_reference_sentences_break_by_the_rules(width: int) -> None:
    for text in SENTENCES:
        check(text, width)


def test_module_sets_cover_the_rules() -> None:
    assert FORBIDDEN_START <= NO_LINE_START
    assert FORBIDDEN_END <= NO_LINE_END


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("話し合いの進め方を確認する。", 26),  # 。 would be alone on the next line
        ("「顔の見える関係」を一言ずつ話す", 18),  # 」 would start the line
        ("コーディネーターを置く", 16),  # ー would start the line
        ("小さな集まり（サロン）を開く", 22),  # ） would start the line
        ("大きなちょうちん", 8),  # ょ would start the line
    ],
)
def test_forbidden_starts_are_pushed_back(text: str, width: int) -> None:
    lines = check(text, width)
    assert len(lines) > 1


def test_opening_bracket_moves_to_the_next_line() -> None:
    lines = check("今後の方針について「地域の見守り」を話す", 20)
    assert not any(line.endswith("「") for line in lines)


def test_numbers_stay_with_their_units() -> None:
    text = "避難所10か所を令和8年12月25日までに点検する"
    for width in (16, 18, 20, 24, 30):
        lines = check(text, width)
        joined_breaks = ["".join(lines[:i]) for i in range(1, len(lines))]
        for head in joined_breaks:
            assert not head.endswith(("10", "10か", "令和", "令和8年", "12月", "25")), (
                width,
                lines,
            )


def test_breaks_fall_between_phrases() -> None:
    lines = check("関係する部署が集まって地域の課題を話し合う", 24)
    # BudouX phrases: no word is cut in two
    assert lines[0] in ("関係する部署が集まって", "関係する部署が")


def test_latin_words_stay_whole() -> None:
    lines = check("Share the vision with everyone in the room", 12)
    assert [line.rstrip() for line in lines] == [
        "Share the",
        "vision with",
        "everyone in",
        "the room",
    ]


def test_offsets_match_the_lines() -> None:
    text = "一行目の文章です。\n二行目はとても長い文章で、幅を超えて折り返されます。"
    lines = wrap_lines(text, 16)
    offsets = break_offsets(text, 16)
    pieces, last = [], 0
    for offset in offsets:
        pieces.append(text[last:offset])
        last = offset
    pieces.append(text[last:])
    assert "".join(pieces) == text
    assert len(lines) == len(offsets) + text.count("\n") + 1


def test_clip_ends_with_an_ellipsis() -> None:
    lines = clip_lines(SENTENCES[0] * 3, 16, 2)
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert all(cell_len(line) <= 16 for line in lines)


def test_shorten_keeps_the_distinguishing_end() -> None:
    a = shorten("地域包括支援センター（直営）", 18)
    b = shorten("地域包括支援センター（委託）", 18)
    assert a != b
    assert a.endswith("（直営）") and "…" in a and cell_len(a) <= 18
    assert shorten("企画課（地域交通担当）", 14).endswith("…")
    assert shorten("短い", 10) == "短い"


def test_shorten_middle_keeps_both_ends() -> None:
    s = shorten_middle("令和8年12月25日（金）", 14)
    assert s.startswith("令和") and s.endswith("（金）") and "…" in s
    assert cell_len(s) <= 14


def test_a_bracketed_part_is_a_phrase_of_its_own() -> None:
    assert wrap_lines("林 大輔（防災安全課）", 18) == ["林 大輔", "（防災安全課）"]


def test_a_particle_stays_with_the_bracket_before_it() -> None:
    """Found on the findings tab: a break right after 」 was taken as the best one, so the
    next line began with the particle that belongs to the quoted part (「…」｜に)."""
    overlap = "「買い物支援・移動販売」に商工観光課・さくら川町社会福祉協議会が"
    overlap += "それぞれ取り組んでいる"
    for width in (40, 50, 58, 60, 61):
        lines = clip_lines(overlap, width, 3)
        assert not any(line.startswith(("に", "が", "を", "は", "と", "の")) for line in lines)
        assert "".join(lines) == overlap
    assert wrap_lines("「移動支援」という言葉を使う課が多い", 18) == [
        "「移動支援」という",
        "言葉を使う課が多い",
    ]
    # a bracket followed by a new phrase still breaks there
    assert wrap_lines("林 大輔（防災安全課）", 18) == ["林 大輔", "（防災安全課）"]


def test_clip_fills_the_lines_before_cutting() -> None:
    # by phrases it would take three lines; filled to the brim it fits the two it has
    assert clip_lines("竹内 修（さくら川町商工会）", 18, 2) == ["竹内 修（さくら川", "町商工会）"]


def test_katakana_words_stay_whole_where_they_can() -> None:
    assert wrap_lines("庁外（地域包括支援センター）", 24) == ["庁外（地域包括支援", "センター）"]


def test_no_single_character_is_left_on_the_last_line() -> None:
    assert wrap_lines("さくら川町社会福祉協議会", 22) == ["さくら川町社会福祉協", "議会"]
    assert wrap_lines("社会教育主事", 10) == ["社会教育", "主事"]


def test_a_katakana_word_longer_than_the_line_is_broken_not_pushed_away() -> None:
    lines = wrap_lines("・ボランティアによる買い物送迎", 10)
    assert lines[0] != "・" and lines[0].startswith("・ボ")


def test_a_bullet_is_not_a_line_of_its_own() -> None:
    for width in (6, 8, 10):
        assert wrap_lines("・タクシー券は使い切る", width)[0] != "・"


def test_bullets_hang_their_following_lines() -> None:
    text = "・「地域づくり」「支援の隙間」といった福祉の言葉は他分野に届きにくい。"
    points = break_points(text, 26)
    assert points and all(indent == 2 for _, indent in points)  # under the text, not ・
    # the narrower following lines still fit once indented
    cuts = [0, *[offset for offset, _ in points], len(text)]
    lines = [text[a:b] for a, b in pairwise(cuts)]
    assert all(cell_len(line) <= 26 - (2 if n else 0) for n, line in enumerate(lines))
    assert break_points("本文だけの段落で、字下げはしない。長い文は次の行へ続く。", 20)[0][1] == 0


def test_a_latin_word_is_cut_not_split_over_lines() -> None:
    assert clip_lines("Votes", 3, 2) == ["Vo…"]
    assert clip_lines("no due date", 5, 2) == ["no", "due…"]


@pytest.mark.parametrize(
    "text",
    [("長い発言の貼り付け。" * 401)[:4000], "Voting for the bus stop plan, " * 130],
    ids=["japanese", "latin"],
)
def test_a_long_paste_is_measured_in_one_pass(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """A card of a 100,000-character paste froze the board for minutes: every line
    measured the whole rest of the text, and every line start searched the whole text for
    Latin words. The characters measured now grow with the text, not with its square;
    the lines are the same."""
    from workshop.domain import text_wrap

    measured = 0

    def counting(s: str) -> int:
        nonlocal measured
        measured += len(s)
        return cell_len(s)

    monkeypatch.setattr(text_wrap, "cell_len", counting)
    lines = clip_lines(text, 30, 3)
    assert measured < 60 * len(text)
    assert lines[:2] == [line.rstrip() for line in wrap_lines(text, 30)[:2]]
    assert lines[2].endswith("…")
    assert len(lines) == 3 and all(cell_len(line) <= 30 for line in lines)
