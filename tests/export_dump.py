"""A canonical dump of an exported DOCX or XLSX, read back with its own library, to prove
that a faster writer produces the same document.

DOCX: every XML part of the package in canonical form (C14N 2.0, so attribute order and
namespace prefixes do not matter), except the creation and modification times in
docProps/core.xml; each part is summed (SHA-256), and the body of document.xml also
part by part: paragraphs' text, every table's text, and the row properties that decide
how a table prints (cantSplit, tblHeader, grid and cell widths).

XLSX: what openpyxl reads back from every sheet: each cell's value, type, number format,
font, fill, alignment, border, quote prefix and comment; frozen panes, selection, filter,
column widths and hidden columns, row heights, data validations, conditional formats,
page set-up, margins, print options, headers and footers, print titles and area; and the
workbook's sheet order, active sheet, creator and title.

The expected sums are in `export_dump.json` (made from the exporters before they were
rewritten for speed). When an export's content changes on purpose, regenerate it with
`python tests/export_dump.py --write` and say so in the commit.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import sys
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).with_name("export_dump.json")
GENERATED_CARDS = 2_000


def _sum(value: Any) -> str:
    if not isinstance(value, bytes):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()
    return hashlib.sha256(value).hexdigest()[:16]


# --- DOCX ------------------------------------------------------------------------------------


@functools.cache
def _c14n(xml: bytes) -> bytes:
    """The part in canonical form, remembered by its bytes: every document carries the
    same styles (two parts of python-docx's template, 0.25 s each to canonicalise), and
    they took two thirds of the time of the 238 parts."""
    from lxml import etree

    return etree.tostring(etree.fromstring(xml), method="c14n2", strip_text=False)


def _core_without_times(xml: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml)
    for el in list(root):
        if etree.QName(el).localname in ("created", "modified"):
            root.remove(el)
    return etree.tostring(root, method="c14n2")


def docx_dump(blob: bytes) -> dict[str, Any]:
    import docx
    from docx.oxml.ns import qn

    out: dict[str, Any] = {}
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in sorted(z.namelist()):
            data = z.read(name)
            if name == "docProps/core.xml":
                data = _core_without_times(data)
            elif name.endswith((".xml", ".rels")):
                data = _c14n(data)
            out[f"part:{name}"] = _sum(data)
    doc = docx.Document(io.BytesIO(blob))
    out["paragraphs"] = _sum([(p.style.name if p.style else None, p.text) for p in doc.paragraphs])
    tables = []
    for t in doc.tables:
        rows = []
        for tr in t._tbl.tr_lst:
            trpr = tr.trPr
            flags = (
                []
                if trpr is None
                else [qn(f"w:{f}") in {c.tag for c in trpr} for f in ("cantSplit", "tblHeader")]
            )
            widths = [
                tc.tcPr.tcW.w if tc.tcPr is not None and tc.tcPr.tcW is not None else None
                for tc in tr.tc_lst
            ]
            rows.append(["".join(tc.itertext()) for tc in tr.tc_lst] + [flags, widths])
        grid = [col.get(qn("w:w")) for col in t._tbl.tblGrid.findall(qn("w:gridCol"))]
        tables.append({"style": t.style.name if t.style else None, "grid": grid, "rows": rows})
    out["tables"] = _sum(tables)
    out["table_count"] = len(tables)
    out["row_count"] = sum(len(t["rows"]) for t in tables)
    out["sections"] = _sum(
        [
            (s.orientation, s.page_width, s.page_height, s.left_margin, s.right_margin)
            for s in doc.sections
        ]
    )
    return out


# --- XLSX ------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _color(c: Any) -> Any:
    return None if c is None else (c.type, c.rgb if c.type == "rgb" else c.value, c.tint)


def _cell(cell: Any) -> list[Any]:
    f, a, b, fill = cell.font, cell.alignment, cell.border, cell.fill
    comment = cell.comment
    return [
        cell.coordinate,
        _plain(cell.value),
        cell.data_type,
        cell.number_format,
        [f.name, f.sz, f.b, f.i, _color(f.color)],
        [fill.fill_type, _color(fill.fgColor), _color(fill.bgColor)],
        [a.wrap_text, a.vertical, a.horizontal],
        [[s.style, _color(s.color)] for s in (b.left, b.right, b.top, b.bottom)],
        cell.quotePrefix,
        None if comment is None else [comment.text, comment.author],
    ]


def _sheet(ws: Any) -> dict[str, Any]:
    cells = [
        _cell(c)
        for row in ws.iter_rows()
        for c in row
        if c.value is not None or c.has_style or c.comment is not None
    ]
    cols = [
        [k, d.min, d.max, d.width, d.hidden, d.customWidth]
        for k, d in sorted(ws.column_dimensions.items())
    ]
    rows = [[k, d.height, d.hidden] for k, d in sorted(ws.row_dimensions.items()) if d.height]
    validations = [
        [
            dv.type,
            dv.formula1,
            str(dv.sqref),
            dv.allow_blank,
            dv.showErrorMessage,
            dv.errorTitle,
            dv.error,
            dv.showDropDown,
        ]
        for dv in ws.data_validations.dataValidation
    ]
    conditional = [
        [
            str(rng.sqref),
            [
                [
                    r.type,
                    r.formula,
                    r.dxf and [_color(r.dxf.fill.fgColor), _color(r.dxf.fill.bgColor)],
                ]
                for r in rules
            ],
        ]
        for rng, rules in ws.conditional_formatting._cf_rules.items()
    ]
    ps, po, pm = ws.page_setup, ws.print_options, ws.page_margins
    view = ws.sheet_view
    pane = view.pane
    printing = [
        ps.paperSize,
        ps.orientation,
        ps.fitToWidth,
        ps.fitToHeight,
        ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        [pm.left, pm.right, pm.top, pm.bottom, pm.header, pm.footer],
        [po.gridLines, po.horizontalCentered],
        ws.print_title_rows,
        ws.print_title_cols,
        str(ws.print_area),
        [ws.oddHeader.center.text, ws.oddHeader.left.text, ws.oddHeader.right.text],
        [
            ws.oddFooter.left.text,
            ws.oddFooter.left.size,
            ws.oddFooter.center.text,
            ws.oddFooter.right.text,
        ],
    ]
    views = [
        ws.freeze_panes,
        view.tabSelected,
        None if pane is None else [pane.xSplit, pane.ySplit, pane.topLeftCell, pane.state],
        [[s.pane, s.activeCell, s.sqref] for s in view.selection],
        ws.auto_filter.ref,
        ws.sheet_state,
        list(map(str, ws.merged_cells.ranges)),
    ]
    return {
        "cells": _sum(cells),
        "cell_count": len(cells),
        "columns": _sum(cols),
        "rows": _sum(rows),
        "validations": _sum(validations),
        "conditional": _sum(conditional),
        "printing": _sum(printing),
        "views": _sum(views),
    }


def xlsx_dump(blob: bytes) -> dict[str, Any]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(blob))
    out: dict[str, Any] = {
        "workbook": _sum(
            [wb.sheetnames, wb.active.title, wb.properties.creator, wb.properties.title]
        )
    }
    for ws in wb.worksheets:
        for key, value in _sheet(ws).items():
            out[f"{ws.title}:{key}"] = value
    return out


# --- the cases -------------------------------------------------------------------------------


def _seeded(make: Any) -> Any:
    """`make()` with record ids drawn from a seeded generator (the fixture's records
    take random ids, and the workbook carries them in its hidden id column)."""
    import random
    import uuid
    from unittest import mock

    rng = random.Random(20261122)
    with mock.patch.object(uuid, "uuid4", lambda: uuid.UUID(int=rng.getrandbits(128), version=4)):
        return make()


def cases(tmp: Path) -> dict[str, tuple[Any, str]]:
    """Name -> (InitiativeData, session id): every demo session and every session of the
    export fixture read back from a store, and a generated session of 2,000 cards."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from export_data import build
    from generate_large import Plan, generate

    from workshop.demo import install_demo
    from workshop.store import Store

    out: dict[str, tuple[Any, str]] = {}
    with Store(tmp / "demo.db") as store:
        iid = install_demo(store)
        data = store.initiative_data(iid)
        for i, sd in enumerate(data.ordered_sessions()):
            out[f"demo{i}"] = (data, sd.session.id)
        fx = _seeded(build)
        from workshop.domain.bundle import Bundle

        store.import_bundle(Bundle(app_version="test", data=fx.data))
        data = store.initiative_data(fx.data.initiative.id)
        for i, sd in enumerate(data.ordered_sessions()):
            out[f"fixture{i}"] = (data, sd.session.id)
    db = tmp / "generated.db"
    generate(
        db,
        Plan(
            initiatives=1,
            sessions=3,
            cards=GENERATED_CARDS + 40,
            actions=60,
            big_cards=GENERATED_CARDS,
        ),
    )
    with Store(db) as store:
        big = max(store.session_summaries(), key=lambda s: s.cards)
        out[f"generated{GENERATED_CARDS}"] = (store.initiative_data(big.initiative_id), big.id)
    return out


def dump_all(tmp: Path) -> dict[str, dict[str, Any]]:
    from workshop.export import render

    out: dict[str, dict[str, Any]] = {}
    for name, (data, sid) in cases(tmp).items():
        out[f"{name}.docx"] = docx_dump(render("docx", data, sid))
        out[f"{name}.summary.docx"] = docx_dump(render("summary", data, sid))
        out[f"{name}.xlsx"] = xlsx_dump(render("xlsx", data, sid))
        out[f"{name}.html"] = {"bytes": _sum(render("html", data, sid))}
    return out


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        dump = dump_all(Path(tmp))
    if "--write" in sys.argv:
        FIXTURE.write_text(json.dumps(dump, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        print(f"wrote {FIXTURE}")
    else:
        print(json.dumps(dump, ensure_ascii=False, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
