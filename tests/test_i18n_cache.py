"""The parsed UI catalog is kept beside the byte code and used only while it matches
its TOML sources exactly."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from workshop import i18n
from workshop.i18n import catalog, load_catalog


@pytest.fixture(autouse=True)
def _writes_allowed(monkeypatch) -> None:
    monkeypatch.setattr(i18n.sys, "dont_write_bytecode", False)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ja"
    folder.mkdir()
    (folder / "a.toml").write_text('[home]\ntitle = "会議"\n', encoding="utf-8")
    (folder / "b.toml").write_text('[key]\nopen = "開く"\n', encoding="utf-8")
    return folder


def test_the_cache_gives_what_parsing_gives(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    cache = tmp_path / "cache" / "ja.json"
    first = load_catalog(folder, cache)
    assert first == {"home.title": "会議", "key.open": "開く"}
    assert cache.exists()
    assert load_catalog(folder, cache) == first
    assert list(load_catalog(folder, cache)) == list(first)  # same order (the help lists it)


def test_a_changed_source_is_parsed_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    cache = tmp_path / "ja.json"
    load_catalog(folder, cache)
    (folder / "a.toml").write_text('[home]\ntitle = "会議一覧"\n', encoding="utf-8")
    assert load_catalog(folder, cache)["home.title"] == "会議一覧"
    (folder / "c.toml").write_text('[more]\nx = "追加"\n', encoding="utf-8")
    assert load_catalog(folder, cache)["more.x"] == "追加"
    (folder / "c.toml").unlink()
    assert "more.x" not in load_catalog(folder, cache)


def test_same_size_same_time_different_text_is_not_taken_for_the_cached_one(
    tmp_path: Path,
) -> None:
    """The change time is part of the stamp: an edit of the same length is seen."""
    folder = _folder(tmp_path)
    cache = tmp_path / "ja.json"
    load_catalog(folder, cache)
    source = folder / "b.toml"
    before = source.stat().st_mtime_ns
    source.write_text('[key]\nopen = "閉じ"\n', encoding="utf-8")
    os.utime(source, ns=(before + 1_000_000, before + 1_000_000))
    assert load_catalog(folder, cache)["key.open"] == "閉じ"


def test_a_broken_or_unwritable_cache_only_means_parsing(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    cache = tmp_path / "ja.json"
    cache.write_text("{not json", encoding="utf-8")
    assert load_catalog(folder, cache)["home.title"] == "会議"
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert load_catalog(folder, blocked / "ja.json")["key.open"] == "開く"
    assert load_catalog(folder, None)["key.open"] == "開く"


def test_the_shipped_catalogs_read_the_same_through_the_cache() -> None:
    for lang in i18n.LANGUAGES:
        folder = Path(i18n.__file__).with_name(lang)
        parsed: dict[str, str] = {}
        for path in sorted(folder.glob("*.toml")):
            i18n._flatten("", tomllib.loads(path.read_text(encoding="utf-8")), parsed)
        assert catalog(lang) == parsed
        assert load_catalog(folder, i18n._cache_file(lang)) == parsed
