"""One typed line for one attendee: `佐藤 美咲／福祉介護課／庁内／旗振り役`.

Parts are separated by ／ or /; the first is the name, the second the 所属, the rest
are recognised as the side (庁内・庁外) and roles by their labels in either language."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from workshop.domain.enums import Role, Side

SEPARATORS = re.compile(r"\s*[／/]\s*")


@dataclass
class AttendeeLine:
    name: str
    department: str = ""
    side: Side | None = None
    roles: list[Role] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    """Parts that are neither a side nor a role (said back to the facilitator)."""


def is_line(text: str) -> bool:
    return bool(SEPARATORS.search(text.strip()))


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def parse_attendee_line(
    text: str, sides: Mapping[str, Side], roles: Mapping[str, Role]
) -> AttendeeLine:
    """`sides` and `roles` map labels (any language) to values; matching ignores case
    and full/half width, and a role may be given by its first characters (旗振り)."""
    parts = [p for p in SEPARATORS.split(text.strip()) if p]
    line = AttendeeLine(name=parts[0] if parts else "")
    if len(parts) > 1:
        line.department = parts[1]
    side_keys = {_key(k): v for k, v in sides.items()}
    role_keys = {_key(k): v for k, v in roles.items()}
    for part in parts[2:]:
        k = _key(part)
        if k in side_keys:
            line.side = side_keys[k]
            continue
        role = role_keys.get(k) or next(
            (v for label, v in role_keys.items() if len(k) >= 2 and label.startswith(k)), None
        )
        if role is not None:
            if role not in line.roles:
                line.roles.append(role)
            continue
        line.unknown.append(part)
    return line
