"""The applicant's deadline is shown only while the request waits for them: a request withdrawn or deemed
abandoned while a supplement or a fee was awaited owes nothing, in the event notice, the status reply, the
stored columns and `gongkai requests show` (a reviewer found the notice still asking to pay)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.channels.collecting import CollectingChannel
from bot.cli import build_parser
from bot.config import load_config
from bot.engine import Engine
from bot.requests.repository import RequestStore
from bot.store import Store
from handlers.context import Services
from knowledge import clock as product_clock
from knowledge.clock import CHINA
from knowledge.lifecycle import LAPSE, Status
from knowledge.workdays import default_calendar

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=CHINA)


def new_request(received_on: str) -> dict[str, Any]:
    return {
        "applicant_type": "citizen",
        "name": "张三",
        "phone": "13800138000",
        "channel": "in_person",
        "description": "历下区2025年《老旧小区改造实施方案》",
        "received_on": received_on,
    }


def waits(day: date) -> list[Any]:
    """The two waits for a request received on `day`, one withdrawn, one deemed abandoned after its deadline:
    (the event starting the wait, the closing event, what the applicant owed, the status after)."""
    on = (day + timedelta(days=5)).isoformat()
    until = (day + timedelta(days=8)).isoformat()
    closed = (day + timedelta(days=9)).isoformat()
    return [
        pytest.param(
            {"type": "fee_notice", "on": on, "amount": 300},
            {"type": "withdraw", "on": closed},
            "缴费",
            Status.WITHDRAWN,
            id="fee-then-withdrawn",
        ),
        pytest.param(
            {"type": "request_supplement", "on": on, "until": until},
            {"type": "abandon", "on": closed},
            "补正",
            Status.ABANDONED,
            id="supplement-then-abandoned",
        ),
    ]


RECEIVED = date(2026, 11, 10)
# `gongkai requests show` runs on the product's clock: the request was received ten days before today.
SHOW_RECEIVED = product_clock.now().date() - timedelta(days=10)


@pytest.fixture
def requests(store) -> RequestStore:
    return RequestStore(store, calendar=default_calendar(), now=lambda: NOW)


@pytest.mark.parametrize(("wait", "close", "action", "status"), waits(RECEIVED))
async def test_a_closed_wait_owes_nothing_in_the_notice_and_the_status_reply(
    store, answerer, requests, wait, close, action, status
):
    created = requests.create(new_request(RECEIVED.isoformat()))
    number = created.view.tracking_no
    requests.subscribe("web", "c1", number)

    waiting = requests.add_event(number, wait)
    assert waiting.clock.applicant_deadline is not None
    [asked] = requests.outbox.pending_notices("web", "c1")
    assert f"前完成{action}，{LAPSE}。" in asked.text
    requests.outbox.mark_delivered(asked.id)

    closed = requests.add_event(number, close)
    assert closed.clock.status is status
    assert (closed.clock.applicant_deadline, closed.clock.lapsed) == (None, False)
    assert closed.to_json()["applicant_deadline"] is None
    stored = store.conn.execute("SELECT applicant_deadline FROM requests WHERE tracking_no = ?", [number]).fetchone()
    assert stored == (None,)

    [notice] = requests.outbox.pending_notices("web", "c1")
    assert f"当前状态：{closed.clock.label}。" in notice.text
    assert "请在" not in notice.text and LAPSE not in notice.text

    engine = Engine(store, Services(answerer=answerer, requests=requests))
    [reply] = await CollectingChannel(engine, chat_id="c2", name="web").say(f"/status {number} {created.query_code}")
    assert closed.clock.label in reply.text
    assert "下一步" not in reply.text and "您需要在" not in reply.text and LAPSE not in reply.text


@pytest.mark.parametrize(("wait", "close", "action", "status"), waits(SHOW_RECEIVED))
def test_a_closed_wait_owes_nothing_in_requests_show(tmp_path: Path, wait, close, action, status):
    db = tmp_path / "gongkai.db"
    config_path = tmp_path / "config.toml"
    config_path.write_text(f'[store]\npath = "{db.as_posix()}"\n', encoding="utf-8")
    store = Store.open(db)
    try:
        requests = RequestStore(store, calendar=default_calendar())
        number = requests.create(new_request(SHOW_RECEIVED.isoformat())).view.tracking_no
        requests.add_event(number, wait)
        requests.add_event(number, close)
    finally:
        store.close()

    def show(*options: str) -> str:
        args = build_parser().parse_args(["requests", "show", number, *options])
        out = io.StringIO()
        assert args.func(args, load_config(config_path), out) == 0
        return out.getvalue()

    # The clock line says the request is closed; the history above the events still tells what was asked.
    head = show().split("期限说明：")[0]
    assert f"（{status.value}）" in head and "办结" in head and "期限暂停" not in head
    assert json.loads(show("--json"))["applicant_deadline"] is None
