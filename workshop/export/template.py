"""The office's own Word template, checked before an export uses it."""

from __future__ import annotations

from pathlib import Path

from workshop.i18n import t
from workshop.i18n.oserror import os_reason


def check_template(blob: bytes) -> None:
    """A Word file python-docx can open, or a ValueError saying why not."""
    import io
    import zipfile

    import docx

    try:
        docx.Document(io.BytesIO(blob))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ValueError(t("oserror.not_a_word_file")) from e


def read_template(path: Path) -> bytes:
    """The template file's bytes, checked; a ValueError saying why not (the file cannot
    be read, or is not a Word document) in the UI's language."""
    try:
        blob = path.read_bytes()
    except OSError as e:
        raise ValueError(os_reason(e)) from e
    check_template(blob)
    return blob
