"""Schema migrations (sqlite-utils Migrations), applied in order on open.

Never edit a migration that has shipped: add m002_… instead. The number of known
migrations is the schema version a program understands; a database that has applied a
migration this program does not know is newer than the program and is refused.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

from workshop.store.schema import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)
KNOWN: list[str] = []


def migration(fn):
    """Register a migration and remember its name (the program's schema knowledge)."""
    KNOWN.append(fn.__name__)
    return migrations()(fn)


_RECORD = """
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL"""


def run_script(db: Database, sql: str) -> None:
    """Every statement of `sql` in turn, in the migration's transaction.

    sqlite-utils' `executescript` does the same inside a transaction, but finds where a
    statement ends by joining the text read so far and asking SQLite after every
    character: quadratic in a statement's length, about two thirds of the 32 ms a new
    database took. SQLite is asked here only at each semicolon (one inside a quoted
    text, a comment or a trigger's body does not end the statement)."""
    start = 0
    end = sql.find(";")
    while end != -1:
        statement = sql[start : end + 1]
        if sqlite3.complete_statement(statement):
            db.execute(statement.strip())
            start = end + 1
        end = sql.find(";", end + 1)
    rest = sql[start:].strip()
    if rest:
        db.execute(rest)


@migration
def m001_initial(db: Database) -> None:
    run_script(
        db,
        f"""
CREATE TABLE workshop_meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE initiatives ({_RECORD},
    name TEXT NOT NULL,
    municipality TEXT NOT NULL DEFAULT '',
    population INTEGER,
    ageing_rate REAL,
    description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE sessions ({_RECORD},
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'initial',
    date TEXT,
    start_time TEXT,
    end_time TEXT,
    place TEXT NOT NULL DEFAULT '',
    facilitator TEXT NOT NULL DEFAULT '',
    recorder TEXT NOT NULL DEFAULT '',
    themes TEXT NOT NULL DEFAULT '[]',
    timeboxes TEXT NOT NULL DEFAULT '{{}}',
    timer_elapsed TEXT NOT NULL DEFAULT '{{}}',
    current_step TEXT NOT NULL DEFAULT 'prep',
    reached_step TEXT NOT NULL DEFAULT 'prep',
    status TEXT NOT NULL DEFAULT 'draft',
    next_meeting_date TEXT,
    next_meeting_time TEXT,
    next_meeting_place TEXT NOT NULL DEFAULT '',
    next_meeting_note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_initiative ON sessions(initiative_id, date);

CREATE TABLE attendees ({_RECORD},
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',
    department_type TEXT,
    side TEXT NOT NULL DEFAULT 'internal',
    outside_kind TEXT,
    roles TEXT NOT NULL DEFAULT '[]',
    title TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX attendees_session ON attendees(session_id, position);

CREATE TABLE cards ({_RECORD},
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    prompt TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    author_id TEXT REFERENCES attendees(id) ON DELETE SET NULL,
    department TEXT NOT NULL DEFAULT '',
    votes INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX cards_session ON cards(session_id, step, position);
CREATE INDEX cards_author ON cards(author_id);

CREATE TABLE statements ({_RECORD},
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    source_card_id TEXT REFERENCES cards(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX statements_session ON statements(session_id, kind, position);

CREATE TABLE resources ({_RECORD},
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    capitals TEXT NOT NULL DEFAULT '[]',
    leverage TEXT NOT NULL DEFAULT '',
    disposition TEXT NOT NULL DEFAULT 'reuse',
    purpose TEXT NOT NULL DEFAULT '',
    members TEXT NOT NULL DEFAULT '[]',
    frequency TEXT NOT NULL DEFAULT '',
    scheme_id TEXT,
    note TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX resources_session ON resources(session_id, position);

CREATE TABLE mechanisms ({_RECORD},
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    cadence TEXT NOT NULL,
    first_date TEXT,
    by_weekday INTEGER NOT NULL DEFAULT 1,
    start_time TEXT,
    duration_minutes INTEGER NOT NULL DEFAULT 90,
    place TEXT NOT NULL DEFAULT '',
    members TEXT NOT NULL DEFAULT '[]',
    secretariat_mode TEXT NOT NULL DEFAULT 'single',
    secretariat TEXT NOT NULL DEFAULT '[]',
    recorder_rotation INTEGER NOT NULL DEFAULT 1,
    recorder_order TEXT NOT NULL DEFAULT '[]',
    reports_to TEXT NOT NULL DEFAULT '',
    anchor TEXT NOT NULL DEFAULT 'none',
    anchor_detail TEXT NOT NULL DEFAULT '',
    org_pattern TEXT,
    review_date TEXT,
    note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX mechanisms_session ON mechanisms(session_id);

CREATE TABLE key_persons ({_RECORD},
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    deputy_name TEXT NOT NULL DEFAULT '',
    deputy_department TEXT NOT NULL DEFAULT '',
    transfer_date TEXT,
    left INTEGER NOT NULL DEFAULT 0,
    new_department TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX key_persons_initiative ON key_persons(initiative_id);

CREATE TABLE decisions ({_RECORD},
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    review_date TEXT,
    position INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX decisions_session ON decisions(session_id, position);

CREATE TABLE actions ({_RECORD},
    initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    owner_department TEXT NOT NULL DEFAULT '',
    owner_person TEXT NOT NULL DEFAULT '',
    partners TEXT NOT NULL DEFAULT '[]',
    due TEXT,
    done_definition TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'not_started',
    comment TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX actions_session ON actions(session_id, position);
CREATE INDEX actions_initiative ON actions(initiative_id);

CREATE TABLE action_reviews ({_RECORD},
    action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    new_due TEXT,
    handed_over_to TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX action_reviews_action ON action_reviews(action_id);
CREATE INDEX action_reviews_session ON action_reviews(session_id);

CREATE TABLE stage_answers ({_RECORD},
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    attendee_id TEXT REFERENCES attendees(id) ON DELETE CASCADE,
    current INTEGER NOT NULL,
    target INTEGER NOT NULL
) STRICT;
CREATE INDEX stage_answers_session ON stage_answers(session_id);

CREATE TABLE barrier_ticks ({_RECORD},
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    barrier TEXT NOT NULL,
    partner TEXT NOT NULL,
    remedies TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX barrier_ticks_session ON barrier_ticks(session_id);

-- The previous text of every edited field, and a snapshot of every deleted record:
-- nothing typed in the room is ever lost.
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX revisions_record ON revisions(record_id, id);
""",
    )


@migration
def m005_merits_patterns(db: Database) -> None:
    """The merits the team expects (①), the collaboration pattern it follows (②) and the
    town's adjusted certification rate (a factor of case similarity)."""
    run_script(
        db,
        """
ALTER TABLE initiatives ADD COLUMN care_cert_rate_adjusted REAL;
ALTER TABLE sessions ADD COLUMN expected_merits TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sessions ADD COLUMN entry_pattern TEXT;
""",
    )


@migration
def m003_session_approval(db: Database) -> None:
    """The approval log of a session: 確定 and reopenings as 案, with when and by whom."""
    db.execute("ALTER TABLE sessions ADD COLUMN approval_log TEXT NOT NULL DEFAULT '[]'")


RECORD_TABLES: tuple[str, ...] = (
    "initiatives",
    "sessions",
    "attendees",
    "cards",
    "statements",
    "resources",
    "mechanisms",
    "key_persons",
    "decisions",
    "actions",
    "action_reviews",
    "stage_answers",
    "barrier_ticks",
)


@migration
def m002_record_version(db: Database) -> None:
    """A counter per record, raised by every update: an edit made from an old reading
    of a record (a dialog left open, another instance) is noticed instead of silently
    overwriting what was saved in between."""
    for table in RECORD_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 0")


@migration
def m004_private_flags(db: Database) -> None:
    """非公開 marks on sessions, cards and decisions (the public minutes leave them out)
    and the rule of a regular meeting for days the office is closed."""
    run_script(
        db,
        """
ALTER TABLE sessions ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mechanisms ADD COLUMN holiday_rule TEXT NOT NULL DEFAULT 'next_working_day';
""",
    )


@migration
def m006_municipality_code(db: Database) -> None:
    """The initiative's 全国地方公共団体コード, carried in bundles so that a prefecture can
    tell which municipality a bundle comes from ("" = not set)."""
    db.execute("ALTER TABLE initiatives ADD COLUMN municipality_code TEXT NOT NULL DEFAULT ''")


@migration
def m007_home_index(db: Database) -> None:
    """What the home list reads, served by indexes: the newest sessions in the list's
    order (no sort of every session), and the live cards of a session counted in the
    index alone (the count had to visit every card row: 100,000 at 1,000 sessions)."""
    run_script(
        db,
        """
CREATE INDEX sessions_listed
    ON sessions(coalesce(date, substr(created_at, 1, 10)) DESC, created_at DESC);
CREATE INDEX cards_live_session ON cards(session_id, deleted) WHERE deleted = 0;
""",
    )


@migration
def m008_drafts(db: Database) -> None:
    """What is typed in a card line and not entered yet, kept as it is typed so that
    quitting, a closed laptop lid or a crash does not lose it (one line per board of a
    session). Not part of the record: never exported, bundled or published."""
    run_script(
        db,
        """
CREATE TABLE drafts (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    place TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    context TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (session_id, place)
) STRICT;
""",
    )


@migration
def m009_draft_context(db: Database) -> None:
    """What a kept line was typed with, beside its text (a card line: the speaker, the
    prompt and the section chosen for it), as a JSON object of strings: a line brought
    back after a crash is entered under the speaker and prompt it was typed for, not
    under none or the board's first prompt. A file made since has the column from
    `m008_drafts`, and one whose migrations ran in another order may not have the table
    yet (`m008_drafts` then makes it with the column)."""
    if "drafts" in db.table_names() and "context" not in db["drafts"].columns_dict:
        db.execute("ALTER TABLE drafts ADD COLUMN context TEXT NOT NULL DEFAULT '{}'")


SCHEMA_VERSION = len(KNOWN)
