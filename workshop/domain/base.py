"""Base record and text types shared by every domain model.

Every stored record has a UUID (stable across machines so bundles merge without
conflict), created_at and updated_at. Text typed in the room is kept as typed, except
for control characters, which carry no content and break XML-based exports.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

MAX_TEXT = 200_000
"""Longest text one field may hold: far above anything said in a meeting (a 100,000
character paste must survive), low enough that a runaway paste is refused clearly."""

MAX_LINE = 2_000
"""Longest single-line field (names, titles, departments)."""

# C0/C1 control characters except tab and newline; also lone surrogates, which
# cannot be encoded as UTF-8 and would break the database or any export; and the
# bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which
# say nothing in Japanese text and can show a name or a card reversed on the wall.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


SQL_INT_MIN = -(2**63)
SQL_INT_MAX = 2**63 - 1
"""The range of an SQLite INTEGER: a larger number cannot be stored at all."""

FUTURE_TOLERANCE = timedelta(hours=1)
"""How far ahead of this machine's clock a timestamp from another machine may be.
Office PCs drift by seconds to minutes; an hour covers an unsynchronised laptop while a
stamp days or years ahead (which would win every later comparison) is refused. Time
zones do not count: every stamp carries its offset."""

UNTRUSTED = "untrusted"
"""Validation context flag for data from outside the program (a bundle file): ids must
be UUIDs and timestamps must carry a time zone and not lie in the future. Records read
back from this program's own database are validated without it, so an older database
whose rows predate these rules still opens (a stamp without a zone is taken as UTC)."""


def untrusted_input(info: ValidationInfo) -> bool:
    return bool(isinstance(info.context, dict) and info.context.get(UNTRUSTED))


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Current time in UTC with millisecond precision (what the database keeps)."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def clean_text(value: Any) -> Any:
    """Drop control characters and normalise line ends; keep everything else as typed."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def clean_line(value: Any) -> Any:
    """A one-line field: newlines and tabs become spaces, ends are stripped."""
    value = clean_text(value)
    if not isinstance(value, str):
        return value
    return re.sub(r"[\n\t]+", " ", value).strip()


def nfkc_line(value: Any) -> Any:
    """Identifier-like fields: NFKC so full-width digits from an IME compare equal."""
    value = clean_line(value)
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value


def _limit(limit: int):
    def check(value: str) -> str:
        if len(value) > limit:
            raise PydanticCustomError(
                "ws_too_long",
                "text is too long ({length} characters, at most {limit})",
                {"length": len(value), "limit": limit},
            )
        return value

    return check


