"""One request in the staff console: its applicant (masked until 显示, which is audited), the description, the ID
image, the event timeline with who recorded each event, the statutory clock with its explanation, the form that
records an event (checked as the admin API checks it) and the request's audit trail."""

from __future__ import annotations

from aiohttp import web

from bot.requests.intake import CHANNELS, EVENT_FIELDS, InputError
from bot.requests.records import RequestView
from bot.requests.repository import UPLOAD_SUFFIXES, RequestStore
from bot.staff.accounts import Role, StaffSession, action_label
from bot.staff.html import csrf_field, e, notice, shown_time, table
from bot.staff.masking import details, in_words
from bot.staff.request_pages import APPLICANT_TYPES, _options
from bot.staff.web import ACCOUNTS_KEY, FORM, STORE_KEY, needs, render, session_of
from knowledge.lifecycle import EVENT_LABELS, EventError, EventType
from knowledge.statute import OUTCOMES

_BACK = '<p><a href="/staff/requests">← 申请列表</a></p>'
MIME_OF = {suffix: mime for mime, suffix in UPLOAD_SUFFIXES.items()}
# What each event's own field is called on the form.
EXTRA_FIELDS = {"until": "补正期限", "amount": "金额（元）", "outcome": "答复结果"}


def _view(request: web.Request) -> RequestView:
    number = request.match_info["no"]
    view = request.config_dict[STORE_KEY].get(number)
    if view is None:
        missing = render(request, "找不到申请", notice(f"没有申请 {number[:40]}。") + _BACK, status=404)
        raise web.HTTPNotFound(text=missing.text, content_type="text/html")
    return view


def _clock(view: RequestView) -> str:
    clock = view.clock
    facts = [("状态", clock.label + ("（已超期）" if clock.overdue else ""))]
    facts.append(("收到申请之日", clock.received_on.isoformat() if clock.received_on else "尚未记录收到"))
    if clock.due_on:
        left = f"，剩{clock.working_days_left}个工作日" if clock.working_days_left is not None else ""
        facts.append(("答复期限", f"{clock.due_on.isoformat()}{left}"))
    if clock.applicant_deadline:
        facts.append(("申请人须在此前补正或缴费", clock.applicant_deadline.isoformat()))
    if clock.outcome:
        facts.append(("答复结果", OUTCOMES.get(clock.outcome, clock.outcome)))
    if clock.closed_on:
        facts.append(("办结日期", clock.closed_on.isoformat()))
    listed = "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in facts)
    explanation = "".join(f"<li>{e(line)}</li>" for line in clock.explanation)
    return f'<dl class="facts">{listed}</dl><h2>期限怎么算</h2><ul class="explain">{explanation}</ul>'


def _timeline(view: RequestView) -> str:
    rows = []
    for recorded in view.events:
        data = recorded.to_json()
        extra = [f"{EXTRA_FIELDS[key]}：{data[key]}" for key in ("until", "amount") if data.get(key)]
        if data.get("outcome_label"):
            extra.append(f"答复结果：{data['outcome_label']}")
        if data.get("note"):
            extra.append(f"备注：{data['note']}")
        rows.append(
            [
                e(data["on"]),
                e(data["label"]),
                e("；".join(extra)),
                e(recorded.recorded_by or "—"),
                e(shown_time(recorded.recorded_at)),
            ]
        )
    return table(("日期", "事件", "详情", "记录人", "录入时间"), rows, empty="还没有记录任何事件。")


def _event_form(session: StaffSession, number: str, today: str, values: dict[str, str]) -> str:
    kinds = {kind.value: label for kind, label in EVENT_LABELS.items()}
    return (
        f'<form method="post" action="/staff/requests/{e(number)}/events" class="event">'
        f"{csrf_field(session.csrf)}"
        f'<label>事件<select name="type" required>{_options(kinds, values.get("type", ""), blank="请选择")}'
        "</select></label>"
        f'<label>日期<input type="date" name="on" value="{e(values.get("on", today))}" required></label>'
        f'<label>补正期限（告知补正时填）<input type="date" name="until" value="{e(values.get("until", ""))}"></label>'
        f'<label>金额（元，发出收费通知时填）<input type="number" name="amount" min="1" '
        f'value="{e(values.get("amount", ""))}"></label>'
        f'<label>答复结果（作出答复时填）<select name="outcome">'
        f"{_options(OUTCOMES, values.get('outcome', ''), blank='—')}</select></label>"
        f'<label>备注<input name="note" maxlength="500" value="{e(values.get("note", ""))}"></label>'
        '<button type="submit">记录</button></form>'
    )


