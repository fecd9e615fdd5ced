"""The staff's admin HTTP API under /admin/api/: register requests, record events, list what needs attention,
and the annual report's table of a year computed from the store."""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.bounded_json import MAX_DOCUMENT_BYTES, JsonRefused, parse_json, read_at_most
from bot.config import AdminConfig
from bot.report_output import table_csv, table_json
from bot.report_table import MAX_YEAR, MIN_YEAR, yearly_table
from bot.requests.intake import InputError
from bot.requests.repository import RequestStore
from bot.staff.accounts import Role, StaffAccounts
from knowledge.lifecycle import EventError

log = logging.getLogger(__name__)

PREFIX = "/admin/api"
MAX_BODY_BYTES = MAX_DOCUMENT_BYTES
MAX_DUE_WITHIN_DAYS = 60
LIST_PARAMS = frozenset({"status", "overdue", "due_within_days"})
REPORT_FORMATS = ("json", "csv")

REQUESTS_KEY = web.AppKey("requests", RequestStore)
# Who is acting on a request (the history records it beside each event): a staff account's name, or SHARED_TOKEN.
ACTOR = web.RequestKey("actor", str)
SHARED_TOKEN = "管理令牌"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# The client address of a request (behind a trusted proxy, the forwarded one).
ClientOf = Callable[[web.Request], str | None]
_dumps = functools.partial(json.dumps, ensure_ascii=False)


class ApiError(Exception):
    """An HTTP error of the admin API with a Chinese and an English message."""

    def __init__(self, status: int, zh: str, en: str) -> None:
        super().__init__(f"{zh} ({en})")
        self.status = status
        self.zh = zh
        self.en = en


def error_response(status: int, zh: str, en: str, *, headers: Mapping[str, str] | None = None) -> web.Response:
    """The one error shape of the admin API: {"error": Chinese, "error_en": English}."""
    return json_response({"error": zh, "error_en": en}, status=status, headers=headers)


