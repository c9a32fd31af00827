"""Physical lines of a large text file, found without reading it line by line in Python.

DuckDB's CSV reader numbers neither the rows it returns nor the blank lines it skips, so
the loader needs two things from the file itself: how many lines it has (to notice blank
lines) and the text of the few lines it quarantines. One vectorised pass counts the
newlines of each 1 MiB chunk (numpy over a reused buffer, ~0.1 s of CPU per 350 MB); a line's
text is then found by searching only its chunk of a memory map.

A line ends with LF (a CR before it, CRLF, is part of the ending). A carriage return
anywhere else — a classic Mac file, or a stray CR inside a line — would make DuckDB's
reader split lines where this count does not (or fail), so the loader refuses such a file
(`first_lone_cr`); one `find` (memchr) shows that a file has no CR at all.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Iterable

import numpy as np

CHUNK = 1 << 20
NEWLINE, CR = 10, 13
BOM = b"\xef\xbb\xbf"


class LineIndex:
    """Newline counts per chunk of the file at `path`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.size = os.path.getsize(path)
        counts: list[int] = []
        last = b""
        self.has_cr = False
        self.start = 0  # where line 1 starts: after a UTF-8 byte-order mark, as for the reader
        if self.size:  # read, not mapped: a map would count the whole file as resident memory
            chunk = bytearray(CHUNK)
            data = np.frombuffer(chunk, dtype=np.uint8)
            with open(path, "rb", buffering=0) as handle:
                while n := _fill(handle, chunk):
                    if not counts and chunk.startswith(BOM):
                        self.start = len(BOM)
                    counts.append(int(np.count_nonzero(data[:n] == NEWLINE)))
                    self.has_cr = self.has_cr or chunk.find(b"\r", 0, n) >= 0
                    last = chunk[n - 1 : n]
            del data
        self.cumulative = np.cumsum(np.array(counts, dtype=np.int64))
        newlines = int(self.cumulative[-1]) if counts else 0
        self.n_lines = newlines + (1 if self.size and last != b"\n" else 0)

    def _newline_positions(self, data: np.ndarray, chunk: int, cache: dict) -> np.ndarray:
        if chunk not in cache:
            start = chunk * CHUNK
            cache[chunk] = np.flatnonzero(data[start : start + CHUNK] == NEWLINE) + start
        return cache[chunk]

    def _newline(self, data: np.ndarray, m: int, cache: dict) -> int:
        """Byte position of the m-th newline (1-based), or the file size if there is none."""
        if m > (int(self.cumulative[-1]) if len(self.cumulative) else 0):
            return self.size
        chunk = int(np.searchsorted(self.cumulative, m))
        before = int(self.cumulative[chunk - 1]) if chunk else 0
        return int(self._newline_positions(data, chunk, cache)[m - before - 1])

    def text(self, numbers: Iterable[int]) -> dict[int, str]:
        """The text of lines `numbers` (1-based), without the line ending."""
        wanted = sorted(set(numbers))
        if not wanted or not self.size:
            return {}
        found: dict[int, str] = {}
        cache: dict[int, np.ndarray] = {}
        with (
            open(self.path, "rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm,
        ):
            data = np.frombuffer(mm, dtype=np.uint8)
            for n in wanted:
                start = self.start if n == 1 else self._newline(data, n - 1, cache) + 1
                end = self._newline(data, n, cache)
                raw = mm[start:end].rstrip(b"\r")
                found[n] = raw.decode("utf-8", errors="replace")
            del data, cache
        return found

    def blank_lines(self) -> list[int]:
        """Numbers of the empty (or lone carriage-return) lines; a full pass, used when needed."""
        if not self.size:
            return []
        with (
            open(self.path, "rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm,
        ):
            data = np.frombuffer(mm, dtype=np.uint8)
            ends = np.concatenate(
                [
                    np.flatnonzero(data[at : at + CHUNK] == NEWLINE) + at
                    for at in range(0, self.size, CHUNK)
                ]
                + [np.array([self.size])]
            )
            starts = np.concatenate([[self.start], ends[:-1] + 1])
            length = ends - starts
            lone_cr = np.zeros(len(starts), dtype=bool)
            ones = np.flatnonzero(length == 1)
            lone_cr[ones] = data[starts[ones]] == CR
            blank = (length == 0) | lone_cr
            blank[-1] &= starts[-1] < self.size  # the "line" after a final newline is no line
            del data
        return (np.flatnonzero(blank) + 1).tolist()

    def first_lone_cr(self) -> int | None:
        """Number of the first line holding a CR that does not end it (CRLF), if any."""
        if not self.has_cr:
            return None
        with (
            open(self.path, "rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm,
        ):
            data = np.frombuffer(mm, dtype=np.uint8)
            try:
                return self._first_lone_cr(data)
            finally:
                del data

    def _first_lone_cr(self, data: np.ndarray) -> int | None:
        for at in range(0, self.size, CHUNK):
            chunk = data[at : at + CHUNK + 1]  # one byte more: what follows a final CR
            crs = np.flatnonzero(chunk[:CHUNK] == CR)
            after = np.minimum(crs + 1, len(chunk) - 1)
            lone = crs[(crs + 1 >= len(chunk)) | (chunk[after] != NEWLINE)]
            if len(lone):
                before = int(self.cumulative[at // CHUNK - 1]) if at else 0
                return before + int(np.count_nonzero(chunk[: int(lone[0])] == NEWLINE)) + 1
        return None


def _fill(handle, buffer: bytearray) -> int:
    """Read into `buffer` until it is full or the file ends (chunks stay CHUNK-aligned)."""
    view, n = memoryview(buffer), 0
    while n < len(buffer) and (got := handle.readinto(view[n:])):
        n += got
    view.release()
    return n
