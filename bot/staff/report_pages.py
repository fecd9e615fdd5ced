"""The staff console's yearly table (as the published report's table, with its identity check), the published
annual reports' charts, and the audit trail.

Routes (under /staff, every one behind the session guard; any role may view the table and the charts, the audit
trail is the administrators'):

- GET /report?year=YYYY: the table computed from the request store (bot.report_table), its identity, notes and
  problems, then the charts of the published reports. A bad year: 400 with the form again.
- GET /report.csv?year=, /report.json?year=: the same table as a download (report_output's CSV, with a BOM so Excel
  reads it as UTF-8, and JSON).
- GET /report/charts/{applications,remedies,outcomes-YYYY}.png: the charts of /stats (handlers.stats.chart_png),
  rendered in a worker thread once per chart and set of reports for the life of the process.
- GET /audit?tracking_no=&staff=: the audit trail, newest first, at most MAX_AUDIT_ROWS rows; GET /audit.csv: the
  filtered trail in full as CSV (recorded in the trail itself as an export).
"""

from __future__ import annotations

import asyncio
import csv
import functools
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web

from bot.report_output import IDENTITY_LABEL, TITLE, table_csv, table_json
from bot.report_table import COLUMNS, LINES, MAX_YEAR, MIN_YEAR, TOTAL_LABEL, YearTable, check_year, yearly_table
from bot.staff.accounts import Role, StaffAccounts, action_label
from bot.staff.html import BOM, attachment, e, excel_safe, notice, shown_time, table
from bot.staff.web import ACCOUNTS_KEY, REPORTS_KEY, STORE_KEY, needs, render, session_of
from handlers.stats import applications_summary, chart_png, outcomes_summary, remedies_summary
from knowledge import charts
from knowledge.reports import ReportAnswerer
from knowledge.tracking import format_number, normalize_number

MAX_AUDIT_ROWS = 500
# Longest filter value kept (a staff name is at most 32 characters, a tracking number about 13).
MAX_FILTER = 40
YEAR_PATTERN = re.compile(r"[0-9]{1,6}")

AUDIT_HEAD = ("时间", "工作人员", "操作", "申请编号", "说明")

NO_REPORTS = "暂无已发布的年度报告数据，无法绘制统计图。"
CHART_NOT_FOUND = "没有这张统计图。"


# --- helpers -------------------------------------------------------------------------------------------------------


def download(text: str, *, content_type: str, filename: str, ascii_name: str) -> web.Response:
    return web.Response(
        text=text,
        content_type=content_type,
        charset="utf-8",
        headers={"Content-Disposition": attachment(filename, ascii_name), "Cache-Control": "no-store"},
    )


# --- the yearly table ----------------------------------------------------------------------------------------------


class YearError(ValueError):
    """A year the table cannot be computed for; the message is Chinese."""


def chosen_year(request: web.Request) -> int:
    """The year asked for (`year`; missing or empty: the store's current year); YearError if it is not one."""
    raw = request.query.get("year", "").strip()
    if not raw:
        return request.config_dict[STORE_KEY].today().year
    refused = YearError(f"年份“{raw[:20]}”无效：请输入{MIN_YEAR}到{MAX_YEAR}之间的四位数年份。")
    if not YEAR_PATTERN.fullmatch(raw):
        raise refused
    year = int(raw)
    try:
        check_year(year)
    except ValueError:
        raise refused from None
    return year


def year_form(year: int | str) -> str:
    return (
        '<form method="get" action="/staff/report" class="filters">'
        f'<label>年份<input name="year" type="number" min="{MIN_YEAR}" max="{MAX_YEAR}" step="1" required '
        f'value="{e(year)}"></label><button type="submit">查看</button></form>'
    )


