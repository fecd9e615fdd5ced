"""knowledge/ and handlers/ stay free of transports (DESIGN.md: bot → handlers → knowledge); no runtime package
imports the build-time tools/ (they are not installed)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "telegram": {"handlers", "knowledge"},
    "aiohttp": {"handlers", "knowledge"},
    "wechatpy": {"handlers", "knowledge"},
    "xmltodict": {"handlers", "knowledge"},
    "bot": {"handlers", "knowledge"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["handlers", "knowledge"])
def test_package_imports_no_transport_and_not_bot(package):
    offending = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in imported_modules(path)
        if package in FORBIDDEN.get(name, set())
    }
    assert offending == set()


def test_knowledge_does_not_import_handlers():
    offending = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "knowledge").rglob("*.py")
        if "handlers" in imported_modules(path)
    }
    assert offending == set()


@pytest.mark.parametrize("package", ["bot", "handlers", "knowledge"])
def test_runtime_package_does_not_import_tools(package):
    offending = {
        str(path.relative_to(ROOT)) for path in (ROOT / package).rglob("*.py") if "tools" in imported_modules(path)
    }
    assert offending == set()
