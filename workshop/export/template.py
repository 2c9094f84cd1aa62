"""The office's own Word template, checked before an export uses it."""

from __future__ import annotations

from workshop.i18n import t


def check_template(blob: bytes) -> None:
    """A Word file python-docx can open, or a ValueError saying why not."""
    import io
    import zipfile

    import docx

    try:
        docx.Document(io.BytesIO(blob))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ValueError(t("oserror.not_a_word_file")) from e
