"""Closed vocabularies of the session records. Values are stable English keys; the
labels shown to people live in the i18n catalog (UI) and are Japanese in exports."""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    PREP = "prep"
    REVIEW = "review"  # follow-up sessions only: what happened since last time
    VISION = "vision"
    STRENGTHS = "strengths"
    RESOURCES = "resources"
    MECHANISM = "mechanism"
    SUMMARY = "summary"

    @property
    def point(self) -> int | None:
        """Which of the guide's four points the step is (1-4), if any."""
        return {"vision": 1, "strengths": 2, "resources": 3, "mechanism": 4}.get(self.value)


STEP_ORDER: tuple[Step, ...] = tuple(Step)
INITIAL_STEPS: tuple[Step, ...] = tuple(s for s in Step if s is not Step.REVIEW)


def steps_for(kind: SessionKind) -> tuple[Step, ...]:
    """The steps a session of this kind walks through, in order."""
    return STEP_ORDER if kind is SessionKind.FOLLOWUP else INITIAL_STEPS


class SessionKind(StrEnum):
    INITIAL = "initial"
    FOLLOWUP = "followup"


class SessionStatus(StrEnum):
    DRAFT = "draft"  # minutes say 「案」
    FINAL = "final"  # 確定


class Side(StrEnum):
    INTERNAL = "internal"  # 庁内
    EXTERNAL = "external"  # 庁外


class Role(StrEnum):
    FLAG_BEARER = "flag_bearer"
    FOLLOWER = "follower"
    SECRETARIAT = "secretariat"
    RECORDER = "recorder"
    BALANCER = "balancer"
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"  # 未着手
    IN_PROGRESS = "in_progress"  # 進行中
    DONE = "done"  # 完了
    ON_HOLD = "on_hold"  # 保留
    CANCELLED = "cancelled"  # 中止

    @property
    def is_open(self) -> bool:
        return self in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.ON_HOLD)


class ResourceKind(StrEnum):
    COUNCIL = "council"  # 会議体
    NETWORK = "network"  # ネットワーク
    FACILITY = "facility"  # 施設
    SCHEME = "scheme"  # 制度・補助金
    PROGRAMME = "programme"  # 事業
    DATA = "data"  # データ
    PEOPLE = "people"  # 人材


class Capital(StrEnum):
    """ヒト・モノ・カネ・情報: the four angles the report uses to take stock of resources."""

    PEOPLE = "people"
    THINGS = "things"
    MONEY = "money"
    INFORMATION = "information"


class Disposition(StrEnum):
    REUSE = "reuse"  # そのまま活用
    MERGE = "merge"  # 統合・相乗り
    NEW = "new"  # 新設


class SecretariatMode(StrEnum):
    SINGLE = "single"  # 単独
    JOINT = "joint"  # 共同
    ROTATING = "rotating"  # 持ち回り


class HolidayRule(StrEnum):
    """What a regular meeting does when its date falls on a day the office is closed
    (a national holiday or 12/29-1/3)."""

    NEXT_WORKING_DAY = "next_working_day"  # 翌開庁日に開く
    SKIP = "skip"  # 休会


class AnchorKind(StrEnum):
    NONE = "none"
    YOUKOU = "youkou"  # 設置要綱
    COMMISSION_SPEC = "commission_spec"  # 委託仕様
    EXISTING_COUNCIL = "existing_council"  # 既存協議会への位置づけ
    INTERNAL_PT = "internal_pt"  # 庁内PT


class Cadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    BIMONTHLY = "bimonthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        """Months between meetings (0 for the weekly cadences)."""
        return {
            "monthly": 1,
            "bimonthly": 2,
            "quarterly": 3,
            "half_yearly": 6,
            "yearly": 12,
        }.get(self.value, 0)

    @property
    def weeks(self) -> int:
        return {"weekly": 1, "biweekly": 2}.get(self.value, 0)


class PartnerClass(StrEnum):
    """The survey asks about barriers separately for the two kinds of partner."""

    MCW = "mcw"  # 医療・介護・福祉分野の部課室
    OTHER = "other"  # それ以外の部課室


class StatementKind(StrEnum):
    VISION = "vision"  # 将来像
    PRINCIPLE = "principle"  # 基本理念 (at most three)
    GOAL = "goal"  # 目的・目標


UNKNOWN_STAGE = 6
"""Stage answer 「わからない」, numbered as in the survey's form."""
