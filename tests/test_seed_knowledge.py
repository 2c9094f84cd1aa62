"""The knowledge added for issue 13, checked against the source text: case profiles
(要介護認定率, 調整済認定率, 1人当り給付費), each case's 連携のメリット, the merits taxonomy,
and the prefectures' own results."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from workshop.reference import load

GUIDE = Path("/work/shared/seeds/000_42841b8c344dc673.txt")
REPORT = Path("/work/shared/seeds/001_9b9476e36801a3ba.txt")
pytestmark = pytest.mark.skipif(
    not (GUIDE.exists() and REPORT.exists()), reason="source texts not available"
)
REF = load()
PROFILE = re.compile(r"^([\d,]+)人\t[\d.]+%\t([\d.]+)%? \(([\d.]+)%\)\t([\d,]+)円")


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_case_profiles_are_the_guides_table_rows() -> None:
    guide = lines(GUIDE)
    rows = {}
    for number, line in enumerate(guide, 1):
        if found := PROFILE.match(line):
            rows[int(found[1].replace(",", ""))] = (number, found)
    cases = [c for c in REF.cases.cases if c.doc == "guide2024"]
    assert len(cases) == len(rows) == 10
    for case in cases:
        number, found = rows[case.population]  # type: ignore[index]
        assert case.care_cert_rate == float(found[2])
        assert case.care_cert_rate_adjusted == float(found[3])
        assert case.benefit_per_person == int(found[4].replace(",", ""))
        lo, hi = case.sources[0].lines
        assert lo <= number <= hi, case.id  # the case's first source covers the row
    report_cases = [c for c in REF.cases.cases if c.doc == "report2021"]
    assert all(c.care_cert_rate is None for c in report_cases)  # not in the case sheets


def test_case_merits_are_the_guides_list() -> None:
    table = "\n".join(lines(GUIDE)[406:418])
    for case in REF.cases.cases:
        if case.doc != "guide2024":
            assert case.merits == []
            continue
        row = next(r for r in table.splitlines() if case.municipality in r)
        cells = row.split("\t")
        items = re.sub(r"<[^>]+>", "", cells[3]).split("・ ")[1:]
        assert [m.strip() for m in items] == case.merits


def test_merits_taxonomy_is_the_guides() -> None:
    guide = lines(GUIDE)
    vocab = REF.vocab
    assert [g.label for g in vocab.merit_groups] == [
        "事業成果の創出",
        "業務の効率化",
        "住民のメリット",
    ]
    assert len(vocab.merits) == 17
    for merit in vocab.merits:
        lo = merit.sources[0].lines[0]
        assert guide[lo - 1].strip() == f"- {merit.label}", merit.key
        assert merit.quoted


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def test_prefecture_results_are_the_reports() -> None:
    report = lines(REPORT)
    facts = {f.key: f for f in REF.survey.pref_facts}
    expected = {
        "pref_collab_inside": ("10都県のうち、9都県", 90.0, 10),
        "pref_lead": ("66.7%と最多", 66.7, 9),
        "pref_monitor": ("3都県に", 30.0, 10),
        "pref_support": ("3都県にとどま", 30.0, 10),
        "pref_aims": ("実施状況を共有するため", None, 9),
    }
    for key, (phrase, value, n) in expected.items():
        fact = facts[key]
        lo, hi = fact.sources[0].lines
        assert norm(phrase) in norm("".join(report[lo - 1 : hi])), key
        assert (fact.value, fact.N) == (value, n)
