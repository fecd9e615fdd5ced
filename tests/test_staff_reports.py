"""The staff console's yearly table, the published reports' charts and the audit trail (bot/staff/report_pages.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from urllib.parse import unquote

import pytest
import test_staff
from aiohttp.test_utils import TestClient
from test_staff import ADMIN, PASSWORD, log_in

from bot.report_output import table_csv, table_json
from bot.report_table import LINES, yearly_table
from bot.requests.repository import RequestStore
from bot.staff.report_pages import MAX_AUDIT_ROWS
from bot.web import STAFF_KEY
from knowledge import charts

site = test_staff.site
requests = test_staff.requests
ticks = test_staff.ticks

PAGES = (
    "/staff/report",
    "/staff/report?year=2025",
    "/staff/report.csv",
    "/staff/report.json?year=2026",
    "/staff/report/charts/applications.png",
    "/staff/report/charts/nothing.png",
    "/staff/audit",
    "/staff/audit.csv",
)


def register(requests: RequestStore, kind: str, received: str, *events: dict) -> str:
    body = {
        "applicant_type": kind,
        "name": "张三" if kind == "citizen" else "某某科技有限公司",
        "phone": "0531-12345678",
        "channel": "in_person",
        "description": "2025年某路段道路改造工程的立项批复文件",
        "received_on": received,
    }
    number = requests.create(body).view.tracking_no
    for event in events:
        requests.add_event(number, event)
    return number


@pytest.fixture
def registered(requests: RequestStore) -> list[str]:
    """Requests whose 2026 table has a carry-over in, replies, a withdrawal and requests still open."""
    return [
        register(requests, "citizen", "2025-12-22", {"type": "reply", "on": "2026-01-08", "outcome": "disclosed"}),
        register(requests, "citizen", "2026-03-02", {"type": "reply", "on": "2026-03-20", "outcome": "disclosed"}),
        register(
            requests, "citizen", "2026-05-06", {"type": "reply", "on": "2026-05-28", "outcome": "unavailable_not_held"}
        ),
        register(requests, "organisation", "2026-06-01", {"type": "withdraw", "on": "2026-06-03"}),
        register(requests, "organisation", "2026-11-16"),
        register(requests, "citizen", "2026-11-20", {"type": "extend", "on": "2026-11-24"}),
    ]


def cells_of(page: str) -> dict[str, list[int]]:
    """The yearly table's rows on the page: label → its three numbers."""
    found = re.search(r'<table class="year-table">(.*?)</table>', page, re.S)
    assert found, page[:800]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S):
        label = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        numbers = re.findall(r'<td class="num">(\d+)</td>', row)
        if label and numbers:
            rows[unescape(label.group(1))] = [int(n) for n in numbers]
    return rows


async def test_every_page_needs_a_login(site: TestClient) -> None:
    for path in PAGES:
        response = await site.get(path, allow_redirects=False)
        assert response.status == 302, path
        assert response.headers["Location"] == "/staff/login"


async def test_the_yearly_table_matches_the_store_and_its_identity_holds(
    site: TestClient, requests: RequestStore, registered: list[str]
) -> None:
    await log_in(site, "钱七", PASSWORD)  # a viewer may see it
    response = await site.get("/staff/report")  # the store's current year by default
    page = await response.text()
    assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
    figures = yearly_table(requests, 2026)
    expected = {
        line.label: [
            figures.value(line.key, "citizen"),
            figures.value(line.key, "organisation"),
            figures.value(line.key),
        ]
        for line in LINES
        if line.key
    }
    assert cells_of(page) == expected
    assert expected["一、本年新收政府信息公开申请数量"] == [3, 2, 5]
    assert expected["二、上年结转政府信息公开申请数量"] == [1, 0, 1]
    assert expected["四、结转下年度继续办理"] == [1, 1, 2]
    # The headings and the columns as in the published table, the sub-rows indented.
    assert "三、本年度办理结果" in page and "自然人" in page and "法人或其他组织" in page and "总计" in page
    assert 'class="level-2">1.本机关不掌握相关政府信息' in page
    assert "2026年收到和处理政府信息公开申请情况" in page and 'name="year"' in page
    for check in figures.identity():
        assert check.holds and e_in(check.describe(), page)
    assert page.count("，相符") == 3 and "不符" not in page
    for note in figures.notes():
        assert e_in(note, page)
    assert "发现问题" not in page


