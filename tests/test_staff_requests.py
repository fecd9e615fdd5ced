"""The staff console's request pages over a real aiohttp server: the list with its filters, search, pages and CSV
export; a request's page (masked applicant, 显示 audited, the ID image, recording events and seeing the due date
move, its audit trail); registering a paper application; what a viewer may not do."""

from __future__ import annotations

import csv
import io
import re

import pytest
import test_staff
from aiohttp.test_utils import TestClient
from apply_support import JPEG
from test_staff import CITIZEN, PASSWORD, hidden_csrf, log_in

from bot.requests.repository import RequestStore
from bot.staff.masking import masked_name
from bot.web import STAFF_KEY
from handlers.messages import File

site = test_staff.site
requests = test_staff.requests
ticks = test_staff.ticks


def add(requests: RequestStore, count: int = 1, **fields) -> list[str]:
    numbers = []
    for n in range(count):
        body = CITIZEN | {"name": f"张{n}明", "received_on": "2026-11-20"} | fields
        body = {key: value for key, value in body.items() if value is not None}
        numbers.append(requests.create(body, by="命令行").view.tracking_no)
    return numbers


def numbers_on(page: str) -> list[str]:
    return re.findall(r'<a href="/staff/requests/(LX\d{4}-\d{6})">', page)


async def text(client: TestClient, path: str, status: int = 200) -> str:
    response = await client.get(path)
    assert response.status == status, (path, response.status)
    return await response.text()


async def test_every_page_needs_a_login(site: TestClient) -> None:
    for path in ("/staff/requests", "/staff/requests.csv", "/staff/requests/new", "/staff/requests/LX2026-000001"):
        response = await site.get(path, allow_redirects=False)
        assert (response.status, response.headers["Location"]) == (302, "/staff/login"), path
    for path in ("/staff/requests/new", "/staff/requests/LX2026-000001/events", "/staff/requests/LX2026-000001/reveal"):
        assert (await site.post(path, data={}, allow_redirects=False)).status == 401


async def test_the_list_filters_searches_and_pages(site: TestClient, requests: RequestStore) -> None:
    older = add(requests, 55)
    letter = add(requests, received_on="2026-11-24", channel="letter", name="欧阳修")[0]
    pending = add(requests, received_on=None)[0]
    requests.add_event(older[0], {"type": "extend", "on": "2026-11-24"})
    await log_in(site)
    first = await text(site, "/staff/requests")
    assert "共57件，第1/2页" in first and numbers_on(first)[:2] == [pending, letter] and len(numbers_on(first)) == 50
    second = await text(site, "/staff/requests?page=2")
    assert len(numbers_on(second)) == 7 and older[0] in numbers_on(second)
    assert numbers_on(await text(site, "/staff/requests?channel=letter")) == [letter]
    assert numbers_on(await text(site, "/staff/requests?status=extended")) == [older[0]]
    assert numbers_on(await text(site, "/staff/requests?status=submitted")) == [pending]
    assert numbers_on(await text(site, "/staff/requests?received_from=2026-11-21&received_to=2026-11-30")) == [letter]
    # Search by number (any case or spacing) or by the applicant's exact name; names are shown masked.
    assert numbers_on(await text(site, f"/staff/requests?q={letter.lower()}")) == [letter]
    found = await text(site, "/staff/requests?q=欧阳修")
    assert numbers_on(found) == [letter] and "欧**" in found and "欧阳修" not in found.split("<table>")[-1]
    assert numbers_on(await text(site, "/staff/requests?q=欧阳")) == []
    # All received on 11-20 are due on 12-18, within 17 working days; the one extended later.
    due = await text(site, "/staff/requests?due_within=17")
    assert len(numbers_on(due)) == 50 and older[0] not in numbers_on(due)
    assert numbers_on(await text(site, "/staff/requests?overdue=1")) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=lost", "没有这个状态"),
        ("channel=pigeon", "没有这种提交方式"),
        ("received_from=2026-13-01", "不是有效日期"),
        ("received_from=2026-11-30&received_to=2026-11-01", "起始日不能晚于截止日"),
        ("due_within=99", "0到60"),
        ("page=0", "页码"),
    ],
)
async def test_bad_filters_get_a_clear_message(site: TestClient, query: str, message: str) -> None:
    await log_in(site)
    assert message in await text(site, f"/staff/requests?{query}", status=400)


