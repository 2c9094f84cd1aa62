"""The reference data as a whole: loads through the models, every cross-reference
resolves, and every entry carries provenance (packaging: test_seed_packaging.py)."""

from __future__ import annotations

from workshop.reference import load, read_seed, seed_root

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


SEED_TABLES = {
    "themes.toml": "themes",
    "vocab.toml": "population_bands",
    "steps.toml": "steps",
    "survey.toml": "stages",
    "cases.toml": "cases",
}
"""A top-level key each file must have (what the loader reads first)."""


def test_seed_files_are_utf8_toml() -> None:
    """Every seed file is UTF-8 without a BOM (a BOM or Shift_JIS, as Windows editors
    write, breaks the loader) and parses to the tables the loader expects."""
    import re
    import tomllib

    folder = seed_root()
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))
    assert set(SEED_TABLES) <= set(names)
    for name in names:
        raw = folder.joinpath(name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), name
        text = raw.decode("utf-8")  # strict: a Shift_JIS byte raises
        assert re.search(r"[ぁ-んァ-ン一-龥]", text), f"{name} holds no Japanese"
        assert read_seed(name) == tomllib.loads(text)
    for name, key in SEED_TABLES.items():
        table = read_seed(name)[key]
        assert table and len(table) >= 3, (name, key)
