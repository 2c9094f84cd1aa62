"""Models of the survey's reference data (`seed/survey.toml`, `seed/remedies.toml`):
the national figures of the 2021 report, the stages of collaboration, the barriers and
their remedies, and the organisational patterns. Frozen, with their provenance, as the
rest of the reference models (`reference.py`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from workshop.domain.reference import Frozen, Source, Sourced


class Share(Frozen):
    """n of N answering an option; pct as printed in the source."""

    n: int
    N: int
    pct: float

    @model_validator(mode="after")
    def _consistent(self) -> Share:
        if self.n > self.N:
            raise ValueError(f"n={self.n} > N={self.N}")
        if self.N and abs(self.n / self.N * 100 - self.pct) > 0.6:
            raise ValueError(f"{self.n}/{self.N} is not {self.pct}%")
        return self


class SurveyMeta(Frozen):
    """Who answered, where and when: shown beside every benchmark."""

    key: str
    title: str
    region: str
    period: str
    respondents: str
    n_valid: int
    quoted: bool = False
    """The title is the survey's official name, kept verbatim as a quotation."""
    n_target: int | None = None
    response_rate: float | None = None
    """None where the source does not say."""
    sources: list[Source] = Field(min_length=1)


class StageDef(Sourced):
    number: int  # 1..5, 6 = わからない
    key: str
    label: str
    quoted: bool = False
    """The label is the questionnaire's own wording, kept verbatim as a quotation."""
    short: str
    current: Share
    target: Share


class GapFact(Sourced):
    key: str
    text: str
    value: float | None = None
    N: int | None = None


class Lens(Sourced):
    """連係 / 連携 / 連繋: kind of collaboration and the meeting function that fits it."""

    key: str
    kanji: str
    reading: str = "れんけい"
    definition: str
    meeting_function: str
    stages: list[int]  # survey stages this lens fits (our mapping; flag inferred)


class Barrier(Sourced):
    number: int
    key: str
    label: str
    quoted: bool = False
    """The label is the questionnaire's own wording, kept verbatim as a quotation."""
    mcw: Share  # partners in medical/care/welfare
    other: Share  # partners outside medical/care/welfare
    pref_face: Share | None = None  # prefectures: municipalities face it
    pref_priority: Share | None = None  # prefectures: priority to support (top 2)


class Remedy(Sourced):
    id: str
    barrier: str
    text: str
    tips: list[str] = []
    steps: list[str] = []
    cases: list[str] = []
    recommendations: list[str] = []


class DepartmentType(Sourced):
    key: str
    number: int
    label: str
    quoted: bool = False
    """The label is the questionnaire's own wording, kept verbatim as a quotation."""
    group: Literal["mcw", "other"]
    current: Share | None = None
    desired: Share | None = None


class ProgrammeType(Sourced):
    key: str
    number: int
    label: str
    quoted: bool = False
    """The label is the questionnaire's own wording, kept verbatim as a quotation."""
    themes: list[str] = []
    current_mcw: Share | None = None
    current_other: Share | None = None
    desired_mcw: Share | None = None
    desired_other: Share | None = None


class Option(Sourced):
    """An option of a survey question with its shares per partner class."""

    key: str
    number: int
    label: str
    mcw: Share | None = None
    quoted: bool = False
    """The label is the questionnaire's own wording, kept verbatim as a quotation."""
    other: Share | None = None
    all: Share | None = None


class FrequencyShare(Sourced):
    """How often municipalities holding a staff meeting body meet it (one frequency option)."""

    option: str
    mcw: Share
    other: Share


class OrgPattern(Sourced):
    key: str
    name: str
    name_is_reconstructed: bool
    structure: str
    merits: list[str]
    demerits: list[str]
    fit_question: str
    cases: list[str] = []


class Survey(Frozen):
    meta: list[SurveyMeta]
    stages: list[StageDef]
    gap_facts: list[GapFact]
    lenses: list[Lens]
    barriers: list[Barrier]
    department_types: list[DepartmentType]
    programme_types: list[ProgrammeType]
    aims: list[Option]
    methods: list[Option]
    frequencies: list[Option]
    leads: list[Option]
    org_patterns: list[OrgPattern]
    guide_figures: list[GapFact] = []
    pref_facts: list[GapFact] = []
    staff_meeting_frequencies: list[FrequencyShare] = []
    """The prefectures' own answers (2020 survey, 都県向け, N=10)."""


class Remedies(Frozen):
    remedies: list[Remedy]
