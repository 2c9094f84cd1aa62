"""Reading the settings file: a well-formed file is taken as written, anything else as
pydantic validates it (converted where it can be, the defaults otherwise)."""

from __future__ import annotations

from pathlib import Path

from workshop.config import Config, load_config, save_config


def _load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_saved_settings_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    config = Config(
        language="en",
        theme="workshop-dark",
        export_dir="/tmp/出力",
        docx_template="/tmp/ひな形.docx",
        export_formats=["md", "docx"],
        side_panel=False,
    )
    save_config(config, path)
    assert load_config(path) == config


def test_unknown_keys_are_ignored_and_missing_ones_default(tmp_path: Path) -> None:
    assert _load(tmp_path, 'theme = "workshop-dark"\nfont = "big"\n') == Config(
        theme="workshop-dark"
    )


def test_values_of_another_type_are_converted_as_pydantic_does(tmp_path: Path) -> None:
    config = _load(tmp_path, 'side_panel = "no"\nexport_formats = ["md"]\n')
    assert config == Config(side_panel=False, export_formats=["md"])
    assert _load(tmp_path, "side_panel = 0\n").side_panel is False


def test_a_value_out_of_range_gives_the_defaults(tmp_path: Path) -> None:
    assert _load(tmp_path, 'language = "fr"\ntheme = "workshop-dark"\n') == Config()
    assert _load(tmp_path, "export_formats = [1, 2]\n") == Config()
    assert _load(tmp_path, "export_dir = 3\n") == Config()


def test_an_unreadable_file_gives_the_defaults(tmp_path: Path) -> None:
    assert _load(tmp_path, "language = \n") == Config()
    assert load_config(tmp_path / "absent.toml") == Config()


def test_each_load_has_its_own_list(tmp_path: Path) -> None:
    first = _load(tmp_path, 'export_formats = ["md"]\n')
    first.export_formats.append("csv")
    assert Config().export_formats == []
    assert _load(tmp_path, 'export_formats = ["md"]\n').export_formats == ["md"]
