"""A refusal by the operating system is said in the UI's language, not in the C
library's English, wherever the app shows it (exports, the database, the template)."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

from workshop.export import ExportError, export_session
from workshop.export.template import check_template, read_template
from workshop.i18n import set_language, t
from workshop.i18n.oserror import os_reason


@pytest.mark.parametrize(
    ("code", "japanese"),
    [
        (errno.ENOENT, "ファイルまたはフォルダがありません"),
        (errno.EACCES, "権限がありません"),
        (errno.ENOSPC, "ディスクに空きがありません"),
        (errno.EROFS, "読み取り専用の場所です"),
    ],
)
def test_common_reasons_in_japanese(code: int, japanese: str) -> None:
    assert os_reason(OSError(code, os.strerror(code))) == japanese


def test_english_ui_and_a_rare_reason() -> None:
    set_language("en")
    assert os_reason(OSError(errno.ENOENT, "x")) == "no such file or folder"
    set_language("ja")
    rare = OSError(errno.EXDEV, os.strerror(errno.EXDEV))
    assert os_reason(rare) == os.strerror(errno.EXDEV)  # the system's own text, not lost
    assert os_reason(OSError("no errno")) == "no errno"


def test_an_unwritable_export_says_why_in_japanese(tmp_path: Path, monkeypatch) -> None:
    from workshop.demo import demo_bundle

    data = demo_bundle().data
    sid = data.ordered_sessions()[0].session.id

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError) as err:
        export_session(data, sid, "csv", tmp_path)
    message = t(f"error.{err.value.code}", path=str(err.value.path), detail=err.value.detail)
    assert "権限がありません" in message and "Permission" not in message


def test_a_file_that_is_not_a_word_document() -> None:
    with pytest.raises(ValueError) as err:
        check_template(b"not a zip file")
    assert str(err.value) == "Word の文書（.docx）として読めません"


def test_a_template_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as err:
        read_template(tmp_path / "様式.docx")
    assert str(err.value) == "ファイルまたはフォルダがありません"
    (tmp_path / "様式.docx").write_bytes(b"not a zip file")
    with pytest.raises(ValueError) as err:
        read_template(tmp_path / "様式.docx")
    assert str(err.value) == "Word の文書（.docx）として読めません"
