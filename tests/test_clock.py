"""One clock: at 23:30 and at 00:30 Beijing time the calculators, the form, the store and the notices agree.

15:30 and 16:30 UTC are the same UTC date but two Beijing dates; a server keeping UTC used to answer
"我今天提交…" and date the form for the UTC day while the request store counted the Beijing day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Config
from bot.notify import Notifier
from bot.requests.repository import RequestStore
from bot.services import build_services, open_requests
from bot.store import Store
from handlers.context import Services
from handlers.form import render_form_text
from knowledge.clock import Clock, product_clock, set_product_clock
from knowledge.guide import load_guide

EVENING = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)  # 2026-11-25 23:30 in Beijing
AFTER_MIDNIGHT = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)  # 2026-11-26 00:30 in Beijing, still the 25th in UTC
EDGES = [(EVENING, date(2026, 11, 25)), (AFTER_MIDNIGHT, date(2026, 11, 26))]
NEW_REQUEST = {
    "applicant_type": "citizen",
    "name": "张三",
    "phone": "13800000000",
    "channel": "in_person",
    "description": "2026年预算公开文件",
}


class Moment:
    """A settable source of the current instant."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def __call__(self) -> datetime:
        return self.instant


@pytest.fixture(scope="module")
def moment() -> Moment:
    return Moment(EVENING)


@pytest.fixture(scope="module")
def services(moment: Moment) -> Iterator[Services]:
    store = Store.in_memory()
    clock = Clock(instant=moment)
    yield build_services(Config(), requests=open_requests(Config(), store, clock=clock), clock=clock)
    store.close()


@pytest.fixture
def product(moment: Moment) -> Iterator[Moment]:
    """The product's clock reading `moment`, restored afterwards."""
    before = product_clock()
    set_product_clock(Clock(instant=moment))
    yield moment
    set_product_clock(before)


@pytest.mark.parametrize(("instant", "beijing"), EDGES)
def test_clock_reads_the_agency_date(instant: datetime, beijing: date) -> None:
    clock = Clock(instant=lambda: instant)
    assert (clock.today(), clock.now().utcoffset().total_seconds()) == (beijing, 8 * 3600)
    assert Clock("UTC", instant=lambda: instant).today() == date(2026, 11, 25)


@pytest.mark.parametrize(("instant", "beijing"), EDGES)
def test_deadline_form_and_store_agree_on_the_beijing_date(
    services: Services, moment: Moment, instant: datetime, beijing: date
) -> None:
    moment.instant = instant
    day = f"{beijing.year}年{beijing.month}月{beijing.day}日"
    answer = services.answerer.answer("我今天提交，什么时候答复")
    assert f"自{day}（不计当日）起算" in answer.text
    draft = {"applicant_type": "citizen", "name": "张三"}
    form = render_form_text(draft, load_guide(), today=services.answerer.today())
    assert f"申请日期：{day}\n" in form
    requests = services.requests
    assert requests.today() == beijing
    # Received "today" is not refused as a future date, and the request's stamp carries the same day.
    created = requests.create({**NEW_REQUEST, "received_on": beijing.isoformat()})
    assert created.view.clock.received_on == beijing
    assert created.view.created_at.startswith(f"{beijing.isoformat()}T")
    assert created.view.created_at.endswith("+08:00")


def test_the_new_year_begins_at_beijing_midnight(services: Services, moment: Moment) -> None:
    moment.instant = datetime(2026, 12, 31, 15, 30, tzinfo=UTC)
    assert services.requests.create(NEW_REQUEST).view.tracking_no.startswith("LX2026-")
    moment.instant = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)
    assert services.requests.create(NEW_REQUEST).view.tracking_no.startswith("LX2027-")


def test_the_daily_notices_turn_at_beijing_midnight(services: Services, moment: Moment) -> None:
    requests = services.requests
    moment.instant = EVENING
    requests.create({**NEW_REQUEST, "received_on": "2026-10-09"})  # due 2026-11-06: overdue
    notifier = Notifier(requests, {})
    assert notifier.daily() is True
    assert notifier.staff_list().startswith("2026年11月25日（星期三）需关注")
    moment.instant = AFTER_MIDNIGHT
    assert notifier.daily() is True  # the same UTC day, but a new day in Beijing
    assert notifier.daily() is False
    assert notifier.staff_list().startswith("2026年11月26日（星期四）需关注")


def test_defaults_follow_the_product_clock(product: Moment) -> None:
    product.instant = AFTER_MIDNIGHT
    store = Store.in_memory()
    services = build_services(Config(), requests=open_requests(Config(), store))
    assert (services.answerer.today(), services.requests.today()) == (date(2026, 11, 26), date(2026, 11, 26))
    assert RequestStore(store, calendar=services.requests.calendar).today() == date(2026, 11, 26)
    store.close()


def test_session_stamps_are_agency_time_and_compared_as_instants(product: Moment) -> None:
    product.instant = AFTER_MIDNIGHT
    store = Store.in_memory()
    store.create_session("web", "fresh")
    [stamp] = store.conn.execute("SELECT updated_at FROM sessions").fetchone()
    assert stamp == "2026-11-26T00:30:00+08:00"
    # Rows stamped in UTC before: 7 days and one minute ago, and 7 days less one minute ago.
    rows = [("old", "2026-11-18T16:29:00+00:00"), ("recent", "2026-11-18T16:31:00+00:00")]
    for chat_id, updated_at in rows:
        store.conn.execute(
            "INSERT INTO sessions (channel, chat_id, state, updated_at) VALUES ('web', ?, ?, ?)",
            [chat_id, '{"flow": "apply", "step": "name"}', updated_at],
        )
    assert store.purge_idle_flows(7) == 1
    flows = dict(store.conn.execute("SELECT chat_id, json_extract(state, '$.flow') FROM sessions").fetchall())
    assert (flows["old"], flows["recent"]) == (None, "apply")
    store.close()


def test_the_command_line_sets_the_configured_zone(tmp_path: Path, capsys) -> None:
    before = product_clock()
    path = tmp_path / "c.toml"
    path.write_text('[knowledge]\ntimezone = "Asia/Urumqi"\n', encoding="utf-8")
    try:
        assert main(["--config", str(path), "fee", "--items", "1"]) == 0
        assert product_clock().zone.key == "Asia/Urumqi"
    finally:
        set_product_clock(before)
    capsys.readouterr()
