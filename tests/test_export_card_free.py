"""The formats that show no card are rendered from an initiative read without its cards
(`Store.initiative_data(..., cards=False)`): the same files as from the whole initiative,
for every session of the demo and of the export fixture. The formats that show cards,
and a bundle, refuse such an initiative instead of leaving the cards out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from export_dump import _seeded
from pydantic import ValidationError

from workshop.demo import install_demo
from workshop.domain.bundle import Bundle
from workshop.export import CARD_FREE, FORMATS, ExportOptions, needs_cards, render
from workshop.store import Store


def _parts(blob: bytes) -> Any:
    """A file's contents; for a zip (DOCX, XLSX) its parts without the creation time."""
    if not blob.startswith(b"PK"):
        return blob
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from export_data import build

    with Store(tmp_path_factory.mktemp("card-free") / "x.db") as store:
        install_demo(store)
        store.import_bundle(Bundle(app_version="test", data=_seeded(build).data))
        yield store


def _sessions(store: Store) -> list[tuple[str, str]]:
    return [(s.initiative_id, s.id) for s in store.sessions()]


def test_the_test_data_has_cards_and_a_statement_taken_from_one(store: Store) -> None:
    initiatives = [store.initiative_data(i.id) for i in store.initiatives()]
    assert len(initiatives) == 2
    for data in initiatives:
        assert sum(len(sd.cards) for sd in data.sessions) > 20
    sources = [st.source_card_id for d in initiatives for sd in d.sessions for st in sd.statements]
    assert any(sources)


@pytest.mark.parametrize("public", [False, True], ids=["whole", "public"])
@pytest.mark.parametrize("fmt", sorted(CARD_FREE))
def test_a_format_without_cards_is_the_same_file_read_without_them(
    store: Store, fmt: str, public: bool
) -> None:
    options = ExportOptions(public=public)
    sessions = _sessions(store)
    assert len(sessions) >= 6
    for initiative_id, session_id in sessions:
        whole = store.initiative_data(initiative_id)
        bare = store.initiative_data(initiative_id, cards=False)
        assert whole.has_cards and not bare.has_cards
        assert sum(len(sd.cards) for sd in whole.sessions) > 0
        assert all(sd.cards == [] for sd in bare.sessions)
        assert [sd.statements for sd in bare.sessions] == [sd.statements for sd in whole.sessions]
        assert bare.actions == whole.actions and bare.reviews == whole.reviews
        want = _parts(render(fmt, whole, session_id, options))
        assert _parts(render(fmt, bare, session_id, options)) == want


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - CARD_FREE))
def test_a_format_that_shows_cards_refuses_an_initiative_read_without_them(
    store: Store, fmt: str
) -> None:
    initiative_id, session_id = _sessions(store)[0]
    bare = store.initiative_data(initiative_id, cards=False)
    with pytest.raises(ValueError, match="cards"):
        render(fmt, bare, session_id)


def test_a_bundle_is_never_made_without_the_cards(store: Store) -> None:
    initiative_id, _ = _sessions(store)[0]
    with pytest.raises(ValidationError, match="cards"):
        Bundle(app_version="test", data=store.initiative_data(initiative_id, cards=False))
    assert Bundle(app_version="test", data=store.initiative_data(initiative_id)).data.has_cards


def test_the_cards_are_read_when_any_chosen_format_shows_them() -> None:
    assert not needs_cards(["xlsx", "csv", "ics", "charter", "summary"])
    assert needs_cards(["xlsx", "docx"])
    assert needs_cards(["json"])
    assert not needs_cards([])


def test_the_export_command_writes_the_plan_of_a_session_read_without_cards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line reads no card for the plan (and the file still lists the
    session's action items)."""
    from openpyxl import load_workbook

    from workshop import cli

    db = tmp_path / "cli.db"
    with Store(db) as s:
        install_demo(s)
        session_id = s.sessions()[0].id
        titles = [a.what for a in s.actions(session_id=session_id)]
    read: list[bool] = []
    original = Store.initiative_data

    def spy(self: Store, initiative_id: str, **kw: Any) -> Any:
        data = original(self, initiative_id, **kw)
        read.append(data.has_cards)
        return data

    monkeypatch.setattr(Store, "initiative_data", spy)
    out = tmp_path / "plan.xlsx"
    export = ["--db", str(db), "export", session_id, "--out"]
    assert cli.main([*export, str(out), "--format", "xlsx"]) == 0
    assert read == [False]
    sheet = load_workbook(out).worksheets[0]
    shown = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles and all(t in shown for t in titles)
    out = tmp_path / "minutes.docx"
    assert cli.main([*export, str(out), "--format", "docx"]) == 0
    assert read == [False, True]
