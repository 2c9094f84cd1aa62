"""Domain models and pure rules."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from pydantic import ValidationError

from workshop.domain.base import MAX_TEXT
from workshop.domain.enums import ActionStatus, Cadence, SecretariatMode, Step
from workshop.domain.followup import (
    CARRY_FLAG_AT,
    action_state,
    decisions_due,
    open_for_review,
    rotation,
)
from workshop.domain.meeting_calendar import add_months, meeting_dates
from workshop.domain.records import (
    ActionItem,
    ActionReview,
    Attendee,
    Card,
    Decision,
    KeyPerson,
    Mechanism,
    Resource,
    Session,
)
from workshop.domain.reference import Source, Theme
from workshop.domain.rules import (
    action_concentration,
    action_problems,
    council_overlaps,
    department_profiles,
    detect_themes,
    find_complements,
    find_overlaps,
    key_person_warnings,
    mechanism_warnings,
)
from workshop.domain.wareki import meeting_datetime, wareki, wareki_with_seireki
from workshop.i18n import validation_messages

SRC = [Source(doc="guide2024", lines=(1, 1))]
THEMES = [
    Theme(key="mobility", label="移動支援", keywords=["移動", "交通", "バス"], sources=SRC),
    Theme(key="shopping", label="買い物支援", keywords=["買い物", "移動販売"], sources=SRC),
    Theme(key="disaster", label="防災", keywords=["防災", "避難"], sources=SRC),
]


def card(dept: str, prompt: str, text: str, **kw) -> Card:
    return Card(
        session_id="s", step=Step.STRENGTHS, prompt=prompt, text=text, department=dept, **kw
    )


class TestText:
    def test_markup_is_kept_literally_and_controls_dropped(self) -> None:
        c = Card(session_id="s", step=Step.VISION, text="[bold]強調[/]\x00\x07 😀\r\n次")
        assert c.text == "[bold]強調[/] 😀\n次"

    def test_empty_and_blank_text_is_refused_with_a_japanese_message(self) -> None:
        with pytest.raises(ValidationError) as e:
            Card(session_id="s", step=Step.VISION, text="   \n ")
        assert validation_messages(e.value.errors(), "ja") == ["内容: 入力してください。"]
        assert validation_messages(e.value.errors(), "en") == ["Text: Please fill this in."]

    def test_huge_text_is_kept_and_beyond_the_limit_refused(self) -> None:
        assert len(Card(session_id="s", step=Step.VISION, text="あ" * 100_000).text) == 100_000
        with pytest.raises(ValidationError) as e:
            Card(session_id="s", step=Step.VISION, text="x" * (MAX_TEXT + 1))
        assert "長すぎます" in validation_messages(e.value.errors(), "ja")[0]

    def test_one_line_fields_fold_newlines_and_labels_drop_duplicates(self) -> None:
        a = Attendee(session_id="s", name=" 山田\n太郎 ", department="交通政策課")
        assert a.name == "山田 太郎"
        s = Session(initiative_id="i", title="第1回", themes=["防災", "", "防災", " 交通 "])
        assert s.themes == ["防災", "交通"]

    def test_end_before_start_is_refused(self) -> None:
        with pytest.raises(ValidationError) as e:
            Session(initiative_id="i", title="x", start_time=time(16), end_time=time(14))
        assert "終了時刻" in validation_messages(e.value.errors(), "ja")[0]

    def test_every_record_has_uuid_and_timestamps(self) -> None:
        a, b = Decision(session_id="s", text="a"), Decision(session_id="s", text="b")
        assert a.id != b.id and len(a.id) == 36
        assert a.created_at.tzinfo is not None and a.updated_at >= a.created_at


class TestFindings:
    def test_overlap_needs_two_departments_on_one_theme(self) -> None:
        cards = [
            card("高齢福祉課", "strengths.current", "買い物が難しい高齢者の移動支援"),
            card("交通政策課", "strengths.current", "デマンドバスの運行"),
            card("防災課", "strengths.current", "避難訓練"),
        ]
        overlaps = find_overlaps(cards, THEMES)
        assert [(o.theme, o.departments) for o in overlaps] == [
            ("mobility", ("高齢福祉課", "交通政策課"))
        ]
        assert overlaps[0].key == "overlap:mobility"

    def test_deleted_cards_and_other_headings_do_not_count(self) -> None:
        cards = [
            card("高齢福祉課", "strengths.current", "移動支援"),
            card("交通政策課", "strengths.current", "バス", deleted=True),
            card("交通政策課", "strengths.needs", "バスの利用者を増やしたい"),
        ]
        assert find_overlaps(cards, THEMES) == []

    def test_complement_pairs_a_need_with_another_departments_offer(self) -> None:
        need = card("商工観光課", "strengths.needs", "外出が難しい高齢者の情報がほしい")
        offer = card("高齢福祉課", "strengths.offers", "見守りで把握した高齢者の情報")
        own = card("商工観光課", "strengths.offers", "高齢者向けの情報誌")
        pairs = find_complements([need, offer, own], THEMES)
        # Same department never pairs with itself; shared wording (高齢者, 情報) pairs the others
        assert all(p.needing != p.offering for p in pairs)
        assert [(p.needing, p.offering) for p in pairs] == [("商工観光課", "高齢福祉課")]

    def test_complement_by_theme(self) -> None:
        need = card("防災課", "strengths.needs", "避難に支援が要る人を知りたい")
        offer = card("地域包括支援センター", "strengths.offers", "防災訓練に協力できる")
        pairs = find_complements([need, offer], THEMES)
        assert pairs[0].themes == ("disaster",)

    def test_profiles_group_cards_by_department_and_heading(self) -> None:
        cards = [
            card("交通政策課", "strengths.strengths", "路線の知識"),
            card("交通政策課", "strengths.needs", "利用者の声"),
            card("高齢福祉課", "strengths.offers", "見守り"),
        ]
        profiles = department_profiles(cards)
        assert list(profiles) == ["交通政策課", "高齢福祉課"]
        assert [c.text for c in profiles["交通政策課"]["strengths.needs"]] == ["利用者の声"]

    def test_detect_themes_by_keyword_label_and_key(self) -> None:
        assert detect_themes("デマンド交通", THEMES) == ["mobility"]
        assert detect_themes("mobility", THEMES) == ["mobility"]
        assert detect_themes("まったく関係ない", THEMES) == []

    def test_councils_with_shared_members_are_flagged(self) -> None:
        a = Resource(session_id="s", name="協議体", kind="council", members=["社協", "包括", "町"])
        b = Resource(session_id="s", name="地域ケア会議", kind="council", members=["社協", "包括"])
        c = Resource(session_id="s", name="防災会議", kind="council", members=["消防"])
        found = council_overlaps([a, b, c], THEMES)
        assert [(o.first, o.second, o.shared_members) for o in found] == [
            (a.id, b.id, ("社協", "包括"))
        ]


class TestChecks:
    def test_action_completeness(self) -> None:
        a = ActionItem(initiative_id="i", session_id="s", what="時刻表を配る")
        assert action_problems(a) == ["no_owner_department", "no_due"]
        b = a.touched(owner_department="交通政策課", due=date(2026, 12, 1))
        assert action_problems(b) == []

    def test_key_person_without_deputy_or_transferring(self) -> None:
        people = [
            KeyPerson(initiative_id="i", name="田中", deputy_name=""),
            KeyPerson(
                initiative_id="i", name="佐藤", deputy_name="鈴木", transfer_date=date(2027, 1, 1)
            ),
            KeyPerson(initiative_id="i", name="高橋", deputy_name="伊藤", left=True),
        ]
        codes = [(w.code, w.subject) for w in key_person_warnings(people, date(2026, 11, 22))]
        assert codes == [("no_deputy", "田中"), ("transfer_soon", "佐藤"), ("left", "高橋")]

    def test_one_person_owning_most_actions(self) -> None:
        items = [
            ActionItem(initiative_id="i", session_id="s", what=str(n), owner_person=p)
            for n, p in enumerate(["田中", "田中", "田中", "鈴木"])
        ]
        assert [w.subject for w in action_concentration(items)] == ["田中"]
        assert action_concentration(items[:2]) == []

    def test_mechanism_warnings(self) -> None:
        m = Mechanism(session_id="s", name="連携会議")
        assert {w.code for w in mechanism_warnings(m)} == {
            "no_secretariat",
            "no_anchor",
            "no_review_date",
            "few_members",
        }


class TestFollowUp:
    def _action(self, **kw) -> ActionItem:
        return ActionItem(initiative_id="i", session_id="s1", what="チラシ", **kw)

    def test_carry_over_counts_reviews_left_open_and_flags_at_three(self) -> None:
        a = self._action(due=date(2026, 10, 1))
        reviews = [
            ActionReview(action_id=a.id, session_id=f"s{n}", status=ActionStatus.IN_PROGRESS)
            for n in range(2, 2 + CARRY_FLAG_AT)
        ]
        state = action_state(a, reviews[:2])
        assert (state.carried, state.flagged) == (2, False)
        state = action_state(a, reviews)
        assert (state.carried, state.flagged) == (3, True)

    def test_two_reviews_in_one_session_count_as_one_carry_over(self) -> None:
        a = self._action()
        first = ActionReview(action_id=a.id, session_id="s2", status="in_progress")
        revised = ActionReview(
            action_id=a.id,
            session_id="s2",
            status="on_hold",
            created_at=first.created_at + timedelta(minutes=5),
        )
        assert action_state(a, [first, revised]).carried == 1
        closed = revised.touched(status="done")
        assert (
            action_state(
                a, [first, closed.model_copy(update={"created_at": revised.created_at})]
            ).carried
            == 0
        )

    def test_review_applies_new_due_and_hand_over_and_closing(self) -> None:
        a = self._action(owner_department="高齢福祉課")
        r1 = ActionReview(
            action_id=a.id,
            session_id="s2",
            status="in_progress",
            new_due=date(2027, 1, 10),
            handed_over_to="商工観光課",
        )
        r2 = ActionReview(
            action_id=a.id,
            session_id="s3",
            status="done",
            comment="完了",
            created_at=r1.created_at + timedelta(days=30),
        )
        state = action_state(a, [r2, r1])
        assert state.due == date(2027, 1, 10)
        assert state.owner_department == "商工観光課"
        assert state.status is ActionStatus.DONE and not state.is_open
        assert state.handed_over and state.last_comment == "完了"

    def test_open_for_review_skips_own_and_closed_items(self) -> None:
        old = self._action()
        closed = self._action(status="done")
        mine = ActionItem(initiative_id="i", session_id="s2", what="新規")
        states = open_for_review([old, closed, mine], [], "s2")
        assert [s.action.id for s in states] == [old.id]

    def test_decisions_whose_review_date_has_come(self) -> None:
        due = Decision(session_id="s", text="a", review_date=date(2026, 11, 1))
        later = Decision(session_id="s", text="b", review_date=date(2027, 3, 1))
        assert decisions_due([due, later], date(2026, 11, 22)) == [due]

    def test_fifth_weekday_falls_back_to_the_last(self) -> None:
        # 2026-12-30 is the fifth Wednesday; January 2027 has only four
        assert meeting_dates(Cadence.MONTHLY, date(2026, 12, 30), 2, by_weekday=True) == [
            date(2026, 12, 30),
            date(2027, 1, 27),
        ]

    def test_month_arithmetic_clamps_to_month_end(self) -> None:
        assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
        assert meeting_dates(Cadence.QUARTERLY, date(2026, 4, 15), 3) == [
            date(2026, 4, 15),
            date(2026, 7, 15),
            date(2026, 10, 15),
        ]
        assert meeting_dates(Cadence.BIWEEKLY, date(2026, 11, 2), 2, after=date(2026, 11, 3)) == [
            date(2026, 11, 16),
            date(2026, 11, 30),
        ]

    def test_rotation_of_secretariat_and_recorder_with_minutes_due(self) -> None:
        m = Mechanism(
            session_id="s",
            name="会議",
            cadence="monthly",
            first_date=date(2026, 10, 21),
            members=["高齢福祉課", "交通政策課", "商工観光課"],
            secretariat_mode=SecretariatMode.ROTATING,
            secretariat=["高齢福祉課", "交通政策課"],
        )
        plan = rotation(m, 4)
        # 2026-10-21 is the third Wednesday: the meeting stays on 第3水曜
        assert [(p.number, p.date, p.secretariat, p.recorder) for p in plan] == [
            # the secretariat never takes the minutes too: the recorder swaps turns
            (1, date(2026, 10, 21), "高齢福祉課", "交通政策課"),
            (2, date(2026, 11, 18), "交通政策課", "高齢福祉課"),
            (3, date(2026, 12, 16), "高齢福祉課", "商工観光課"),
            (4, date(2027, 1, 20), "交通政策課", "高齢福祉課"),
        ]
        assert all(p.date.weekday() == 2 for p in plan)
        assert plan[0].minutes_due == date(2026, 10, 28)
        same_day = rotation(m.touched(by_weekday=False), 2)
        assert [p.date for p in same_day] == [date(2026, 10, 21), date(2026, 11, 21)]
        # Looking later keeps the same turns
        later = rotation(m, 2, after=date(2026, 12, 1))
        assert [(p.number, p.secretariat) for p in later] == [(3, "高齢福祉課"), (4, "交通政策課")]

    def test_single_secretariat_stays(self) -> None:
        m = Mechanism(
            session_id="s",
            name="会議",
            first_date=date(2026, 10, 21),
            secretariat=["高齢福祉課"],
            recorder_rotation=False,
            members=["A", "B"],
        )
        assert {p.secretariat for p in rotation(m, 3)} == {"高齢福祉課"}
        assert {p.recorder for p in rotation(m, 3)} == {"A"}


class TestWareki:
    def test_reiwa_with_weekday_and_times(self) -> None:
        assert meeting_datetime(date(2026, 11, 22), time(14), time(16)) == (
            "令和8年11月22日（日）14:00～16:00"
        )

    def test_first_year_is_gannen_and_heisei_before(self) -> None:
        assert wareki(date(2019, 5, 1)) == "令和元年5月1日（水）"
        assert wareki(date(2019, 4, 30), weekday=False) == "平成31年4月30日"
        assert wareki_with_seireki(date(2026, 11, 22)) == "令和8年（2026年）11月22日（日）"
