"""The one way vmss-lint opens a file that a linted tree names or contains.

A pull request controls the linted tree: a committed symlink can point at `/proc/self/environ`, a device
or a FIFO, and a module path or a configuration entry can climb out of the tree. Every read therefore
goes through `read_bytes`: the path is resolved (symlinks followed), refused when the result leaves the
tree (`root`) or is not a regular file, and at most `max_bytes` + 1 bytes are read, so nothing outside the
tree is ever printed and nothing endless or huge is loaded.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

_CHUNK = 1 << 20


class ReadRefused(OSError):
    """A path the tool will not open; `strerror` says why, in words a user can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason


class FileTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"the file has {size} bytes, more than the limit of {limit} (option max-file-size)")
        self.size = size
        self.limit = limit


def resolved(path: Path | str) -> Path:
    """The real path, symlinks followed; ReadRefused when that fails (a loop, a `/proc` entry we may not see)."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError) as error:  # ValueError: NUL in the path
        raise ReadRefused(f"cannot resolve the path: {getattr(error, 'strerror', None) or error}") from None


def is_inside(path: Path | str, root: Path | str) -> bool:
    """Whether `path`, resolved, lies in (or is) the resolved directory `root`."""
    try:
        return resolved(path).is_relative_to(resolved(root))
    except ReadRefused:
        return False


def check(path: Path | str, root: Path | str | None, trusted: Iterable[str] = ()) -> Path:
    """The resolved path when it may be read, else ReadRefused. `root` None: any place (a path the user
    named on the command line); `trusted`: resolved files the user named, allowed wherever they are."""
    real = resolved(path)
    if root is not None and not real.is_relative_to(resolved(root)) and str(real) not in set(trusted):
        raise ReadRefused("it is outside the linted tree: it is not read")
    try:
        info = os.stat(real)
    except OSError as error:
        raise ReadRefused(error.strerror or str(error)) from None
    if not stat.S_ISREG(info.st_mode):
        raise ReadRefused("not a regular file (a directory, device, FIFO or socket): it is not read")
    return real


def read_bytes(path: Path | str, *, root: Path | str | None, max_bytes: int, trusted: Iterable[str] = ()) -> bytes:
    """The bytes of a regular file inside `root`, at most `max_bytes` of them (FileTooLarge beyond)."""
    real = check(path, root, trusted)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(real, flags)
    except OSError as error:
        raise ReadRefused(error.strerror or str(error)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):  # swapped between the check and the open
            raise ReadRefused("not a regular file (a directory, device, FIFO or socket): it is not read")
        if info.st_size > max_bytes:
            raise FileTooLarge(info.st_size, max_bytes)
        chunks: list[bytes] = []
        remaining = max_bytes + 1  # one byte more tells a file that grew while being read
        while remaining > 0:
            chunk = os.read(descriptor, min(_CHUNK, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise FileTooLarge(len(data), max_bytes)
    return data


def read_text(path: Path | str, *, root: Path | str | None, max_bytes: int, trusted: Iterable[str] = ()) -> str:
    """`read_bytes` decoded as UTF-8 (a BOM is dropped). Raises UnicodeDecodeError on other bytes."""
    return read_bytes(path, root=root, max_bytes=max_bytes, trusted=trusted).decode("utf-8-sig")
