"""Shared fixtures: a fixed date, a fresh in-memory store and an engine driven through a collecting channel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.channels.collecting import CollectingChannel
from bot.engine import Engine
from bot.store import Store
from handlers.context import Services
from knowledge.answer import Answerer, build_answerer
from knowledge.reports import ReportAnswerer

TODAY = date(2026, 11, 25)
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def answerer() -> Answerer:
    return build_answerer(today=lambda: TODAY)


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
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"../shared not found at {SHARED}: the eval and seed files live beside the checkout")
    return SHARED
