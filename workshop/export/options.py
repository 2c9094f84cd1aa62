"""What a secretariat chooses for one export, beyond the format."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportOptions:
    public: bool = False
    """The version to publish: 非公開 items left out, outside individuals named by body."""
    cards: bool = True
    """The full 会議録 carries the card list as 別紙."""
    template: bytes | None = None
    """The office's own Word file (.docx): its styles, page set-up, header and footer."""


DEFAULT = ExportOptions()
