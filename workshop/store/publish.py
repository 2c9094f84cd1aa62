"""Writing the published roll-up: a new, read-only SQLite file for Datasette.

Only what the caller hands over goes in (the roll-up rows, already without personal
names, see `export.publish`); the views are defined here because this layer holds the
SQL. The file is built under a temporary name, switched to rollback journalling (no
`-wal` beside a file that is only read), made read-only (0444) and then moved into place,
so a reader never sees half a file.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

VIEWS: dict[str, str] = {
    "stage_by_municipality": """
        SELECT code, prefecture, municipality, stage_now, stage_now_label, stage_target,
               stage_target_label, gap, last_session
        FROM municipalities ORDER BY code = '', code, municipality""",
    "stage_distribution": """
        SELECT s.number, s.label,
               (SELECT count(*) FROM municipalities m WHERE m.stage_now = s.number)
                   AS municipalities,
               round(100.0 * (SELECT count(*) FROM municipalities m WHERE m.stage_now = s.number)
                     / nullif((SELECT count(*) FROM municipalities
                               WHERE stage_now IS NOT NULL), 0), 1) AS share_pct,
               s.survey_current_pct, s.survey_target_pct
        FROM survey_stages s ORDER BY s.number""",
    "barrier_counts": """
        SELECT b.number, b.label,
               (SELECT count(*) FROM municipality_barriers mb WHERE mb.barrier_key = b.key)
                   AS municipalities,
               round(100.0 * (SELECT count(*) FROM municipality_barriers mb
                              WHERE mb.barrier_key = b.key)
                     / nullif((SELECT count(DISTINCT key) FROM municipality_barriers), 0), 1)
                   AS share_pct,
               b.survey_mcw_pct, b.survey_other_pct
        FROM survey_barriers b ORDER BY b.number""",
    "regular_meetings": """
        SELECT code, prefecture, municipality, initiatives, regular_meeting, charter,
               open_actions, overdue_actions, last_session
        FROM municipalities WHERE regular_meeting = 1 ORDER BY code = '', code""",
}


def write_published(
    out: Path,
    tables: Mapping[str, Sequence[dict[str, Any]]],
    columns: Mapping[str, dict[str, type]],
    pks: Mapping[str, str],
) -> Path:
    """Create `out` with the given tables (columns and rows as dicts) and the views;
    read-only. Every table is created, empty or not, so the views always answer."""
    from sqlite_utils import Database

    out = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA journal_mode = DELETE")
        db = Database(conn)
        for name, cols in columns.items():
            table = db.table(name)
            table.create(cols, pk=pks.get(name))
            table.insert_all(tables.get(name, ()))
        for name, sql in VIEWS.items():
            db.create_view(name, sql)
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
        os.chmod(tmp, 0o444)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
