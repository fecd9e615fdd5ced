"""No agency's words in the code: what names Lixia (its places, phone, postcode, tracking prefix, folder) is its
data under knowledge/agencies/, so another agency is added as data. Comments and docstrings may quote Lixia's
examples; code values may not, save the one default agency's id."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "knowledge")
# Lixia's names, its phone and postcode, its tracking numbers' prefix and the folder of its data.
LIXIA = re.compile(r"历下|济南|lixia|(?<![A-Za-z])LX(?![A-Za-z])|88150105|250000|0531", re.IGNORECASE)
# The one default agency (`[knowledge] agency` when the configuration names none).
ALLOWED = {("knowledge/guide.py", 'DEFAULT_AGENCY = "lixia"')}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring constants of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _literals(path: Path) -> Iterator[tuple[int, str]]:
    """Each string constant of the code (f-string parts included) that names Lixia, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if LIXIA.search(node.value):
                yield node.lineno, node.value


def test_no_agency_literals_in_code():
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            lines = path.read_text(encoding="utf-8").splitlines()
            for line, value in _literals(path):
                if (relative, lines[line - 1].strip()) not in ALLOWED:
                    found.append(f"{relative}:{line}: {value!r}")
    assert not found, "Lixia's words belong in knowledge/agencies/lixia/guide.toml [meta]:\n" + "\n".join(found)


def test_the_check_finds_a_literal(tmp_path):
    code = tmp_path / "example.py"
    code.write_text('"""The 历下 docstring may stay."""\n# 历下 in a comment too\nTITLE = f"《济南市{1}》"\n')
    assert [line for line, _ in _literals(code)] == [3]


# A script's line comment, which may quote Lixia's examples as the Python comments may.
_LINE_COMMENT = re.compile(r"(?:^|\s)//.*$")


def test_no_agency_words_in_the_web_page():
    """The page, its script and style are served for whichever agency is configured."""
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{number}"
        for path in sorted((ROOT / "bot" / "static").rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if LIXIA.search(_LINE_COMMENT.sub("", line))
    ]
    assert not found, "the web page names Lixia:\n" + "\n".join(found)
