"""Options of `rollup` and `publish` said back plainly: `--out` naming a folder with its
slash is written inside it when it exists and refused when it does not (the workbook
and the publication were written as a file of that name, metadata.json in the current
folder); conditions that match nothing, and codes of --select that match nothing, are
said as such."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_rollup import gathered  # noqa: F401 (fixture)
from workshop import cli


@pytest.mark.parametrize(
    ("argv", "name"),
    [(["rollup", "--format", "xlsx"], "rollup.xlsx"), (["publish"], "rollup.db")],
)
def test_a_folder_with_its_slash(gathered: Path, tmp_path: Path, capsys, argv, name) -> None:  # noqa: F811
    missing = tmp_path / "nosuch"
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        capsys.readouterr()
        assert cli.main(["--db", str(gathered), *argv, "--out", f"{missing}/"]) == cli.EXIT_USER
        err = capsys.readouterr().err
        assert "出力先のフォルダ" in err and "nosuch" in err and "Traceback" not in err
        assert not missing.exists() and not (tmp_path / "metadata.json").exists()
        folder = tmp_path / "out"
        folder.mkdir()
        assert cli.main(["--db", str(gathered), *argv, "--out", f"{folder}/"]) == 0
        assert (folder / name).is_file()
    finally:
        os.chdir(here)


def test_conditions_matching_nothing_and_unknown_codes_are_said(gathered: Path, capsys) -> None:  # noqa: F811
    """A filter that matches nothing is not told to import bundles (they are there); a
    code of --select that matches nothing is named when the others are rolled up."""
    capsys.readouterr()
    assert cli.main(["--db", str(gathered), "rollup", "--theme", "存在しないテーマ"]) == 0
    out = capsys.readouterr().out
    assert "条件に当てはまる市区町村がありません" in out and "workshop import" not in out
    assert cli.main(["--db", str(gathered), "rollup", "--select", "082015,999999,abc"]) == 0
    captured = capsys.readouterr()
    assert "水戸市" in captured.out
    assert "999999" in captured.err and "abc" in captured.err and "082015" not in captured.err
