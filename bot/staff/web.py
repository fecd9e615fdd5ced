"""The staff pages under /staff/: logging in and out, sessions in an HttpOnly SameSite cookie, a CSRF token on every
form, and the dashboard. Every page but the login page needs a live session; every POST needs its CSRF token."""

from __future__ import annotations

import functools
import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta
from urllib.parse import urlencode

from aiohttp import web

from bot.config import StaffConfig
from bot.requests.repository import RequestStore
from bot.staff.accounts import AccountError, Role, StaffAccounts, StaffSession
from bot.staff.html import csrf_field, e, notice, page
from bot.staff.listing import Filters, count
from knowledge.lifecycle import Status
from knowledge.reports import ReportAnswerer

log = logging.getLogger(__name__)

PREFIX = "/staff"
SESSION_COOKIE = "gongkai_staff"
# The login form's CSRF token, before there is a session: the same random value in a cookie and in the form.
LOGIN_COOKIE = "gongkai_staff_login"
MAX_FORM_BYTES = 64 * 1024

ACCOUNTS_KEY = web.AppKey("staff_accounts", StaffAccounts)
STORE_KEY = web.AppKey("staff_requests", RequestStore)
SETTINGS_KEY = web.AppKey("staff_settings", StaffConfig)
AGENCY_KEY = web.AppKey("staff_agency", str)
REPORTS_KEY = web.AppKey("staff_reports", ReportAnswerer)
SESSION = web.RequestKey("staff_session", StaffSession)
FORM = web.RequestKey("staff_form", dict)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def session_of(request: web.Request) -> StaffSession:
    """The logged-in session of a request that passed the guard."""
    found = request.get(SESSION)
    if not isinstance(found, StaffSession):
        raise web.HTTPFound(f"{PREFIX}/login")
    return found


def forbidden(request: web.Request, what: str) -> web.Response:
    """The page for an account whose role may not do `what`."""
    member = session_of(request).member
    return render(request, "没有权限", notice(f"您的账号（{member.label}）不能{what}，请联系管理员。"), status=403)


def needs(role: Role, what: str) -> Callable[[Handler], Handler]:
    """A handler only an account of `role` or above may use; others get the page saying they may not do `what`."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def checked(request: web.Request) -> web.StreamResponse:
            if not session_of(request).member.may(role):
                return forbidden(request, what)
            return await handler(request)

        return checked

    return wrap


def html_response(text: str, *, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", headers={"Cache-Control": "no-store"})


def render(request: web.Request, title: str, body: str, *, status: int = 200) -> web.Response:
    """A page of the staff console for the logged-in account."""
    agency = request.config_dict[AGENCY_KEY]
    session = request.get(SESSION)
    return html_response(page(title, body, session=session, agency=agency, path=request.path), status=status)


async def read_form(request: web.Request) -> dict[str, str]:
    """A posted form's text fields (a form over MAX_FORM_BYTES is refused)."""
    if request.content_length is not None and request.content_length > MAX_FORM_BYTES:
        raise web.HTTPRequestEntityTooLarge(MAX_FORM_BYTES, request.content_length, text="表单内容过多")
    form = await request.post()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def same(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Pages need a live session (else to the login page); a POST needs its session's CSRF token (else 403)."""
    if request.path in (f"{PREFIX}/login",):
        return await handler(request)
    accounts = request.config_dict[ACCOUNTS_KEY]
    token = request.cookies.get(SESSION_COOKIE, "")
    session = accounts.session(token) if token else None
    if session is None:
        if request.method == "GET":
            raise web.HTTPFound(f"{PREFIX}/login")
        return html_response(
            page("需要登录", notice("登录已过期，请重新登录。") + '<a href="/staff/login">登录</a>'), status=401
        )
    request[SESSION] = session
    if request.method == "POST":
        form = await read_form(request)
        if not same(form.get("csrf_token", ""), session.csrf):
            log.warning("staff: a form without its CSRF token was refused (%s %s)", request.method, request.path)
            return render(
                request, "操作被拒绝", notice("表单已失效（缺少或错误的校验码），请返回页面重新提交。"), status=403
            )
        request[FORM] = form
    return await handler(request)


def login_form(csrf: str, *, name: str = "", error: str = "") -> str:
    return (
        f"{notice(error)}"
        '<form method="post" action="/staff/login" class="login">'
        f"{csrf_field(csrf)}"
        f'<label>用户名<input name="username" autocomplete="username" required maxlength="32" value="{e(name)}">'
        "</label>"
        '<label>密码<input name="password" type="password" autocomplete="current-password" required maxlength="200">'
        "</label>"
        '<button type="submit">登录</button></form>'
        '<p class="hint">账号由管理员创建。忘记密码或账号被锁定，请联系管理员。</p>'
    )


def _login_page(request: web.Request, *, name: str = "", error: str = "", status: int = 200) -> web.Response:
    csrf = secrets.token_urlsafe(32)
    agency = request.config_dict[AGENCY_KEY]
    form = f'<p class="agency">{e(agency)}信息公开工作台</p>' + login_form(csrf, name=name, error=error)
    response = html_response(page("工作人员登录", form, agency=agency), status=status)
    _set_cookie(request, response, LOGIN_COOKIE, csrf)
    return response


def _set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str) -> None:
    secure = request.config_dict[SETTINGS_KEY].secure_cookie
    response.set_cookie(name, value, path=PREFIX, httponly=True, samesite="Strict", secure=secure)


