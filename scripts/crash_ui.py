"""The kill test through the real app: `python -m workshop` in a pseudo-terminal.

    python scripts/crash_test.py --ui --kills 300

A driver opens the app in a pseudo-terminal (120×40, rendered by the pyte terminal
emulator), opens the test session at ①理念, and types into the quick-add line as a
facilitator would: cards key by key at human speed, several cards in one burst (one
write, as a fast typist or a terminal delivering a whole read at once), and edits
through the card dialog (ctrl+o, text appended, ctrl+s). At a random moment — often
mid-typing, sometimes while the app is still starting — the app is killed with
SIGKILL. Then, on the database:

1. `PRAGMA integrity_check` and `foreign_key_check` (`Store.integrity_problems()`)
   find nothing;
2. every card the board showed (a row of the card table, so after the save returned)
   is in the database, with every edit the board showed;
3. every card in the database is exactly a text that was typed (plus edits that were
   typed): no card merged from two (AAABBB), none stored twice.

Card texts carry a token (`k12c3z`, edits `e12_1z`) ending in `z`, so a text cut short
by the column width or a dialog drawn over it never reads as another token.
"""

from __future__ import annotations

import contextlib
import os
import pty
import random
import re
import select
import signal
import struct
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wcwidth import wcwidth

ROOT = Path(__file__).resolve().parent.parent
COLS, ROWS = 120, 40
WORDS = ["見守り", "買い物", "バスの便", "防災訓練", "サロン", "配食", "通いの場", "ごみ出し"]
CARD = re.compile(r"(k\d+c\d+z)((?: e\d+_\d+z)*)")
EDIT = re.compile(r"e\d+_\d+z")
TYPED = re.compile(r"^(\S+) (k\d+c\d+z)((?: e\d+_\d+z)*)$")
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
BOX = re.compile(r"[█▊▎▔▁▄▀▌▐│┃]")


@dataclass
class Cycle:
    kill: int
    delay_s: float
    state: str = "ok"
    """"ok", or "LOST" / "MERGED" / "CORRUPT" / "NOT-STARTED" (failures)."""
    typed: int = 0
    shown: int = 0
    edits_shown: int = 0
    problems: list[str] = field(default_factory=list)


