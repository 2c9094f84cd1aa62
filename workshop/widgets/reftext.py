"""Showing reference text (seed notes, provenance) on a narrow, projected screen."""

from __future__ import annotations

import re
from collections.abc import Iterable

from workshop.domain.reference import Source
from workshop.i18n import t

_CJK = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
_LOOSE = re.compile(rf"(?<={_CJK}) +| +(?={_CJK})")


def tight(text: str) -> str:
    """Spaces next to Japanese characters dropped (「図表82 が欠落」 → 「図表82が欠落」).

    The seed keeps the blanks the source's text extraction put around figures. On
    screen a line breaks at spaces, so a blank before a long Japanese sentence strands
    a word alone on its line; Japanese reads as well without them."""
    return _LOOSE.sub("", text)


def flag_label(flag: str, lang: str | None = None) -> str:
    """stated / inferred / reconstructed / computed in the UI's (or a given) language."""
    return t(f"knowledge.flag.{flag}", lang)


def source_labels(sources: Iterable[Source]) -> str:
    """Several citations compactly: 『報告書2021』L248・L266–268, one name per document,
    line spans in order, each once."""
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for s in sources:
        by_doc.setdefault(s.doc, [])
        if s.lines not in by_doc[s.doc]:
            by_doc[s.doc].append(s.lines)
    parts = []
    for doc, spans in by_doc.items():
        first = Source(doc=doc, lines=sorted(spans)[0]).label()  # type: ignore[arg-type]
        name = first[: first.index("』") + 1]
        lines = [f"L{a}" if a == b else f"L{a}–{b}" for a, b in sorted(spans)]
        parts.append(name + "・".join(lines))
    return "、".join(parts)
