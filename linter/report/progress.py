"""A progress bar on stderr for long runs on a terminal; the CLI enables it only on a TTY."""

from __future__ import annotations

from typing import TextIO

MIN_FILES = 20  # fewer files finish before a bar helps


class ProgressBar:
    """`bar(done, total)` redraws one line in place; `close()` erases it so the report starts clean."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if total < MIN_FILES:
            return
        filled = self.width * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} files")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False
