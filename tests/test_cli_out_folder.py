"""`--out` naming a folder with its slash: written inside it when it exists, refused when
it does not (the roll-up's workbook and the publication's database were written as a
file of that name, and metadata.json landed in the current folder)."""

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
