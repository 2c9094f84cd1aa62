"""The published roll-up (Japanese, without personal names): tables for a read-only
SQLite file and the `metadata.json` Datasette reads beside it.

What goes in: one row per municipality (the roll-up's figures), the barriers and themes
per municipality, and the 2020 survey's stage and barrier shares for comparison. What
never goes in: attendees, key persons, action owners, cards, decisions or any other free
text, nor anything recorded in a session marked 非公開. Initiative names and themes are
the only text taken from the records, and every person's name the initiative knows is
masked in them (`practice.Redactor`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from workshop.domain.bundle import InitiativeData
from workshop.domain.rollup import MunicipalityRow, combine, summarise
from workshop.export.content import L, lab, reference
from workshop.export.practice import Redactor, person_names, public_view

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ja"

COLUMNS: dict[str, dict[str, type]] = {
    "municipalities": {
        "key": str,
        "code": str,
        "prefecture_code": str,
        "prefecture": str,
        "municipality": str,
        "initiatives": str,
        "population": int,
        "population_band": str,
        "ageing_rate": float,
        "stage_now": int,
        "stage_now_label": str,
        "stage_target": int,
        "stage_target_label": str,
        "gap": int,
        "regular_meeting": int,
        "charter": int,
        "open_actions": int,
        "overdue_actions": int,
        "last_session": str,
        "sessions": int,
        "themes": str,
    },
    "municipality_barriers": {
        "key": str,
        "code": str,
        "municipality": str,
        "barrier_number": int,
        "barrier_key": str,
        "barrier": str,
    },
    "municipality_themes": {"key": str, "code": str, "municipality": str, "theme": str},
    "survey_stages": {
        "number": int,
        "label": str,
        "survey_current_pct": float,
        "survey_target_pct": float,
        "survey_n": int,
    },
    "survey_barriers": {
        "number": int,
        "key": str,
        "label": str,
        "survey_mcw_pct": float,
        "survey_other_pct": float,
    },
}
PKS = {"municipalities": "key", "survey_stages": "number", "survey_barriers": "number"}


def public_rows(initiatives: Iterable[InitiativeData], today: date) -> list[MunicipalityRow]:
    """The roll-up rows with personal names masked in the initiatives' names and themes."""
    ref = reference()
    bands = ref.vocab.population_bands if ref else ()

    def masked():
        for data in initiatives:
            mask = Redactor(person_names(data))
            s = summarise(public_view(data), today)
            yield replace(s, name=mask(s.name), themes=tuple(mask(t) for t in s.themes))

    return combine(masked(), bands)


def _stage(n: int | None) -> str | None:
    return f"{n} {lab('stage', n)}" if n is not None else None


def tables(rows: list[MunicipalityRow]) -> dict[str, list[dict[str, Any]]]:
    ref = reference()
    prefectures = ref.prefecture_by_code if ref else {}
    bands = {b.key: b.label for b in ref.vocab.population_bands} if ref else {}
    barriers = ref.barrier_by_key if ref else {}
    municipalities, barrier_rows, theme_rows = [], [], []
    for r in rows:
        pref = prefectures.get(r.prefecture)
        municipalities.append(
            {
                "key": r.key,
                "code": r.code,
                "prefecture_code": r.prefecture,
                "prefecture": pref.name if pref else "",
                "municipality": r.municipality,
                "initiatives": "、".join(r.initiatives),
                "population": r.population,
                "population_band": bands.get(r.band or ""),
                "ageing_rate": r.ageing_rate,
                "stage_now": r.stage_now,
                "stage_now_label": _stage(r.stage_now),
                "stage_target": r.stage_target,
                "stage_target_label": _stage(r.stage_target),
                "gap": r.gap,
                "regular_meeting": int(r.regular_meeting),
                "charter": int(r.charter),
                "open_actions": r.open_actions,
                "overdue_actions": r.overdue_actions,
                "last_session": r.last_session.isoformat() if r.last_session else None,
                "sessions": r.sessions,
                "themes": "、".join(r.themes),
            }
        )
        for b in r.barriers:
            if b in barriers:
                barrier_rows.append(
                    {
                        "key": r.key,
                        "code": r.code,
                        "municipality": r.municipality,
                        "barrier_number": barriers[b].number,
                        "barrier_key": b,
                        "barrier": barriers[b].label,
                    }
                )
        theme_rows += [
            {"key": r.key, "code": r.code, "municipality": r.municipality, "theme": th}
            for th in r.themes
        ]
    survey = ref.survey if ref else None
    return {
        "municipalities": municipalities,
        "municipality_barriers": barrier_rows,
        "municipality_themes": theme_rows,
        "survey_stages": [
            {
                "number": s.number,
                "label": s.label,
                "survey_current_pct": s.current.pct,
                "survey_target_pct": s.target.pct,
                "survey_n": s.current.N,
            }
            for s in (survey.stages if survey else [])
        ],
        "survey_barriers": [
            {
                "number": b.number,
                "key": b.key,
                "label": b.label,
                "survey_mcw_pct": b.mcw.pct,
                "survey_other_pct": b.other.pct,
            }
            for b in (survey.barriers if survey else [])
        ],
    }


def metadata(database: str, municipalities: int) -> dict[str, Any]:
    """Datasette's metadata.json: titles, descriptions, sources, licence, facets."""

    def table(key: str, facets: list[str] | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "title": L(f"publish.t_{key}"),
            "description": L(f"publish.d_{key}"),
        }
        if facets:
            out["facets"] = facets
        return out

    return {
        "title": L("publish.title"),
        "description": L("publish.description", n=municipalities),
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": L("publish.source"),
        "databases": {
            database: {
                "description": L("publish.description", n=municipalities),
                "source": L("publish.survey_source"),
                "tables": {
                    "municipalities": table(
                        "municipalities",
                        ["prefecture", "stage_now_label", "population_band", "regular_meeting"],
                    ),
                    "municipality_barriers": table("municipality_barriers", ["barrier"]),
                    "municipality_themes": table("municipality_themes", ["theme"]),
                    "survey_stages": table("survey_stages"),
                    "survey_barriers": table("survey_barriers"),
                    "stage_by_municipality": table("stage_by_municipality", ["stage_now_label"]),
                    "stage_distribution": table("stage_distribution"),
                    "barrier_counts": table("barrier_counts"),
                    "regular_meetings": table("regular_meetings", ["charter"]),
                },
            }
        },
    }