def json_response(data: Any, *, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    """A JSON response that no cache keeps (a created request's body holds its query code)."""
    response = web.json_response(data, status=status, dumps=_dumps, headers=headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def authorized(header: str | None, token: str) -> bool:
    """Whether an Authorization header carries the bearer token, compared in constant time."""
    scheme, _, presented = (header or "").partition(" ")
    # Bytes, because compare_digest refuses str holding non-ASCII, which a client may send.
    return scheme.lower() == "bearer" and hmac.compare_digest(presented.strip().encode(), token.encode())


@dataclass
class _Window:
    started: float
    failures: int = 0  # wrong or missing tokens
    throttled: int = 0  # requests refused without a look at their token
    summary: asyncio.TimerHandle | None = None


class FailureThrottle:
    """Wrong or missing admin tokens per client address: after `limit` within a window of `window` seconds (from
    the address's first failure) every request from it is refused until the window ends. Each window is logged
    once, when it ends, with its counts: a guessing client makes one log line a window, not one a guess."""

    def __init__(self, limit: int, window: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.windows: dict[str | None, _Window] = {}

    def retry_after(self, address: str | None) -> int | None:
        """Whole seconds until `address` may try again (counting this request as refused), or None if it may now."""
        current = self.windows.get(address)
        if current is None or current.failures < self.limit:
            return None
        left = current.started + self.window - self.clock()
        if left <= 0:
            return None
        current.throttled += 1
        return max(1, round(left))

    def failed(self, address: str | None) -> None:
        """Count a wrong or missing token from `address`; its window's summary is logged when the window ends."""
        current = self.windows.get(address)
        if current is None:
            current = self.windows[address] = _Window(self.clock())
            current.summary = asyncio.get_running_loop().call_later(self.window, self.summarise, address)
        current.failures += 1

    def summarise(self, address: str | None) -> None:
        """Log the window of `address` in one line and forget it."""
        ended = self.windows.pop(address, None)
        if ended is None:
            return
        if ended.summary is not None:
            ended.summary.cancel()
        log.warning(
            "admin API: %d requests from %s refused within %g s: %d with a missing or wrong token, %d throttled",
            ended.failures + ended.throttled,
            address or "an unknown address",
            self.window,
            ended.failures,
            ended.throttled,
        )

    def summarise_all(self) -> None:
        """Log every open window now (the server is stopping)."""
        for address in list(self.windows):
            self.summarise(address)


def guard(
    token: str | None, throttle: FailureThrottle, client: ClientOf, accounts: StaffAccounts | None = None
) -> Middleware:
    """Middleware: refuse requests without the shared token or a staff account's API token, and from addresses that
    failed too often; note who is acting (ACTOR); turn every failure into a JSON error."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        address = client(request)
        wait = throttle.retry_after(address)
        if wait is not None:
            return error_response(
                429,
                f"管理令牌错误次数过多，请在{wait}秒后再试",
                f"too many wrong tokens; try again in {wait} s",
                headers={"Retry-After": str(wait)},
            )
        actor = _actor(request.headers.get("Authorization"), token, accounts)
        if actor is None:
            throttle.failed(address)
            return error_response(
                401,
                "需要有效的管理令牌：请在 Authorization 头中提供 Bearer 令牌",
                "a valid bearer token is required in the Authorization header",
                headers={"WWW-Authenticate": 'Bearer realm="gongkai-admin"'},
            )
        name, may_write = actor
        if request.method != "GET" and not may_write:
            return error_response(403, "查看员账号只能查看，不能登记或记录", "a viewer account may only read")
        request[ACTOR] = name
        try:
            return await handler(request)
        except ApiError as exc:
            return error_response(exc.status, exc.zh, exc.en)
        except (InputError, EventError) as exc:
            return error_response(400, exc.zh, exc.en)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            return error_response(exc.status, f"请求无法处理（HTTP {exc.status}）", exc.reason)
        except Exception:
            # The write transactions roll back on any exception, so nothing half-done remains.
            log.exception("admin API: %s %s failed", request.method, request.path)
            return error_response(500, "服务器内部错误，未作任何修改", "internal error; nothing was changed")

    return middleware


def _actor(header: str | None, token: str | None, accounts: StaffAccounts | None) -> tuple[str, bool] | None:
    """Who presents the Authorization header (a name for the history) and whether they may write; None if nobody."""
    if token and authorized(header, token):
        return SHARED_TOKEN, True
    scheme, _, presented = (header or "").partition(" ")
    if accounts is None or scheme.lower() != "bearer" or not presented.strip():
        return None
    member = accounts.by_token(presented.strip())
    if member is None:
        return None
    return member.name, member.may(Role.CLERK)


async def read_json_object(request: web.Request) -> dict[str, Any]:
    """The request body as a JSON object, refusing oversized, binary and malformed bodies."""
    too_large = ApiError(413, f"请求体过大（最多{MAX_BODY_BYTES // 1024} KiB）", "request body too large")
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise too_large
    body = await read_at_most(request.content, MAX_BODY_BYTES)
    if body is None:
        raise too_large
    try:
        data = parse_json(body, max_bytes=MAX_BODY_BYTES)
    except JsonRefused as exc:
        raise ApiError(400, f"请求体{exc.zh}", f"the body is {exc.en}") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "请求体必须是 JSON 对象", "the body must be a JSON object")
    return data


def not_found(tracking_no: str) -> ApiError:
    """The 404 for a tracking number that names no request."""
    shown = tracking_no[:40]
    return ApiError(404, f"找不到申请 {shown}", f"no request {shown}")


def parse_overdue(raw: str) -> bool:
    """The overdue filter: exactly true or false."""
    if raw not in ("true", "false"):
        raise InputError("overdue 必须是 true 或 false", "overdue must be true or false")
    return raw == "true"


def parse_due_within(raw: str) -> int:
    """The due-within filter: a whole number of working days from 0 to MAX_DUE_WITHIN_DAYS."""
    message = (
        f"due_within_days 必须是 0 到 {MAX_DUE_WITHIN_DAYS} 之间的整数（工作日）",
        f"due_within_days must be a whole number from 0 to {MAX_DUE_WITHIN_DAYS}",
    )
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_DUE_WITHIN_DAYS:
        raise InputError(*message)
    return int(text)


def list_filters(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Keyword arguments for RequestStore.find from query parameters, refusing unknown or repeated ones."""
    keys = [key for key, _ in pairs]
    unknown = sorted(set(keys) - LIST_PARAMS)
    if unknown:
        names = ", ".join(sorted(LIST_PARAMS))
        raise InputError(
            f"未知的查询参数：{', '.join(unknown)[:80]}（可用：{names}）", f"unknown query parameters; use {names}"
        )
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise InputError(f"查询参数重复：{', '.join(repeated)}", "query parameters must not repeat")
    query = dict(pairs)
    filters: dict[str, Any] = {}
    if "status" in query:
        filters["status"] = query["status"]
    if "overdue" in query:
        filters["overdue"] = parse_overdue(query["overdue"])
    if "due_within_days" in query:
        filters["due_within_days"] = parse_due_within(query["due_within_days"])
    return filters


async def create_request(request: web.Request) -> web.Response:
    """Register a request; the query code is in this response and nowhere else, ever."""
    created = request.app[REQUESTS_KEY].create(await read_json_object(request), by=request[ACTOR])
    view = created.view.to_json()
    body = {
        "tracking_no": view["tracking_no"],
        "query_code": created.query_code,
        "status": view["status"],
        "status_label": view["status_label"],
        "received_on": view["received_on"],
        "due_on": view["due_on"],
        "due_explanation": view["due_explanation"],
    }
    return json_response(body, status=201, headers={"Location": f"{PREFIX}/requests/{view['tracking_no']}"})


async def show_request(request: web.Request) -> web.Response:
    """One request with its clock and history."""
    number = request.match_info["no"]
    view = request.app[REQUESTS_KEY].get(number)
    if view is None:
        raise not_found(number)
    return json_response(view.to_json())


async def add_event(request: web.Request) -> web.Response:
    """Record a staff event and return the updated request."""
    number = request.match_info["no"]
    requests = request.app[REQUESTS_KEY]
    # Unknown numbers answer 404 before the body is judged, so a typo in the URL is reported as such.
    if requests.get(number) is None:
        raise not_found(number)
    raw = await read_json_object(request)
    try:
        view = requests.add_event(number, raw, by=request[ACTOR])
    except KeyError as exc:
        raise not_found(number) from exc
    return json_response(view.to_json())


async def list_requests(request: web.Request) -> web.Response:
    """Requests filtered by status, overdue and due-within-days."""
    # items(), not keys(): multidict's keys() folds repeats, which must be refused.
    filters = list_filters(list(request.query.items()))
    views = request.app[REQUESTS_KEY].find(**filters)
    return json_response({"requests": [view.to_json() for view in views]})


async def list_attention(request: web.Request) -> web.Response:
    """Requests overdue or due within three working days."""
    if request.query:
        raise InputError("该接口不接受查询参数", "this route takes no query parameters")
    views = request.app[REQUESTS_KEY].attention()
    return json_response({"requests": [view.to_json() for view in views]})


def parse_report_year(raw: str) -> int:
    """The year of a report URL: four ASCII digits from MIN_YEAR to MAX_YEAR."""
    text = raw.strip()
    if len(text) != 4 or not text.isascii() or not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise InputError(
            f"年份必须是 {MIN_YEAR} 到 {MAX_YEAR} 之间的四位数字",
            f"the year must be a number from {MIN_YEAR} to {MAX_YEAR}",
        )
    return int(text)


def report_format(pairs: Sequence[tuple[str, str]]) -> str:
    """The report's format from the query: json (default) or csv; nothing else is accepted."""
    keys = [key for key, _ in pairs]
    if set(keys) - {"format"} or len(keys) > 1:
        raise InputError("该接口只接受一个查询参数 format（json 或 csv）", "this route takes one parameter: format")
    fmt = dict(pairs).get("format", "json")
    if fmt not in REPORT_FORMATS:
        raise InputError("format 必须是 json 或 csv", "format must be json or csv")
    return fmt


async def show_report(request: web.Request) -> web.Response:
    """The table 收到和处理政府信息公开申请情况 of a calendar year, from the store; JSON, or CSV with ?format=csv."""
    year = parse_report_year(request.match_info["year"])
    fmt = report_format(list(request.query.items()))
    table = yearly_table(request.app[REQUESTS_KEY], year)
    if fmt == "json":
        return json_response(table_json(table))
    response = web.Response(
        text=table_csv(table),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="report-{year}.csv"'},
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def add_admin_routes(
    app: web.Application,
    requests: RequestStore,
    token: str | None,
    *,
    throttle: FailureThrottle | None = None,
    client: ClientOf = lambda request: request.remote,
    accounts: StaffAccounts | None = None,
) -> None:
    """Mount the admin API under /admin/api/ on `app`, guarded by the shared `token` and the staff accounts' API
    tokens (`accounts`), and by `throttle` (by default that of AdminConfig's defaults); `client` tells a request's
    client address."""
    if not token and accounts is None:
        raise ValueError("the admin API needs a shared token or staff accounts")
    throttle = throttle or FailureThrottle(AdminConfig.max_failures, AdminConfig.failure_window)
    admin = web.Application(middlewares=[guard(token, throttle, client, accounts)])
    admin[REQUESTS_KEY] = requests

    async def summarise(_app: web.Application) -> None:
        throttle.summarise_all()

    admin.on_shutdown.append(summarise)
    admin.router.add_post("/requests", create_request)
    admin.router.add_get("/requests", list_requests)
    admin.router.add_get("/requests/{no}", show_request)
    admin.router.add_post("/requests/{no}/events", add_event)
    admin.router.add_get("/attention", list_attention)
    admin.router.add_get("/report/{year}", show_report)
    app.add_subapp(PREFIX, admin)
