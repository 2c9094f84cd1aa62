"""The command line speaks the user's language in argparse's own words too: its usage,
headings and messages were English inside a Japanese line (「コマンドの指定が正しくありません
（unrecognized arguments: --bogus）」)."""

from __future__ import annotations

import re

import pytest

from workshop import cli

ENGLISH = re.compile(r"usage:|options|positional arguments|unrecognized|required|invalid|choose")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--bogus"], "知らない引数があります: --bogus"),
        (["export"], "次の引数が必要です: SESSION, --format, --out"),
        (["--lang", "fr"], "--lang: 'fr' は選べません。選べるもの: 'ja', 'en'"),
        (["rollup", "--stage", "x"], "--stage: 'x' は int の値として読めません"),
        (["exprt"], "COMMAND: 'exprt' は選べません。選べるもの: 'demo', 'list'"),
        (["import"], "次の引数が必要です: BUNDLE.json|FOLDER"),
        (["export", "latest", "--out"], "--out: 値を一つ指定してください"),
    ],
)
def test_a_mistake_is_said_in_japanese(capsys, monkeypatch, argv, expected) -> None:
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)
    code, _, err = run(capsys, *argv)
    assert code == cli.EXIT_USER
    lines = err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], err
    assert not ENGLISH.search(lines[0]), lines[0]


def test_help_is_in_japanese(capsys, monkeypatch) -> None:
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)
    for argv in (["--help"], ["rollup", "--help"], ["import", "--help"], ["serve", "--help"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0
        assert out.startswith("使い方: workshop"), out
        assert "オプション:" in out and "この説明を表示して終わる" in out
        assert not ENGLISH.search(out.replace("--format", "")), out
    _, out, _ = run(capsys, "--help")
    assert "位置引数:" in out and "版を表示して終わる" in out


def test_english_is_chosen_with_lang_en(capsys, monkeypatch) -> None:
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)
    code, _, err = run(capsys, "--lang", "en", "--bogus")
    assert code == cli.EXIT_USER
    assert "invalid command line (unrecognized arguments: --bogus)" in err
    _, out, _ = run(capsys, "--lang", "en", "--help")
    assert out.startswith("usage: workshop") and "show this help message and exit" in out


def test_every_word_argparse_writes_has_both_languages() -> None:
    from workshop.cli_parser import _WORDS
    from workshop.i18n import catalog

    for lang in ("ja", "en"):
        words = catalog(lang)
        for english, key in _WORDS.items():
            text = words.get(f"argparse.{key}")
            assert text, (lang, key)
            # the placeholders argparse fills are kept (named ones by name)
            for name in re.findall(r"%\((\w+)\)", english):
                if name not in ("type",) or lang == "en":
                    assert f"%({name})" in text, (lang, key, name)
            assert text.count("%s") == english.count("%s"), (lang, key)


def test_argparse_is_left_as_it_was_for_other_parsers(capsys) -> None:
    """Only workshop's parser speaks through the catalogue: another parser in the same
    process (a benchmark script's, pytest's own) keeps argparse's words."""
    import argparse

    run(capsys, "--bogus")
    other = argparse.ArgumentParser(prog="other")
    assert other.format_help().startswith("usage: other")
    with pytest.raises(SystemExit):
        other.parse_args(["--bogus"])
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err