class Terminal:
    """The app in a pseudo-terminal, its screen kept by pyte."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        import pyte

        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the app
            import fcntl
            import termios

            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.chdir(ROOT)
            os.execve(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        self.alive = True
        self.in_frame = False
        self._tail = b""

    def pump(self, seconds: float) -> None:
        """Read what the app draws for up to `seconds`."""
        end = time.monotonic() + seconds
        while self.alive:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                self.alive = False
                return
            if not data:
                self.alive = False
                return
            self.stream.feed(data)
            if self._frames(data):
                self.on_draw()

    def _frames(self, data: bytes) -> bool:
        """Answer Textual's query for synchronized output, so it wraps every frame in
        begin/end marks; True when the screen holds a whole frame (a half-drawn one
        mixes old and new text and could show a token that was never there)."""
        seen = self._tail + data
        self._tail = seen[-16:]
        if SYNC_QUERY in seen:
            os.write(self.fd, SYNC_SUPPORTED)
        start, end = seen.rfind(SYNC_START), seen.rfind(SYNC_END)
        if start > end:
            self.in_frame = True
        elif end > start:
            self.in_frame = False
        return not self.in_frame

    def on_draw(self) -> None:  # replaced by the driver
        pass

    def lines(self) -> list[str]:
        """The screen's lines (pyte's own `display` fails on a cell left empty)."""
        out = []
        for y in range(ROWS):
            row = self.screen.buffer[y]
            chars = []
            skip = False
            for x in range(COLS):
                data = row[x].data
                if skip:
                    skip = False
                    continue
                chars.append(data)
                skip = bool(data) and wcwidth(data[0]) == 2
            out.append("".join(chars))
        return out

    def text(self) -> str:
        return "\n".join(self.lines())

    def send(self, data: str) -> None:
        os.write(self.fd, data.encode("utf-8"))

    def wait_for(self, needle: str, seconds: float) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.alive:
            if needle in self.text():
                return True
            self.pump(0.05)
        return needle in self.text()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        self.alive = False


def board_rows(lines: list[str]) -> list[str]:
    """The card table's rows as drawn: lines that start with the row number, cut at the
    first box-drawing character (a dialog or the side panel begins there)."""
    out = []
    for line in lines:
        if re.match(r"^ *\d+ ", line):
            out.append(BOX.split(line, 1)[0])
    return out


@dataclass
class Seen:
    """What the board showed, over the whole run: card token -> edit tokens."""

    cards: dict[str, set[str]] = field(default_factory=dict)

    def scan(self, lines: list[str]) -> None:
        for row in board_rows(lines):
            for m in CARD.finditer(row):
                edits = self.cards.setdefault(m.group(1), set())
                edits.update(EDIT.findall(m.group(2)))


def setup(db: Path, label: str) -> str:
    """A fresh session (the newest, so the home screen offers it) open at ①理念."""
    from workshop.domain.enums import Step
    from workshop.domain.records import Initiative, Session
    from workshop.store import Store

    with Store(db) as store:
        ini = store.add(Initiative(name="強制終了の試験（画面）"))
        session = store.add(
            Session(initiative_id=ini.id, title=f"画面から入力 {label}", current_step=Step.VISION)
        )
    return session.id


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("WORKSHOP_DB", None)
    env.update(
        TERM="xterm-256color",
        LANG="C.UTF-8",
        PYTHONPATH=str(ROOT),
        WORKSHOP_CONFIG=str(tmp / "config.toml"),
        COLUMNS=str(COLS),
        LINES=str(ROWS),
    )
    return env


def drive(term: Terminal, rng: random.Random, kill_no: int, deadline: float) -> list[str]:
    """Type cards and edits until the deadline; returns the card texts typed."""
    typed: list[str] = []
    n = 0
    edits = 0

    def card() -> str:
        nonlocal n
        n += 1
        text = f"{rng.choice(WORDS)} k{kill_no}c{n}z"
        typed.append(text)
        return text

    while time.monotonic() < deadline and term.alive:
        r = rng.random()
        if r < 0.45:  # human speed: key by key
            for ch in card():
                term.send(ch)
                term.pump(rng.uniform(0.02, 0.12))
            term.send("\r")
            term.pump(rng.uniform(0.05, 0.3))
        elif r < 0.8:  # a burst: several cards in one write
            term.send("".join(card() + "\r" for _ in range(rng.randint(2, 6))))
            term.pump(rng.uniform(0.05, 0.4))
        else:  # an edit through the dialog
            term.send("\x0f")  # ctrl+o
            if not term.wait_for("カードを編集", 5):
                continue
            term.pump(0.4)  # a person reads the dialog before typing
            edits += 1
            term.send("\x1b[F")  # end: after the text
            term.pump(0.05)
            term.send(f" e{kill_no}_{edits}z")
            term.pump(rng.uniform(0.05, 0.2))
            term.send("\x13")  # ctrl+s
            term.pump(0.3)
    return typed


def check(db: Path, seen: Seen, typed: set[str]) -> tuple[str, list[str]]:
    """Compare the database with what the board showed and what was typed."""
    from workshop.store import Store

    with Store(db) as store:
        integrity = store.integrity_problems()
        texts = [r[0] for r in store.conn.execute("SELECT text FROM cards WHERE NOT deleted")]
    if integrity:
        return "CORRUPT", integrity
    problems: list[str] = []
    stored: dict[str, str] = {}
    for text in texts:
        m = TYPED.match(text)
        if not m or f"{m.group(1)} {m.group(2)}" not in typed:
            problems.append(f"a card nobody typed: {text!r}")
            continue
        if m.group(2) in stored:
            problems.append(f"stored twice: {text!r} and {stored[m.group(2)]!r}")
        stored[m.group(2)] = text
    if problems:
        return "MERGED", problems[:20]
    typed_tokens = {m.group(2) for m in map(TYPED.match, typed) if m}
    for token, edits in seen.cards.items():
        if token not in typed_tokens:
            problems.append(f"the board showed a card nobody typed: {token}")
            continue
        if token not in stored:
            problems.append(f"shown as saved but not in the database: {token}")
            continue
        missing = [e for e in edits if e not in stored[token]]
        if missing:
            problems.append(f"edit shown but lost: {token} {missing} ({stored[token]!r})")
    return ("LOST" if problems else "ok"), problems[:20]


def run(
    db: Path,
    kills: int,
    seed: int = 1,
    max_typing: float = 4.0,
    per_session: int = 25,
    verbose: bool = False,
) -> list[Cycle]:
    """`kills` cycles of start, type, SIGKILL, check, on one database."""
    rng = random.Random(seed)
    tmp = db.parent
    env = _env(tmp)
    argv = [sys.executable, "-m", "workshop", "--db", str(db)]
    seen = Seen()
    typed_all: set[str] = set()
    reported: set[str] = set()
    results: list[Cycle] = []
    for k in range(1, kills + 1):
        if (k - 1) % per_session == 0:
            setup(db, f"{seed}-{k}")
        term = Terminal(argv, env)
        term.on_draw = lambda term=term: seen.scan(term.lines())
        early = rng.random() < 0.1
        delay = rng.uniform(0, 3.0 if early else max_typing)
        typed: list[str] = []
        started = time.monotonic()
        cycle = Cycle(k, delay)
        if early:  # killed while starting
            term.pump(delay)
        elif term.wait_for("前回の続き", 90) and (term.send("\r") or True):
            if term.wait_for("ここに入力して", 90):
                typed = drive(term, rng, k, time.monotonic() + delay)
            else:
                cycle.state = "NOT-STARTED"
        else:
            cycle.state = "NOT-STARTED"
        if cycle.state != "ok":
            cycle.problems.append(term.text()[-2000:])
        term.kill()
        typed_all.update(typed)
        state, problems = check(db, seen, typed_all)
        # every earlier card is checked again after each kill; a problem is charged to
        # the kill that first showed it
        fresh = [p for p in problems if p not in reported]
        reported.update(fresh)
        if cycle.state == "ok" and fresh:
            cycle.state = state
        cycle.problems += fresh
        cycle.typed = len(typed)
        cycle.shown = len(seen.cards)
        cycle.edits_shown = sum(len(e) for e in seen.cards.values())
        results.append(cycle)
        if verbose:
            mark = "ok " if cycle.state == "ok" else "BAD"
            print(
                f"{mark} kill {k:4d} after {time.monotonic() - started:5.1f} s: "
                f"{cycle.typed:3d} cards typed; shown so far {cycle.shown}, "
                f"edits shown {cycle.edits_shown}; state {cycle.state}",
                flush=True,
            )
            for p in cycle.problems[:5]:
                print(f"      {p}", flush=True)
    return results


def summary(results: list[Cycle], db: Path, elapsed: float) -> dict[str, Any]:
    from workshop.store import Store

    with Store(db) as store:
        cards = store.conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    last = results[-1] if results else Cycle(0, 0)
    return {
        "kills": len(results),
        "seconds": round(elapsed, 1),
        "cards_typed": sum(r.typed for r in results),
        "cards_shown_and_checked": last.shown,
        "edits_shown_and_checked": last.edits_shown,
        "cards_in_database": cards,
        "failures": [r.__dict__ for r in results if r.state != "ok"],
    }
