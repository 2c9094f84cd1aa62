"""Gathering bundles from many municipalities into one database (a prefecture's view).

`gather` takes files and folders, imports each bundle in its own transaction and says
per file what happened. Files are read and imported one at a time and only a small
outcome is kept per file, so memory stays flat however many bundles there are.

Rules on top of the record-level ones of `store.merge`:
- a file in a folder that is not a bundle (another extension, or JSON that does not
  say `"format": "workshop-bundle"`) is skipped and listed; a file named explicitly is
  always read as a bundle, so a mistake in it is reported, not skipped; so is a `.json`
  file in a folder that is not JSON at all (empty, cut short, another encoding): it may
  be a bundle that broke on the way, and is refused as the same file named alone;
- a bundle saved with a byte order mark (Windows Notepad's UTF-8) is read without it;
  one in another encoding (Shift_JIS) is refused saying so;
- a bundle that fails validation (newer version, wrong 団体コード, bad types …) is
  refused with every problem, and nothing of it is written;
- an initiative UUID already gathered for another municipality is refused: the same
  initiative cannot belong to two municipalities;
- a bundle whose code lies in another prefecture than most of those gathered is imported
  with a warning (neighbouring towns may share a bundle; a typo is worth a look).
"""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from workshop.domain.bundle import BUNDLE_FORMAT, InitiativeData, SessionData, parse_bundle
from workshop.domain.municipality import prefecture_of
from workshop.domain.records import Attendee, BarrierTick, Initiative, Mechanism, StageAnswer
from workshop.domain.rollup import InitiativeSummary, summarise
from workshop.store.errors import BundleError
from workshop.store.merge import ImportResult

if typing.TYPE_CHECKING:
    from workshop.store.repo import Store

Status = Literal["added", "updated", "unchanged", "refused", "skipped"]

SNIFF_BYTES = 4096
"""How much of a file in a folder is read to tell whether it is a bundle at all."""


@dataclass
class FileOutcome:
    """What importing one file did. `problems` are validation errors (pydantic dicts) or
    (key, params) reasons; the caller turns them into sentences in the UI language."""

    path: Path
    status: Status
    name: str = ""
    municipality: str = ""
    code: str = ""
    result: ImportResult | None = None
    reason: tuple[str, dict[str, Any]] | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def bundle_files(paths: Sequence[Path]) -> Iterator[tuple[Path, bool]]:
    """Every file to look at: (path, named explicitly). Folders are walked in name
    order, hidden files and folders left out."""
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel):
                    yield f, False
        else:
            yield p, True


def looks_like_bundle(path: Path) -> bool:
    if path.suffix.lower() != ".json":
        return False
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return True  # let the import report why it cannot be read
    return f'"{BUNDLE_FORMAT}"'.encode() in head


UTF8_BOM = b"\xef\xbb\xbf"

MAX_BUNDLE_BYTES = 64 * 2**20
"""The largest bundle file read: a bundle is read whole and validated in memory (about
seven times its size at the peak), and the largest initiative measured here, 10,010
cards, is a bundle of 8.6 MB. A larger file is refused before it is read."""


def _broken_json(path: Path) -> bool:
    """A `.json` file that is not JSON (empty, cut short, not UTF-8): not passed over as
    "not a bundle" in a folder, since it may be one that broke on the way."""
    import json

    if path.suffix.lower() != ".json":
        return False
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            return True  # not read here either: the import refuses it as too large
        json.loads(path.read_bytes().removeprefix(UTF8_BOM))
    except OSError:
        return True  # the import says why it cannot be read
    except ValueError:  # JSON's errors and UnicodeDecodeError
        return True
    return False


def _not_utf8(raw: bytes, error: ValidationError) -> bool:
    """Whether a file the JSON parser could not read is in another encoding than UTF-8
    (Shift_JIS): asked only then, so that a bundle read is not decoded a second time."""
    if not any(e["type"] == "json_invalid" for e in error.errors()):
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def same_municipality(a: Initiative, b: Initiative) -> bool:
    """Whether two versions of an initiative come from the same municipality: by code
    when both have one, else by name when both have one; unknown counts as the same."""
    if a.municipality_code and b.municipality_code:
        return a.municipality_code == b.municipality_code
    if a.municipality and b.municipality:
        return a.municipality == b.municipality
    return True