async def test_the_csv_export_is_masked_and_audited(site: TestClient, requests: RequestStore) -> None:
    add(requests, 3)
    await log_in(site)
    response = await site.get("/staff/requests.csv?channel=in_person")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    raw = await response.read()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "申请编号" and len(rows) == 4
    assert {row[6] for row in rows[1:]} == {"张**"} and "13812345678" not in raw.decode()
    [entry] = [e for e in site.app[STAFF_KEY].trail() if e[2] == "export"]
    assert entry[1] == "王小明" and "channel=in_person" in entry[4]


async def test_a_request_page_masks_until_shown_and_records_who_saw(site: TestClient, requests: RequestStore) -> None:
    [number] = add(requests, id_type="居民身份证", id_number="370102199003071238", address="济南市历下区泉城路1号")
    await log_in(site)
    page = await text(site, f"/staff/requests/{number}")
    assert "张**" in page and "138****5678" in page and "3701**********1238" in page and "济南市历下区****" in page
    assert "13812345678" not in page and "泉城路1号" not in page
    assert "2026-12-18" in page and "期限怎么算" in page and "命令行" in page
    shown = await site.post(f"/staff/requests/{number}/reveal", data={"csrf_token": hidden_csrf(page)})
    full = await shown.text()
    assert "张0明" in full and "13812345678" in full and "370102199003071238" in full
    trail = site.app[STAFF_KEY].trail(number)
    assert [(entry[1], entry[2]) for entry in trail][:1] == [("王小明", "reveal")]
    # The reveal is listed on the request's own page.
    assert "显示申请人信息" in await text(site, f"/staff/requests/{number}")


async def test_recording_a_receipt_and_an_extension_moves_the_due_date(
    site: TestClient, requests: RequestStore
) -> None:
    [number] = add(requests, received_on=None)
    await log_in(site)
    page = await text(site, f"/staff/requests/{number}")
    assert "尚未记录收到" in page
    csrf = hidden_csrf(page)
    received = await site.post(
        f"/staff/requests/{number}/events", data={"csrf_token": csrf, "type": "receive", "on": "2026-11-20"}
    )
    page = await received.text()
    assert "已记录" in page and "答复期限</dt><dd>2026-12-18" in page
    extended = await site.post(
        f"/staff/requests/{number}/events", data={"csrf_token": csrf, "type": "extend", "on": "2026-11-24"}
    )
    page = await extended.text()
    assert "答复期限</dt><dd>2027-01-" in page and "延长答复期限" in page
    view = requests.get(number)
    assert [(e.event.type.value, e.recorded_by) for e in view.events] == [("receive", "王小明"), ("extend", "王小明")]
    assert [entry[2] for entry in site.app[STAFF_KEY].trail(number)][:2] == ["event", "event"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "fee_notice", "on": "2026-11-24"}, "金额"),
        ({"type": "extend", "on": "2026-02-30"}, "日期"),
        ({"type": "reply", "on": "2026-11-24"}, "答复"),
        ({"type": "teleport", "on": "2026-11-24"}, "未知的事件类型"),
        ({"type": "", "on": "2026-11-24"}, "请选择要记录的事件"),
    ],
)
async def test_a_bad_event_is_explained_and_changes_nothing(
    site: TestClient, requests: RequestStore, fields: dict, message: str
) -> None:
    [number] = add(requests)
    await log_in(site)
    csrf = hidden_csrf(await text(site, f"/staff/requests/{number}"))
    response = await site.post(f"/staff/requests/{number}/events", data={"csrf_token": csrf} | fields)
    page = await response.text()
    assert response.status == 400 and "未记录" in page and message in page
    assert len(requests.get(number).events) == 1


async def test_forms_without_the_csrf_token_are_refused(site: TestClient, requests: RequestStore) -> None:
    [number] = add(requests)
    await log_in(site)
    for path in (f"/staff/requests/{number}/events", f"/staff/requests/{number}/reveal", "/staff/requests/new"):
        response = await site.post(path, data={"type": "extend", "on": "2026-11-24", "csrf_token": "forged"})
        assert response.status == 403, path
    assert len(requests.get(number).events) == 1 and [e[2] for e in site.app[STAFF_KEY].trail(number)] == []


