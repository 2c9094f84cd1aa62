"""The prefecture's roll-up as an Excel workbook: the table (one row per municipality)
and a sheet per indicator (stages and barriers beside the 2020 survey, themes, meetings
and charters), each printable on A4 landscape like the action plan."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence

from workshop.domain.rollup import Distribution, MunicipalityRow, distributions, pct
from workshop.export.content import L, lab, reference
from workshop.export.plan_xlsx import Cell, _fit_columns, _listing, _table, _title
from workshop.export.text import xml_safe
from workshop.export.xlsx_print import borders, print_setup
from workshop.export.xlsx_sheet import Sheet


def _yes(value: bool) -> str:
    return L("rollup.yes") if value else L("rollup.no")


def _stage(n: int | None) -> str | None:
    return f"{n} {lab('stage', n)}" if n is not None else None


def table_header() -> list[str]:
    keys = (
        "code", "prefecture", "municipality", "initiatives", "population", "band",
        "stage_now", "stage_target", "gap", "barriers", "themes", "meeting", "charter",
        "open", "overdue", "last", "sessions",
    )  # fmt: skip
    return [L(f"rollup.col_{k}") for k in keys]


def table_rows(rows: Sequence[MunicipalityRow]) -> list[list[Cell]]:
    """The roll-up table as cells (shared by the workbook and the published database)."""
    ref = reference()
    prefectures = ref.prefecture_by_code if ref else {}
    bands = {b.key: b.label for b in ref.vocab.population_bands} if ref else {}
    barriers = ref.barrier_by_key if ref else {}
    out: list[list[Cell]] = []
    for r in rows:
        pref = prefectures.get(r.prefecture)
        out.append(
            [
                r.code or L("rollup.no_code"),
                pref.name if pref else None,
                r.municipality,
                "、".join(r.initiatives),
                r.population,
                bands.get(r.band or ""),
                _stage(r.stage_now),
                _stage(r.stage_target),
                r.gap,
                "、".join(barriers[b].label if b in barriers else b for b in r.barriers),
                "、".join(r.themes),
                _yes(r.regular_meeting),
                _yes(r.charter),
                r.open_actions,
                r.overdue_actions,
                r.last_session,
                r.sessions,
            ]
        )
    return out


def stage_rows(dist: Distribution) -> list[list[Cell]]:
    ref = reference()
    survey = {s.number: s for s in ref.survey.stages} if ref else {}
    rows: list[list[Cell]] = []
    for n, count in dist.stage_now.items():
        s = survey.get(n)
        target = dist.stage_target[n]
        before = dist.stage_year_ago[n]
        rows.append(
            [
                _stage(n),
                count,
                pct(count, dist.with_stage),
                s.current.pct if s else None,
                target,
                pct(target, dist.with_stage),
                s.target.pct if s else None,
                before if dist.with_year_ago else None,
                pct(before, dist.with_year_ago),
            ]
        )
    return rows


def barrier_rows(dist: Distribution) -> list[list[Cell]]:
    ref = reference()
    rows: list[list[Cell]] = []
    for b in ref.survey.barriers if ref else []:
        count = dist.barriers.get(b.key, 0)
        rows.append([b.label, count, pct(count, dist.with_barriers), b.mcw.pct, b.other.pct])
    return rows


def _area(ws: Sheet, last_row: int, columns: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"A1:{get_column_letter(columns)}{last_row}"


def render(rows: Sequence[MunicipalityRow]) -> bytes:
    from openpyxl import Workbook

    dist = distributions(rows)
    wb = Workbook(write_only=True)
    title = L("rollup.title")
    basis = L("rollup.basis", **vars(dist))
    header = table_header()

    ws = Sheet(wb.create_sheet(L("rollup.sheet_table")))
    last = _listing(ws, header, table_rows(rows))
    _fit_columns(ws)
    print_setup(ws.ws, f"{title}　{ws.title}", "1:1", _area(ws, last, len(header)))
    ws.flush()

    def indicator(name: str, head: list[str], body: list[list[Cell]], note: bool) -> None:
        """A sheet for one indicator: the basis, a bordered table, the survey's caveat."""
        sheet = Sheet(wb.create_sheet(name))
        top = 1
        if note:
            _title(sheet, 1, basis)
            top = 3
        last = _table(sheet, top, head, body)
        borders(sheet, top, last, len(head))
        _fit_columns(sheet, first_row=top, last_col=len(head))
        if note:
            _title(sheet, last + 2, L("rollup.survey_note"))
            last += 2
        print_setup(sheet.ws, f"{title}　{name}", None, _area(sheet, last, len(head)))
        sheet.flush()

    stage_head = ["stage", "count", "share", "survey_share", "target_count", "target_share"]
    stage_head = [L(f"rollup.col_{k}") for k in stage_head] + [L("rollup.col_survey_target")]
    stage_head += [L("rollup.col_year_ago_count"), L("rollup.col_year_ago_share")]
    indicator(L("rollup.sheet_stages"), stage_head, stage_rows(dist), True)
    barrier_head = [L(f"rollup.col_{k}") for k in ("barrier", "count", "share")]
    barrier_head += [L("rollup.col_survey_mcw"), L("rollup.col_survey_other")]
    indicator(L("rollup.sheet_barriers"), barrier_head, barrier_rows(dist), True)
    count_head = [L("rollup.col_count"), L("rollup.col_share")]
    themes = Counter(th for r in rows for th in r.themes)
    indicator(
        L("rollup.sheet_themes"),
        [L("rollup.col_theme"), *count_head],
        [[th, n, pct(n, len(rows))] for th, n in themes.most_common()],
        False,
    )
    meetings = sum(r.regular_meeting for r in rows)
    charters = sum(r.charter for r in rows)
    indicator(
        L("rollup.sheet_mechanisms"),
        [L("rollup.col_item"), *count_head],
        [
            [L("rollup.meetings"), meetings, pct(meetings, len(rows))],
            [L("rollup.charters"), charters, pct(charters, len(rows))],
        ],
        False,
    )
    wb.properties.creator = "workshop"
    wb.properties.title = xml_safe(title)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
