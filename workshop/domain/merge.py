"""Three-way merge of one record arriving in a bundle (pure; the store applies it).

Why three versions. A record that exists here and in a bundle may have been changed on
either side since the two last agreed. Comparing only `updated_at` lets a stamp decide
everything: a remote text edit made later reverts a vote given here earlier, and a stamp
that runs ahead keeps overwriting local edits at every import. So the store keeps, per
record, the *base*: the version of the record the last accepted bundle carried (the
"what the bundle last saw" of that record; see `Store.import_base`). With it:

- remote equal to the base: the sender has not changed the record since; local edits
  stand, whatever the stamps say (re-importing a bundle never undoes work done here);
- a field the sender changed and this side did not: the sender's value is taken;
- a field this side changed and the sender did not: the local value is kept;
- a field both changed to different values: a conflict. The local value is kept, the
  import names the record and field, and the sender's value stays in the record's
  import history (the base written for this import), so nothing is lost.

Without a base (the record was made here and comes back, or was imported by a version
that kept no bases) there is nothing to tell who changed what; the newer stamp then
decides for the whole record, and timestamps have been checked at the boundary (zoned,
not in the future). A remote version older than the base (an old bundle imported after
a newer one) is ignored; so is one stamped the same as the base but with other values
(a bundle edited by hand): the import names the fields (`stale`), it does not guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

META = frozenset({"id", "created_at", "updated_at", "version"})
"""Fields no merge takes from a bundle (`version` is the local edit counter)."""

Version = tuple[dict[str, Any], datetime]
"""A record as a database row (`store.rows.to_row`) with its `updated_at`."""


@dataclass(frozen=True)
class MergeOutcome:
    """What to write for one record: the fields to take from the remote row, the fields
    both sides changed (kept local), and whether the remote version becomes the base."""

    take: dict[str, Any] = field(default_factory=dict)
    conflicts: tuple[str, ...] = ()
    new_base: bool = False
    stale: tuple[str, ...] = ()
    """Fields the bundle gives other values than the base, in a version not newer than
    it: ignored, and named in the import's report."""


def merge_rows(
    base_version: Version | None, local_version: Version, remote_version: Version
) -> MergeOutcome:
    """Merge one record: the base (None when unknown), this database's and the bundle's
    version. Returns what to write; never writes anything itself."""
    (local, local_at), (remote, remote_at) = local_version, remote_version
    fields = [k for k in remote if k not in META]
    if base_version is None:
        if remote_at > local_at:
            take = {k: remote[k] for k in fields if remote[k] != local.get(k)}
            return MergeOutcome(take=take, new_base=True)
        # local is newer: it stays; the bundle's version becomes the base, so a later
        # bundle's changes to it can be told apart from what was changed here
        return MergeOutcome(new_base=True)
    base, base_at = base_version
    if remote_at <= base_at:
        return MergeOutcome(stale=tuple(k for k in fields if remote[k] != base.get(k)))
    if all(remote[k] == base.get(k) for k in fields):
        return MergeOutcome()
    take: dict[str, Any] = {}
    conflicts = []
    for k in fields:
        if remote[k] == base.get(k) or remote[k] == local.get(k):
            continue
        if local.get(k) == base.get(k):
            take[k] = remote[k]
        else:
            conflicts.append(k)
    return MergeOutcome(take=take, conflicts=tuple(conflicts), new_base=True)