class Gatherer:
    """Imports files into one store, remembering the prefectures seen (for warnings)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.prefectures: Counter[str] = Counter(
            prefecture_of(i.municipality_code) for i in store.initiatives() if i.municipality_code
        )

    def home_prefecture(self) -> str:
        """The prefecture most bundles gathered so far come from; none while two share
        the lead (after one bundle each from 青森 and 岩手, one from 宮城 differs from no
        "most": it was said to differ from 青森's, the first counted)."""
        top = self.prefectures.most_common(2)
        if not top or (len(top) == 2 and top[0][1] == top[1][1]):
            return ""
        return top[0][0]

    def one(self, path: Path, explicit: bool = True) -> FileOutcome:
        if not explicit and not looks_like_bundle(path) and not _broken_json(path):
            return FileOutcome(path, "skipped", reason=("not_a_bundle", {}))
        try:
            size = path.stat().st_size
            if size > MAX_BUNDLE_BYTES:
                limit = MAX_BUNDLE_BYTES // 2**20
                reason = ("too_large", {"size": -(-size // 2**20), "limit": limit})
                return FileOutcome(path, "refused", reason=reason)
            raw = path.read_bytes()
        except OSError as e:
            return FileOutcome(path, "refused", reason=("unreadable", {"error": e}))
        raw = raw.removeprefix(UTF8_BOM)
        try:
            bundle = parse_bundle(raw)
        except ValidationError as e:
            if _not_utf8(raw, e):
                return FileOutcome(path, "refused", reason=("not_utf8", {}))
            return FileOutcome(path, "refused", errors=list(e.errors()))
        del raw
        ini = bundle.data.initiative
        out = FileOutcome(path, "refused", ini.name, ini.municipality, ini.municipality_code)
        existing = self.store.get(Initiative, ini.id)
        if existing is not None and not same_municipality(existing, ini):
            out.reason = (
                "other_municipality",
                {
                    "id": ini.id,
                    "theirs": ini.municipality_code or ini.municipality,
                    "ours": existing.municipality_code or existing.municipality,
                },
            )
            return out
        home = self.home_prefecture()
        pref = prefecture_of(ini.municipality_code)
        if pref and home and pref != home:
            out.warnings.append(("other_prefecture", {"code": ini.municipality_code, "home": home}))
        try:
            out.result = self.store.import_bundle(bundle)
        except BundleError as e:
            out.reason = ("store", {"detail": e.params.get("detail", "")})
            return out
        if pref and (existing is None or not existing.municipality_code):
            self.prefectures[pref] += 1
        stored = self.store.get(Initiative, ini.id)
        if stored is not None:
            # named as it stands here: a field the merge did not take is not reported
            out.name, out.municipality = stored.name, stored.municipality
            out.code = stored.municipality_code or ""
        r = out.result
        if existing is None:
            out.status = "added"
        elif r.inserted or r.updated:
            out.status = "updated"
        else:
            out.status = "unchanged"
        return out

    def many(
        self,
        paths: Iterable[tuple[Path, bool]],
        on_file: Callable[[FileOutcome], None] | None = None,
    ) -> list[FileOutcome]:
        outcomes = []
        for path, explicit in paths:
            outcome = self.one(path, explicit)
            outcomes.append(outcome)
            if on_file:
                on_file(outcome)
        return outcomes


def rollup_data(store: Store, initiative_id: str) -> InitiativeData:
    """An initiative with only what the roll-up and the publication read: sessions with
    their attendees, mechanisms, stage answers and barrier ticks; actions; key persons.
    (No cards, statements, resources, decisions or reviews: a third of the time of
    `Store.initiative_data` on gathered bundles.) One query per table."""
    ini = store.require(Initiative, initiative_id)
    in_initiative = "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)"
    parts: dict[str, dict[str, list[Any]]] = {}
    for key, model in (
        ("attendees", Attendee),
        ("mechanisms", Mechanism),
        ("stage_answers", StageAnswer),
        ("barrier_ticks", BarrierTick),
    ):
        for rec in store._select(model, in_initiative, [initiative_id], "created_at"):
            parts.setdefault(rec.session_id, {}).setdefault(key, []).append(rec)
    sessions = [
        SessionData(session=s, **parts.get(s.id, {})) for s in store.sessions(initiative_id)
    ]
    return InitiativeData(
        initiative=ini,
        sessions=sessions,
        actions=store.actions(initiative_id=initiative_id),
        key_persons=store.key_persons(initiative_id),
    )


def gathered(store: Store) -> Iterator[InitiativeData]:
    """Every gathered initiative (roll-up parts only), read one at a time."""
    for ini in store.initiatives():
        yield rollup_data(store, ini.id)


def summaries(store: Store, today: date) -> Iterator[InitiativeSummary]:
    """Every gathered initiative summarised, read one at a time (memory stays flat)."""
    for data in gathered(store):
        yield summarise(data, today)
