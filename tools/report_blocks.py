"""The seed split into report copies, and the line and cell helpers every part of the report parser reads them with.

Used by `report_parser` and its parts (`report_applications`, `report_prose`, `report_tables`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

# Every report copied from the website starts with the page's font-size control.
REPORT_START = "字号:"


class ParseError(ValueError):
    """The seed does not have the layout the parser knows; fix the parser rather than guess."""


@dataclass(frozen=True)
class Block:
    """The seed lines of one copy of one report."""

    start: int  # 1-based seed line number of lines[0]
    lines: tuple[str, ...]

    @property
    def end(self) -> int:
        """The last seed line of the block."""
        return self.start + len(self.lines) - 1

    def numbered(self, offset: int = 0) -> list[tuple[int, str]]:
        """The block's lines from offset on, with their seed line numbers."""
        return [(self.start + i, line) for i, line in enumerate(self.lines) if i >= offset]


def _clean(cell: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell))


def row_cells(line: str) -> list[str]:
    """The non-empty cells of a flattened table line, whitespace removed."""
    return [c for c in (_clean(cell) for cell in line.split("|")) if c]


def split_reports(lines: list[str]) -> list[Block]:
    """The report copies in the seed: each from its font-size control to the next one."""
    starts = [i for i, line in enumerate(lines) if line.strip() == REPORT_START]
    bounds = pairwise([*starts, len(lines)])
    return [Block(start=a + 1, lines=tuple(lines[a:b])) for a, b in bounds]


def find_line(block: Block, predicate: Callable[[str], bool]) -> int | None:
    """The index of the first line that satisfies predicate, or None."""
    for i, line in enumerate(block.lines):
        if predicate(line):
            return i
    return None


def check_headers(block: Block, index: int, expected: tuple[tuple[str, ...], ...], what: str) -> None:
    for offset, want in enumerate(expected, start=1):
        got = tuple(row_cells(block.lines[index + offset]))
        if got[: len(want)] != want:
            raise ParseError(f"{what} at line {block.start + index}: header row {offset} is {got}, expected {want}")


def text_lines(block: Block) -> dict[int, str]:
    """The block's text lines (not table rows), NFKC-normalised, by seed line."""
    return {n: unicodedata.normalize("NFKC", line) for n, line in block.numbered() if "|" not in line}
