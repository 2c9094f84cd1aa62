"""The command line (DESIGN section 6).

User mistakes print one clear line on stderr and exit non-zero, never a traceback.
Textual is imported only by the commands that open the app.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from workshop.cli_parser import EXIT_USER, command_line
from workshop.i18n import set_language, t

EXIT_DATA = 3


class UserError(Exception):
    """A mistake the user can fix; the message is already in their language."""


def _db_path(args: argparse.Namespace, demo: bool = False) -> Path:
    from workshop.config import default_db_path, demo_db_path

    chosen = getattr(args, "sub_db", None) or args.db
    if chosen:
        return Path(chosen).expanduser()
    return demo_db_path() if demo else default_db_path()


def _open_store(path: Path):
    from workshop.store import Store, StoreError

    try:
        return Store(path)
    except StoreError as e:
        raise UserError(t(f"error.{e.code}", **e.params)) from e


def _store_error(e: Exception) -> UserError:
    from workshop.store import StoreError

    if isinstance(e, StoreError):
        return UserError(t(f"error.{e.code}", **e.params))
    raise e


# --- commands ------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from workshop.i18n import label

    with _open_store(_db_path(args)) as store:
        rows = store.session_summaries()
    if args.json:
        payload = [
            {
                "id": r.id,
                "initiative": r.initiative,
                "title": r.title,
                "date": r.date.isoformat() if r.date else None,
                "kind": r.kind,
                "step": r.current_step.value,
                "reached": r.reached_step.value,
                "status": r.status,
                "cards": r.cards,
                "actions": r.actions,
            }
            for r in rows
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(t("cli.no_sessions"))
        return 0
    for r in rows:
        day = r.date.isoformat() if r.date else "----------"
        print(
            f"{r.id[:8]}  {day}  {r.initiative} / {r.title}  "
            f"[{label('step', r.reached_step)}・{label('status', r.status)}]"
        )
    return 0


def _export_options(args: argparse.Namespace):
    from workshop.export import ExportOptions
    from workshop.export.template import read_template

    template = None
    if args.template:
        path = Path(args.template).expanduser()
        try:
            template = read_template(path)
        except ValueError as e:
            raise UserError(t("cli.bad_template", path=str(path), detail=str(e))) from e
    return ExportOptions(public=args.public, cards=not args.no_cards, template=template)


def cmd_export(args: argparse.Namespace) -> int:
    from workshop.export import FORMATS, ExportError, export_session, needs_cards

    if args.fmt not in FORMATS:
        raise UserError(t("cli.unknown_format", fmt=args.fmt, formats=", ".join(FORMATS)))
    options = _export_options(args)
    with _open_store(_db_path(args)) as store:
        try:
            session = store.resolve_session(args.session)
            data = store.initiative_data(session.initiative_id, cards=needs_cards([args.fmt]))
            register = store.register_at_confirmation(session)
        except Exception as e:
            raise _store_error(e) from e
    try:
        path = export_session(data, session.id, args.fmt, args.out, options, register)
    except ExportError as e:
        raise UserError(t(f"error.{e.code}", path=str(e.path), detail=e.detail)) from e
    print(path)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from workshop.cli_gather import cmd_import as run

    return run(args)


def cmd_rollup(args: argparse.Namespace) -> int:
    from workshop.cli_gather import cmd_rollup as run

    return run(args)


def cmd_publish(args: argparse.Namespace) -> int:
    from workshop.cli_gather import cmd_publish as run

    return run(args)


def cmd_schema(args: argparse.Namespace) -> int:
    from workshop.domain.bundle import bundle_schema

    print(json.dumps(bundle_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from workshop.store import SCHEMA_VERSION

    path = _db_path(args)
    if not path.exists():
        raise UserError(t("cli.no_database", path=str(path)))
    with _open_store(path) as store:
        problems = store.integrity_problems()
        counts = store.counts()
        version = store.schema_version
    print(t("cli.check_path", path=str(path)))
    print(t("cli.check_schema", version=version, supported=SCHEMA_VERSION))
    print(t("cli.check_counts", sessions=counts["sessions"], cards=counts["cards"]))
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(t("cli.check_bad"), file=sys.stderr)
        return EXIT_DATA
    print(t("cli.check_ok"))
    return 0


def cmd_tui(args: argparse.Namespace, demo: bool = False) -> int:
    from workshop.config import load_config

    path = _db_path(args, demo=demo)
    store = _open_store(path)
    if demo:
        from workshop.demo_ids import demo_installed

        if not demo_installed(store):  # building the demo needs the record models
            from workshop.demo import install_demo

            install_demo(store)
    config = load_config()
    if args.lang:
        config.language = args.lang
    set_language(config.language)
    from workshop.app import RESTART, WorkshopApp, restart_process

    app = WorkshopApp(store=store, config=config, persist_config=not args.lang)
    _end_with_the_terminal()
    gc.freeze()
    gc.enable()
    try:
        app.run()
    finally:
        store.close()
    if app.return_code == RESTART:
        restart_process()
    return app.return_code or 0


def _end_with_the_terminal() -> None:
    """A terminal that goes away ends the app, as it ends any program run in it. Started
    with hangups ignored (under nohup, or by a harness started so), the app read an
    endless end of input from its closed terminal and kept a core busy for good. Every
    change is already committed, so the hangup's default end loses nothing saved."""
    import signal

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from workshop.serve import BrowserServer, ServeError, bind
    except ImportError as e:
        raise UserError(t("cli.serve_missing")) from e
    argv = [sys.executable, "-m", "workshop"]
    if args.db:
        argv += ["--db", args.db]
    if args.lang:
        argv += ["--lang", args.lang]
    try:
        sock = bind(args.port)
    except ServeError as e:
        raise UserError(t(f"cli.{e.code}", **e.params)) from e
    server = BrowserServer(
        argv, sock, title=t("app.title"), templates_path=str(_offline_templates())
    )
    server.announce = lambda url: print(t("cli.serve_url", url=url), flush=True)
    server.serve()
    return 0


