"""The records a session produces (DESIGN section 2)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from workshop.domain.approval import ApprovalEvent
from workshop.domain.base import (
    Day,
    Key,
    Labels,
    Line,
    Record,
    RecordId,
    RequiredLine,
    RequiredText,
    SqlInt,
    Text,
)
from workshop.domain.enums import (
    UNKNOWN_STAGE,
    ActionStatus,
    AnchorKind,
    Cadence,
    Capital,
    Disposition,
    HolidayRule,
    PartnerClass,
    ResourceKind,
    Role,
    SecretariatMode,
    SessionKind,
    SessionStatus,
    Side,
    StatementKind,
    Step,
)
from workshop.domain.municipality import MunicipalityCode

MAX_PRINCIPLES = 3

PROFILE_HEADINGS: tuple[str, ...] = (
    "strengths.strengths",
    "strengths.current",
    "strengths.touchpoints",
    "strengths.offers",
    "strengths.needs",
    "strengths.merit",
)
"""The prompts of step 2; a department's profile is its cards under these headings."""


class Initiative(Record):
    """取組: a collaboration that lives over several sessions."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("name", "description")

    name: RequiredLine
    municipality: Line = ""
    municipality_code: MunicipalityCode = ""
    """全国地方公共団体コード of the municipality (check digit verified); "" when not set."""
    population: int | None = Field(default=None, ge=0, le=50_000_000)
    ageing_rate: float | None = Field(default=None, ge=0, le=100)
    description: Text = ""
    care_cert_rate_adjusted: float | None = Field(default=None, ge=0, le=100)
    """調整済認定率 (%): makes a case with a similar rate a closer peer."""


class Session(Record):
    """会議: one sitting of the team, walked through the steps."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("title", "place", "next_meeting_note")

    initiative_id: RecordId
    title: RequiredLine
    kind: SessionKind = SessionKind.INITIAL
    date: Day | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: Line = ""
    facilitator: Line = ""
    recorder: Line = ""
    themes: Labels = []
    timeboxes: dict[Step, int] = {}
    """Minutes planned per step."""
    timer_elapsed: dict[Step, SqlInt] = {}
    """Seconds already spent per step (kept so a restart resumes the clock)."""
    expected_merits: list[Key] = []
    """Merits of collaboration the team expects (vocab merits keys), picked in ①."""
    entry_pattern: Key | None = None
    """The collaboration pattern the team follows (vocab entry_patterns key), picked in ②."""
    current_step: Step = Step.PREP
    reached_step: Step = Step.PREP
    """The furthest step the session has been to ("how far it got")."""
    status: SessionStatus = SessionStatus.DRAFT
    private: bool = False
    """非公開 session: its public minutes say only that it was held in closed session."""
    next_meeting_date: Day | None = None
    next_meeting_time: dt.time | None = None
    next_meeting_place: Line = ""
    next_meeting_note: Text = ""
    approval_log: list[ApprovalEvent] = []
    """確定 and reopenings as 案, oldest first: when and by whom."""

    @model_validator(mode="after")
    def _followups_open_on_review(self) -> Session:
        """A follow-up session starts with the review of what happened since last time.
        (An after-validator: a before-validator would turn a strict JSON validation of a
        bundle into a Python one, where dates written as text are refused.)"""
        if self.kind == SessionKind.FOLLOWUP:
            for name in ("current_step", "reached_step"):
                if name not in self.model_fields_set:
                    self.__dict__[name] = Step.REVIEW
                    self.__pydantic_fields_set__.add(name)
        return self

    @field_validator("timeboxes")
    @classmethod
    def _timeboxes(cls, v: dict[Step, int]) -> dict[Step, int]:
        for minutes in v.values():
            if not 0 <= minutes <= 600:
                raise PydanticCustomError(
                    "ws_timebox",
                    "a timebox is between 0 and 600 minutes ({value})",
                    {"value": minutes},
                )
        return v

    @model_validator(mode="after")
    def _times(self) -> Session:
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise PydanticCustomError("ws_end_before_start", "the end time is before the start")
        return self


def session_order(s: Session) -> tuple[dt.date, dt.datetime]:
    """Sort key of an initiative's sessions, oldest first: by date (an undated one by
    the day it was made), then by creation. 第n回 is the place in this order."""
    return (s.date or s.created_at.date(), s.created_at)


class Attendee(Record):
    """出席者."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("name", "department", "title")

    session_id: RecordId
    name: RequiredLine
    department: Line = ""
    """所属 as typed or picked (e.g. 交通政策課, 社会福祉協議会)."""
    department_type: Key | None = None
    """Survey department type key when the 所属 was picked from the list."""
    side: Side = Side.INTERNAL
    outside_kind: Key | None = None
    """Kind of outside body (vocab.outside_bodies) for 庁外 attendees."""
    roles: list[Role] = []
    title: Line = ""
    """役職 (課長, 係長 …)."""
    position: SqlInt = 0

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, v: list[Role]) -> list[Role]:
        return list(dict.fromkeys(v))


class Card(Record):
    """One idea captured on the wall: a line typed while people talk."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("text",)

    session_id: RecordId
    step: Step
    prompt: Key = ""
    """Key of the prompt the card answers (e.g. vision.town, strengths.needs)."""
    text: RequiredText
    author_id: RecordId | None = None
    department: Line = ""
    votes: int = Field(default=0, ge=0, le=999)
    private: bool = False
    """非公開: left out of the public version of the minutes."""
    tags: Labels = []
    position: SqlInt = 0
    deleted: bool = False


