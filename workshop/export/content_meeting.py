"""The regular meeting, its people and resources as the exports word them: the next
meetings of the rotation, the cadence, secretariat and recorder, the mechanism's fields,
key persons and their deputies."""

from __future__ import annotations

from workshop.domain.followup import PlannedMeeting, rotation
from workshop.domain.meeting_calendar import week_of_month
from workshop.domain.records import KeyPerson, Mechanism, Resource
from workshop.domain.wareki import WEEKDAYS_JA
from workshop.export.content import (
    LAST_WEEK,
    ROTATION_COUNT,
    Context,
    L,
    jdate,
    joined,
    jtime,
    lab,
    reference,
)

# --- the regular meeting ----------------------------------------------------------------


def planned_meetings(ctx: Context, m: Mechanism) -> list[PlannedMeeting]:
    """The next meetings of a regular meeting, from the session's date on."""
    return rotation(m, ROTATION_COUNT, after=ctx.session.date)


def secretariat_text(m: Mechanism) -> str:
    """「持ち回り（高齢福祉課 → 交通政策課）」."""
    if not m.secretariat:
        return L("common.undecided")
    sep = " → " if m.secretariat_mode.value == "rotating" else "・"
    return f"{lab('secretariat_mode', m.secretariat_mode)}（{sep.join(m.secretariat)}）"


def cadence_day(m: Mechanism) -> str:
    """Which day a monthly or longer cadence falls on: 「第3月曜日」 or 「21日」."""
    if m.first_date is None or not m.cadence.months:
        return ""
    if not m.by_weekday:
        return L("mechanism.day_of_month", day=m.first_date.day)
    day = WEEKDAYS_JA[m.first_date.weekday()]
    nth = week_of_month(m.first_date)
    if nth >= LAST_WEEK:
        return L("mechanism.last_weekday", day=day)
    return L("mechanism.nth_weekday", nth=nth, day=day)


def cadence_text(m: Mechanism) -> str:
    """「毎月（第3月曜日）」."""
    day = cadence_day(m)
    return f"{lab('cadence', m.cadence)}（{day}）" if day else lab("cadence", m.cadence)


def recorders(m: Mechanism) -> list[str]:
    return list(m.recorder_order) or list(m.members)


def recorder_text(m: Mechanism) -> str:
    people = recorders(m)
    if not people:
        return L("common.undecided")
    if m.recorder_rotation:
        return L("mechanism.recorder_rotating", order=" → ".join(people))
    return L("mechanism.recorder_fixed", who=people[0])


def meeting_time_text(m: Mechanism) -> str:
    if m.start_time is None:
        return L("mechanism.duration_only", minutes=m.duration_minutes)
    return L("mechanism.time", start=jtime(m.start_time), minutes=m.duration_minutes)


def anchor_text(m: Mechanism) -> str:
    return joined([lab("anchor", m.anchor), m.anchor_detail], "：")


def mechanism_fields(m: Mechanism) -> list[tuple[str, str]]:
    """The regular meeting as label / value rows (minutes and the XLSX sheet)."""
    rows = [
        (L("mechanism.name"), m.name),
        (L("mechanism.cadence"), cadence_text(m)),
        (L("mechanism.first_date"), jdate(m.first_date, weekday=True)),
        (L("mechanism.time_label"), meeting_time_text(m)),
        (L("mechanism.place"), m.place),
        (L("mechanism.members"), joined(m.members)),
        (L("mechanism.secretariat"), secretariat_text(m)),
        (L("mechanism.recorder"), recorder_text(m)),
        (L("mechanism.reports_to"), m.reports_to),
        (L("mechanism.anchor"), anchor_text(m)),
        (L("mechanism.org_pattern"), org_pattern_text(m)),
        (L("mechanism.review_date"), jdate(m.review_date) or L("common.undecided")),
        (L("mechanism.note"), m.note),
    ]
    return [(k, v) for k, v in rows if v]


def key_person_status(p: KeyPerson) -> str:
    if p.left:
        return L("kp.left", department=p.new_department or L("common.unknown"))
    return L("kp.active")


def without_body(name: str, department: str) -> str:
    """A name shown beside its 所属: 「<body> 職員」 (the public version's outsider) is
    just 職員 there."""
    if department and name.startswith(department):
        return name.removeprefix(department).strip() or name
    return name


def deputy_text(p: KeyPerson) -> str:
    if not p.has_deputy:
        return L("kp.no_deputy")
    if p.deputy_department and p.deputy_name.startswith(p.deputy_department):
        return p.deputy_name
    return f"{p.deputy_name}（{p.deputy_department}）" if p.deputy_department else p.deputy_name


def capitals_text(r: Resource) -> str:
    return "・".join(lab("capital", c) for c in r.capitals)


def org_pattern_text(m: Mechanism) -> str:
    """The organisational pattern the team chose, with the flag of a reconstructed name."""
    ref = reference()
    pattern = ref.pattern_by_key.get(m.org_pattern or "") if ref else None
    if pattern is None:
        return m.org_pattern or ""
    mark = L("mechanism.reconstructed") if pattern.name_is_reconstructed else ""
    return f"{pattern.name}{mark}"