def year_table_html(figures: YearTable) -> str:
    """The table as the published report lays it out: its lines, indented, by applicant column and the total."""
    head = "".join(f'<th scope="col" class="num">{e(label)}</th>' for label in [*(c[1] for c in COLUMNS), TOTAL_LABEL])
    rows = []
    for line in LINES:
        label = f'<th scope="row" class="level-{line.level}">{e(line.label)}</th>'
        if line.key is None:
            rows.append(f'<tr class="heading">{label}{"<td></td>" * (len(COLUMNS) + 1)}</tr>')
            continue
        values = [figures.value(line.key, column) for column, _ in COLUMNS] + [figures.value(line.key)]
        cells = "".join(f'<td class="num">{n}</td>' for n in values)
        rows.append(f"<tr>{label}{cells}</tr>")
    return (
        '<div class="scroll"><table class="year-table">'
        f'<thead><tr><th scope="col">项目</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def checks_html(figures: YearTable) -> str:
    """The identity per column (相符 / 不符), any problem, and the notes."""
    identity = "".join(
        f'<li class="{"ok" if check.holds else "error"}">{e(check.describe())}</li>' for check in figures.identity()
    )
    parts = [f'<h2>{e(IDENTITY_LABEL)}</h2><ul class="checks">{identity}</ul>']
    problems = figures.problems()
    if problems:
        items = "".join(f"<li>{e(problem)}</li>" for problem in problems)
        warning = notice("以下问题未解决前，以上数字不可直接发布。")
        parts.append(f'<h2>发现问题</h2>{warning}<ul class="problems">{items}</ul>')
    notes = "".join(f"<li>{e(note)}</li>" for note in figures.notes())
    parts.append(f'<h2>说明</h2><ol class="notes">{notes}</ol>')
    return "".join(parts)


def downloads_html(year: int) -> str:
    query = urlencode({"year": year})
    return (
        '<p class="downloads">下载：'
        f'<a href="/staff/report.csv?{e(query)}" download>CSV（Excel）</a> '
        f'<a href="/staff/report.json?{e(query)}" download>JSON</a></p>'
    )


async def report_page(request: web.Request) -> web.Response:
    try:
        year = chosen_year(request)
    except YearError as exc:
        raw = request.query.get("year", "")
        value = raw if YEAR_PATTERN.fullmatch(raw.strip()) else ""
        return render(request, "年度报表", notice(str(exc)) + year_form(value), status=400)
    figures = yearly_table(request.config_dict[STORE_KEY], year)
    body = (
        year_form(year)
        + f"<h2>{e(year)}年{e(TITLE)}</h2>"
        + f'<p class="hint">由申请登记数据生成，数据截至{e(figures.as_of.isoformat())}。</p>'
        + year_table_html(figures)
        + downloads_html(year)
        + checks_html(figures)
        + charts_html(request.config_dict[REPORTS_KEY])
    )
    return render(request, "年度报表", body)


def year_error_text(request: web.Request) -> tuple[int | None, str]:
    try:
        return chosen_year(request), ""
    except YearError as exc:
        return None, str(exc)


async def report_csv(request: web.Request) -> web.Response:
    year, error = year_error_text(request)
    if year is None:
        return web.Response(text=error, status=400, content_type="text/plain", charset="utf-8")
    text = table_csv(yearly_table(request.config_dict[STORE_KEY], year))
    return download(
        BOM + text, content_type="text/csv", filename=f"{year}年{TITLE}.csv", ascii_name=f"report-{year}.csv"
    )


async def report_json(request: web.Request) -> web.Response:
    year, error = year_error_text(request)
    if year is None:
        return web.json_response(
            {"error": error, "error_en": f"year must be {MIN_YEAR}..{MAX_YEAR}"},
            status=400,
            dumps=functools.partial(json.dumps, ensure_ascii=False),
        )
    data = table_json(yearly_table(request.config_dict[STORE_KEY], year))
    return download(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        content_type="application/json",
        filename=f"{year}年{TITLE}.json",
        ascii_name=f"report-{year}.json",
    )


# --- the published reports' charts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    name: str  # the file name under /staff/report/charts/
    kind: str  # applications, remedies or outcomes
    year: int | None
    alt: str


def chart_list(figures: ReportAnswerer) -> list[Chart]:
    """The charts the published reports allow: the two series and one outcome chart per year with the table."""
    if not figures.reports:
        return []
    found = [
        Chart("applications.png", "applications", None, "柱状图：历年新收政府信息公开申请数"),
        Chart("remedies.png", "remedies", None, "柱状图：历年涉及政府信息公开的行政复议、行政诉讼数"),
    ]
    found += [
        Chart(f"outcomes-{year}.png", "outcomes", year, f"柱状图：{year}年政府信息公开申请办理结果")
        for year in charts.outcome_years(figures.reports)
    ]
    return found


def chart_summary(chart: Chart, figures: ReportAnswerer) -> str:
    """The chart's figures in words, with their source (as /stats says them)."""
    reports, series = tuple(figures.reports), figures.meta.report_series
    if chart.kind == "applications":
        return applications_summary(reports, series=series)
    if chart.kind == "remedies":
        return remedies_summary(reports, series=series)
    return outcomes_summary(reports, chart.year or 0, series=series)


def charts_html(figures: ReportAnswerer) -> str:
    found = chart_list(figures)
    if not found:
        return f'<h2>历年年度报告统计图</h2><p class="empty">{e(NO_REPORTS)}</p>'
    width, height = (round(inches * charts.DPI) for inches in charts.SIZE_INCHES)
    figures_html = "".join(
        f'<figure class="chart"><a href="/staff/report/charts/{e(chart.name)}">'
        f'<img src="/staff/report/charts/{e(chart.name)}" alt="{e(chart.alt)}" width="{width}" height="{height}" '
        'loading="lazy"></a>'
        f"<figcaption>{e(chart_summary(chart, figures))}</figcaption></figure>"
        for chart in found
    )
    return (
        "<h2>历年年度报告统计图</h2>"
        '<p class="hint">以下数字来自已发布的政府信息公开工作年度报告，不是申请登记数据。</p>'
        f'<div class="charts">{figures_html}</div>'
    )


async def chart_image(request: web.Request) -> web.Response:
    figures = request.config_dict[REPORTS_KEY]
    name = request.match_info["name"]
    chart = next((found for found in chart_list(figures) if found.name == name), None)
    if chart is None:
        return web.Response(text=CHART_NOT_FOUND, status=404, content_type="text/plain", charset="utf-8")
    # Rendering takes a fraction of a second (the first one also imports matplotlib): keep the event loop free.
    png = await asyncio.to_thread(chart_png, chart.kind, chart.year, figures)
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


# --- the audit trail -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    tracking_no: str  # as typed (shown back in the form)
    staff: str
    number: str  # as stored, when tracking_no reads as a tracking number

    @classmethod
    def of(cls, request: web.Request) -> AuditFilter:
        tracking_no = request.query.get("tracking_no", "").strip()[:MAX_FILTER]
        staff = request.query.get("staff", "").strip()[:MAX_FILTER]
        prefix = request.config_dict[STORE_KEY].prefix
        number = (normalize_number(tracking_no, prefix=prefix) or tracking_no) if tracking_no else ""
        return cls(tracking_no, staff, number)

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if self.number:
            clauses.append("tracking_no = ?")
            params.append(self.number)
        if self.staff:
            clauses.append("staff = ?")
            params.append(self.staff)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def query(self) -> str:
        given = {key: value for key, value in (("tracking_no", self.tracking_no), ("staff", self.staff)) if value}
        return urlencode(given)


AuditRow = tuple[str, str, str, str, str]


def audit_rows(accounts: StaffAccounts, chosen: AuditFilter, *, limit: int | None) -> Iterable[AuditRow]:
    """The filtered trail (at, staff, action, tracking number, detail), newest first; all of it without a limit."""
    where, params = chosen.where()
    sql = f"SELECT at, staff, action, COALESCE(tracking_no, ''), detail FROM audit{where} ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return accounts.store.conn.execute(sql, params)


def audit_count(accounts: StaffAccounts, chosen: AuditFilter) -> int:
    where, params = chosen.where()
    return int(accounts.store.conn.execute(f"SELECT COUNT(*) FROM audit{where}", params).fetchone()[0])


def audit_form(chosen: AuditFilter, names: Sequence[str], example: str) -> str:
    """The trail's filters: a tracking number (`example` shows the agency's form of one) and a staff name."""
    options = "".join(f'<option value="{e(name)}">' for name in names)
    return (
        '<form method="get" action="/staff/audit" class="filters">'
        f'<label>申请编号<input name="tracking_no" maxlength="{MAX_FILTER}" value="{e(chosen.tracking_no)}" '
        f'placeholder="{e(example)}"></label>'
        f'<label>工作人员<input name="staff" maxlength="{MAX_FILTER}" list="staff-names" '
        f'value="{e(chosen.staff)}"></label><datalist id="staff-names">{options}</datalist>'
        '<button type="submit">筛选</button>'
        + ('<a href="/staff/audit">清除筛选</a>' if chosen.tracking_no or chosen.staff else "")
        + "</form>"
    )


def example_number(request: web.Request) -> str:
    """The first tracking number of this year, in the agency's form."""
    requests = request.config_dict[STORE_KEY]
    return format_number(requests.today().year, 1, prefix=requests.prefix)


@needs(Role.ADMIN, "查看全部审计记录（每件申请的审计记录在其页面上）")
async def audit_page(request: web.Request) -> web.Response:
    accounts = request.config_dict[ACCOUNTS_KEY]
    chosen = AuditFilter.of(request)
    rows = [
        (e(shown_time(at)), e(staff), e(action_label(action)), e(number), e(detail))
        for at, staff, action, number, detail in audit_rows(accounts, chosen, limit=MAX_AUDIT_ROWS)
    ]
    total = audit_count(accounts, chosen)
    query = chosen.query()
    export = f"/staff/audit.csv?{query}" if query else "/staff/audit.csv"
    summary = f"共{total}条记录，最新的在前。"
    more = (
        f'<p class="more">只显示最新的{MAX_AUDIT_ROWS}条；全部{total}条请导出 CSV 查看，或缩小筛选范围。</p>'
        if total > MAX_AUDIT_ROWS
        else ""
    )
    body = (
        audit_form(chosen, [member.name for member in accounts.members()], example_number(request))
        + f'<p class="hint">{e(summary)} <a href="{e(export)}" download>导出 CSV</a></p>'
        + more
        + table(AUDIT_HEAD, rows, empty="没有符合条件的审计记录。")
    )
    return render(request, "审计记录", body)


@needs(Role.ADMIN, "导出审计记录")
async def audit_csv(request: web.Request) -> web.Response:
    session = session_of(request)
    accounts = request.config_dict[ACCOUNTS_KEY]
    chosen = AuditFilter.of(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*AUDIT_HEAD, "操作代码"])
    for at, staff, action, number, detail in audit_rows(accounts, chosen, limit=None):
        writer.writerow([excel_safe(cell) for cell in (at, staff, action_label(action), number, detail, action)])
    accounts.audit(session.member.name, "export", detail="审计记录")
    today = request.config_dict[STORE_KEY].today().isoformat()
    return download(
        BOM + buffer.getvalue(),
        content_type="text/csv",
        filename=f"审计记录-{today}.csv",
        ascii_name=f"audit-{today}.csv",
    )


def register(router: web.UrlDispatcher) -> None:
    """Add these pages' routes to the staff application's router."""
    router.add_get("/report", report_page)
    router.add_get("/report.csv", report_csv)
    router.add_get("/report.json", report_json)
    router.add_get("/report/charts/{name}", chart_image)
    router.add_get("/audit", audit_page)
    router.add_get("/audit.csv", audit_csv)