def _page(request: web.Request, view: RequestView, *, revealed: bool = False, message: str = "", values=None) -> str:
    session = session_of(request)
    requests: RequestStore = request.config_dict[STORE_KEY]
    number = view.tracking_no
    applicant = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in details(view.applicant, revealed=revealed))
    clerk = session.member.may(Role.CLERK)
    reveal = ""
    if clerk and not revealed:
        reveal = (
            f'<form method="post" action="/staff/requests/{e(number)}/reveal">{csrf_field(session.csrf)}'
            '<button type="submit" class="secondary">显示</button> <span class="hint">显示完整信息会记入审计记录</span>'
            "</form>"
        )
    upload = ""
    if clerk and _upload_name(requests, number):
        upload = (
            f'<form method="post" action="/staff/requests/{e(number)}/upload" target="_blank">'
            f'{csrf_field(session.csrf)}<button type="submit" class="secondary">查看证件照片</button>'
            '<span class="hint">查看会记入审计记录</span></form>'
        )
    record = (
        "<h2>记录事件</h2>" + _event_form(session, number, requests.today().isoformat(), values or {}) if clerk else ""
    )
    trail = request.config_dict[ACCOUNTS_KEY].trail(number)
    audit_rows = (
        [e(at), e(who), e(action_label(action)), e(detail)] for at, who, action, _n, detail in trail
    )
    return (
        notice(message, kind="ok" if message.startswith("已") else "error")
        + _BACK
        + f"<h2>申请人（{e(APPLICANT_TYPES.get(view.applicant_type, view.applicant_type))}）</h2>"
        + f'<dl class="facts">{applicant}</dl>{reveal}{upload}'
        + f'<h2>所需信息</h2><p class="description">{e(view.description)}</p>'
        + f'<p class="hint">提交方式：{e(CHANNELS.get(view.channel, view.channel))}；'
        + f"登记于{e(shown_time(view.created_at))}</p>"
        + "<h2>法定期限</h2>"
        + _clock(view)
        + "<h2>办理记录</h2>"
        + _timeline(view)
        + record
        + "<h2>审计记录</h2>"
        + table(("时间", "工作人员", "操作", "说明"), audit_rows, empty="没有审计记录。")
    )


def _upload_name(requests: RequestStore, number: str) -> str | None:
    row = requests.conn.execute("SELECT id_upload FROM requests WHERE tracking_no = ?", [number]).fetchone()
    return row[0] if row and row[0] else None


async def show(request: web.Request) -> web.Response:
    view = _view(request)
    message = "已记录。" if request.query.get("recorded") else ""
    return render(request, view.tracking_no, _page(request, view, message=message))


@needs(Role.CLERK, "查看申请人的完整信息")
async def reveal(request: web.Request) -> web.Response:
    session = session_of(request)
    view = _view(request)
    request.config_dict[ACCOUNTS_KEY].audit(session.member.name, "reveal", tracking_no=view.tracking_no)
    return render(request, view.tracking_no, _page(request, view, revealed=True))


@needs(Role.CLERK, "查看证件照片")
async def upload(request: web.Request) -> web.Response:
    session = session_of(request)
    view = _view(request)
    requests: RequestStore = request.config_dict[STORE_KEY]
    name = _upload_name(requests, view.tracking_no)
    path = requests.uploads / name if name and requests.uploads is not None else None
    if path is None or not path.is_file():
        raise web.HTTPNotFound(text="没有证件照片（可能已按保存期限删除）。", content_type="text/plain")
    request.config_dict[ACCOUNTS_KEY].audit(session.member.name, "view_upload", tracking_no=view.tracking_no)
    return web.Response(
        body=path.read_bytes(),
        content_type=MIME_OF.get(path.suffix, "application/octet-stream"),
        headers={"Cache-Control": "no-store", "Content-Disposition": "inline"},
    )


def event_input(form: dict[str, str]) -> dict[str, object]:
    """The posted event as the admin API takes it: its type, date and note, and only the field its type has."""
    raw: dict[str, object] = {"type": form.get("type", ""), "on": form.get("on", "").strip()}
    if form.get("note", "").strip():
        raw["note"] = form["note"].strip()
    kind = next((kind for kind in EventType if kind.value == raw["type"]), None)
    for key in EVENT_FIELDS.get(kind, frozenset()) if kind else ():
        value = form.get(key, "").strip()
        if value:
            raw[key] = int(value) if key == "amount" and value.isdigit() else value
    return raw


@needs(Role.CLERK, "记录事件")
async def record_event(request: web.Request) -> web.Response:
    session = session_of(request)
    view = _view(request)
    form = request[FORM]
    requests: RequestStore = request.config_dict[STORE_KEY]
    try:
        if not form.get("type"):
            raise InputError("请选择要记录的事件", "choose an event")
        updated = requests.add_event(view.tracking_no, event_input(form), by=session.member.name)
    except (InputError, EventError) as exc:
        body = _page(request, view, message=f"未记录：{in_words(exc.zh)}", values=form)
        return render(request, view.tracking_no, body, status=400)
    label = EVENT_LABELS[updated.events[-1].event.type]
    request.config_dict[ACCOUNTS_KEY].audit(session.member.name, "event", tracking_no=view.tracking_no, detail=label)
    raise web.HTTPSeeOther(f"/staff/requests/{view.tracking_no}?recorded=1")


def register(router: web.UrlDispatcher) -> None:
    """Add these pages' routes to the staff application's router."""
    router.add_get("/requests/{no}", show)
    router.add_post("/requests/{no}/reveal", reveal)
    router.add_post("/requests/{no}/upload", upload)
    router.add_post("/requests/{no}/events", record_event)
