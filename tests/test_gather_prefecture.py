"""The note on a bundle from another prefecture than most of those gathered: given when
there is a most, not when the prefectures gathered so far share the lead (after one
bundle each from 青森 and 岩手, 宮城's was said to differ from 青森's, the first counted)."""

from __future__ import annotations

from pathlib import Path

from tests.test_rollup import fixed
from workshop import cli
from workshop.domain.bundle import Bundle


def _gather(tmp_path: Path, codes: list[str], capsys) -> list[str]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = fixed()
    for i, code in enumerate(codes):
        d = data[i]
        d.initiative.municipality_code = code
        d.initiative.municipality = f"町{i}"
        (inbox / f"{i}.json").write_text(Bundle(data=d).to_json(), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["--db", str(tmp_path / "p.db"), "import", str(inbox)]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_bundle_from_outside_the_most_gathered_prefecture_is_noted(tmp_path: Path, capsys):
    out = _gather(tmp_path, ["082015", "082031", "082015", "022012"], capsys)
    notes = [line for line in out if "違う都道府県" in line]
    assert len(notes) == 1 and "022012" in notes[0] and "茨城県" in notes[0]


def test_no_note_while_prefectures_share_the_lead(tmp_path: Path, capsys) -> None:
    out = _gather(tmp_path, ["022012", "032018", "042013"], capsys)
    notes = [line for line in out if "違う都道府県" in line]
    # 岩手's differs from the one gathered before it; 宮城's from no "most" (1 and 1)
    assert len(notes) == 1 and "032018" in notes[0] and "青森県" in notes[0]