async def test_registering_a_paper_application(site: TestClient, requests: RequestStore) -> None:
    await log_in(site)
    csrf = hidden_csrf(await text(site, "/staff/requests/new"))
    form = {"csrf_token": csrf, "applicant_type": "citizen", "name": "李四", "phone": "0531-88150105",
            "channel": "letter", "received_on": "2026-11-24", "description": "2025年历下区道路维修资金"}  # fmt: skip
    missing = await site.post("/staff/requests/new", data=form | {"description": ""})
    page = await missing.text()
    assert missing.status == 400 and "未登记" in page and "李四" in page  # what was typed stays
    assert "缺少必填字段 “所需信息的名称和描述”" in page  # the field in its Chinese name
    assert list(requests.export()) == []
    done = await site.post("/staff/requests/new", data=form)
    page = await done.text()
    number, code = re.search(r"申请编号</dt><dd>(\S+?)</dd><dt>查询码</dt><dd><strong>(\w+)", page).groups()
    view = requests.get(number)
    assert view.channel == "letter" and view.clock.received_on.isoformat() == "2026-11-24"
    assert view.events[0].recorded_by == "王小明" and view.applicant["name"] == "李四"
    assert code not in await text(site, f"/staff/requests/{number}")  # shown once
    assert ("王小明", "registered") in [(e[1], e[2]) for e in site.app[STAFF_KEY].trail(number)]


async def test_a_viewer_sees_but_may_not_change_or_reveal(site: TestClient, requests: RequestStore) -> None:
    [number] = add(requests)
    await log_in(site, "钱七", PASSWORD)
    page = await text(site, f"/staff/requests/{number}")
    assert "张**" in page and "记录事件" not in page and ">显示<" not in page
    csrf = hidden_csrf(page)
    paths = ("reveal", "events", "upload")
    for path in (*(f"/staff/requests/{number}/{p}" for p in paths), "/staff/requests/new"):
        response = await site.post(path, data={"csrf_token": csrf, "type": "extend", "on": "2026-11-24"})
        assert response.status == 403 and "不能" in await response.text(), path
    assert (await site.get("/staff/requests/new")).status == 403
    assert len(requests.get(number).events) == 1


async def test_the_id_image_of_an_online_application_is_shown_to_a_clerk_and_audited(
    site: TestClient, requests: RequestStore, tmp_path
) -> None:
    requests.uploads = tmp_path / "uploads"
    created = requests.submit_online(
        CITIZEN | {"channel": "online"}, File("id.jpg", "image/jpeg", JPEG), channel="web", chat_id="c1"
    )
    number = created.view.tracking_no
    await log_in(site)
    page = await text(site, f"/staff/requests/{number}")
    assert "查看证件照片" in page
    image = await site.post(f"/staff/requests/{number}/upload", data={"csrf_token": hidden_csrf(page)})
    assert image.status == 200 and image.content_type == "image/jpeg" and await image.read() == JPEG
    assert ("王小明", "view_upload") in [(e[1], e[2]) for e in site.app[STAFF_KEY].trail(number)]


async def test_the_navigation_marks_the_page_and_offers_what_the_role_may_use(site: TestClient) -> None:
    await log_in(site, "钱七", PASSWORD)
    page = await text(site, "/staff/requests")
    assert '<a href="/staff/requests" aria-current="page">申请列表</a>' in page
    assert "/staff/requests/new" not in page and "/staff/audit" not in page


def test_long_names_keep_their_length_to_themselves() -> None:
    assert masked_name({"name": "济南市某某科技发展有限责任公司"}) == "济***"
    assert masked_name({"name": "李四"}) == "李*"


async def test_the_dashboard_counts_what_needs_doing(site: TestClient, requests: RequestStore) -> None:
    add(requests, 2)  # received 2026-11-20, due 2026-12-18
    [late] = add(requests, received_on="2026-10-09")  # due 2026-11-05: overdue on 2026-11-25
    [waiting] = add(requests)
    requests.add_event(waiting, {"type": "request_supplement", "on": "2026-11-21", "until": "2026-12-05"})
    [paying] = add(requests)
    requests.add_event(paying, {"type": "fee_notice", "on": "2026-11-23", "amount": 100})
    await log_in(site)
    page = await text(site, "/staff/")
    tiles = dict((label, int(count)) for count, label in re.findall(r'class="count">(\d+)</span><span>([^<]+)<', page))
    assert tiles == {"本周到期": 0, "已超期": 1, "等待补正": 1, "等待缴费": 1, "本月收到": 4}
    assert numbers_on(await text(site, "/staff/requests?overdue=1")) == [late]


async def test_an_unknown_request_is_a_404_page(site: TestClient) -> None:
    await log_in(site)
    page = await text(site, "/staff/requests/LX2099-000001", status=404)
    assert "没有申请 LX2099-000001" in page
