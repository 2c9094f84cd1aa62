"""`workshop import`: one bundle, several, or folders of them (a prefecture gathering its
municipalities' bundles). One line per problem; a summary per file when there are many."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workshop.cli import EXIT_DATA, UserError, _db_path, _open_store, _store_error
from workshop.i18n import has, located_messages, t
from workshop.i18n.oserror import os_reason


def cmd_import(args: argparse.Namespace) -> int:
    from workshop.store.gather import Gatherer, bundle_files

    files = list(bundle_files([Path(p).expanduser() for p in args.bundles]))
    with _open_store(_db_path(args)) as store:
        try:
            gatherer = Gatherer(store)
            if len(files) == 1 and files[0][1]:
                return _import_one(gatherer.one(files[0][0]))
            outcomes = _import_many(gatherer, files)
        except Exception as e:
            raise _store_error(e) from e
    for line in _gather_summary(outcomes):
        print(line)
    refused = any(o.status == "refused" or (o.result and o.result.refused) for o in outcomes)
    return EXIT_DATA if refused else 0


def _import_one(o) -> int:
    """One file named on the command line: problems are errors (one line each)."""
    if o.status == "refused":
        raise UserError("\n".join(_outcome_problems(o)))
    r = o.result
    print(
        t(
            "cli.imported",
            name=o.name,
            inserted=r.inserted,
            updated=r.updated,
            unchanged=r.unchanged,
        )
    )
    for line in [*_merge_report(r), *_warnings(o)]:
        print(f"  {line}")
    for line in _refusal_report(r.refused):
        print(f"  {line}", file=sys.stderr)
    return EXIT_DATA if r.refused else 0


def _import_many(gatherer, files) -> list:
    """Several files: a progress bar on a terminal when there are many."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn(t("cli.gather_progress")),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=len(files) < 20 or not console.is_terminal,
    ) as bar:
        task = bar.add_task("", total=len(files))
        return gatherer.many(files, on_file=lambda _: bar.advance(task))


def _reasons(o) -> list[str]:
    """Why a file was not imported, one line per problem."""
    if o.errors:
        return located_messages(o.errors)
    key, params = o.reason
    if key == "unreadable":
        return [t("cli.unreadable", path=str(o.path), detail=os_reason(params["error"]))]
    return [t(f"cli.gather_{key}", **params)]


def _outcome_problems(o) -> list[str]:
    """The same, each line self-contained (naming the file) for the error stream."""
    if o.reason and o.reason[0] == "unreadable":
        return _reasons(o)
    return [t("cli.bundle_problem", path=str(o.path), problem=m) for m in _reasons(o)]


def _warnings(o) -> list[str]:
    out = []
    for key, params in o.warnings:
        home = params.get("home", "")
        pref = _prefectures().get(home)
        out.append(t(f"cli.gather_{key}", **params, home_name=pref.name if pref else home))
    return out


def _prefectures() -> dict:
    from workshop.reference import load

    return load().prefecture_by_code


def _gather_summary(outcomes: list) -> list[str]:
    """Per file: what happened, from whom; then the totals."""
    lines = []
    counts = dict.fromkeys(("added", "updated", "unchanged", "refused", "skipped"), 0)
    for o in outcomes:
        counts[o.status] += 1
        status = t(f"cli.gather_status.{o.status}")
        if o.status == "skipped":
            lines.append(f"{status}  {o.path}  — {t('cli.gather_not_a_bundle')}")
            continue
        if o.status == "refused":
            lines.append(f"{status}  {o.path}")
            lines += [f"    {p}" for p in _reasons(o)]
            continue
        code = o.code or t("cli.gather_no_code")
        who = f"{o.municipality or '—'}（{code}）「{o.name}」"
        r = o.result
        detail = t("cli.gather_counts", inserted=r.inserted, updated=r.updated)
        lines.append(f"{status}  {o.path}  {who}  {detail}")
        notes = [
            *_warnings(o),
            *_merge_report(r),
            *_refusal_report(r.refused),
        ]
        lines += [f"    {n}" for n in notes]
    lines.append(t("cli.gather_total", files=len(outcomes), **counts))
    return lines


