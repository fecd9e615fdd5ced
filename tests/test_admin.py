"""The staff's admin API over a real aiohttp server: a request's whole life, auth, bad input, list filters."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.admin import MAX_BODY_BYTES
from bot.config import AdminConfig, Config, StaffConfig
from bot.requests.repository import RequestStore
from bot.store import Store
from bot.web import create_app
from knowledge.clock import CHINA
from knowledge.workdays import default_calendar

TODAY = date(2026, 11, 25)

TOKEN = "s3cret-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ERROR_KEYS = ["error", "error_en"]
DROP = "'; DROP TABLE requests; --"


class Clock:
    """A settable `now` for the request store."""

    def __init__(self, day: date) -> None:
        self.set(day)

    def set(self, day: date) -> None:
        self.current = datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA)

    def __call__(self) -> datetime:
        return self.current


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture
def requests(store: Store, clock: Clock) -> RequestStore:
    return RequestStore(store, calendar=default_calendar(), now=clock)


@pytest.fixture
async def client(engine, requests):
    app = create_app(engine, Config(admin=AdminConfig(token=TOKEN)), requests=requests)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def citizen(**fields) -> dict:
    """A valid new-request body, with fields replaced (or removed when given as None)."""
    body = {
        "applicant_type": "citizen",
        "name": "张三",
        "phone": "13812345678",
        "channel": "in_person",
        "description": "2025年历下区泉城路改造工程的立项批复文件",
    }
    body.update(fields)
    return {key: value for key, value in body.items() if value is not None}


async def create(client, **fields) -> dict:
    response = await client.post("/admin/api/requests", json=citizen(**fields), headers=AUTH)
    assert response.status == 201, await response.text()
    return await response.json()


async def record(client, number: str, **event) -> dict:
    response = await client.post(f"/admin/api/requests/{number}/events", json=event, headers=AUTH)
    assert response.status == 200, await response.text()
    return await response.json()


async def fetch(client, number: str) -> dict:
    response = await client.get(f"/admin/api/requests/{number}", headers=AUTH)
    assert response.status == 200, await response.text()
    return await response.json()


async def listed(client, query: str = "") -> list[str]:
    response = await client.get(f"/admin/api/requests{query}", headers=AUTH)
    assert response.status == 200, await response.text()
    return [row["tracking_no"] for row in (await response.json())["requests"]]


def counts(store: Store) -> tuple[int, int, int]:
    """Rows of requests, events and queued notices: what a refused input must leave unchanged."""
    return tuple(
        store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("requests", "events", "outbox")
    )


async def assert_refused(response, status: int = 400) -> dict:
    body = await response.json()
    assert (response.status, sorted(body)) == (status, ERROR_KEYS), body
    assert body["error"] and body["error_en"] and "\n" not in body["error"]
    return body


# -- a request's whole life ------------------------------------------------------------------------


async def test_a_request_through_its_whole_life(client, store):
    created = await create(client, received_on="2026-09-01")
    number = created["tracking_no"]
    assert number == "LX2026-000001" and len(created["query_code"]) == 8
    assert (created["status"], created["received_on"], created["due_on"]) == ("processing", "2026-09-01", "2026-09-29")

    shown = await fetch(client, number)
    assert (shown["status"], shown["due_on"], shown["overdue"]) == ("processing", "2026-09-29", True)
    assert [e["type"] for e in shown["events"]] == ["receive"]
    assert created["query_code"] not in json.dumps(shown, ensure_ascii=False)
    assert "第20个工作日为答复期限：2026年9月29日" in shown["due_explanation"]

    steps = [
        ({"type": "extend", "on": "2026-09-10"}, "extended", "2026-11-02", None),
        ({"type": "consult_start", "on": "2026-09-15"}, "consulting", None, None),
        # 9月20日 (a Sunday) is a make-up working day of 国庆: six working days, not five.
        ({"type": "consult_end", "on": "2026-09-22"}, "extended", "2026-11-10", None),
        ({"type": "fee_notice", "on": "2026-09-24", "amount": 100}, "awaiting_payment", None, "2026-10-29"),
        # The one extension stays used: the status after payment is still "extended".
        ({"type": "fee_paid", "on": "2026-10-12"}, "extended", "2026-11-09", None),
        ({"type": "reply", "on": "2026-11-02", "outcome": "partly_disclosed"}, "answered", "2026-11-09", None),
    ]
    for event, status, due_on, applicant_deadline in steps:
        view = await record(client, number, **event)
        assert (view["status"], view["due_on"], view["applicant_deadline"]) == (status, due_on, applicant_deadline)

    final = await fetch(client, number)
    assert [e["type"] for e in final["events"]] == [
        "receive",
        "extend",
        "consult_start",
        "consult_end",
        "fee_notice",
        "fee_paid",
        "reply",
    ]
    assert (final["outcome"], final["outcome_label"], final["closed_on"]) == (
        "partly_disclosed",
        "部分公开",
        "2026-11-02",
    )
    assert (final["overdue"], final["working_days_left"]) == (False, None)
    assert "用时6个工作日" in final["due_explanation"]
    assert final["events"][4]["amount"] == 100
    assert counts(store) == (1, 7, 0)


async def test_extension_explains_the_national_day_holiday(client):
    created = await create(client, received_on="2026-09-01")
    view = await record(client, created["tracking_no"], type="extend", on="2026-09-10", note="需调取档案")
    assert "国庆节 2026-10-01至2026-10-07（7天）" in view["due_explanation"]
    assert "调休上班日计入：2026-10-10（周六）" in view["due_explanation"]
    assert view["events"][-1]["note"] == "需调取档案"


async def test_supplement_restarts_the_clock(client):
    number = (await create(client, received_on="2026-11-02"))["tracking_no"]
    asked = await record(client, number, type="request_supplement", on="2026-11-04", until="2026-11-18")
    assert (asked["status"], asked["due_on"], asked["applicant_deadline"]) == (
        "awaiting_supplement",
        None,
        "2026-11-18",
    )
    received = await record(client, number, type="supplement_received", on="2026-11-10")
    assert (received["status"], received["due_on"]) == ("processing", "2026-12-08")


async def test_created_without_receipt_waits_for_receive(client):
    created = await create(client, channel="online")
    assert (created["status"], created["due_on"], created["received_on"]) == ("submitted", None, None)
    view = await record(client, created["tracking_no"], type="receive", on="2026-11-20")
    assert (view["status"], view["received_on"], view["due_on"]) == ("processing", "2026-11-20", "2026-12-18")


async def test_created_response_has_location_and_no_caching(client):
    response = await client.post("/admin/api/requests", json=citizen(), headers=AUTH)
    assert response.headers["Location"] == "/admin/api/requests/LX2026-000001"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Type"].startswith("application/json")


async def test_tracking_number_tolerates_case_and_short_forms(client):
    number = (await create(client))["tracking_no"]
    assert (await fetch(client, "lx2026-1"))["tracking_no"] == number
    assert (await record(client, "LX2026000001", type="receive", on="2026-11-20"))["tracking_no"] == number


async def test_organisation_with_its_fields(client):
    body = citizen(
        applicant_type="organisation",
        name="济南某某科技有限公司",
        credit_code="91370102MA3C000000",
        legal_representative="李四",
        contact_person="王五",
    )
    response = await client.post("/admin/api/requests", json=body, headers=AUTH)
    assert response.status == 201
    view = await fetch(client, (await response.json())["tracking_no"])
    assert view["applicant"]["credit_code"] == "91370102MA3C000000"
    assert view["applicant_type"] == "organisation"


# -- auth --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-token"}, 401),
        ({"Authorization": f"Bearer {TOKEN}x"}, 401),
        ({"Authorization": f"Basic {TOKEN}"}, 401),
        ({"Authorization": TOKEN}, 401),
        ({"Authorization": "Bearer "}, 401),
        ({"Authorization": "Bearer tökén"}, 401),
        ({"Authorization": f"Bearer {TOKEN}"}, 200),
        ({"Authorization": f"bearer {TOKEN}"}, 200),
    ],
)
async def test_auth(client, headers, status):
    response = await client.get("/admin/api/requests", headers=headers)
    assert response.status == status
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        await assert_refused(response, 401)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/admin/api/requests"),
        ("GET", "/admin/api/requests"),
        ("GET", "/admin/api/requests/LX2026-000001"),
        ("POST", "/admin/api/requests/LX2026-000001/events"),
        ("GET", "/admin/api/attention"),
        ("GET", "/admin/api/no-such-route"),
    ],
)
async def test_every_route_needs_the_token_and_writes_nothing_without_it(client, store, method, path):
    await create(client, received_on="2026-11-20")
    before = counts(store)
    body = citizen() if path.endswith("requests") else {"type": "extend", "on": "2026-11-24"}
    response = await client.request(method, path, json=body, headers={"Authorization": "Bearer nope"})
    await assert_refused(response, 401)
    assert counts(store) == before


async def test_api_is_off_without_a_token_or_staff_accounts(engine, requests):
    config = Config(staff=StaffConfig(enabled=False))
    async with TestClient(TestServer(create_app(engine, config, requests=requests))) as off:
        for path in ("/admin/api/requests", "/admin/api/attention"):
            assert (await off.get(path, headers=AUTH)).status == 404
        assert (await off.post("/admin/api/requests", json=citizen(), headers=AUTH)).status == 404


async def test_api_is_off_without_a_request_store(engine):
    async with TestClient(TestServer(create_app(engine, Config(admin=AdminConfig(token=TOKEN))))) as off:
        assert (await off.get("/admin/api/requests", headers=AUTH)).status == 404


# -- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/admin/api/requests/LX2026-000999", "/admin/api/requests/nonsense", "/admin/api/requests/LX2026-1' OR '1'='1"],
)
async def test_unknown_number_is_404(client, path):
    body = await assert_refused(await client.get(path, headers=AUTH), 404)
    assert body["error"].startswith("找不到申请")


async def test_event_for_an_unknown_number_is_404_and_writes_nothing(client, store):
    response = await client.post(
        "/admin/api/requests/LX2026-000999/events", json={"type": "receive", "on": "2026-11-20"}, headers=AUTH
    )
    await assert_refused(response, 404)
    assert counts(store) == (0, 0, 0)


async def test_wrong_method_is_a_json_405(client):
    await assert_refused(await client.delete("/admin/api/requests", headers=AUTH), 405)


async def test_unknown_route_under_the_prefix_is_a_json_404(client):
    await assert_refused(await client.get("/admin/api/nothing-here", headers=AUTH), 404)


# -- bad input: nothing written ----------------------------------------------------------------------

LONG = "长" * 6000
BAD_NEW_REQUESTS = {
    "missing applicant_type": citizen(applicant_type=None),
    "unknown applicant_type": citizen(applicant_type="robot"),
    "missing name": citizen(name=None),
    "blank name": citizen(name="   "),
    "missing phone": citizen(phone=None),
    "phone not a phone": citizen(phone="call me maybe"),
    "missing channel": citizen(channel=None),
    "unknown channel": citizen(channel="pigeon"),
    "missing description": citizen(description=None),
    "description too long": citizen(description=LONG),
    "name too long": citizen(name="张" * 101),
    "name with control characters": citizen(name="张\x00三"),
    "name not text": citizen(name=12345),
    "unknown field": citizen(favourite_colour="blue"),
    "organisation field on a citizen": citizen(credit_code="91370102MA3C000000"),
    "impossible date": citizen(received_on="2026-02-30"),
    "not a date": citizen(received_on="yesterday"),
    "date as a number": citizen(received_on=20261120),
    "receipt in the future": citizen(received_on="2026-11-26"),
}


@pytest.mark.parametrize("body", BAD_NEW_REQUESTS.values(), ids=BAD_NEW_REQUESTS.keys())
async def test_bad_new_request_is_refused_and_nothing_is_written(client, store, body):
    await assert_refused(await client.post("/admin/api/requests", json=body, headers=AUTH))
    assert counts(store) == (0, 0, 0)


BAD_BODIES = {
    "not json": b"name=zhang&phone=138",
    "truncated json": b'{"applicant_type": "citizen", "name": ',
    "binary": bytes(range(256)),
    "utf-16": json.dumps(citizen()).encode("utf-16"),
    "empty": b"",
    "array": b"[]",
    "string": b'"citizen"',
    "null": b"null",
    "deeply nested": b"[" * 50_000,
    # Each of these gave a 500 and a traceback in the log: no JSON parser error may escape (issue 11).
    "nested 1,000 deep, 2 KB": b'{"name": ' + b"[" * 1000 + b"]" * 1000 + b"}",
    "nested 17 deep": b'{"name": ' + b"[" * 16 + b"]" * 16 + b"}",
    "5,000-digit number": b'{"amount": ' + b"1" * 5000 + b"}",
    "NaN": b'{"amount": NaN}',
    "lone surrogate": json.dumps(citizen(name="张\ud800三")).encode(),
}


@pytest.mark.parametrize("path", ["/admin/api/requests", "/admin/api/requests/LX2026-000001/events"])
@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
async def test_malformed_body_is_refused_and_nothing_is_written(client, store, path, body):
    await create(client, received_on="2026-11-20")
    before = counts(store)
    response = await client.post(path, data=body, headers={**AUTH, "Content-Type": "application/json"})
    await assert_refused(response)
    assert counts(store) == before


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_huge_body_is_413_and_nothing_is_written(client, store, chunked):
    body = json.dumps(citizen(description="长" * MAX_BODY_BYTES)).encode()

    async def pieces():
        for start in range(0, len(body), 8192):
            yield body[start : start + 8192]

    response = await client.post("/admin/api/requests", data=pieces() if chunked else body, headers=AUTH)
    await assert_refused(response, 413)
    assert counts(store) == (0, 0, 0)


async def test_sql_looking_strings_are_stored_verbatim_and_harmless(client, store):
    description = "Robert'); DROP TABLE events; -- 以及 \" OR 1=1 --"
    created = await create(client, name=DROP, description=description, received_on="2026-11-20")
    view = await fetch(client, created["tracking_no"])
    assert (view["applicant"]["name"], view["description"]) == (DROP, description)
    await record(client, created["tracking_no"], type="extend", on="2026-11-24", note="'); DELETE FROM requests; --")
    assert counts(store) == (1, 2, 0)
    assert (await fetch(client, created["tracking_no"]))["events"][-1]["note"] == "'); DELETE FROM requests; --"
    await assert_refused(await client.get("/admin/api/requests?status=processing'%20OR%20'1'='1", headers=AUTH))


@pytest.fixture
async def received(client) -> str:
    """A request received on 2 November 2026 (today is 25 November)."""
    return (await create(client, received_on="2026-11-02"))["tracking_no"]


BAD_EVENTS = {
    "unknown type": {"type": "explode", "on": "2026-11-20"},
    "missing type": {"on": "2026-11-20"},
    "type not text": {"type": ["reply"], "on": "2026-11-20"},
    "missing on": {"type": "extend"},
    "impossible date": {"type": "extend", "on": "2026-02-30"},
    "not a date": {"type": "extend", "on": "20 November"},
    "compact date": {"type": "extend", "on": "20261120"},
    "week date": {"type": "extend", "on": "2026-W47-5"},
    "outcome on an extension": {"type": "extend", "on": "2026-11-20", "outcome": "disclosed"},
    "amount on a reply": {"type": "reply", "on": "2026-11-20", "outcome": "disclosed", "amount": 5},
    "control character in the note": {"type": "extend", "on": "2026-11-20", "note": "a\x00b"},
    "date in the future": {"type": "extend", "on": "2026-11-26"},
    "date going backwards": {"type": "extend", "on": "2026-11-01"},
    "reply without outcome": {"type": "reply", "on": "2026-11-20"},
    "unknown outcome": {"type": "reply", "on": "2026-11-20", "outcome": "maybe_later"},
    "fee_paid without notice": {"type": "fee_paid", "on": "2026-11-20"},
    "fee_notice without amount": {"type": "fee_notice", "on": "2026-11-20"},
    "negative amount": {"type": "fee_notice", "on": "2026-11-20", "amount": -5},
    "amount as text": {"type": "fee_notice", "on": "2026-11-20", "amount": "100"},
    "amount as bool": {"type": "fee_notice", "on": "2026-11-20", "amount": True},
    "amount fractional": {"type": "fee_notice", "on": "2026-11-20", "amount": 99.5},
    "consult_end without start": {"type": "consult_end", "on": "2026-11-20"},
    "supplement never requested": {"type": "supplement_received", "on": "2026-11-20"},
    "supplement without until": {"type": "request_supplement", "on": "2026-11-04"},
    "supplement until before on": {"type": "request_supplement", "on": "2026-11-04", "until": "2026-11-03"},
    "second receive": {"type": "receive", "on": "2026-11-20"},
    "unknown field": {"type": "extend", "on": "2026-11-20", "colour": "red"},
    "note too long": {"type": "extend", "on": "2026-11-20", "note": "注" * 1001},
    "note not text": {"type": "extend", "on": "2026-11-20", "note": {"text": "x"}},
}


@pytest.mark.parametrize("event", BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
async def test_bad_event_is_refused_and_nothing_is_written(client, store, received, event):
    before, view = counts(store), await fetch(client, received)
    response = await client.post(f"/admin/api/requests/{received}/events", json=event, headers=AUTH)
    await assert_refused(response)
    assert counts(store) == before
    assert await fetch(client, received) == view


# Values of the wrong JSON type where the request intake looks them up in a dict: TypeError (unhashable), a 500.
UNHASHABLE = {
    "applicant_type as a list": ("/admin/api/requests", citizen(applicant_type=["citizen"])),
    "channel as an object": ("/admin/api/requests", citizen(channel={"in": "person"})),
    "outcome as a list": (
        "/admin/api/requests/LX2026-000001/events",
        {"type": "reply", "on": "2026-11-20", "outcome": []},
    ),
}


@pytest.mark.parametrize(("path", "body"), UNHASHABLE.values(), ids=UNHASHABLE.keys())
async def test_values_of_the_wrong_json_type_are_400(client, store, received, path, body):
    before = counts(store)
    response = await client.post(path, json=body, headers=AUTH)
    assert counts(store) == before
    await assert_refused(response)


@pytest.mark.parametrize(("path", "body"), UNHASHABLE.values(), ids=UNHASHABLE.keys())
async def test_values_of_the_wrong_json_type_write_nothing_and_answer_json(client, store, received, path, body):
    before = counts(store)
    response = await client.post(path, json=body, headers=AUTH)
    assert response.status in (400, 500)
    assert sorted(await response.json()) == ERROR_KEYS
    assert counts(store) == before


async def test_reply_before_receipt_is_refused(client, store):
    number = (await create(client, channel="online"))["tracking_no"]
    before = counts(store)
    response = await client.post(
        f"/admin/api/requests/{number}/events",
        json={"type": "reply", "on": "2026-11-20", "outcome": "disclosed"},
        headers=AUTH,
    )
    body = await assert_refused(response)
    assert "receive" in body["error"]
    assert counts(store) == before


@pytest.mark.parametrize("final", ["reply", "withdraw", "abandon"])
async def test_nothing_after_the_request_is_closed(client, store, received, final):
    await record(
        client, received, type=final, on="2026-11-20", **({"outcome": "disclosed"} if final == "reply" else {})
    )
    before = counts(store)
    for event in ({"type": "extend", "on": "2026-11-23"}, {"type": "reply", "on": "2026-11-23", "outcome": "other"}):
        response = await client.post(f"/admin/api/requests/{received}/events", json=event, headers=AUTH)
        body = await assert_refused(response)
        assert body["error_en"] == "the request is closed; no further events"
    assert counts(store) == before


async def test_extension_after_the_due_date_is_refused(client, store):
    number = (await create(client, received_on="2026-10-20"))["tracking_no"]  # due 17 November
    before = counts(store)
    response = await client.post(
        f"/admin/api/requests/{number}/events", json={"type": "extend", "on": "2026-11-18"}, headers=AUTH
    )
    body = await assert_refused(response)
    assert body["error_en"] == "cannot extend after the due date 2026-11-17"
    assert counts(store) == before


async def test_fee_paid_twice_is_refused(client, store, received):
    await record(client, received, type="fee_notice", on="2026-11-10", amount=50)
    await record(client, received, type="fee_paid", on="2026-11-12")
    before = counts(store)
    response = await client.post(
        f"/admin/api/requests/{received}/events", json={"type": "fee_paid", "on": "2026-11-13"}, headers=AUTH
    )
    await assert_refused(response)
    assert counts(store) == before


# -- listing and attention ---------------------------------------------------------------------------


@pytest.fixture
async def desk(client) -> dict[str, str]:
    """Five requests in different states as of 25 November 2026, by role."""
    numbers = {
        "overdue": (await create(client, received_on="2026-10-20"))["tracking_no"],  # due 17 Nov
        "due_today": (await create(client, received_on="2026-10-28"))["tracking_no"],  # due 25 Nov
        "later": (await create(client, received_on="2026-11-20"))["tracking_no"],  # due 18 Dec
        "submitted": (await create(client, channel="online"))["tracking_no"],
        "answered": (await create(client, received_on="2026-10-20"))["tracking_no"],
    }
    await record(client, numbers["answered"], type="reply", on="2026-11-10", outcome="disclosed")
    return numbers


async def test_list_filters(client, desk):
    assert await listed(client) == [
        desk["overdue"],
        desk["answered"],
        desk["due_today"],
        desk["later"],
        desk["submitted"],
    ]
    assert await listed(client, "?status=processing") == [desk["overdue"], desk["due_today"], desk["later"]]
    assert await listed(client, "?status=submitted") == [desk["submitted"]]
    assert await listed(client, "?status=answered") == [desk["answered"]]
    assert await listed(client, "?overdue=true") == [desk["overdue"]]
    assert await listed(client, "?overdue=false") == await listed(client)
    assert await listed(client, "?due_within_days=0") == [desk["due_today"]]
    assert await listed(client, "?due_within_days=3") == [desk["due_today"]]
    assert await listed(client, "?due_within_days=17") == [desk["due_today"], desk["later"]]
    assert await listed(client, "?overdue=true&due_within_days=3") == [desk["overdue"], desk["due_today"]]
    assert await listed(client, "?status=answered&overdue=true") == []


async def test_list_rows_are_full_views(client, desk):
    response = await client.get("/admin/api/requests?overdue=true", headers=AUTH)
    (row,) = (await response.json())["requests"]
    assert (row["tracking_no"], row["overdue"], row["due_on"]) == (desk["overdue"], True, "2026-11-17")
    assert "query_code" not in json.dumps(row)


async def test_overdue_follows_the_clock(client, desk, clock):
    clock.set(date(2026, 12, 21))
    assert await listed(client, "?overdue=true") == [desk["overdue"], desk["due_today"], desk["later"]]
    clock.set(date(2026, 11, 17))
    assert await listed(client, "?overdue=true") == []


async def test_attention_lists_overdue_then_due_soon(client, desk, requests, clock):
    response = await client.get("/admin/api/attention", headers=AUTH)
    assert [row["tracking_no"] for row in (await response.json())["requests"]] == [desk["overdue"], desk["due_today"]]
    assert [view.tracking_no for view in requests.attention()] == [desk["overdue"], desk["due_today"]]
    clock.set(date(2026, 12, 15))
    assert [view.tracking_no for view in requests.attention()] == [desk["overdue"], desk["due_today"], desk["later"]]


async def test_attention_is_empty_on_an_empty_desk(client, requests):
    response = await client.get("/admin/api/attention", headers=AUTH)
    assert (response.status, await response.json()) == (200, {"requests": []})
    assert requests.attention() == []


@pytest.mark.parametrize(
    "query",
    [
        "?overdue=yes",
        "?overdue=1",
        "?overdue=",
        "?due_within_days=abc",
        "?due_within_days=-1",
        "?due_within_days=61",
        "?due_within_days=3.5",
        "?due_within_days=%EF%BC%93",
        "?due_within_days=99999999999999999999999",
        "?status=lost",
        "?status=",
        "?overdu=true",
        "?status=processing&status=answered",
    ],
)
async def test_bad_list_parameters_are_400(client, desk, query):
    await assert_refused(await client.get(f"/admin/api/requests{query}", headers=AUTH))


async def test_attention_takes_no_parameters(client):
    await assert_refused(await client.get("/admin/api/attention?days=10", headers=AUTH))
