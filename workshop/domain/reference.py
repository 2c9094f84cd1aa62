"""Models of the reference data kept in the top-level ``seed/`` folder (TOML).

The seed files are written from the two source documents; every entry carries its
provenance so the UI can say where a figure comes from and whether it was
reconstructed. These models are frozen: reference data is read-only at run time.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

DocKey = Literal["guide2024", "report2021"]
"""Titles quoted: guide2024 = 『分野連携の手引き・取組事例』 (2024, seeds/000_…);
report2021 = 『自治体内の有機的連携・役割分担等に係る調査研究事業 報告書』 (2021, seeds/001_…)."""

Flag = Literal["stated", "inferred", "reconstructed", "computed"]
"""stated: in the document; inferred: our reading (【推測】/[推定]);
reconstructed: content of a missing figure rebuilt from the text; computed: our arithmetic."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Source(Frozen):
    """Where an entry comes from: document and 1-based line range in the seed file."""

    doc: DocKey
    lines: tuple[int, int]
    flag: Flag = "stated"
    note: str = ""

    @field_validator("lines")
    @classmethod
    def _ordered(cls, v: tuple[int, int]) -> tuple[int, int]:
        if v[0] < 1 or v[1] < v[0]:
            raise ValueError(f"bad line range {v}")
        return v

    def label(self) -> str:
        """Short citation such as 『手引き2024』L316–318."""
        name = "手引き2024" if self.doc == "guide2024" else "報告書2021"
        lo, hi = self.lines
        span = f"L{lo}" if lo == hi else f"L{lo}–{hi}"
        return f"『{name}』{span}"


class DocPart(Frozen):
    """A chapter, section or appendix of a source document, from its first line on."""

    start: int
    label: str
    page: int | None = None
    """Printed page where the part begins, where the document shows it."""


class SourceDoc(Frozen):
    """A source document as a reader finds it: title, publisher, date and its parts."""

    key: DocKey
    title: str
    quoted: bool = False
    """The title is the document's own wording (a name, quoted as printed)."""
    publisher: str = ""
    issued: str = ""
    parts: list[DocPart] = []

    def part_at(self, line: int) -> DocPart | None:
        """The part a line of the extraction falls in (parts are in line order)."""
        found = None
        for part in sorted(self.parts, key=lambda p: p.start):
            if part.start > line:
                break
            found = part
        return found


class Documents(Frozen):
    documents: list[SourceDoc] = Field(min_length=1)


class Sourced(Frozen):
    sources: list[Source] = Field(min_length=1)

    @property
    def flag(self) -> Flag:
        """The weakest flag among the sources (reconstructed beats inferred beats stated)."""
        order = ["stated", "computed", "inferred", "reconstructed"]
        return max((s.flag for s in self.sources), key=order.index)


# --- vocabularies -------------------------------------------------------------------------


class Theme(Sourced):
    """A collaboration theme; links programme types, schemes and cases.

    ``keywords`` are matched against typed text (session themes, cards) to find the theme.
    """

    key: str
    label: str
    keywords: list[str] = Field(min_length=1)
    programme_types: list[str] = []


class VocabItem(Frozen):
    key: str
    label: str
    description: str = ""
    examples: list[str] = []
    """Case ids the source itself names as examples (entry patterns)."""
    sources: list[Source] = []


class PopulationBand(Frozen):
    key: str
    label: str
    min: int | None = None  # inclusive
    max: int | None = None  # exclusive
    survey_n: int
    survey_pct: float
    sources: list[Source] = Field(min_length=1)


class MeritGroup(Frozen):
    key: str
    label: str
    quoted: bool = False
    sources: list[Source] = Field(min_length=1)


class Merit(Frozen):
    """One item of the guide's taxonomy of what collaboration brings."""

    key: str
    label: str
    group: str
    subgroup: str = ""
    quoted: bool = False
    sources: list[Source] = Field(min_length=1)


