"""Why the operating system refused a file, in the UI's language.

An `OSError`'s own text is the C library's English ("No such file or directory"): shown
inside a Japanese message it was the one English phrase on the screen. The common
reasons are said in the catalog's words; a rare one keeps the system's text."""

from __future__ import annotations

import errno

from workshop.i18n import t

__all__ = ["os_reason"]

_REASONS = {
    errno.ENOENT: "not_found",
    errno.EACCES: "denied",
    errno.EPERM: "denied",
    errno.ENOSPC: "disk_full",
    errno.EROFS: "read_only",
    errno.EISDIR: "is_folder",
    errno.ENOTDIR: "not_a_folder",
    errno.ENAMETOOLONG: "name_too_long",
    errno.EEXIST: "exists",
    errno.EBUSY: "busy",
}


def os_reason(error: OSError) -> str:
    key = _REASONS.get(error.errno) if error.errno is not None else None
    if key is not None:
        return t(f"oserror.{key}")
    return error.strerror or str(error)
