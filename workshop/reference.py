"""Load the reference data (the top-level ``seed/`` folder) and check its cross-references.

In the repository the TOML files live in ``seed/`` beside ``workshop/``; the wheel ships
them as package data under ``workshop/seed/`` (hatch ``force-include``). ``seed_root``
finds them either way. The loaded data is cached: it is read-only for the life of the process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from workshop.domain.reference import (
    Case,
    Cases,
    Documents,
    PopulationBand,
    Prefecture,
    Prefectures,
    Scheme,
    Schemes,
    Source,
    SourceDoc,
    Step,
    Steps,
    Theme,
    Themes,
    Tip,
    Vocab,
    VocabItem,
)
from workshop.domain.reference_survey import (
    Barrier,
    DepartmentType,
    Lens,
    OrgPattern,
    ProgrammeType,
    Remedies,
    Remedy,
    StageDef,
    Survey,
)
from workshop.seed_files import SEED_DIR as SEED_DIR  # re-exported: the seed folder's home moved
from workshop.seed_files import read_seed
from workshop.seed_files import seed_root as seed_root


@dataclass(frozen=True)
class Reference:
    """All reference data, with lookups by key."""

    themes: Themes
    vocab: Vocab
    steps: Steps
    survey: Survey
    remedies: Remedies
    cases: Cases
    schemes: Schemes
    documents: Documents
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # --- lookups --------------------------------------------------------------------------
    @cached_property
    def prefecture_by_code(self) -> dict[str, Prefecture]:
        """The 47 prefectures by two-digit code (read on first use: only the prefecture's
        gathering needs them)."""
        data = Prefectures.model_validate(read_seed("prefectures.toml"))
        return {p.code: p for p in data.prefectures}

    @cached_property
    def theme_by_key(self) -> dict[str, Theme]:
        return {t.key: t for t in self.themes.themes}

    @cached_property
    def step_by_key(self) -> dict[str, Step]:
        return {s.key: s for s in self.steps.steps}

    @cached_property
    def tip_by_id(self) -> dict[str, Tip]:
        return {t.id: t for s in self.steps.steps for t in s.tips}

    @cached_property
    def case_by_id(self) -> dict[str, Case]:
        return {c.id: c for c in self.cases.cases}

    @cached_property
    def scheme_by_id(self) -> dict[str, Scheme]:
        return {s.id: s for s in self.schemes.schemes}

    @cached_property
    def barrier_by_key(self) -> dict[str, Barrier]:
        return {b.key: b for b in self.survey.barriers}

    @cached_property
    def stage_by_number(self) -> dict[int, StageDef]:
        return {s.number: s for s in self.survey.stages}

    @cached_property
    def programme_by_key(self) -> dict[str, ProgrammeType]:
        return {p.key: p for p in self.survey.programme_types}

    @cached_property
    def department_by_key(self) -> dict[str, DepartmentType]:
        return {d.key: d for d in self.survey.department_types}

    @cached_property
    def pattern_by_key(self) -> dict[str, OrgPattern]:
        return {p.key: p for p in self.survey.org_patterns}

    @cached_property
    def lenses(self) -> list[Lens]:
        return list(self.survey.lenses)

    @cached_property
    def document_by_key(self) -> dict[str, SourceDoc]:
        return {d.key: d for d in self.documents.documents}

    def citation(self, sources: list[Source]) -> str:
        """Readable provenance: each document once, by title and issue date, with the
        chapters or appendices (and printed pages where known) the sources fall in."""
        parts: dict[str, list[str]] = {}
        for src in sources:
            doc = self.document_by_key.get(src.doc)
            if doc is None:
                continue
            part = doc.part_at(src.lines[0])
            where = ""
            if part is not None:
                where = part.label + (f"（{part.page}頁）" if part.page else "")
            names = parts.setdefault(src.doc, [])
            if where and where not in names:
                names.append(where)
        out = []
        for key, names in parts.items():
            doc = self.document_by_key[key]
            issued = f"（{doc.issued}）" if doc.issued else ""
            out.append(f"『{doc.title}』{issued}" + ("、".join(names) if names else ""))
        return "。".join(out)

    def remedies_for(self, barrier_key: str) -> list[Remedy]:
        return [r for r in self.remedies.remedies if r.barrier == barrier_key]

    def vocab_item(self, group: str, key: str) -> VocabItem | None:
        items: list[VocabItem] = getattr(self.vocab, group)
        return next((i for i in items if i.key == key), None)

    def merit_label(self, key: str) -> str:
        """「住民のメリット（介護予防・生活支援）：外出・社会参加促進」."""
        merit = next((m for m in self.vocab.merits if m.key == key), None)
        if merit is None:
            return key
        groups = {g.key: g.label for g in self.vocab.merit_groups}
        group = groups.get(merit.group, merit.group)
        where = f"{group}（{merit.subgroup}）" if merit.subgroup else group
        return f"{where}：{merit.label}"

    def vocab_label(self, group: str, key: str) -> str:
        item = self.vocab_item(group, key)
        return item.label if item else key

    def population_band(self, population: int | None) -> PopulationBand | None:
        if population is None:
            return None
        for band in self.vocab.population_bands:
            if (band.min is None or population >= band.min) and (
                band.max is None or population < band.max
            ):
                return band
        return None

    # --- integrity -----------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Every cross-reference that does not resolve, and every duplicate key."""
        out: list[str] = []
        theme_keys = set(self.theme_by_key)
        step_keys = set(self.step_by_key)
        case_ids = set(self.case_by_id)
        tip_ids = set(self.tip_by_id)
        rec_ids = {r.id for r in self.steps.recommendations}
        prog_keys = set(self.programme_by_key)

        def dupes(kind: str, keys: list[str]) -> None:
            seen: set[str] = set()
            for k in keys:
                if k in seen:
                    out.append(f"duplicate {kind} {k!r}")
                seen.add(k)

        dupes("theme", [t.key for t in self.themes.themes])
        dupes("case", [c.id for c in self.cases.cases])
        dupes("tip", [t.id for s in self.steps.steps for t in s.tips])
        dupes("scheme", [s.id for s in self.schemes.schemes])
        dupes("remedy", [r.id for r in self.remedies.remedies])
        dupes("barrier", [b.key for b in self.survey.barriers])

        for t in self.themes.themes:
            out += [
                f"theme {t.key}: programme {p}" for p in t.programme_types if p not in prog_keys
            ]
        for p in self.survey.programme_types:
            out += [f"programme {p.key}: theme {t}" for t in p.themes if t not in theme_keys]
        for s in self.steps.steps:
            if s.example_case and s.example_case not in case_ids:
                out.append(f"step {s.key}: example case {s.example_case}")
        for r in self.steps.recommendations:
            out += [f"recommendation {r.id}: step {k}" for k in r.steps if k not in step_keys]
        for r in self.remedies.remedies:
            if r.barrier not in self.barrier_by_key:
                out.append(f"remedy {r.id}: barrier {r.barrier}")
            out += [f"remedy {r.id}: tip {t}" for t in r.tips if t not in tip_ids]
            out += [f"remedy {r.id}: step {k}" for k in r.steps if k not in step_keys]
            out += [f"remedy {r.id}: case {c}" for c in r.cases if c not in case_ids]
            out += [
                f"remedy {r.id}: recommendation {k}" for k in r.recommendations if k not in rec_ids
            ]
        for b in self.survey.barriers:
            if b.key != "bar_none" and not self.remedies_for(b.key):
                out.append(f"barrier {b.key} has no remedy")
        for c in self.cases.cases:
            out += [f"case {c.id}: theme {t}" for t in c.themes if t not in theme_keys]
            if self.vocab_item("meeting_patterns", c.meeting_pattern) is None:
                out.append(f"case {c.id}: meeting pattern {c.meeting_pattern}")
            if self.vocab_item("leader_types", c.leader_type) is None:
                out.append(f"case {c.id}: leader type {c.leader_type}")
            if c.entry_pattern and self.vocab_item("entry_patterns", c.entry_pattern) is None:
                out.append(f"case {c.id}: entry pattern {c.entry_pattern}")
        field_keys = {f.key for f in self.schemes.fields}
        for s in self.schemes.schemes:
            if s.field not in field_keys:
                out.append(f"scheme {s.id}: field {s.field}")
            out += [f"scheme {s.id}: theme {t}" for t in s.themes if t not in theme_keys]
        for p in self.survey.org_patterns:
            out += [f"pattern {p.key}: case {c}" for c in p.cases if c not in case_ids]
        return out

    def all_sources(self) -> list[tuple[str, list[Source]]]:
        """(entry name, sources) for every entry that must carry provenance."""
        rows: list[tuple[str, list[Source]]] = []
        rows += [(f"theme {t.key}", t.sources) for t in self.themes.themes]
        rows += [(f"tip {t.id}", t.sources) for t in self.tip_by_id.values()]
        rows += [(f"recommendation {r.id}", r.sources) for r in self.steps.recommendations]
        rows += [(f"step {s.key}", s.sources) for s in self.steps.steps if s.number]
        rows += [(f"stage {s.key}", s.sources) for s in self.survey.stages]
        rows += [(f"lens {x.key}", x.sources) for x in self.survey.lenses]
        rows += [(f"barrier {b.key}", b.sources) for b in self.survey.barriers]
        rows += [(f"remedy {r.id}", r.sources) for r in self.remedies.remedies]
        rows += [(f"department {d.key}", d.sources) for d in self.survey.department_types]
        rows += [(f"programme {p.key}", p.sources) for p in self.survey.programme_types]
        for group in ("aims", "methods", "frequencies", "leads"):
            rows += [(f"{group} {o.key}", o.sources) for o in getattr(self.survey, group)]
        rows += [(f"pattern {p.key}", p.sources) for p in self.survey.org_patterns]
        rows += [(f"case {c.id}", c.sources) for c in self.cases.cases]
        rows += [(f"scheme {s.id}", s.sources) for s in self.schemes.schemes]
        rows += [(f"band {b.key}", b.sources) for b in self.vocab.population_bands]
        return rows


@cache
def load() -> Reference:
    """Read and validate every seed file (once per process)."""
    return Reference(
        themes=Themes.model_validate(read_seed("themes.toml")),
        vocab=Vocab.model_validate(read_seed("vocab.toml")),
        steps=Steps.model_validate(read_seed("steps.toml")),
        survey=Survey.model_validate(read_seed("survey.toml")),
        remedies=Remedies.model_validate(read_seed("remedies.toml")),
        cases=Cases.model_validate(read_seed("cases.toml")),
        schemes=Schemes.model_validate(read_seed("schemes.toml")),
        documents=Documents.model_validate(read_seed("documents.toml")),
    )