class Vocab(Frozen):
    """Small closed lists used across cases and screens (seed/vocab.toml)."""

    population_bands: list[PopulationBand]
    leader_types: list[VocabItem]
    entry_patterns: list[VocabItem]
    meeting_patterns: list[VocabItem]
    outside_bodies: list[VocabItem]
    resource_kinds: list[VocabItem]
    roles: list[VocabItem]
    anchor_kinds: list[VocabItem]
    entry_principles: list[VocabItem] = []
    """What the guide says about every entry pattern (現場主導・相乗り)."""
    merit_groups: list[MeritGroup] = []
    merits: list[Merit] = []


# --- steps, prompts, tips ----------------------------------------------------------------


class Prompt(Frozen):
    key: str
    text: str
    help: str = ""
    placeholder: str = ""
    sources: list[Source] = []


class Tip(Sourced):
    id: str
    text: str


class Recommendation(Sourced):
    id: str
    title: str
    text: str
    steps: list[str] = []


class Step(Frozen):
    key: str  # prep, review, vision, strengths, resources, mechanism, summary
    number: int | None = None  # 1-4 for the four points
    label: str  # short label for the step bar
    title: str
    effect: str = ""  # what the point achieves, in our words
    explanation: str = ""
    prompts: list[Prompt] = []
    tips: list[Tip] = []
    example_case: str | None = None  # case id the guide uses as the point's example
    sources: list[Source] = []


class Steps(Frozen):
    steps: list[Step]
    recommendations: list[Recommendation] = []


# --- cases and schemes -------------------------------------------------------------------


class CaseResult(Frozen):
    text: str
    figure: str = ""  # the number as printed, e.g. "80%", "延べ52名"


class Case(Sourced):
    id: str
    doc: DocKey
    number: int  # 事例番号 in the guide (1-10) or sheet order in the report (1-9)
    municipality: str
    prefecture: str
    kind: Literal["municipality", "prefecture"] = "municipality"
    population: int | None = None
    population_note: str = ""
    ageing_rate: float | None = None
    care_cert_rate: float | None = None
    """要介護認定率 (%), as the guide's case table prints it."""
    care_cert_rate_adjusted: float | None = None
    """調整済認定率 (%): the certification rate with the age mix adjusted away."""
    benefit_per_person: int | None = None
    """1人当り給付費 (yen a month)."""
    merits: list[str] = []
    """連携のメリット as the guide's case list names them."""
    title: str  # one-line summary in our words
    themes: list[str] = Field(min_length=1)
    departments: list[str] = []
    outside_bodies: list[str] = []
    trigger: str
    actions: list[str] = Field(min_length=1)
    results: list[CaseResult] = []
    tips: list[str] = []
    points: list[int] = []  # which of the four points it illustrates (1-4)
    schemes: list[str] = []  # scheme names as the source prints them
    meeting_pattern: str
    leader_type: str
    entry_pattern: str | None = None

    @field_validator("points")
    @classmethod
    def _points(cls, v: list[int]) -> list[int]:
        if any(p not in (1, 2, 3, 4) for p in v):
            raise ValueError("points are 1-4")
        return v


class Scheme(Sourced):
    id: str
    name: str
    field: str  # 分野 as the guide lists it
    themes: list[str] = Field(min_length=1)
    ministry: str = ""
    note: str = ""


class Schemes(Frozen):
    fields: list[VocabItem]
    schemes: list[Scheme]


class Cases(Frozen):
    cases: list[Case]


class Themes(Frozen):
    themes: list[Theme]


# --- prefectures ----------------------------------------------------------------------------


class Prefecture(Frozen):
    """A prefecture by its JIS X 0401 code (the first two digits of a 団体コード)."""

    code: str = Field(pattern=r"^\d{2}$")
    name: str
    name_en: str
    kanto_shinetsu: bool = False
    """One of the 1都9県 of the 2020 survey's area (関東信越厚生局管内)."""


class Prefectures(Frozen):
    prefectures: list[Prefecture] = Field(min_length=47, max_length=47)