def _offline_templates() -> Path:
    """textual-serve's page template without its web-font link: the page must not reach
    out to the internet (the tool runs offline and holds staff names)."""
    import re
    import tempfile

    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates"
    target = Path(tempfile.mkdtemp(prefix="workshop-serve-"))
    for page in source.iterdir():
        html = page.read_text(encoding="utf-8")
        html = re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", "", html, flags=re.S)
        (target / page.name).write_text(html, encoding="utf-8")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up builds many long-lived objects (models, CSS, the reference data); letting
    # the cyclic collector walk them again and again costs about a third of start-up.
    # It is switched back on (with the start-up objects frozen) before the app runs.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Pydantic looks for plugins in every installed package's metadata when it builds
    # its first model (tens of milliseconds of start-up). Workshop uses none, and a
    # plugin would see every record validated, staff names included: the search is
    # skipped unless the environment asks for plugins (PYDANTIC_DISABLE_PLUGINS set).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # The language of messages: --lang wins, then the environment, then Japanese.
    lang = "en" if "--lang=en" in argv or _follows(argv, "--lang", "en") else None
    lang = lang or ("en" if os.environ.get("WORKSHOP_LANG") == "en" else "ja")
    set_language(lang)
    args = command_line().parse_args(argv)
    commands = {
        "list": cmd_list,
        "export": cmd_export,
        "import": cmd_import,
        "rollup": cmd_rollup,
        "publish": cmd_publish,
        "schema": cmd_schema,
        "check": cmd_check,
        "serve": cmd_serve,
    }
    try:
        if args.command == "demo":
            return cmd_tui(args, demo=True)
        if args.command in commands:
            gc.enable()
            return commands[args.command](args)
        return cmd_tui(args)
    except UserError as e:
        for line in str(e).splitlines():
            print(f"workshop: {line}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`workshop list | head`): what it read was all it wanted.
        # Python would report the pipe again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _follows(argv: list[str], flag: str, value: str) -> bool:
    return any(a == flag and b == value for a, b in itertools.pairwise(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
