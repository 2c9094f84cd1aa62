"""The export wording: the same keys in Japanese and English, and none missing in use."""

from __future__ import annotations

import io
import re
import tomllib
from importlib import resources

import pytest
from export_data import Fixture, HtmlReader, build, docx_text
from openpyxl import load_workbook

from workshop.domain.enums import SessionStatus
from workshop.export import FORMATS, render


def keys(lang: str) -> set[str]:
    raw = resources.files("workshop.i18n").joinpath(lang, "export.toml").read_text("utf-8")
    out: set[str] = set()

    def walk(prefix: str, table: dict) -> None:
        for k, v in table.items():
            name = f"{prefix}.{k}" if prefix else k
            walk(name, v) if isinstance(v, dict) else out.add(name)

    walk("", tomllib.loads(raw))
    return out


def test_same_keys_in_both_languages() -> None:
    ja, en = keys("ja"), keys("en")
    assert ja == en
    assert all(k.startswith("export.") for k in ja)


def test_placeholders_agree() -> None:
    from workshop.i18n import catalog

    for key in keys("ja"):
        ja = set(re.findall(r"{(\w+)}", catalog("ja")[key]))
        en = set(re.findall(r"{(\w+)}", catalog("en")[key]))
        assert ja == en, key


@pytest.fixture(scope="module", params=[SessionStatus.DRAFT, SessionStatus.FINAL])
def fx(request) -> Fixture:
    return build(status=request.param, long=False)


def readable(fmt: str, blob: bytes) -> str:
    if fmt in ("docx", "charter", "summary"):
        return docx_text(blob)
    if fmt == "html":
        return HtmlReader(blob.decode("utf-8")).text
    if fmt == "xlsx":
        wb = load_workbook(io.BytesIO(blob))
        return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    return blob.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_no_key_shows_instead_of_its_text(fx: Fixture, fmt: str) -> None:
    """A missing key is shown as itself by t(): it must never reach a file."""
    for sid in (fx.initial_id, fx.followup_id):
        text = readable(fmt, render(fmt, fx.data, sid))
        assert not re.search(r"\bexport\.[a-z_]+", text), fmt