def _merge_report(result) -> list[str]:
    """One line per record both sides changed: which fields, and that ours were kept;
    one per record the bundle changed without a newer stamp (left as it was); and how
    many records deleted here the bundle still carried."""
    out = []
    for c in result.conflicts:
        kind = t(f"cli.record.{c.table}")
        if c.fields == ("*",):
            out.append(t("cli.import_conflict_deleted", kind=kind, id=c.record_id))
            continue
        out.append(t("cli.import_conflict", kind=kind, id=c.record_id, fields=_fields(c)))
    for c in result.stale:
        out.append(
            t(
                "cli.import_stale",
                kind=t(f"cli.record.{c.table}"),
                id=c.record_id,
                fields=_fields(c),
            )
        )
    if result.kept_deleted:
        out.append(t("cli.import_kept_deleted", n=len(result.kept_deleted)))
    return out


def _fields(c) -> str:
    """The fields of a reported record, in the UI's words with the JSON names."""
    return ", ".join(f"{t(f'field.{f}')} ({f})" if has(f"field.{f}") else f for f in c.fields)


def _refusal_report(refused) -> list[str]:
    """One line per record an import left alone, and why."""
    return [
        t(
            f"cli.import_refused_{r.reason}",
            kind=t(f"cli.record.{r.table}"),
            id=r.record_id,
            owner=r.owner,
        )
        for r in refused
    ]


# --- rollup ---------------------------------------------------------------------------------


def _rollup_filter(args: argparse.Namespace):
    """The command line's filters, checked against the reference data."""
    from workshop.domain.rollup import Filter
    from workshop.reference import load

    ref = load()
    barrier = args.barrier
    if barrier is not None:
        by_number = {str(b.number): b.key for b in ref.survey.barriers}
        barrier = by_number.get(barrier, barrier)
        if barrier not in ref.barrier_by_key:
            keys = ", ".join(sorted(by_number, key=int))
            raise UserError(
                t("cli.rollup_bad_option", option="--barrier", value=args.barrier, choices=keys)
            )
    bands = [b.key for b in ref.vocab.population_bands]
    if args.band is not None and args.band not in bands:
        raise UserError(
            t("cli.rollup_bad_option", option="--band", value=args.band, choices=", ".join(bands))
        )
    if args.stage is not None and not 1 <= args.stage <= 6:
        raise UserError(
            t("cli.rollup_bad_option", option="--stage", value=args.stage, choices="1-6")
        )
    codes = frozenset(c.strip() for c in (args.select or "").split(",") if c.strip())
    return Filter(stage=args.stage, barrier=barrier, theme=args.theme, band=args.band, codes=codes)


def gathered_rows(store, today=None):
    """Every municipality's row, initiatives read one at a time."""
    from datetime import date

    from workshop.domain.rollup import combine
    from workshop.reference import load
    from workshop.store.gather import summaries

    return combine(summaries(store, today or date.today()), load().vocab.population_bands)


