"""The staff pages' HTML: one layout, escaped values, forms carrying the CSRF token. No script, no build step."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import quote

from bot.staff.accounts import Role, StaffSession

CSS = "/static/staff.css"
# A downloaded CSV starts with a byte-order mark: Excel then reads it as UTF-8, not the machine's code page.
BOM = "\ufeff"
# (path, label, the role it needs): pages a role may not use are not offered.
NAV = (
    ("/staff/", "总览", Role.VIEWER),
    ("/staff/requests", "申请列表", Role.VIEWER),
    ("/staff/requests/new", "登记纸质申请", Role.CLERK),
    ("/staff/report", "年度报表", Role.VIEWER),
    ("/staff/audit", "审计记录", Role.ADMIN),
)


def e(value: object) -> str:
    """A value as HTML text."""
    return escape("" if value is None else str(value))


def csrf_field(token: str) -> str:
    return f'<input type="hidden" name="csrf_token" value="{e(token)}">'


CURRENT = ' aria-current="page"'


def shown_time(at: str) -> str:
    """A stored stamp (2026-11-25T10:00:00+08:00) as 2026-11-25 10:00:00."""
    return at[:19].replace("T", " ")


def page(title: str, body: str, *, session: StaffSession | None = None, agency: str = "", path: str = "") -> str:
    """A whole page: the header (the pages the account may use, the one at `path` marked, the account's name and a
    logout button, when logged in) and `body`."""
    header = ""
    if session is not None:
        links = "".join(
            f'<a href="{href}"{CURRENT if href == path else ""}>{e(label)}</a>'
            for href, label, role in NAV
            if session.member.may(role)
        )
        header = (
            f'<header><nav>{links}</nav><div class="who"><span class="name">{e(session.member.label)}</span>'
            f'<form method="post" action="/staff/logout">{csrf_field(session.csrf)}'
            '<button type="submit" class="link">退出登录</button></form></div></header>'
        )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(title)} · {e(agency)}信息公开工作台</title><link rel="stylesheet" href="{CSS}"></head>'
        f"<body>{header}<main><h1>{e(title)}</h1>{body}</main></body></html>"
    )


def table(head: Sequence[str], rows: Iterable[Sequence[str]], *, empty: str = "没有记录。") -> str:
    """A table of already escaped cells."""
    cells = ["<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows]
    if not cells:
        return f'<p class="empty">{e(empty)}</p>'
    header = "".join(f"<th>{e(h)}</th>" for h in head)
    return f'<div class="scroll"><table><thead><tr>{header}</tr></thead><tbody>{"".join(cells)}</tbody></table></div>'


def attachment(filename: str, ascii_name: str) -> str:
    """A Content-Disposition for a download named `filename` (RFC 5987), with a plain ASCII fallback."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def excel_safe(value: str) -> str:
    """A CSV cell Excel will not read as a formula (a leading = + - @ or control character is quoted away)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def notice(text: str, *, kind: str = "error") -> str:
    return f'<p class="{kind}" role="alert">{e(text)}</p>' if text else ""
