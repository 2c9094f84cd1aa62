"""The reference data as a whole: loads through the models, every cross-reference
resolves, and every entry carries provenance (packaging: test_seed_packaging.py)."""

from __future__ import annotations

from workshop.reference import load, read_seed

GUIDE_LINES = 953
REPORT_LINES = 7556


def test_all_files_load_and_cross_references_resolve() -> None:
    ref = load()
    assert ref.problems() == []


def test_every_entry_has_provenance_within_the_documents() -> None:
    ref = load()
    rows = ref.all_sources()
    assert len(rows) > 250
    for name, sources in rows:
        assert sources, f"{name} has no provenance"
        for s in sources:
            limit = GUIDE_LINES if s.doc == "guide2024" else REPORT_LINES
            assert 1 <= s.lines[0] <= s.lines[1] <= limit, name


def test_reconstructed_patterns_keep_their_flag() -> None:
    ref = load()
    flagged = [p.key for p in ref.survey.org_patterns if p.name_is_reconstructed]
    assert len(flagged) == 3
    for key in flagged:
        assert ref.pattern_by_key[key].flag in ("reconstructed", "inferred")
    lens = {x.key: x for x in ref.survey.lenses}
    assert lens["renkei_contact"].flag == "reconstructed"


def test_population_bands_cover_every_population() -> None:
    ref = load()
    assert ref.population_band(6_294).key == "lt25k"
    assert ref.population_band(25_000).key == "25k_75k"
    assert ref.population_band(438_076).key == "ge200k"
    assert sum(b.survey_n for b in ref.vocab.population_bands) == 248


def test_source_label_cites_document_and_lines() -> None:
    stage2 = load().stage_by_number[2]
    assert stage2.current.n == 137 and stage2.current.pct == 55.2
    assert stage2.sources[0].label().startswith("『報告書2021』L")


def test_seed_files_are_utf8_toml() -> None:
    for name in ("themes.toml", "vocab.toml", "steps.toml", "survey.toml", "cases.toml"):
        assert read_seed(name)