def cmd_rollup(args: argparse.Namespace) -> int:
    from workshop.domain.rollup import SORT_KEYS, sort_rows

    if args.sort not in SORT_KEYS:
        choices = ", ".join(SORT_KEYS)
        raise UserError(
            t("cli.rollup_bad_option", option="--sort", value=args.sort, choices=choices)
        )
    keep = _rollup_filter(args)
    if args.fmt != "table" and not args.out:
        raise UserError(t("cli.rollup_needs_out", fmt=args.fmt))
    with _open_store(_db_path(args)) as store:
        try:
            rows = gathered_rows(store)
        except Exception as e:
            raise _store_error(e) from e
    everything = rows
    rows = sort_rows([r for r in rows if keep.keep(r)], args.sort)
    unknown = sorted(
        c for c in keep.codes if not any(c in (r.code, r.municipality) for r in everything)
    )
    if unknown and rows:
        # some of the chosen were found: say which were not (a typo is not left unseen)
        print(t("cli.rollup_select_unknown", codes="、".join(unknown)), file=sys.stderr)
    if args.fmt == "table":
        if not rows:
            print(t("cli.rollup_none_match" if everything else "cli.rollup_empty"))
            return 0
        _print_table(rows)
        return 0
    from workshop.export import ExportError
    from workshop.export.atomic import write_atomic

    out = _output(args.out, f"rollup.{args.fmt}")
    if args.fmt == "docx":
        if not keep.codes:
            raise UserError(t("cli.rollup_docx_needs_select"))
        if not rows:
            raise UserError(t("cli.rollup_select_none", select=args.select))
        with _open_store(_db_path(args)) as store:
            content = _practice_docx(store, rows)
    else:
        from workshop.export.rollup_xlsx import render

        content = render(rows)
    try:
        path = write_atomic(out, content)
    except ExportError as e:
        raise UserError(t(f"error.{e.code}", path=str(e.path), detail=e.detail)) from e
    print(t("cli.rollup_written", path=str(path), count=len(rows)))
    return 0


def _output(out: str, name: str) -> Path:
    """`--out` as the file to write (`output_file`), its problems as a UserError."""
    from workshop.export import ExportError
    from workshop.export.atomic import output_file

    try:
        return output_file(out, name)
    except ExportError as e:
        raise UserError(t(f"error.{e.code}", path=str(e.path), detail=e.detail)) from e


def _practice_docx(store, rows) -> bytes:
    """The good-practice collection of the selected municipalities' initiatives."""
    from workshop.export.practice import render
    from workshop.reference import load

    prefectures = load().prefecture_by_code
    items = []
    for r in rows:
        pref = prefectures.get(r.prefecture)
        for initiative_id in r.initiative_ids:
            items.append((store.initiative_data(initiative_id), pref.name if pref else ""))
    return render(items)


def _print_table(rows) -> None:
    """The roll-up as a table on stdout (the export's columns, short forms)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from workshop.export.rollup_xlsx import table_header, table_rows

    header = table_header()
    keep = [0, 2, 6, 7, 8, 9, 11, 12, 13, 14, 15]
    table = Table(*(header[i] for i in keep), show_lines=False)
    for cells in table_rows(rows):
        # literal: names come from the bundles (a string is read as Rich markup)
        table.add_row(*(Text("" if cells[i] is None else str(cells[i])) for i in keep))
    console = Console(soft_wrap=False)
    if not console.is_terminal:
        console = Console(width=200)
    console.print(table)


# --- publish --------------------------------------------------------------------------------


def cmd_publish(args: argparse.Namespace) -> int:
    """A read-only SQLite file of the roll-up without personal names, and metadata.json
    beside it, for `datasette FILE.db -m metadata.json`."""
    import json
    from datetime import date

    from workshop.export import ExportError
    from workshop.export.atomic import write_atomic
    from workshop.export.publish import COLUMNS, PKS, metadata, public_rows, tables
    from workshop.store.gather import gathered
    from workshop.store.publish import write_published

    out = _output(args.out, "rollup.db")
    if not out.parent.is_dir():
        raise UserError(t("error.export_no_folder", path=str(out.parent)))
    with _open_store(_db_path(args)) as store:
        try:
            rows = public_rows(gathered(store), date.today())
        except Exception as e:
            raise _store_error(e) from e
    meta_path = out.parent / "metadata.json"
    try:
        write_published(out, tables(rows), COLUMNS, PKS)
        meta = json.dumps(metadata(out.stem, len(rows)), ensure_ascii=False, indent=2) + "\n"
        write_atomic(meta_path, meta.encode("utf-8"))
    except ExportError as e:
        raise UserError(t(f"error.{e.code}", path=str(e.path), detail=e.detail)) from e
    except OSError as e:
        raise UserError(t("error.export_unwritable", path=str(out), detail=os_reason(e))) from e
    print(t("cli.published", path=str(out), n=len(rows), meta=str(meta_path)))
    return 0
