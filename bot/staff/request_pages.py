"""The staff list of requests (filters, search, pages, CSV export) and registering a paper or letter application."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import urlencode

from aiohttp import web

from bot.requests.intake import APPLICANT_FIELDS, CHANNELS, InputError
from bot.staff.accounts import Role
from bot.staff.html import BOM, attachment, csrf_field, e, excel_safe, notice, table
from bot.staff.listing import PER_PAGE, FilterError, Filters, Row, find_all, find_page, page_number, parse_filters
from bot.staff.masking import FIELD_LABELS, in_words, masked_name
from bot.staff.web import ACCOUNTS_KEY, FORM, STORE_KEY, needs, render, session_of
from knowledge.lifecycle import STATUS_LABELS
from knowledge.statute import OUTCOMES

APPLICANT_TYPES = {"citizen": "公民", "organisation": "法人或其他组织"}
STATUSES = {status.value: label for status, label in STATUS_LABELS.items()}
# Paper and letter applications: every channel but the bot's own online submission.
PAPER_CHANNELS = {key: label for key, label in CHANNELS.items() if key != "online"}
CSV_HEAD = ("申请编号", "状态", "收到日期", "答复期限", "提交方式", "申请人类型", "申请人", "所需信息", "答复结果")


def _options(choices: dict[str, str], selected: str, *, blank: str | None = None) -> str:
    options = [f'<option value="">{e(blank)}</option>'] if blank is not None else []
    for value, label in choices.items():
        chosen = " selected" if value == selected else ""
        options.append(f'<option value="{e(value)}"{chosen}>{e(label)}</option>')
    return "".join(options)


def _filter_form(filters: Filters) -> str:
    def day(name: str, label: str, value: date | None) -> str:
        shown = value.isoformat() if value else ""
        return f'<label>{e(label)}<input type="date" name="{name}" value="{e(shown)}"></label>'

    within = "" if filters.due_within is None else str(filters.due_within)
    overdue = " checked" if filters.overdue else ""
    return (
        '<form method="get" action="/staff/requests" class="filters">'
        f'<label>申请编号或申请人姓名<input name="q" value="{e(filters.q)}" maxlength="100"></label>'
        f'<label>状态<select name="status">{_options(STATUSES, filters.status, blank="全部")}</select></label>'
        f'<label>提交方式<select name="channel">{_options(CHANNELS, filters.channel, blank="全部")}</select></label>'
        f"{day('received_from', '收到日期（起）', filters.received_from)}"
        f"{day('received_to', '收到日期（止）', filters.received_to)}"
        f'<label>几个工作日内到期<input type="number" name="due_within" min="0" max="60" value="{e(within)}"></label>'
        f"{day('due_by', '到期日不晚于', filters.due_by)}"
        f'<label class="check"><input type="checkbox" name="overdue" value="1"{overdue}>只看已超期</label>'
        '<button type="submit">筛选</button><a href="/staff/requests">清除</a></form>'
    )


def _row_cells(row: Row, today: date) -> list[str]:
    mark = '<span class="bad">已超期</span> ' if row.overdue(today) else ""
    return [
        f'<a href="/staff/requests/{e(row.tracking_no)}">{e(row.tracking_no)}</a>',
        mark + e(row.status_label),
        e(row.received_on or "—"),
        e(row.due_on or "—"),
        e(CHANNELS.get(row.channel, row.channel)),
        e(masked_name(row.applicant)),
        e(row.description[:40] + ("…" if len(row.description) > 40 else "")),
    ]


def _pager(filters: Filters, page: int, total: int, per_page: int) -> str:
    pages = max(1, -(-total // per_page))
    links = [f"<span>共{total}件，第{page}/{pages}页</span>"]
    if page > 1:
        links.append(f'<a href="/staff/requests?{urlencode(filters.query() | {"page": str(page - 1)})}">上一页</a>')
    if page < pages:
        links.append(f'<a href="/staff/requests?{urlencode(filters.query() | {"page": str(page + 1)})}">下一页</a>')
    links.append(f'<a href="/staff/requests.csv?{urlencode(filters.query())}">导出CSV</a>')
    return f'<div class="pager">{"".join(links)}</div>'


async def request_list(request: web.Request) -> web.Response:
    requests = request.config_dict[STORE_KEY]
    try:
        filters = parse_filters(request.query)
        page = page_number(request.query.get("page", ""))
    except FilterError as exc:
        return render(request, "申请列表", notice(str(exc)) + _filter_form(Filters()), status=400)
    rows, total = find_page(requests, filters, page)
    today = requests.today()
    head = ("申请编号", "状态", "收到日期", "答复期限", "提交方式", "申请人", "所需信息")
    listing = table(head, (_row_cells(row, today) for row in rows), empty="没有符合条件的申请。")
    body = _filter_form(filters) + _pager(filters, page, total, PER_PAGE) + listing
    return render(request, "申请列表", body)


async def request_csv(request: web.Request) -> web.StreamResponse:
    """The filtered list as CSV (UTF-8 with a byte-order mark for Excel), applicants masked; the export is audited."""
    requests = request.config_dict[STORE_KEY]
    try:
        filters = parse_filters(request.query)
    except FilterError as exc:
        return render(request, "申请列表", notice(str(exc)), status=400)
    session = session_of(request)
    request.config_dict[ACCOUNTS_KEY].audit(session.member.name, "export", detail=f"申请列表（{filters.describe()}）")
    today = requests.today().isoformat()
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": attachment(f"政府信息公开申请{today}.csv", f"requests-{today}.csv"),
            "Cache-Control": "no-store",
        }
    )
    await response.prepare(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(CSV_HEAD)
    for n, row in enumerate(find_all(requests, filters), start=1):
        cells = [
            row.tracking_no,
            row.status_label,
            row.received_on or "",
            row.due_on or "",
            CHANNELS.get(row.channel, row.channel),
            APPLICANT_TYPES.get(row.applicant_type, row.applicant_type),
            masked_name(row.applicant),
            row.description,
            OUTCOMES.get(row.outcome or "", ""),
        ]
        writer.writerow([excel_safe(cell) for cell in cells])
        if n % 1000 == 0:
            await response.write(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
    await response.write(buffer.getvalue().encode())
    await response.write_eof()
    return response


def _registration_form(csrf: str, values: dict[str, str], today: date) -> str:
    applicant_type = values.get("applicant_type", "citizen")
    kinds = "".join(
        f'<label class="check"><input type="radio" name="applicant_type" value="{key}"'
        f"{' checked' if key == applicant_type else ''}>{e(label)}</label>"
        for key, label in APPLICANT_TYPES.items()
    )
    fields = sorted({key for keys in APPLICANT_FIELDS.values() for key in keys}, key=list(FIELD_LABELS).index)
    inputs = "".join(
        f"<label>{e(FIELD_LABELS[key])}{'（必填）' if key in ('name', 'phone') else ''}"
        f'<input name="{key}" value="{e(values.get(key, ""))}" maxlength="200"></label>'
        for key in fields
    )
    received = values.get("received_on", today.isoformat())
    channel = values.get("channel", "in_person")
    return (
        '<form method="post" action="/staff/requests/new" class="register">'
        f"{csrf_field(csrf)}"
        f"<fieldset><legend>申请人类型</legend>{kinds}</fieldset>"
        f'<p class="hint">公民填写证件类型和号码；法人或其他组织填写统一社会信用代码、法定代表人和联系人。</p>'
        f"{inputs}"
        f'<label>提交方式<select name="channel">{_options(PAPER_CHANNELS, channel)}</select></label>'
        f'<label>收到日期<input type="date" name="received_on" value="{e(received)}"></label>'
        '<p class="hint">收到日期是《条例》第三十一条的收到申请之日：当面提交的为提交之日，邮寄的为签收之日；'
        "平常信函、传真尚未与申请人确认的，请清空此项，确认后在申请页面记录“收到申请”。</p>"
        f'<label>所需信息的名称和描述（必填）<textarea name="description" rows="4" maxlength="2000">'
        f"{e(values.get('description', ''))}</textarea></label>"
        '<button type="submit">登记申请</button></form>'
    )


@needs(Role.CLERK, "登记申请")
async def new_request_page(request: web.Request) -> web.Response:
    session = session_of(request)
    today = request.config_dict[STORE_KEY].today()
    return render(request, "登记纸质申请", _registration_form(session.csrf, {}, today))


@needs(Role.CLERK, "登记申请")
async def register_request(request: web.Request) -> web.Response:
    session = session_of(request)
    requests = request.config_dict[STORE_KEY]
    form = request[FORM]
    applicant_type = form.get("applicant_type", "")
    keys = APPLICANT_FIELDS.get(applicant_type, ())
    raw = {key: form[key].strip() for key in keys if form.get(key, "").strip()}
    raw |= {key: form.get(key, "").strip() for key in ("applicant_type", "channel", "description")}
    if form.get("received_on", "").strip():
        raw["received_on"] = form["received_on"].strip()
    try:
        if raw["channel"] not in PAPER_CHANNELS:
            raise InputError("请选择提交方式", "choose a channel")
        created = requests.create(raw, by=session.member.name)
    except InputError as exc:
        body = notice(f"未登记：{in_words(exc.zh)}") + _registration_form(session.csrf, form, requests.today())
        return render(request, "登记纸质申请", body, status=400)
    number = created.view.tracking_no
    request.config_dict[ACCOUNTS_KEY].audit(session.member.name, "registered", tracking_no=number)
    body = (
        notice(f"已登记申请 {number}。", kind="ok")
        + f'<dl class="facts"><dt>申请编号</dt><dd>{e(number)}</dd><dt>查询码</dt><dd><strong>{e(created.query_code)}'
        "</strong>（只显示这一次，请告知申请人：凭申请编号和查询码在对话中查询进度）</dd>"
        f"<dt>状态</dt><dd>{e(created.view.clock.label)}</dd>"
        f"<dt>答复期限</dt><dd>{e(created.view.clock.due_on or '收到申请后开始计算')}</dd></dl>"
        f'<p><a href="/staff/requests/{e(number)}">打开申请</a> · <a href="/staff/requests/new">再登记一件</a></p>'
    )
    return render(request, "已登记", body)


def register(router: web.UrlDispatcher) -> None:
    """Add these pages' routes to the staff application's router."""
    router.add_get("/requests", request_list)
    router.add_get("/requests.csv", request_csv)
    router.add_get("/requests/new", new_request_page)
    router.add_post("/requests/new", register_request)
