"""Atomic file writes: a temporary file in the target folder, then a rename.

A reader never sees a half-written file, and a failed write (read-only folder, full
disk) leaves nothing behind. Files are created readable by the owner only: minutes
hold staff names.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from workshop.i18n.oserror import os_reason


class ExportError(Exception):
    """A write that failed for a reason the user can act on; `code` keys the i18n text."""

    def __init__(self, code: str, path: Path, detail: str = "") -> None:
        self.code = code
        self.path = path
        self.detail = detail
        super().__init__(f"{code}: {path} {detail}".strip())


def output_file(out: str | Path, name: str) -> Path:
    """The file to write for an output path a user gave: inside it under `name` when it
    names a folder (one that exists, or a path ending with a slash), else the path
    itself. A folder written with its slash that does not exist is refused: taken as a
    file's name, it made a file of that name (and `publish` put metadata.json beside it)."""
    names_folder = str(out).endswith(("/", os.sep))
    path = Path(out).expanduser()
    if path.is_dir():
        return path / name
    if names_folder:
        raise ExportError("export_no_folder", path)
    return path


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> Path:
    """Write bytes, or pieces of bytes one after the other, to path atomically with mode
    0600; raise ExportError on failure. Should making a piece fail, nothing is left
    behind either."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise ExportError("export_no_folder", folder)
    with contextlib.suppress(OSError):
        # a device (/dev/full), a pipe or a socket is not a file to replace
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ExportError("export_not_file", path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise ExportError("export_unwritable", folder, os_reason(e)) from e
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in (data,) if isinstance(data, bytes) else data:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        code = "export_disk_full" if e.errno == 28 else "export_unwritable"
        raise ExportError(code, path, os_reason(e)) from e
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
