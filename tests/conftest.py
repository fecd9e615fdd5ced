"""Shared fixtures: a fixed date, a fresh in-memory store and an engine driven through a collecting channel; for the
browser tests, Debian's Chromium and the real web app on a free local port. The answerer is Lixia's; the end-to-end
suites run over the fictional agency as well by defining an `agency` fixture over both and taking their `answerer`
from `answerers` (tests/agencies_support.py)."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.channels.collecting import CollectingChannel
from bot.engine import Engine
from bot.store import Store
from handlers.context import Services
from knowledge.answer import Answerer, build_answerer
from knowledge.reports import ReportAnswerer
from tests.agencies_support import LIXIA, Agency, build_agencies
from tests.browser_support import CHROMIUM, LAUNCH_ARGS, serve
from tests.ci_support import SHARED, shared_path, unavailable

try:
    from playwright.async_api import async_playwright
except ImportError:  # pragma: no cover - depends on the environment
    async_playwright = None

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="session")
def agencies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Agency]:
    """Lixia and the fictional agency by their keys, the latter's folder written once for the session."""
    return build_agencies(tmp_path_factory)


class Answerers:
    """One answerer per agency for the session, built when first asked for: building one takes a while."""

    def __init__(self) -> None:
        self._built: dict[str, Answerer] = {}

    def of(self, agency: Agency) -> Answerer:
        if agency.key not in self._built:
            self._built[agency.key] = build_answerer(agency=agency.name, today=lambda: TODAY)
        return self._built[agency.key]


@pytest.fixture(scope="session")
def answerers() -> Answerers:
    return Answerers()


@pytest.fixture(scope="session")
def answerer(answerers: Answerers, agencies: dict[str, Agency]) -> Answerer:
    """Lixia's answerer, for the session."""
    return answerers.of(agencies[LIXIA])


@pytest.fixture(scope="session")
def reports() -> ReportAnswerer:
    return ReportAnswerer()


@pytest.fixture
def store() -> Store:
    db = Store.in_memory()
    yield db
    db.close()


@pytest.fixture
def engine(store: Store, answerer: Answerer) -> Engine:
    return Engine(store, Services(answerer=answerer))


@pytest.fixture
def chat(engine: Engine) -> CollectingChannel:
    return CollectingChannel(engine)


@pytest.fixture
def shared() -> Path:
    """../shared, with its eval files; missing, the test skips (fails under CI)."""
    shared_path("eval")
    return SHARED


@pytest.fixture
def chromium() -> Path:
    if async_playwright is None:
        unavailable("the playwright package is missing: pip install -e .[test]")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        unavailable(f"{CHROMIUM} is missing (found {found or 'nothing'} on PATH): apt-get install chromium")
    return CHROMIUM


@pytest.fixture
async def browser(chromium: Path):
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(chromium), headless=True, args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def running(tmp_path: Path, answerer: Answerer):
    """A real `gongkai serve` web app with a request store, over a SQLite file, on a free port of 127.0.0.1."""
    async with serve(tmp_path / "gongkai.db", answerer) as server:
        yield server
