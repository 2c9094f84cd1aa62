"""A confirmed meeting's documents show the key persons as they stood when it was
confirmed: the register is the initiative's, and a later meeting editing it (a section
changed, a person deleted or added) changed the confirmed minutes of an earlier one."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from workshop.cli import main
from workshop.domain.as_of import as_of
from workshop.domain.enums import SessionKind
from workshop.domain.records import KeyPerson
from workshop.store import Store
from workshop.store.core import Revision


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _edited_after_confirmation(db: Path) -> tuple[str, str]:
    """The demo with its register edited after 第1回 was confirmed (24 September 2026):
    山田 恵子's section changed, 森 早苗 deleted, a new person added. Returns the ids of
    第1回 and 第2回."""
    from workshop.demo import install_demo

    with Store(db) as store:
        initiative_id = install_demo(store)
        first, second = sorted(store.sessions(initiative_id), key=lambda s: s.created_at)
        assert first.kind is SessionKind.INITIAL
        people = {p.name: p for p in store.key_persons(initiative_id)}
        store.update(people["山田 恵子"], department="地域包括ケア推進課", role="統括")
        store.delete(people["森 早苗"])
        store.add(
            KeyPerson(
                initiative_id=initiative_id,
                session_id=None,
                name="新井 誠",
                department="商工観光課",
            )
        )
        return first.id, second.id


def test_confirmed_minutes_keep_the_register_of_their_day(tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.db"
    first, second = _edited_after_confirmation(db)
    out = tmp_path / "out"
    out.mkdir()
    for session, name in ((first, "first"), (second, "second")):
        for fmt in ("docx", "xlsx", "json"):
            target = out / f"{name}.{fmt}"
            assert (
                main(["--db", str(db), "export", session, "--format", fmt, "--out", str(target)])
                == 0
            )
    confirmed = _docx_text(out / "first.docx")
    assert "山田 恵子" in confirmed and "高齢福祉課" in confirmed
    assert "地域包括ケア推進課" not in confirmed  # edited after 第1回 was confirmed
    assert "森 早苗" in confirmed  # deleted since: still on the day's register
    assert "新井 誠" not in confirmed  # added since
    sheet = load_workbook(out / "first.xlsx")["会議体・キーパーソン"]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert "森 早苗" in cells and "地域包括ケア推進課" not in cells
    # the draft follow-up shows the register as it is now
    sheet = load_workbook(out / "second.xlsx")["会議体・キーパーソン"]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert "地域包括ケア推進課" in cells and "森 早苗" not in cells
    # and a bundle carries today's records, whichever meeting it was exported from
    bundle = json.loads((out / "first.json").read_text(encoding="utf-8"))
    names = {p["name"]: p for p in bundle["data"]["key_persons"]}
    assert "森 早苗" not in names and names["山田 恵子"]["department"] == "地域包括ケア推進課"


def test_a_record_is_rewound_field_by_field() -> None:
    at = datetime(2026, 10, 1, tzinfo=UTC)
    person = KeyPerson(
        initiative_id="i",
        name="林 大輔",
        department="危機管理課",
        left=True,
        created_at=at - timedelta(days=30),
    )

    def change(field: str, old: str | None, days: int) -> Revision:
        return Revision(
            "key_persons", person.id, field, old, (at + timedelta(days=days)).isoformat()
        )

    changes = [
        change("department", "防災安全課", 5),  # the value it had on `at`
        change("department", "総務課", 9),  # a later edit: not what it was then
        change("left", "False", 7),
        change("note", "いたずら", -3),  # before `at`: today's value stands
        change("transfer_date", "None", 8),
    ]
    then = as_of(KeyPerson, person, changes, at)
    assert then is not None
    assert (then.department, then.left, then.transfer_date) == ("防災安全課", False, None)
    assert as_of(KeyPerson, person, changes, at - timedelta(days=31)) is None  # not yet
    gone = Revision(
        "key_persons",
        person.id,
        "*",
        person.model_dump_json(),
        (at + timedelta(days=2)).isoformat(),
    )
    assert as_of(KeyPerson, None, [gone], at) == person  # deleted since
    assert as_of(KeyPerson, None, [gone], at + timedelta(days=3)) is None  # already gone
    broken = Revision(
        "key_persons", person.id, "*", "{not json", (at + timedelta(days=2)).isoformat()
    )
    assert as_of(KeyPerson, None, [broken], at) is None