class Statement(Record):
    """将来像, 基本理念 or 目的: what the team agreed in step 1."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("text",)

    session_id: RecordId
    kind: StatementKind
    text: RequiredText
    position: SqlInt = 0
    source_card_id: RecordId | None = None


class Resource(Record):
    """An existing body, network, facility, scheme, programme, data set or person."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("name", "leverage", "purpose", "note")

    session_id: RecordId
    name: RequiredLine
    kind: ResourceKind = ResourceKind.PROGRAMME
    owner: Line = ""
    capitals: list[Capital] = []
    leverage: Text = ""
    disposition: Disposition = Disposition.REUSE
    purpose: Text = ""
    members: Labels = []
    """For councils and networks: member departments or bodies (used to flag overlaps)."""
    frequency: Line = ""
    scheme_id: Key | None = None
    note: Text = ""
    position: SqlInt = 0


class Mechanism(Record):
    """The regular meeting and its formal anchor (step 4)."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("name", "reports_to", "anchor_detail", "note")

    session_id: RecordId
    name: RequiredLine
    cadence: Cadence = Cadence.MONTHLY
    first_date: Day | None = None
    by_weekday: bool = True
    """Monthly and longer cadences: repeat on the same weekday of the month as the first
    meeting (第3水曜) rather than the same day number, as offices schedule meetings."""
    start_time: dt.time | None = None
    duration_minutes: int = Field(default=90, ge=5, le=600)
    place: Line = ""
    members: Labels = []
    secretariat_mode: SecretariatMode = SecretariatMode.SINGLE
    secretariat: Labels = []
    """Department(s) holding the secretariat; the rotation order when rotating."""
    recorder_rotation: bool = True
    recorder_order: Labels = []
    """Who takes the minutes in turn (departments or names); empty means the members."""
    reports_to: Line = ""
    anchor: AnchorKind = AnchorKind.NONE
    anchor_detail: Text = ""
    org_pattern: Key | None = None
    review_date: Day | None = None
    note: Text = ""
    holiday_rule: HolidayRule = HolidayRule.NEXT_WORKING_DAY
    """A meeting date on which the office is closed moves to the next working day, or
    the meeting is skipped."""


class KeyPerson(Record):
    """キーパーソン of the initiative, with the deputy who carries on after a transfer.
    One register for the whole initiative: a meeting's confirmed documents read it as it
    stood when the meeting was confirmed, from the revisions of every field."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = (
        "name",
        "department",
        "role",
        "deputy_name",
        "deputy_department",
        "transfer_date",
        "left",
        "new_department",
        "note",
    )

    initiative_id: RecordId
    session_id: RecordId | None = None
    name: RequiredLine
    department: Line = ""
    role: Line = ""
    deputy_name: Line = ""
    deputy_department: Line = ""
    transfer_date: Day | None = None
    """Known or expected date of the person's transfer (異動)."""
    left: bool = False
    new_department: Line = ""
    """Where the person went: they stay listed as an alumnus there."""
    note: Text = ""

    @property
    def has_deputy(self) -> bool:
        return bool(self.deputy_name.strip())


class Decision(Record):
    """決定事項."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("text",)

    session_id: RecordId
    text: RequiredText
    origin: Key = ""
    """Where it came from: "" (typed), "overlap:…" or "complement:…" (an accepted finding)."""
    review_date: Day | None = None
    position: SqlInt = 0
    private: bool = False
    """非公開: left out of the public version of the minutes."""


class ActionItem(Record):
    """今後の対応: who does what by when."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("what", "done_definition", "comment")

    initiative_id: RecordId
    session_id: RecordId
    what: RequiredText
    owner_department: Line = ""
    owner_person: Line = ""
    partners: Labels = []
    due: Day | None = None
    done_definition: Text = ""
    status: ActionStatus = ActionStatus.NOT_STARTED
    comment: Text = ""
    position: SqlInt = 0


class ActionReview(Record):
    """The look at one open action item in a follow-up session."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("comment",)

    action_id: RecordId
    session_id: RecordId
    status: ActionStatus
    comment: Text = ""
    new_due: Day | None = None
    handed_over_to: Line = ""
    """Department that takes the item over (引継ぎ), if any."""


class StageAnswer(Record):
    """One attendee's (or the team's) current and target stage on the survey's model."""

    session_id: RecordId
    attendee_id: RecordId | None = None
    """None: the team's agreed answer."""
    current: int = Field(ge=1, le=UNKNOWN_STAGE)
    target: int = Field(ge=1, le=UNKNOWN_STAGE)


class BarrierTick(Record):
    """A barrier the team feels with one kind of partner, and the remedies it chose."""

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ("note",)

    session_id: RecordId
    barrier: Key
    partner: PartnerClass
    remedies: list[Key] = []
    note: Text = ""
