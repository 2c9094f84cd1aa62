"""The case library (seed/cases.toml): shape, vocabulary keys, figures and provenance."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pytest
from conftest import SEED_FILES

from workshop.domain.reference import Case, Cases, Themes, Vocab
from workshop.reference import read_seed

# Line counts of the two seed files (used when the files themselves are not available).
LINE_COUNTS = {"guide2024": 953, "report2021": 7556}

GUIDE_IDS = [
    "namegata",
    "kasama",
    "murakami",
    "abiko",
    "ikeda",
    "kamagaya",
    "sakae",
    "fuchu",
    "tainai",
    "fukuchiyama",
]
REPORT_IDS = [
    "fujisawa",
    "tsuchiura",
    "fujimino",
    "sakado",
    "kashiwazaki",
    "minami_alps",
    "daigo",
    "meiwa",
    "ibaraki_pref",
]

# The guide's case 9 has no heading line ("分野：県市") in its body; its municipality is named
# only in the case list table, which is a further stated source of the case.
HEADING_MISSING = {"tainai"}


@cache
def cases() -> dict[str, Case]:
    data = Cases.model_validate(read_seed("cases.toml"))
    return {c.id: c for c in data.cases}


@cache
def seed_lines(doc: str) -> list[str] | None:
    path = SEED_FILES[doc]
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    return text.removesuffix("\n").split("\n")


def span(doc: str, lines: tuple[int, int]) -> str:
    """The text of a 1-based inclusive line range, without blanks (the report's text
    extraction puts spaces around digits)."""
    text = seed_lines(doc)
    assert text is not None
    lo, hi = lines
    return re.sub(r"\s", "", "".join(text[lo - 1 : hi]))


def test_counts_and_ids() -> None:
    data = Cases.model_validate(read_seed("cases.toml"))
    ids = [c.id for c in data.cases]
    assert len(ids) == 19
    assert len(set(ids)) == len(ids)
    assert sum(c.doc == "guide2024" for c in data.cases) == 10
    assert sum(c.doc == "report2021" for c in data.cases) == 9
    assert {c.id for c in data.cases if c.doc == "guide2024"} == set(GUIDE_IDS)
    assert {c.id for c in data.cases if c.doc == "report2021"} == set(REPORT_IDS)


def test_numbers_follow_source_order() -> None:
    for expected, ids in ((GUIDE_IDS, "guide2024"), (REPORT_IDS, "report2021")):
        numbered = sorted((c.number, c.id) for c in cases().values() if c.doc == ids)
        assert [cid for _, cid in numbered] == expected
        assert [n for n, _ in numbered] == list(range(1, len(expected) + 1))


def test_vocabulary_keys_exist() -> None:
    themes = {t.key for t in Themes.model_validate(read_seed("themes.toml")).themes}
    vocab = Vocab.model_validate(read_seed("vocab.toml"))
    meeting = {i.key for i in vocab.meeting_patterns}
    leaders = {i.key for i in vocab.leader_types}
    entries = {i.key for i in vocab.entry_patterns}
    for c in cases().values():
        assert 1 <= len(c.themes) <= 4, c.id
        assert set(c.themes) <= themes, (c.id, set(c.themes) - themes)
        assert c.meeting_pattern in meeting, c.id
        assert c.leader_type in leaders, c.id
        assert c.entry_pattern is None or c.entry_pattern in entries, c.id


def test_guide_entry_patterns() -> None:
    """The guide names six cases as examples of the two 相乗り patterns (L244-254)."""
    by_id = cases()
    for cid in ("abiko", "tainai"):
        assert by_id[cid].entry_pattern == "ride_elderly"
    for cid in ("namegata", "kasama", "kamagaya", "fuchu"):
        assert by_id[cid].entry_pattern == "ride_other"


def test_guide_points() -> None:
    """連携のポイント column of the guide's case list (L407-417)."""
    expected = {
        "namegata": [2, 4],
        "kasama": [2, 3],
        "murakami": [1, 2],
        "abiko": [1, 3],
        "ikeda": [3, 4],
        "kamagaya": [2],
        "sakae": [1, 3],
        "fuchu": [4],
        "tainai": [3, 4],
        "fukuchiyama": [1, 2],
    }
    for cid, points in expected.items():
        assert cases()[cid].points == points, cid


