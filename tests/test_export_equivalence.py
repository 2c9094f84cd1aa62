"""The DOCX, XLSX and HTML exports are the same documents as before they were made
faster (write-only workbook, table rows built in bulk, column widths found without
recounting every row, records read from the store without revalidation): every demo
session, every session of the export fixture (both read back from a store) and a
generated session of 2,000 cards, read back with python-docx and openpyxl and compared
with the dump in `export_dump.json` (see `export_dump.py`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from export_dump import FIXTURE, dump_all

EXPECTED: dict[str, dict[str, Any]] = json.loads(FIXTURE.read_text())


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return dump_all(tmp_path_factory.mktemp("equivalence"))


def test_the_same_files_are_exported(dumps: dict[str, dict[str, Any]]) -> None:
    assert sorted(dumps) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_export_reads_back_as_before(dumps: dict[str, dict[str, Any]], name: str) -> None:
    got, want = dumps[name], EXPECTED[name]
    differ = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
    assert not differ, f"{name}: {differ}"


def test_the_generated_session_is_large(dumps: dict[str, dict[str, Any]]) -> None:
    """The 2,000 cards are all in the minutes' appendix (a row each)."""
    assert dumps["generated2000.docx"]["row_count"] > 2_000
    cells = sum(v for k, v in dumps["generated2000.xlsx"].items() if k.endswith(":cell_count"))
    assert cells > 1_000
