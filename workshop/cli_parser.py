"""The parser of the command line, speaking the user's language.

argparse writes its own words (usage:, options, its error messages) through gettext, in
English unless a compiled catalogue is installed for it. It looks each one up in its
module when it writes it (`argparse._`, `argparse.ngettext`): while workshop's parser is
made, parses or writes its help, they are answered from workshop's catalogue
(`[argparse]` in cli.toml) in the language chosen by --lang or WORKSHOP_LANG, and put back
after (argparse stays as it was for any other parser in the process). A message the
catalogue lacks (one a later Python words otherwise) is written as argparse has it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from workshop import __version__
from workshop.i18n import t

EXIT_USER = 2

_WORDS = {
    "usage: ": "usage",
    "positional arguments": "positionals",
    "options": "options",
    "show this help message and exit": "help",
    "argument %(argument_name)s: %(message)s": "argument",
    "unrecognized arguments: %s": "unrecognized",
    "the following arguments are required: %s": "required",
    "one of the arguments %s is required": "one_required",
    "not allowed with argument %s": "not_allowed_with",
    "ignored explicit argument %r": "explicit_ignored",
    "expected one argument": "expected_one",
    "expected at most one argument": "expected_at_most_one",
    "expected at least one argument": "expected_at_least_one",
    "expected %s argument": "expected_n",
    "expected %s arguments": "expected_n",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
    "invalid %(type)s value: %(value)r": "invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid_choice",
    "unexpected option string: %s": "unexpected_option",
    "can't open '%(filename)s': %(error)s": "cannot_open",
}
"""argparse's English (as Python 3.11 words it) and the catalogue's key for each."""


def _words(message: str) -> str:
    key = _WORDS.get(message)
    return t(f"argparse.{key}") if key is not None else message


def _plural_words(singular: str, plural: str, n: int) -> str:
    return _words(singular if n == 1 else plural)


@contextmanager
def _in_our_words() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _words, _plural_words  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _in_our_words():  # the headings of its groups are named here
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> argparse.Namespace:
        with _in_our_words():  # (what is left over is said here)
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _in_our_words():  # its messages, and the help -h prints
            return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        with _in_our_words():
            return super().format_help()

    def format_usage(self) -> str:
        with _in_our_words():
            return super().format_usage()

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USER, f"workshop: {t('cli.bad_usage', detail=message)}\n")


def command_line() -> Parser:
    """The parser of `workshop`'s command line, its words in the current language."""
    p = Parser(prog="workshop", description=t("cli.description"))
    p.add_argument(
        "--version",
        action="version",
        version=f"workshop {__version__}",
        help=t("argparse.version_help"),
    )
    p.add_argument("--db", metavar="PATH", help=t("cli.help_db"))
    p.add_argument("--lang", choices=["ja", "en"], help=t("cli.help_lang"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    demo = sub.add_parser("demo", help=t("cli.help_demo"))
    demo.add_argument("--db", metavar="PATH", dest="sub_db", help=t("cli.help_db"))
    lst = sub.add_parser("list", help=t("cli.help_list"))
    lst.add_argument("--json", action="store_true", help=t("cli.help_json"))
    exp = sub.add_parser("export", help=t("cli.help_export"))
    exp.add_argument("session", metavar="SESSION", help=t("cli.help_session"))
    exp.add_argument("--format", required=True, dest="fmt", help=t("cli.help_format"))
    exp.add_argument("--out", required=True, metavar="PATH", help=t("cli.help_out"))
    exp.add_argument("--public", action="store_true", help=t("cli.help_public"))
    exp.add_argument("--no-cards", action="store_true", help=t("cli.help_no_cards"))
    exp.add_argument("--template", metavar="FILE.docx", help=t("cli.help_template"))
    imp = sub.add_parser("import", help=t("cli.help_import"))
    imp.add_argument("bundles", metavar="BUNDLE.json|FOLDER", nargs="+", help=t("cli.help_bundles"))
    rollup = sub.add_parser("rollup", help=t("cli.help_rollup"))
    rollup.add_argument(
        "--format",
        dest="fmt",
        choices=["table", "xlsx", "docx"],
        default="table",
        help=t("cli.help_rollup_format"),
    )
    rollup.add_argument("--out", metavar="PATH", help=t("cli.help_out"))
    rollup.add_argument("--sort", default="code", help=t("cli.help_rollup_sort"))
    rollup.add_argument("--stage", type=int, help=t("cli.help_rollup_stage"))
    rollup.add_argument("--barrier", help=t("cli.help_rollup_barrier"))
    rollup.add_argument("--theme", help=t("cli.help_rollup_theme"))
    rollup.add_argument("--band", help=t("cli.help_rollup_band"))
    rollup.add_argument("--select", metavar="CODES", help=t("cli.help_rollup_select"))
    publish = sub.add_parser("publish", help=t("cli.help_publish"))
    publish.add_argument("--out", required=True, metavar="FILE.db", help=t("cli.help_out"))
    sub.add_parser("schema", help=t("cli.help_schema"))
    sub.add_parser("check", help=t("cli.help_check"))
    serve = sub.add_parser("serve", help=t("cli.help_serve"))
    serve.add_argument("--port", type=int, default=8000, help=t("cli.help_port"))
    return p
