"""The yearly table from the request store: a store rebuilt to reproduce the published 2022 table, the other-processing
mapping, the identity check, the admin route and `generate_command`."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.admin import add_admin_routes
from bot.report_output import generate_command, table_csv, table_json, table_text
from bot.report_table import ROW_KEYS, YearTable, yearly_table
from bot.requests import lookups
from bot.requests.repository import RequestStore
from bot.store import Store
from knowledge.clock import CHINA
from knowledge.reports import load_reports
from knowledge.workdays import default_calendar

TOKEN = "report-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# Query codes are hashed with scrypt (tens of ms each); the table never reads them, so hash cheaply here.
CHEAP_SCRYPT = {"n": 2, "r": 1, "p": 1, "dklen": 32}

# The published 2022 table, seed /work/shared/seed/000_6460700eaa6e9ee9.txt lines 166–194 (济南市历下区人民政府
# 2022年政府信息公开工作年度报告, 三、收到和处理政府信息公开申请情况), written out literally:
# row key: (自然人, 法人或其他组织, 总计). The seed splits 法人或其他组织 into 商业企业 | 科研机构 | 社会公益组织 |
# 法律服务机构 | 其他; the store knows only "organisation", so the middle figure is the sum of those five cells.
PUBLISHED_2022: dict[str, tuple[int, int, int]] = {
    "new": (209, 6, 215),  # line 169: 209 | 6 | 0 | 0 | 0 | 0 | 215
    "carried_in": (12, 0, 12),  # line 170: 12 | 0 | 0 | 0 | 0 | 0 | 12
    "disclosed": (137, 0, 137),  # line 171: (一)予以公开 137 | 0 | 0 | 0 | 0 | 0 | 137
    "partly_disclosed": (20, 0, 20),  # line 172: (二)部分公开 20 | 0 | 0 | 0 | 0 | 0 | 20
    "withheld_state_secret": (0, 0, 0),  # line 173: (三)不予公开 1.属于国家秘密 0 | 0 | 0 | 0 | 0 | 0 | 0
    "withheld_prohibited": (0, 0, 0),  # line 174: 2.其他法律行政法规禁止公开 0 | 0 | 0 | 0 | 0 | 0 | 0
    "withheld_security_stability": (0, 0, 0),  # line 175: 3.危及“三安全一稳定” 0 | 0 | 0 | 0 | 0 | 0 | 0
    "withheld_third_party": (3, 0, 3),  # line 176: 4.保护第三方合法权益 3 | 0 | 0 | 0 | 0 | 0 | 3
    "withheld_internal_affairs": (2, 0, 2),  # line 177: 5.属于三类内部事务信息 2 | 0 | 0 | 0 | 0 | 0 | 2
    "withheld_process": (10, 0, 10),  # line 178: 6.属于四类过程性信息 10 | 0 | 0 | 0 | 0 | 0 | 10
    "withheld_enforcement_file": (0, 0, 0),  # line 179: 7.属于行政执法案卷 0 | 0 | 0 | 0 | 0 | 0 | 0
    "withheld_administrative_query": (0, 0, 0),  # line 180: 8.属于行政查询事项 0 | 0 | 0 | 0 | 0 | 0 | 0
    "unavailable_not_held": (42, 1, 43),  # line 181: (四)无法提供 1.本机关不掌握 42 | 1 | 0 | 0 | 0 | 0 | 43
    "unavailable_needs_creation": (0, 1, 1),  # line 182: 2.没有现成信息需要另行制作 0 | 1 | 0 | 0 | 0 | 0 | 1
    "unavailable_unclear": (0, 0, 0),  # line 183: 3.补正后申请内容仍不明确 0 | 0 | 0 | 0 | 0 | 0 | 0
    "not_processed_petition": (0, 0, 0),  # line 184: (五)不予处理 1.信访举报投诉类申请 0 | 0 | 0 | 0 | 0 | 0 | 0
    "not_processed_duplicate": (0, 0, 0),  # line 185: 2.重复申请 0 | 0 | 0 | 0 | 0 | 0 | 0
    "not_processed_publication": (0, 0, 0),  # line 186: 3.要求提供公开出版物 0 | 0 | 0 | 0 | 0 | 0 | 0
    "not_processed_excessive": (0, 0, 0),  # line 187: 4.无正当理由大量反复申请 0 | 0 | 0 | 0 | 0 | 0 | 0
    "not_processed_reconfirm": (0, 0, 0),  # line 188: 5.要求行政机关确认或重新出具已获取信息 0 | 0 | 0 | 0 | 0 | 0 | 0
    "other_no_supplement": (0, 0, 0),  # line 189: (六)其他处理 1.逾期不补正 0 | 0 | 0 | 0 | 0 | 0 | 0
    "other_fee_unpaid": (0, 0, 0),  # line 190: 2.逾期未按收费通知要求缴纳费用 0 | 0 | 0 | 0 | 0 | 0 | 0
    "other": (3, 0, 3),  # line 191: 3.其他 3 | 0 | 0 | 0 | 0 | 0 | 3
    "handled": (217, 2, 219),  # line 192: (七)总计 217 | 2 | 0 | 0 | 0 | 0 | 219
    "carried_out": (4, 4, 8),  # line 193: 四、结转下年度继续办理 4 | 4 | 0 | 0 | 0 | 0 | 8
}
# The seed's row labels of the same lines, as the CSV's first column carries them (from OUTCOMES).
CSV_FIRST_ROWS = [
    ["项目", "自然人", "法人或其他组织", "总计"],
    ["一、本年新收政府信息公开申请数量", "209", "6", "215"],
    ["二、上年结转政府信息公开申请数量", "12", "0", "12"],
    ["（一）予以公开", "137", "0", "137"],
    ["（二）部分公开", "20", "0", "20"],
    ["（三）不予公开 1.属于国家秘密", "0", "0", "0"],
]

NOW_2023 = datetime(2023, 3, 31, 10, 0, tzinfo=CHINA)


def on(day: date, days: int = 0) -> str:
    return (day + timedelta(days=days)).isoformat()


def register(requests: RequestStore, kind: str, received: date | None, *events: dict) -> str:
    """A request of applicant type `kind` received on `received` (None: never received), then its events."""
    body = {
        "applicant_type": kind,
        "name": "张三" if kind == "citizen" else "某某科技有限公司",
        "phone": "0531-12345678",
        "channel": "in_person",
        "description": "2022年某路段道路改造工程的立项批复文件",
    }
    if received is not None:
        body["received_on"] = received.isoformat()
    number = requests.create(body).view.tracking_no
    for event in events:
        requests.add_event(number, event)
    return number


def reply(received: date, days: int, outcome: str) -> dict:
    return {"type": "reply", "on": on(received, days), "outcome": outcome}


def life(received: date, outcome: str, variant: int) -> list[dict]:
    """Events from receipt to a reply with `outcome`, taking one of several typical paths."""
    if variant == 1:  # extended once, answered within the extension
        return [{"type": "extend", "on": on(received, 7)}, reply(received, 30, outcome)]
    if variant == 2:  # a third party consulted
        return [
            {"type": "consult_start", "on": on(received, 5)},
            {"type": "consult_end", "on": on(received, 12)},
            reply(received, 25, outcome),
        ]
    if variant == 3:  # asked for a supplement, which came
        return [
            {"type": "request_supplement", "on": on(received, 2), "until": on(received, 17)},
            {"type": "supplement_received", "on": on(received, 8)},
            reply(received, 20, outcome),
        ]
    if variant == 4:  # a fee charged and paid
        return [
            {"type": "fee_notice", "on": on(received, 5), "amount": 100},
            {"type": "fee_paid", "on": on(received, 10)},
            reply(received, 20, outcome),
        ]
    return [reply(received, 14, outcome)]


def store_for_2022(requests: RequestStore) -> None:
    """Requests whose lives give the published 2022 table, plus requests that must count nowhere in it."""
    citizen_replies = (
        ["disclosed"] * 137
        + ["partly_disclosed"] * 20
        + ["withheld_third_party"] * 3
        + ["withheld_internal_affairs"] * 2
        + ["withheld_process"] * 10
        + ["unavailable_not_held"] * 42
        + ["other"]  # 其他处理：其他 by a reply with that outcome
    )
    # 二、上年结转 12: received in December 2021, still open on 1 January 2022, answered in January 2022.
    for i, outcome in enumerate(citizen_replies[:12]):
        received = date(2021, 12, 6) + timedelta(days=2 * i)
        register(requests, "citizen", received, {"type": "reply", "on": on(date(2022, 1, 4), i), "outcome": outcome})
    # 一、本年新收 209: 205 answered in 2022 (203 replies, one withdrawal, one abandonment), 4 still open at year end.
    rest = citizen_replies[12:]
    assert len(rest) == 203
    for i, outcome in enumerate(rest):
        received = date(2022, 1, 4) + timedelta(days=(i * 3) % 300)
        register(requests, "citizen", received, *life(received, outcome, i % 5))
    # The other two of 其他处理：其他: a withdrawal, and an abandonment while no wait for the applicant was open.
    register(requests, "citizen", date(2022, 6, 1), {"type": "withdraw", "on": "2022-06-08"})
    register(
        requests,
        "citizen",
        date(2022, 7, 1),
        {"type": "consult_start", "on": "2022-07-05"},
        {"type": "consult_end", "on": "2022-07-08"},
        {"type": "abandon", "on": "2022-07-20"},
    )
    # 四、结转下年度 (自然人) 4: received in December 2022, not closed by 31 December.
    register(requests, "citizen", date(2022, 12, 20), reply(date(2022, 12, 20), 21, "disclosed"))
    register(requests, "citizen", date(2022, 12, 22))
    register(
        requests,
        "citizen",
        date(2022, 12, 26),
        {"type": "request_supplement", "on": "2022-12-28", "until": "2023-01-13"},
    )
    register(requests, "citizen", date(2022, 12, 29), {"type": "withdraw", "on": "2023-01-05"})
    # 法人或其他组织: 6 new; 1 not held and 1 needing creation answered in 2022, 4 carried to 2023.
    register(requests, "organisation", date(2022, 5, 9), reply(date(2022, 5, 9), 15, "unavailable_not_held"))
    register(requests, "organisation", date(2022, 8, 1), *life(date(2022, 8, 1), "unavailable_needs_creation", 1))
    register(requests, "organisation", date(2022, 12, 19), reply(date(2022, 12, 19), 30, "disclosed"))
    register(
        requests,
        "organisation",
        date(2022, 12, 21),
        {"type": "request_supplement", "on": "2022-12-23", "until": "2023-01-09"},
        {"type": "abandon", "on": "2023-01-16"},
    )
    register(requests, "organisation", date(2022, 12, 27), {"type": "extend", "on": "2023-01-10"})
    register(requests, "organisation", date(2022, 12, 30))
    # Nowhere in 2022: received and answered in 2021, withdrawn in 2021, received in 2023, never received.
    register(requests, "citizen", date(2021, 3, 1), reply(date(2021, 3, 1), 10, "disclosed"))
    register(requests, "organisation", date(2021, 6, 1), {"type": "withdraw", "on": "2021-06-03"})
    register(requests, "citizen", date(2023, 1, 9), reply(date(2023, 1, 9), 10, "partly_disclosed"))
    register(requests, "citizen", None)
    # Withdrawn in 2022 before the agency confirmed receipt: never received, so neither new nor handled.
    register(requests, "citizen", None, {"type": "withdraw", "on": "2022-03-01"})


@pytest.fixture(scope="module")
def requests_2022() -> Iterator[RequestStore]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lookups, "SCRYPT", CHEAP_SCRYPT)
        store = Store.in_memory()
        requests = RequestStore(store, calendar=default_calendar(), now=lambda: NOW_2023)
        store_for_2022(requests)
        yield requests
        store.close()


@pytest.fixture
def cheap_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookups, "SCRYPT", CHEAP_SCRYPT)


def cells(table: YearTable, key: str) -> tuple[int, int, int]:
    return (table.value(key, "citizen"), table.value(key, "organisation"), table.value(key))


# -- the 2022 table ----------------------------------------------------------------------------------


def test_the_store_reproduces_the_published_2022_table(requests_2022):
    table = yearly_table(requests_2022, 2022)
    assert list(PUBLISHED_2022) == list(ROW_KEYS)
    assert {key: cells(table, key) for key in ROW_KEYS} == PUBLISHED_2022
    assert table.violations() == [] and table.anomalies == [] and table.consistent
    assert table.complete and table.as_of == date(2023, 3, 31)
    assert table.lapsed == 0  # the citizen's supplement deadline (2023-01-13) falls after 2022


def test_the_table_agrees_with_the_reports_data_for_2022(requests_2022):
    table = yearly_table(requests_2022, 2022)
    report = next(r for r in load_reports() if r.year == 2022 and r.version == "")
    generated = {
        "new_person": table.value("new", "citizen"),
        "new_org": table.value("new", "organisation"),
        **{key: table.value(key) for key in ("new", "carried_in", "disclosed", "partly_disclosed")},
        # The reports data's subtotals of the outcome groups (FIGURES: withheld, ..., other = 其他处理).
        **{key: table.group(key) for key in ("withheld", "unavailable", "not_processed", "other")},
        **{key: table.value(key) for key in ("handled", "carried_out")},
    }
    published = {key: report.table[key].value for key in generated if key in report.table}
    assert published and published == {key: generated[key] for key in published}


def test_the_neighbouring_years_follow_from_the_same_store(requests_2022):
    # 2021: 12 received in December and carried into 2022, plus the two closed within 2021.
    table_2021 = yearly_table(requests_2022, 2021)
    assert cells(table_2021, "new") == (13, 1, 14)
    assert cells(table_2021, "carried_out") == (12, 0, 12)
    assert cells(table_2021, "other") == (0, 1, 1)  # the organisation's withdrawal
    # 2023 (not over on 2023-03-31): 2022's 8 carried in, and the one new request.
    table_2023 = yearly_table(requests_2022, 2023)
    assert cells(table_2023, "carried_in") == PUBLISHED_2022["carried_out"]
    assert cells(table_2023, "new") == (1, 0, 1)
    assert cells(table_2023, "other_no_supplement") == (0, 1, 1)  # abandoned while waiting for a supplement
    assert cells(table_2023, "other") == (1, 0, 1)  # the withdrawal
    assert not table_2023.complete and table_2023.consistent
    assert any("2023年尚未结束" in note for note in table_2023.notes())
    # The citizen asked for a supplement by 2023-01-13 never answered, and nobody recorded the abandonment.
    assert table_2023.lapsed == 1
    assert any("另有1件申请" in note and "期限已在2023-03-31前届满" in note for note in table_2023.notes())


def test_text_csv_and_json_outputs(requests_2022):
    table = yearly_table(requests_2022, 2022)
    text = table_text(table)
    assert text.startswith("2022年收到和处理政府信息公开申请情况（由申请登记数据生成，数据截至2023-03-31）")
    lines = text.splitlines()
    new_line = next(line for line in lines if line.startswith("一、本年新收"))
    assert new_line.split()[-3:] == ["209", "6", "215"]
    assert "  总计：215+12=227，219+8=227，相符" in lines
    assert "商业企业、科研机构、社会公益组织、法律服务机构和其他的合计" in text
    assert "不符" not in text and "发现问题" not in text
    # The numbers' right edges line up, CJK characters counting two columns.
    numbered = [line for line in lines if line.endswith(("215", " 12", "137", "219", "  8"))]
    widths = {sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in numbered}
    assert len(numbered) == 5 and len(widths) == 1

    rows = list(csv.reader(io.StringIO(table_csv(table))))
    assert rows[: len(CSV_FIRST_ROWS)] == CSV_FIRST_ROWS
    data = rows[1 : 1 + len(ROW_KEYS)]
    assert [tuple(int(n) for n in row[1:]) for row in data] == list(PUBLISHED_2022.values())
    assert data[-2][0] == "（七）总计" and data[-1][0] == "四、结转下年度继续办理"
    assert data[20][0] == "（六）其他处理 1.申请人无正当理由逾期不补正"
    notes = rows[1 + len(ROW_KEYS) :]
    assert notes and all(row[0].startswith("注：") and row[1:] == ["", "", ""] for row in notes)

    body = table_json(table)
    assert (body["year"], body["complete"], body["consistent"], body["identity"]["holds"]) == (2022, True, True, True)
    assert [c["key"] for c in body["columns"]] == ["citizen", "organisation", "total"]
    by_key = {row["key"]: (row["citizen"], row["organisation"], row["total"]) for row in body["rows"]}
    assert by_key == PUBLISHED_2022
    groups = {group["key"]: group["total"] for group in body["groups"]}
    assert groups == {"withheld": 15, "unavailable": 44, "not_processed": 0, "other": 3}
    assert body["problems"] == [] and len(body["notes"]) == 2


# -- how other processing is counted -------------------------------------------------------------------


def test_withdrawals_and_abandonments_map_to_the_other_processing_rows(store, cheap_codes):
    requests = RequestStore(store, calendar=default_calendar(), now=lambda: datetime(2025, 2, 3, 10, tzinfo=CHINA))
    day = date(2024, 3, 4)
    supplement = {"type": "request_supplement", "on": on(day, 2), "until": on(day, 16)}
    fee = {"type": "fee_notice", "on": on(day, 3), "amount": 60}
    abandon = {"type": "abandon", "on": on(day, 40)}
    # Waiting for a supplement when abandoned → 逾期不补正; waiting for a payment → 逾期未缴费.
    register(requests, "citizen", day, supplement, abandon)
    register(requests, "organisation", day, fee, abandon)
    # No wait open when abandoned (the supplement came, the fee was paid, or none was asked) → 其他.
    register(requests, "citizen", day, supplement, {"type": "supplement_received", "on": on(day, 9)}, abandon)
    register(requests, "citizen", day, fee, {"type": "fee_paid", "on": on(day, 8)}, abandon)
    register(requests, "citizen", day, {"type": "abandon", "on": on(day, 1)})
    # Withdrawn, even while waiting for a supplement → 其他.
    register(requests, "citizen", day, supplement, {"type": "withdraw", "on": on(day, 5)})
    register(requests, "organisation", day, {"type": "withdraw", "on": on(day, 1)})
    # A reply with one of the other-processing outcomes counts under it as given.
    register(requests, "organisation", day, reply(day, 20, "other_fee_unpaid"))
    # Lapsed but not recorded as abandoned: still open, so carried over, and noted.
    register(requests, "citizen", day, supplement)

    table = yearly_table(requests, 2024)
    assert cells(table, "other_no_supplement") == (1, 0, 1)
    assert cells(table, "other_fee_unpaid") == (0, 2, 2)
    assert cells(table, "other") == (4, 1, 5)
    # The row 3.其他 is not the 其他处理 subtotal, which sums its three rows.
    assert (table.group("other", "citizen"), table.group("other", "organisation"), table.group("other")) == (5, 3, 8)
    assert {g["key"]: g["total"] for g in table_json(table)["groups"]}["other"] == 8
    assert cells(table, "new") == (6, 3, 9) and cells(table, "carried_out") == (1, 0, 1)
    assert table.consistent and table.lapsed == 1
    assert any("另有1件申请至今仍在等待申请人补正或缴费，期限已在2024年底前届满" in note for note in table.notes())
    assert any("计入“申请人无正当理由逾期不补正”" in note and "申请人撤回的" in note for note in table.notes())


# -- the identity check --------------------------------------------------------------------------------


def test_a_hand_made_violation_is_reported():
    table = YearTable.empty(2022, date(2023, 3, 31))
    table.counts["new"]["citizen"] = 10
    table.counts["carried_in"]["citizen"] = 2
    table.counts["disclosed"]["citizen"] = table.counts["handled"]["citizen"] = 9
    table.counts["carried_out"]["citizen"] = 1
    assert [(check.column, check.holds) for check in table.identity()] == [
        ("citizen", False),
        ("organisation", True),
        ("total", False),
    ]
    assert not table.consistent
    text = table_text(table)
    assert "自然人：10+2=12，9+1=10，不符（相差2）" in text
    assert "！！发现问题，以上数字不可直接发布：" in text
    assert "identity violated" in text
    rows = list(csv.reader(io.StringIO(table_csv(table))))
    assert [row[0] for row in rows if row[0].startswith("问题：")] == [
        "问题：勾稽关系不符（identity violated）：自然人：10+2=12，9+1=10，不符（相差2） "
        "(new 10 + carried in 2 ≠ handled 9 + carried out 1)",
        "问题：勾稽关系不符（identity violated）：总计：10+2=12，9+1=10，不符（相差2） "
        "(new 10 + carried in 2 ≠ handled 9 + carried out 1)",
    ]
    body = table_json(table)
    assert body["identity"]["holds"] is False and len(body["problems"]) == 2


def test_inconsistent_rows_in_the_store_are_reported_not_hidden(store, cheap_codes):
    requests = RequestStore(store, calendar=default_calendar(), now=lambda: datetime(2023, 3, 31, 10, tzinfo=CHINA))
    day = date(2022, 4, 6)
    bogus = register(requests, "citizen", day, reply(day, 10, "disclosed"))
    backwards = register(requests, "citizen", day, reply(day, 10, "disclosed"))
    register(requests, "organisation", day, reply(day, 10, "disclosed"))
    strange = register(requests, "organisation", day)
    register(requests, "citizen", day, reply(day, 10, "partly_disclosed"))
    assert yearly_table(requests, 2022).consistent
    # Hand-made damage to the denormalised columns, as a faulty import or manual edit could leave it.
    with store.write() as conn:
        conn.execute("UPDATE requests SET outcome = 'disclosed_maybe' WHERE tracking_no = ?", [bogus])
        conn.execute("UPDATE requests SET closed_on = '2021-12-31' WHERE tracking_no = ?", [backwards])
        conn.execute("UPDATE requests SET applicant_type = 'association' WHERE tracking_no = ?", [strange])

    table = yearly_table(requests, 2022)
    assert [(check.column, check.holds) for check in table.identity()] == [
        ("citizen", False),
        ("organisation", True),
        ("total", False),
    ]
    # 3 citizens received, 1 handled that the table can place: the bogus outcome and the backwards dates are lost.
    assert cells(table, "new") == (3, 1, 4) and cells(table, "handled") == (1, 1, 2)
    problems = "\n".join(table.problems())
    assert "自然人：3+0=3，1+0=1，不符（相差2）" in problems
    assert "记录为“disclosed_maybe”" in problems
    assert "1件申请的办结日期早于收到日期" in problems
    assert "申请人类型“association”无法归入任何一列" in problems
    out = io.StringIO()
    assert generate_command(requests, 2022, fmt="text", out=out) == 1
    assert "不符" in out.getvalue()


# -- the command and the admin route ---------------------------------------------------------------------


def test_generate_command_prints_text_csv_and_json(requests_2022, capsys):
    out = io.StringIO()
    assert generate_command(requests_2022, 2022, fmt="text", out=out) == 0
    assert out.getvalue() == table_text(yearly_table(requests_2022, 2022))
    out = io.StringIO()
    assert generate_command(requests_2022, 2022, fmt="csv", out=out) == 0
    assert list(csv.reader(io.StringIO(out.getvalue())))[:2] == CSV_FIRST_ROWS[:2]
    out = io.StringIO()
    assert generate_command(requests_2022, 2022, fmt="json", out=out) == 0
    assert '"year": 2022' in out.getvalue()
    for year, fmt in ((1999, "text"), (2101, "csv"), (2022, "xlsx")):
        out = io.StringIO()
        assert generate_command(requests_2022, year, fmt=fmt, out=out) == 2
        assert out.getvalue() == ""
    assert "2000" in capsys.readouterr().err


@pytest.fixture
async def client(requests_2022):
    app = web.Application()
    add_admin_routes(app, requests_2022, TOKEN)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_admin_route_needs_the_token(client):
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = await client.get("/admin/api/report/2022", headers=headers)
        assert response.status == 401
        assert sorted(await response.json()) == ["error", "error_en"]


@pytest.mark.parametrize(
    "path",
    ["1999", "2101", "abc", "22", "20221", "２０２２", "0x7e6", "2022.0", "-2022", "9" * 5000],
)
async def test_admin_route_refuses_a_bad_year(client, path):
    response = await client.get(f"/admin/api/report/{path}", headers=AUTH)
    body = await response.json()
    assert response.status == 400 and sorted(body) == ["error", "error_en"]
    assert "2000" in body["error"] and "2100" in body["error_en"]


@pytest.mark.parametrize("query", ["?format=xlsx", "?format=csv&format=json", "?year=2022", "?format="])
async def test_admin_route_refuses_bad_parameters(client, query):
    response = await client.get(f"/admin/api/report/2022{query}", headers=AUTH)
    assert response.status == 400
    assert sorted(await response.json()) == ["error", "error_en"]


async def test_admin_route_answers_json_and_csv(client, requests_2022):
    response = await client.get("/admin/api/report/2022", headers=AUTH)
    assert response.status == 200 and response.content_type == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    body = await response.json()
    assert body == table_json(yearly_table(requests_2022, 2022))
    assert {row["key"]: (row["citizen"], row["organisation"], row["total"]) for row in body["rows"]} == PUBLISHED_2022

    response = await client.get("/admin/api/report/2022?format=csv", headers=AUTH)
    assert response.status == 200 and response.content_type == "text/csv" and response.charset == "utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="report-2022.csv"'
    text = await response.text()
    assert text == table_csv(yearly_table(requests_2022, 2022))
    assert list(csv.reader(io.StringIO(text)))[: len(CSV_FIRST_ROWS)] == CSV_FIRST_ROWS