def is_blank(value: str) -> bool:
    """Whether a text shows nothing: spaces and invisible format characters alone (a
    zero-width space, a word joiner), or nothing at all."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in value)


def _required(value: str) -> str:
    if is_blank(value):
        raise PydanticCustomError("ws_required", "this field must not be empty")
    return value


Text = Annotated[str, BeforeValidator(clean_text), AfterValidator(_limit(MAX_TEXT))]
"""Free text (may be empty, may span lines)."""

RequiredText = Annotated[
    str, BeforeValidator(clean_text), AfterValidator(_limit(MAX_TEXT)), AfterValidator(_required)
]
"""Free text that must say something (a card, a decision)."""

Line = Annotated[str, BeforeValidator(clean_line), AfterValidator(_limit(MAX_LINE))]
"""One-line text (may be empty)."""

RequiredLine = Annotated[
    str, BeforeValidator(clean_line), AfterValidator(_limit(MAX_LINE)), AfterValidator(_required)
]
"""One-line text that must say something (a name, a title)."""

Key = Annotated[str, BeforeValidator(nfkc_line), AfterValidator(_limit(200))]
"""A reference key or tag."""


def _clean_list(value: Any) -> Any:
    """Lists of short labels: cleaned, empty entries and duplicates dropped, order kept."""
    if not isinstance(value, list):
        return value
    seen: dict[str, None] = {}
    for item in value:
        item = clean_line(item)
        if isinstance(item, str) and item:
            seen.setdefault(item, None)
    return list(seen)


Labels = Annotated[list[Line], BeforeValidator(_clean_list)]
"""A list of short labels (departments, tags, members)."""

SqlInt = Annotated[int, Field(ge=SQL_INT_MIN, le=SQL_INT_MAX)]
"""An integer the database can hold (positions, counters)."""


def _check_uuid(value: str, info: ValidationInfo) -> str:
    if not untrusted_input(info):
        return value
    try:
        canonical = str(uuid.UUID(value))
    except (ValueError, TypeError):
        canonical = None
    if canonical != value:
        # ids are compared as text, so only the canonical lower-case form is accepted
        raise PydanticCustomError("ws_not_uuid", "{value!r} is not a UUID", {"value": value})
    return value


RecordId = Annotated[str, AfterValidator(_check_uuid)]
"""The id of a record or of the record it refers to: a UUID in canonical form."""


def _check_stamp(value: datetime, info: ValidationInfo) -> datetime:
    if value.utcoffset() is None:
        if untrusted_input(info):
            raise PydanticCustomError(
                "ws_naive_time", "the time {value} has no time zone", {"value": value.isoformat()}
            )
        value = value.replace(tzinfo=UTC)
    if untrusted_input(info) and value > datetime.now(UTC) + FUTURE_TOLERANCE:
        raise PydanticCustomError(
            "ws_future_time", "the time {value} is in the future", {"value": value.isoformat()}
        )
    return value


YEARS = range(1900, 2200)
"""Years a date may fall in: 0001-01-01 is a slip of the keyboard, and a spreadsheet
cannot show it (Excel's dates begin in 1900). A date typed here is parsed within them
(`domain.parse`); one from a bundle is checked (`Day`)."""


def _check_year(value: date, info: ValidationInfo) -> date:
    if untrusted_input(info) and value.year not in YEARS:
        raise PydanticCustomError(
            "ws_year_range",
            "the date {value} is outside {first}-{last}",
            {"value": value.isoformat(), "first": YEARS[0], "last": YEARS[-1]},
        )
    return value


Day = Annotated[date, AfterValidator(_check_year)]
"""A day (a meeting's, a due date): from outside, within `YEARS`."""

Stamp = Annotated[datetime, AfterValidator(_check_stamp)]
"""A moment in time, always with a time zone (naive values stored by older versions are
read as UTC; from a bundle they are refused), never in the future for outside data."""


OUTSIDE_ONLY_VALIDATORS = frozenset({"_identified", "_known_fields"})
"""Record validators that check only data from outside (`UNTRUSTED`): a row of our own
database is read without them (`store.reader`)."""

_IDENTITY = ("id", "created_at", "updated_at")
"""What every record in a bundle must have (the program writes them all)."""


def _identity_required(schema: dict[str, Any]) -> None:
    """The bundle's JSON Schema says so too (a field with a default is not required), and
    that a record has no other fields than its own (`Record._known_fields`)."""
    required = schema.setdefault("required", [])
    required[:0] = [name for name in _IDENTITY if name not in required]
    schema["additionalProperties"] = False


class Record(BaseModel):
    """A stored record: UUID, creation and update time."""

    # defer_build: a model's validator is built on first use, not at import, so the
    # home screen (which validates nothing) is not kept waiting for all of them
    model_config = ConfigDict(
        validate_assignment=True,
        extra="allow",  # kept aside to be refused from outside (`_known_fields`)
        use_enum_values=False,
        defer_build=True,
        json_schema_extra=_identity_required,
    )

    id: RecordId = Field(default_factory=new_id)
    created_at: Stamp = Field(default_factory=utcnow)
    updated_at: Stamp = Field(default_factory=utcnow)
    version: int = Field(default=0, ge=0, le=SQL_INT_MAX)
    """Raised by the store on every update: an edit based on an older version is
    checked against what changed in between (optimistic concurrency)."""

    @model_validator(mode="after")
    def _known_fields(self, info: ValidationInfo) -> Self:
        """A record from outside has only fields this program knows: one misspelt by
        hand was dropped without a word (`"privat": true` imported a private card as a
        public one). Fields it does not know are kept aside by validation (extra="allow")
        only to be looked at here: refused from outside, dropped otherwise (our own rows
        never have any). (After validation: a validator before it would read the file's
        values as Python's, and a bundle is read strictly.)"""
        extra = self.__pydantic_extra__
        if extra:
            if untrusted_input(info):
                raise PydanticCustomError(
                    "ws_unknown_field",
                    "the record has fields this program does not know: {fields}",
                    {"fields": ", ".join(map(str, extra))},
                )
            extra.clear()
        return self

    @model_validator(mode="after")
    def _identified(self, info: ValidationInfo) -> Self:
        """A record from outside (a bundle) carries its id and times: without an id it
        would get a new one at every import and be added again each time (a town's
        overdue actions counted twice, three times in the roll-up), and without its
        times it would count as changed just now. (Checked on the fields given, after
        validation: a validator before it would read the file's values as Python's.)"""
        if untrusted_input(info):
            missing = [name for name in _IDENTITY if name not in self.model_fields_set]
            if missing:
                raise PydanticCustomError(
                    "ws_record_unidentified",
                    "the record has no {fields}",
                    {"fields": ", ".join(missing)},
                )
        return self

    REVISED_FIELDS: ClassVar[tuple[str, ...]] = ()
    """Fields whose previous value the store keeps in its revisions table when edited
    (the texts typed; for a register read as it stood on a day, every field of it:
    `domain.as_of`)."""

    def touched(self, **changes: Any) -> Record:
        """A copy with the changes applied (validated) and updated_at set to now."""
        data = self.model_dump()
        data.update(changes)
        data["updated_at"] = utcnow()
        return type(self).model_validate(data)