def test_exact_figures() -> None:
    by_id = cases()
    assert by_id["namegata"].population == 32185
    assert by_id["namegata"].ageing_rate == 36.1
    assert any(r.figure == "登録者数4,306人" for r in by_id["namegata"].results)
    assert any("80%" in r.figure for r in by_id["fukuchiyama"].results)
    assert by_id["ikeda"].population == 6294
    assert any(r.figure == "61%削減" for r in by_id["ikeda"].results)
    assert by_id["sakae"].population == 1660
    assert by_id["sakae"].ageing_rate == 54.3
    assert any(r.figure == "延べ52名" for r in by_id["kamagaya"].results)
    # report2021: the figure in the sheet's text, not the (sometimes different) table
    assert by_id["fujisawa"].population == 438076
    assert by_id["tsuchiura"].population == 137825  # table 42: 137,970
    assert by_id["sakado"].population == 101577  # table 52: 100,577
    assert by_id["minami_alps"].population == 70260  # table 59: 71,411
    assert by_id["daigo"].ageing_rate == 46.8
    pref = by_id["ibaraki_pref"]
    assert pref.kind == "prefecture"
    assert pref.municipality == "茨城県"
    assert pref.population is None


def test_text_table_mismatches_are_noted() -> None:
    by_id = cases()
    assert "137,970" in by_id["tsuchiura"].population_note
    assert "100,577" in by_id["sakado"].population_note
    assert "71,411" in by_id["minami_alps"].population_note


def test_every_case_has_a_stated_full_range_and_inferred_classification() -> None:
    for c in cases().values():
        first = c.sources[0]
        assert first.doc == c.doc, c.id
        assert first.flag == "stated", c.id
        assert any(s.flag == "inferred" and s.note for s in c.sources), c.id
        if c.doc == "report2021":
            assert any(s.flag == "inferred" and "points" in s.note for s in c.sources), c.id


def test_source_ranges_within_files() -> None:
    for c in cases().values():
        for s in c.sources:
            text = seed_lines(s.doc)
            count = len(text) if text is not None else LINE_COUNTS[s.doc]
            assert 1 <= s.lines[0] <= s.lines[1] <= count, (c.id, s.lines)


def test_case_ranges_do_not_overlap() -> None:
    for doc in ("guide2024", "report2021"):
        ranges = sorted(c.sources[0].lines for c in cases().values() if c.doc == doc)
        for (_, hi), (lo, _) in pairwise(ranges):
            assert hi < lo, (doc, ranges)


@pytest.mark.provenance
@pytest.mark.parametrize("case_id", GUIDE_IDS + REPORT_IDS)
def test_municipality_in_first_source(case_id: str) -> None:
    c = cases()[case_id]
    if seed_lines(c.doc) is None:
        pytest.skip("seed text not available")
    first = span(c.doc, c.sources[0].lines)
    if case_id in HEADING_MISSING:
        # the body names the place only in passing (e.g. 胎内分庁舎); the full name is in
        # another stated source of the case (the case list table)
        assert c.municipality[:-1] in first
        stated = [span(s.doc, s.lines) for s in c.sources[1:] if s.flag == "stated"]
        assert any(c.municipality in text for text in stated)
    else:
        assert c.municipality in first


@pytest.mark.provenance
@pytest.mark.parametrize("case_id", GUIDE_IDS + REPORT_IDS)
def test_figures_appear_in_source(case_id: str) -> None:
    c = cases()[case_id]
    if seed_lines(c.doc) is None:
        pytest.skip("seed text not available")
    body = span(c.doc, c.sources[0].lines)
    if c.population is not None:
        assert f"{c.population:,}" in body
    if c.ageing_rate is not None:
        assert f"{c.ageing_rate}%" in body or f"{c.ageing_rate}％" in body
    for r in c.results:
        if r.figure:
            assert r.figure in body, r.figure
    for name in c.schemes:
        assert re.sub(r"\s", "", name) in body, name