def audit_rows(page: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    assert body, page[:800]
    return [
        [unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    ]


def e_in(text: str, page: str) -> bool:
    return text in unescape(page)


async def test_another_year_and_bad_years(site: TestClient, registered: list[str]) -> None:
    await log_in(site)
    page = await (await site.get("/staff/report?year=2025")).text()
    assert "2025年收到和处理政府信息公开申请情况" in page
    assert cells_of(page)["一、本年新收政府信息公开申请数量"] == [1, 0, 1]
    for bad in ("1999", "2101", "abc", "２０２６", "2026.5", "-2026", "9" * 30):
        response = await site.get("/staff/report", params={"year": bad})
        page = await response.text()
        assert response.status == 400, bad
        assert "年份" in page and "2000到2100" in page and "year-table" not in page
        assert "<script" not in page and 'name="year"' in page  # the form again, to try another
    for path in ("/staff/report.csv?year=1999", "/staff/report.json?year=x"):
        refused = await site.get(path)
        assert refused.status == 400 and "年份" in await refused.text()
    # The console still works afterwards.
    assert (await site.get("/staff/report")).status == 200


async def test_the_csv_and_json_downloads(site: TestClient, requests: RequestStore, registered: list[str]) -> None:
    await log_in(site)
    response = await site.get("/staff/report.csv?year=2026")
    assert response.status == 200 and response.content_type == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition)
    assert encoded and unquote(encoded.group(1)) == "2026年收到和处理政府信息公开申请情况.csv"
    body = (await response.read()).decode("utf-8")
    figures = yearly_table(requests, 2026)
    assert body == "\ufeff" + table_csv(figures)
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == ["项目", "自然人", "法人或其他组织", "总计"] and rows[1] == [
        "一、本年新收政府信息公开申请数量",
        "3",
        "2",
        "5",
    ]
    response = await site.get("/staff/report.json?year=2026")
    assert response.status == 200 and response.content_type == "application/json"
    assert "2026%E5%B9%B4" in response.headers["Content-Disposition"]
    data = json.loads(await response.text())
    assert data == json.loads(json.dumps(table_json(figures))) and data["identity"]["holds"]
    assert (await (await site.get("/staff/report.json")).json())["year"] == 2026


async def test_the_published_reports_charts(site: TestClient, answerer) -> None:
    await log_in(site)
    page = await (await site.get("/staff/report")).text()
    years = charts.outcome_years(answerer.reports.reports)
    assert years
    names = ["applications.png", "remedies.png", *(f"outcomes-{year}.png" for year in years)]
    images = re.findall(r'<img src="/staff/report/charts/([^"]+)" alt="([^"]+)"', page)
    assert [name for name, _ in images] == names
    assert all(re.search(r"[\u4e00-\u9fff]", alt) for _, alt in images)
    for name in names:
        response = await site.get(f"/staff/report/charts/{name}")
        assert response.status == 200 and response.content_type == "image/png", name
        assert (await response.read()).startswith(b"\x89PNG")
    for unknown in ("nothing.png", "outcomes-1990.png", "outcomes-.png", "applications", "..%2Fstaff.css"):
        response = await site.get(f"/staff/report/charts/{unknown}")
        assert response.status == 404, unknown
        assert "统计图" in await response.text()


async def test_without_published_reports_no_chart_is_offered(
    site: TestClient, answerer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answerer.reports, "reports", [])
    await log_in(site)
    response = await site.get("/staff/report")
    page = await response.text()
    assert response.status == 200 and "暂无已发布的年度报告数据" in page and "<img" not in page
    assert (await site.get("/staff/report/charts/applications.png")).status == 404


async def test_the_audit_trail_lists_and_filters(site: TestClient, registered: list[str]) -> None:
    accounts = site.app[STAFF_KEY]
    accounts.audit("王小明", "reveal", tracking_no=registered[0], detail="查看身份证号")
    accounts.audit("钱七", "event", tracking_no=registered[1], detail="<b>答复</b>")
    accounts.audit("钱七", "something_new")
    await log_in(site, ADMIN)
    page = await (await site.get("/staff/audit")).text()
    assert all(head in page for head in ("时间", "工作人员", "操作", "申请编号", "说明"))
    assert "登录" in page and "添加账号" in page and "显示申请人信息" in page and "记录事件" in page
    assert "something_new" in page and "&lt;b&gt;答复&lt;/b&gt;" in page and "<b>答复" not in page
    # Newest first: the login just now, then the entries written above, then the accounts' creation.
    assert [row[2] for row in audit_rows(page)] == [
        "登录",
        "something_new",
        "记录事件",
        "显示申请人信息",
        "添加账号",
        "添加账号",
        "添加账号",
    ]
    assert audit_rows(page)[0][1] == ADMIN and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", audit_rows(page)[0][0])
    mine = await (await site.get("/staff/audit", params={"staff": "王小明"})).text()
    assert "显示申请人信息" in mine and "记录事件" not in mine and "something_new" not in mine
    short = registered[1].replace("-00000", "-").lower()  # lx2026-2: as staff may type it
    one = await (await site.get("/staff/audit", params={"tracking_no": short})).text()
    assert "记录事件" in one and registered[1] in one and "显示申请人信息" not in one and "共1条" in one
    both = await (await site.get("/staff/audit", params={"tracking_no": registered[1], "staff": "王小明"})).text()
    assert "没有符合条件的审计记录" in both
    nothing = await (await site.get("/staff/audit", params={"staff": "' OR 1=1 --"})).text()
    assert "没有符合条件的审计记录" in nothing


async def test_a_long_trail_shows_the_newest_rows_only(site: TestClient) -> None:
    accounts = site.app[STAFF_KEY]
    with accounts.store.write() as conn:
        conn.executemany(
            "INSERT INTO audit (at, staff, action, detail) VALUES (?, ?, ?, ?)",
            [("2026-11-25T09:00:00+08:00", "钱七", "reveal", f"第{i}条") for i in range(MAX_AUDIT_ROWS + 20)],
        )
    await log_in(site, ADMIN)
    page = await (await site.get("/staff/audit")).text()
    assert page.count("<tr>") == MAX_AUDIT_ROWS + 1  # the header and the rows
    assert f"只显示最新的{MAX_AUDIT_ROWS}条" in page and f"第{MAX_AUDIT_ROWS + 19}条" in page and "第0条<" not in page


async def test_only_an_admin_sees_the_whole_audit_trail(site: TestClient) -> None:
    for name in ("王小明", "钱七"):
        await log_in(site, name)
        for path in ("/staff/audit", "/staff/audit.csv"):
            response = await site.get(path)
            assert response.status == 403 and "不能" in await response.text(), (name, path)
        assert 'href="/staff/audit"' not in await (await site.get("/staff/")).text()
        assert [entry[2] for entry in site.app[STAFF_KEY].trail() if entry[2] == "export"] == []


async def test_the_audit_export_is_a_csv_for_excel_and_is_itself_recorded(
    site: TestClient, registered: list[str]
) -> None:
    accounts = site.app[STAFF_KEY]
    accounts.audit("钱七", "reveal", tracking_no=registered[0], detail='=HYPERLINK("http://x")')
    await log_in(site, ADMIN)
    response = await site.get("/staff/audit.csv", params={"staff": "钱七"})
    assert response.status == 200 and response.content_type == "text/csv"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    raw = await response.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["时间", "工作人员", "操作", "申请编号", "说明"]
    assert {row[1] for row in rows[1:]} == {"钱七"}
    assert [row[2] for row in rows[1:]] == ["显示申请人信息", "添加账号"]
    assert rows[1][3] == registered[0] and rows[1][4].startswith("'=")  # no formula for Excel
    latest = accounts.trail(limit=1)[0]
    assert latest[1:] == (ADMIN, "export", "", "审计记录")
    page = await (await site.get("/staff/audit", params={"staff": ADMIN})).text()
    assert "导出" in page and "审计记录" in page