async def login_page(request: web.Request) -> web.Response:
    return _login_page(request)


async def log_in(request: web.Request) -> web.StreamResponse:
    form = await read_form(request)
    if not same(form.get("csrf_token", ""), request.cookies.get(LOGIN_COOKIE, "")):
        return _login_page(request, error="页面已失效，请重新输入用户名和密码。", status=403)
    name, password = form.get("username", "").strip(), form.get("password", "")
    accounts = request.config_dict[ACCOUNTS_KEY]
    try:
        token, _session = await accounts.log_in(name, password)
    except AccountError as exc:
        log.info("staff: a login was refused")
        return _login_page(request, name=name, error=str(exc), status=401)
    response = web.HTTPSeeOther(f"{PREFIX}/")
    _set_cookie(request, response, SESSION_COOKIE, token)
    response.del_cookie(LOGIN_COOKIE, path=PREFIX)
    raise response


async def log_out(request: web.Request) -> web.StreamResponse:
    session = session_of(request)
    accounts = request.config_dict[ACCOUNTS_KEY]
    accounts.log_out(request.cookies.get(SESSION_COOKIE, ""))
    accounts.audit(session.member.name, "logout")
    response = web.HTTPSeeOther(f"{PREFIX}/login")
    response.del_cookie(SESSION_COOKIE, path=PREFIX)
    raise response


def dashboard_counts(requests: RequestStore) -> list[tuple[str, int, str]]:
    """(label, count, list link) of what needs doing: due this week, overdue, waiting, received this month; each the
    count of the list it links to."""
    today = requests.today()
    tiles = [
        ("本周到期", Filters(due_by=today + timedelta(days=6 - today.weekday()))),
        ("已超期", Filters(overdue=True)),
        ("等待补正", Filters(status=Status.AWAITING_SUPPLEMENT.value)),
        ("等待缴费", Filters(status=Status.AWAITING_PAYMENT.value)),
        ("本月收到", Filters(received_from=today.replace(day=1))),
    ]
    return [
        (label, count(requests, filters), f"/staff/requests?{urlencode(filters.query())}") for label, filters in tiles
    ]


async def dashboard(request: web.Request) -> web.Response:
    requests = request.config_dict[STORE_KEY]
    counts = dashboard_counts(requests)
    tiles = "".join(
        f'<a class="tile" href="{e(link)}"><span class="count">{number}</span><span>{e(label)}</span></a>'
        for label, number, link in counts
    )
    today = requests.today()
    body = f'<p class="today">今天是{today.year}年{today.month}月{today.day}日。</p><div class="tiles">{tiles}</div>'
    return render(request, "总览", body)


def add_staff_routes(
    app: web.Application,
    accounts: StaffAccounts,
    requests: RequestStore,
    settings: StaffConfig,
    *,
    agency: str,
    reports: ReportAnswerer,
) -> None:
    """Mount the staff pages under /staff/ on `app`: `agency` names the console, `reports` are the published annual
    reports (their charts)."""
    # The pages' modules build on this one's helpers, so they are imported once it is loaded.
    from bot.staff.report_pages import register as register_reports
    from bot.staff.request_page import register as register_request
    from bot.staff.request_pages import register as register_list

    staff = web.Application(middlewares=[guard])
    staff[ACCOUNTS_KEY] = accounts
    staff[STORE_KEY] = requests
    staff[SETTINGS_KEY] = settings
    staff[AGENCY_KEY] = agency
    staff[REPORTS_KEY] = reports
    staff.router.add_get("/login", login_page)
    staff.router.add_post("/login", log_in)
    staff.router.add_post("/logout", log_out)
    staff.router.add_get("/", dashboard)
    # The list's fixed paths (/requests/new) before the request page's /requests/{no}.
    register_list(staff.router)
    register_request(staff.router)
    register_reports(staff.router)
    app.add_subapp(PREFIX, staff)
