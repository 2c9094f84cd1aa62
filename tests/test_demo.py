"""The demo workshop (seed/demo.toml → workshop.demo): content, determinism, install."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from workshop.demo import DemoError, demo_bundle, install_demo
from workshop.demo_build import Clock, InitiativeBuild, SessionBuild, build_cards, check_keys
from workshop.domain.bundle import Bundle, SessionData
from workshop.domain.enums import ActionStatus, PartnerClass, Side, Step
from workshop.domain.records import PROFILE_HEADINGS, Card, Initiative
from workshop.domain.reference import Theme, Themes, Vocab
from workshop.domain.reference_survey import Remedies, Survey
from workshop.domain.rules import (
    action_problems,
    department_profiles,
    find_complements,
    find_overlaps,
    key_person_warnings,
    mechanism_warnings,
)
from workshop.reference import read_seed
from workshop.store.repo import Store


@cache
def bundle() -> Bundle:
    return demo_bundle()


@cache
def themes() -> list[Theme]:
    return Themes.model_validate(read_seed("themes.toml")).themes


def first() -> SessionData:
    return bundle().data.sessions[0]


def second() -> SessionData:
    return bundle().data.sessions[1]


# --- shape -------------------------------------------------------------------------------


def test_bundle_validates_and_round_trips() -> None:
    b = bundle()
    again = Bundle.model_validate_json(b.to_json())
    assert again == b
    assert [s.session.kind.value for s in b.data.sessions] == ["initial", "followup"]
    assert b.data.sessions[0].session.status.value == "final"
    assert b.data.sessions[1].session.status.value == "draft"


def test_ids_are_unique() -> None:
    data = bundle().data
    ids = [data.initiative.id, *(r.id for r in [*data.key_persons, *data.actions])]
    ids += [r.id for r in data.reviews]
    for s in data.sessions:
        ids.append(s.session.id)
        for name in SessionData.model_fields:
            value = getattr(s, name)
            if isinstance(value, list):
                ids += [r.id for r in value]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates


def test_first_session_attendees() -> None:
    people = first().attendees
    assert len(people) >= 10
    internal = {a.department for a in people if a.side is Side.INTERNAL}
    external = {a.department for a in people if a.side is Side.EXTERNAL}
    assert len(internal) >= 5
    assert len(external) >= 2
    kinds = {a.outside_kind for a in people if a.side is Side.EXTERNAL}
    assert {"shakyo", "houkatsu"} <= kinds
    session = first().session
    assert session.facilitator and session.recorder
    assert set(session.timeboxes) >= {Step.PREP, Step.VISION, Step.SUMMARY}


def test_vocabulary_keys_resolve() -> None:
    vocab = Vocab.model_validate(read_seed("vocab.toml"))
    survey = Survey.model_validate(read_seed("survey.toml"))
    outside = {v.key for v in vocab.outside_bodies}
    dept_types = {d.key for d in survey.department_types}
    for s in bundle().data.sessions:
        for a in s.attendees:
            assert a.outside_kind is None or a.outside_kind in outside
            assert a.department_type is None or a.department_type in dept_types
    patterns = {p.key for p in survey.org_patterns}
    assert all(m.org_pattern in patterns for m in first().mechanisms)
    schemes = {s["id"] for s in read_seed("schemes.toml")["schemes"]}
    assert all(r.scheme_id in schemes for r in first().resources if r.scheme_id)


# --- content of the steps ----------------------------------------------------------------


def test_cards_in_every_step() -> None:
    steps = {c.step for c in first().cards}
    assert steps >= {
        Step.PREP,
        Step.VISION,
        Step.STRENGTHS,
        Step.RESOURCES,
        Step.MECHANISM,
        Step.SUMMARY,
    }
    prompts = Counter(c.prompt for c in first().cards)
    for prompt in ("vision.town", "vision.residents", "vision.we_can"):
        assert prompts[prompt] >= 3
    assert any(c.votes for c in first().cards if c.step is Step.VISION)
    review = {c.prompt for c in second().cards if c.step is Step.REVIEW}
    assert review == {"review.went_well", "review.stuck"}


def test_five_departments_fill_all_six_prompts() -> None:
    profiles = department_profiles(first().cards)
    full = [d for d, row in profiles.items() if all(row[h] for h in PROFILE_HEADINGS)]
    assert len(full) >= 5
    assert "" not in profiles


def test_overlaps_and_complements_are_found_and_accepted() -> None:
    cards = first().cards
    overlaps = find_overlaps(cards, themes())
    complements = find_complements(cards, themes())
    assert len(overlaps) >= 1
    assert len(complements) >= 2
    origins = {d.origin for d in first().decisions}
    assert origins & {o.key for o in overlaps}
    assert origins & {c.key for c in complements}


def test_statements() -> None:
    kinds = Counter(s.kind.value for s in first().statements)
    assert kinds["vision"] == 1
    assert kinds["principle"] == 3
    assert 2 <= kinds["goal"] <= 3
    card_ids = {c.id for c in first().cards}
    linked = [s for s in first().statements if s.source_card_id]
    assert linked and all(s.source_card_id in card_ids for s in linked)


def test_resources_mechanism_and_key_persons() -> None:
    resources = first().resources
    assert 5 <= len(resources) <= 8
    assert len({r.kind for r in resources}) >= 5
    assert all(r.capitals and r.leverage for r in resources)
    (mechanism,) = first().mechanisms
    assert mechanism_warnings(mechanism) == []
    assert mechanism.secretariat_mode.value == "rotating" and len(mechanism.secretariat) >= 2
    people = bundle().data.key_persons
    assert 4 <= len(people) <= 5
    codes = Counter(w.code for w in key_person_warnings(people))
    assert codes["no_deputy"] == 1
    assert any(p.transfer_date for p in people)


def test_actions() -> None:
    actions = bundle().data.actions
    first_actions = [a for a in actions if a.session_id == first().session.id]
    assert len(first_actions) >= 6
    assert all(a.owner_department and a.owner_person and a.done_definition for a in actions)
    missing_due = [a for a in first_actions if "no_due" in action_problems(a)]
    assert len(missing_due) == 1
    assert len([a for a in actions if a.session_id == second().session.id]) == 2


def test_follow_up_reviews() -> None:
    reviews = bundle().data.reviews
    first_actions = {a.id for a in bundle().data.actions if a.session_id == first().session.id}
    assert all(r.action_id in first_actions for r in reviews)
    assert all(r.session_id == second().session.id for r in reviews)
    assert any(r.status is ActionStatus.DONE for r in reviews)
    assert any(r.status is ActionStatus.IN_PROGRESS and r.new_due for r in reviews)
    assert any(r.handed_over_to for r in reviews)
    assert any(r.status is ActionStatus.ON_HOLD for r in reviews)
    assert second().decisions and second().stage_answers


def test_follow_up_has_a_newcomer_and_returners() -> None:
    before = {a.name for a in first().attendees}
    after = {a.name for a in second().attendees}
    assert before & after
    assert after - before


def test_stage_answers_disagree() -> None:
    answers = [a for a in first().stage_answers if a.attendee_id]
    assert len({a.current for a in answers}) >= 2
    assert len({a.target for a in answers}) >= 2
    assert any(a.attendee_id is None for a in first().stage_answers)
    attendees = {a.id for a in first().attendees}
    assert all(a.attendee_id in attendees for a in answers)


def test_barrier_ticks_name_real_remedies() -> None:
    ticks = first().barrier_ticks
    assert {t.partner for t in ticks} == {PartnerClass.MCW, PartnerClass.OTHER}
    remedies = {
        r.id: r.barrier for r in Remedies.model_validate(read_seed("remedies.toml")).remedies
    }
    chosen = [(t.barrier, r) for t in ticks for r in t.remedies]
    assert chosen
    assert all(remedies.get(r) == barrier for barrier, r in chosen)


def test_cards_name_their_author_and_department() -> None:
    for s in bundle().data.sessions:
        attendees = {a.id: a for a in s.attendees}
        for card in s.cards:
            assert card.author_id in attendees
            assert card.department == attendees[card.author_id].department


# --- determinism ------------------------------------------------------------------------------


def test_two_builds_are_identical() -> None:
    assert demo_bundle().model_dump(mode="json") == demo_bundle().model_dump(mode="json")


def test_created_at_follows_file_order() -> None:
    data = bundle().data
    assert data.initiative.created_at <= data.sessions[0].session.created_at
    for s in data.sessions:
        cards = s.cards
        assert sorted(cards, key=lambda c: c.created_at) == cards
        assert [c.position for c in cards] == list(range(len(cards)))
        assert all(c.created_at.date() == s.session.date for c in cards)
    assert data.sessions[0].session.created_at < data.sessions[1].session.created_at


def test_install_twice_changes_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "d.db") as store:
        first_install = store.import_bundle(demo_bundle())
        assert first_install.inserted > 100
        again = store.import_bundle(demo_bundle())
        assert (again.inserted, again.updated) == (0, 0)
        initiative_id = install_demo(store)
        assert initiative_id == bundle().data.initiative.id
        assert store.integrity_problems() == []
        stored = store.initiative_data(initiative_id)
        assert len(stored.sessions) == 2
        assert len(stored.actions) == len(bundle().data.actions)
        assert {c.id for c in stored.sessions[0].cards} == {c.id for c in first().cards}


# --- fiction --------------------------------------------------------------------------------


def test_town_is_not_a_case_library_municipality() -> None:
    initiative = bundle().data.initiative
    assert "架空" in initiative.municipality
    town = initiative.municipality.split()[-1]
    try:
        cases = read_seed("cases.toml").get("cases", [])
    except FileNotFoundError:
        pytest.skip("no case library yet")
    names = {c["municipality"] for c in cases}
    assert names
    assert all(town not in name and name not in town for name in names)


# --- the loader's checks --------------------------------------------------------------------


def test_unknown_key_is_refused() -> None:
    with pytest.raises(DemoError, match="autor"):
        check_keys(Card, {"prompt": "vision.town", "text": "x", "autor": "yamada"}, "here")


def test_unknown_handle_is_refused() -> None:
    owner = InitiativeBuild(handle="t", initiative=Initiative(name="t"))
    sb = SessionBuild(owner=owner, handle="s", clock=Clock(datetime(2026, 1, 1, tzinfo=UTC)))
    with pytest.raises(DemoError, match="nobody"):
        build_cards(sb, [{"prompt": "vision.town", "text": "x", "author": "nobody"}])
