"""An initiative's data holds together: records of another initiative, actions of a
missing session, key persons of a missing session and reviews of a missing action or
session are refused (a hand-edited or mixed-up bundle must not be imported)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from workshop.domain.bundle import InitiativeData, SessionData
from workshop.domain.enums import ActionStatus
from workshop.domain.records import ActionItem, ActionReview, Initiative, KeyPerson, Session


def _parts():
    ini = Initiative(name="見守りの取組")
    s1 = Session(initiative_id=ini.id, title="第1回", date=date(2026, 11, 22))
    s2 = Session(initiative_id=ini.id, title="第2回", date=date(2026, 12, 21))
    action = ActionItem(initiative_id=ini.id, session_id=s1.id, what="名簿を突き合わせる")
    person = KeyPerson(initiative_id=ini.id, session_id=s1.id, name="山田 恵子")
    review = ActionReview(action_id=action.id, session_id=s2.id, status=ActionStatus.IN_PROGRESS)
    return ini, s1, s2, action, person, review


def _data(ini, sessions, **kw) -> InitiativeData:
    return InitiativeData(initiative=ini, sessions=[SessionData(session=s) for s in sessions], **kw)


def test_consistent_data_is_accepted() -> None:
    ini, s1, s2, action, person, review = _parts()
    data = _data(ini, [s1, s2], actions=[action], key_persons=[person], reviews=[review])
    assert [s.session.title for s in data.ordered_sessions()] == ["第1回", "第2回"]
    # a key person not tied to a session is fine
    _data(ini, [s1], key_persons=[person.model_copy(update={"session_id": None})])


def _refused(make, record_id: str) -> None:
    with pytest.raises(ValidationError) as info:
        make()
    assert record_id in str(info.value)


def test_a_session_of_another_initiative_is_refused() -> None:
    ini, s1, _, _, _, _ = _parts()
    stranger = Session(initiative_id=Initiative(name="別の取組").id, title="よその会議")
    _refused(lambda: _data(ini, [s1, stranger]), stranger.id)


def test_an_action_of_another_initiative_is_refused() -> None:
    ini, s1, _, action, _, _ = _parts()
    foreign = action.model_copy(update={"initiative_id": "other-initiative"})
    _refused(lambda: _data(ini, [s1], actions=[foreign]), foreign.id)


def test_an_action_of_a_missing_session_is_refused() -> None:
    ini, s1, s2, action, _, _ = _parts()
    orphan = action.model_copy(update={"session_id": s2.id})
    _refused(lambda: _data(ini, [s1], actions=[orphan]), orphan.id)


def test_a_key_person_of_another_initiative_is_refused() -> None:
    ini, s1, _, _, person, _ = _parts()
    foreign = person.model_copy(update={"initiative_id": "other-initiative"})
    _refused(lambda: _data(ini, [s1], key_persons=[foreign]), foreign.id)


def test_a_key_person_of_a_missing_session_is_refused() -> None:
    ini, s1, s2, _, person, _ = _parts()
    orphan = person.model_copy(update={"session_id": s2.id})
    _refused(lambda: _data(ini, [s1], key_persons=[orphan]), orphan.id)


def test_a_review_of_a_missing_action_is_refused() -> None:
    ini, s1, s2, _, _, review = _parts()
    _refused(lambda: _data(ini, [s1, s2], reviews=[review]), review.id)  # action left out


def test_a_review_in_a_missing_session_is_refused() -> None:
    ini, s1, _, action, _, review = _parts()
    _refused(lambda: _data(ini, [s1], actions=[action], reviews=[review]), review.id)


def test_a_bundle_file_with_a_foreign_record_is_refused_on_import(tmp_path, capsys) -> None:
    """The same rule guards `workshop import`: one line of error, nothing stored."""
    import json

    from workshop import cli
    from workshop.domain.bundle import Bundle
    from workshop.store import Store

    ini, s1, s2, action, _, review = _parts()
    good = Bundle(data=_data(ini, [s1, s2], actions=[action], reviews=[review]))
    raw = json.loads(good.to_json())
    raw["data"]["actions"][0]["initiative_id"] = "other-initiative"
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "w.db"
    assert cli.main(["--db", str(db), "import", str(path)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    with Store(db) as store:
        assert store.sessions() == []
