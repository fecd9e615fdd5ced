"""Named staff accounts: the accounts themselves, `gongkai staff`, logging in to /staff/ (CSRF, lockout, idle
timeout, logout) and per-staff API tokens on the admin API, with who entered each event."""

from __future__ import annotations

import asyncio
import io
import re
import sqlite3
from datetime import date, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.cli import main
from bot.config import AdminConfig, Config, StaffConfig, StoreConfig
from bot.crypto import new_key
from bot.notify import Notifier
from bot.requests.repository import RequestStore
from bot.staff.accounts import LOCK_SECONDS, MAX_FAILURES, AccountError, Role, StaffAccounts, password_matches
from bot.staff.web import LOGIN_COOKIE, SESSION_COOKIE
from bot.store import Store
from bot.web import STAFF_KEY, create_app
from knowledge.clock import CHINA
from knowledge.workdays import default_calendar

PASSWORD = "correct horse battery"
ADMIN = "孙管理"
TOKEN = "shared-admin-token"
CITIZEN = {
    "applicant_type": "citizen",
    "name": "张三",
    "phone": "13812345678",
    "channel": "in_person",
    "description": "2025年历下区泉城路改造工程的立项批复文件",
}


class Clock:
    """A settable time in seconds."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks() -> Clock:
    return Clock()


@pytest.fixture
def accounts(store: Store, ticks: Clock) -> StaffAccounts:
    return StaffAccounts(store, clock=ticks, now=lambda: datetime(2026, 11, 25, 10, tzinfo=CHINA))


@pytest.fixture
def requests(store: Store) -> RequestStore:
    return RequestStore(store, calendar=default_calendar(), now=lambda: datetime(2026, 11, 25, 10, tzinfo=CHINA))


# -- the accounts -------------------------------------------------------------------------------------------------


def test_passwords_are_stored_as_scrypt_hashes(accounts: StaffAccounts, store: Store) -> None:
    accounts.add("王小明", Role.CLERK, PASSWORD)
    [stored] = store.conn.execute("SELECT password FROM staff").fetchone()
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert password_matches(PASSWORD, stored) and not password_matches(PASSWORD + "x", stored)


@pytest.mark.parametrize("password", ["short", " leading space!", "tab\tinside it", "x" * 201])
def test_weak_or_odd_passwords_are_refused(accounts: StaffAccounts, password: str) -> None:
    with pytest.raises(AccountError):
        accounts.add("王小明", Role.CLERK, password)
    assert accounts.members() == []


def test_names_are_unique_and_plain(accounts: StaffAccounts) -> None:
    accounts.add("王小明", Role.CLERK, PASSWORD)
    for name in ("王小明", " 王小明 ", "", "<script>", "x" * 33):
        with pytest.raises(AccountError):
            accounts.add(name, Role.VIEWER, PASSWORD)
    assert [m.name for m in accounts.members()] == ["王小明"]


async def test_a_wrong_password_and_an_unknown_name_are_refused_alike(accounts: StaffAccounts) -> None:
    accounts.add("王小明", Role.CLERK, PASSWORD)
    with pytest.raises(AccountError) as wrong:
        await accounts.log_in("王小明", "not the password")
    with pytest.raises(AccountError) as unknown:
        await accounts.log_in("李四", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == "用户名或密码错误"


async def test_repeated_failures_lock_the_account_for_a_while(accounts: StaffAccounts, ticks: Clock) -> None:
    accounts.add("王小明", Role.CLERK, PASSWORD)
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError):
            await accounts.log_in("王小明", "not the password")
    # Locked: even the right password is refused, with the reason.
    with pytest.raises(AccountError, match="已锁定"):
        await accounts.log_in("王小明", PASSWORD)
    ticks.now += LOCK_SECONDS + 1
    token, session = await accounts.log_in("王小明", PASSWORD)
    assert session.member.name == "王小明" and accounts.session(token) is not None
    actions = [entry[2] for entry in accounts.trail()]
    assert "locked" in actions and "login" in actions


async def test_sessions_end_when_idle_disabled_or_logged_out(accounts: StaffAccounts, ticks: Clock) -> None:
    accounts.add("王小明", Role.CLERK, PASSWORD)
    token, _ = await accounts.log_in("王小明", PASSWORD)
    ticks.now += accounts.idle_seconds - 5
    assert accounts.session(token) is not None  # used: the idle time starts again
    ticks.now += accounts.idle_seconds - 5
    assert accounts.session(token) is not None
    ticks.now += accounts.idle_seconds + 1
    assert accounts.session(token) is None
    token, _ = await accounts.log_in("王小明", PASSWORD)
    accounts.log_out(token)
    assert accounts.session(token) is None
    token, _ = await accounts.log_in("王小明", PASSWORD)
    accounts.disable("王小明")
    assert accounts.session(token) is None
    with pytest.raises(AccountError):
        await accounts.log_in("王小明", PASSWORD)
    accounts.reset("王小明", PASSWORD + "!", role=Role.ADMIN)
    assert (await accounts.log_in("王小明", PASSWORD + "!"))[1].member.role is Role.ADMIN


async def test_session_values_and_api_tokens_are_stored_hashed(accounts: StaffAccounts, store: Store) -> None:
    accounts.add("王小明", Role.CLERK, PASSWORD)
    cookie, session = await accounts.log_in("王小明", PASSWORD)
    api_token = accounts.new_token("王小明")
    dump = "\n".join(store.conn.iterdump())
    assert cookie not in dump and api_token not in dump
    assert accounts.by_token(api_token) == session.member and accounts.by_token(api_token + "x") is None
    accounts.disable("王小明")
    assert accounts.by_token(api_token) is None


def test_the_audit_trail_cannot_be_rewritten(accounts: StaffAccounts, store: Store) -> None:
    accounts.audit("王小明", "reveal", tracking_no="LX2026-000001")
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("UPDATE audit SET staff = 'nobody'")
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("DELETE FROM audit")
    assert accounts.trail("LX2026-000001")[0][1:3] == ("王小明", "reveal")


# -- gongkai staff --------------------------------------------------------------------------------------------------


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    return main(argv), out.getvalue(), err.getvalue()


def test_the_staff_command_manages_accounts(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "g.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "g.db"}"\nkey = "{new_key()}"\n', encoding="utf-8")
    base = ["--config", str(config), "staff"]
    code, out, _ = run([*base, "add", "王小明", "--role", "clerk"], monkeypatch, PASSWORD + "\n")
    assert code == 0 and "已添加账号 王小明（经办人）" in out
    code, _, err = run([*base, "add", "李四", "--role", "admin"], monkeypatch, "short\n")
    assert code == 1 and "密码长度" in err
    with pytest.raises(SystemExit) as usage:
        run([*base, "add", "李四", "--role", "boss"], monkeypatch, PASSWORD + "\n")
    assert usage.value.code == 2
    code, out, _ = run([*base, "token", "王小明"], monkeypatch)
    [token] = re.findall(r"gk_\S+", out)
    code, out, _ = run([*base, "list"], monkeypatch)
    assert out.splitlines() == ["王小明\t经办人"]
    assert run([*base, "disable", "王小明"], monkeypatch)[0] == 0
    assert run([*base, "list"], monkeypatch)[1].splitlines() == ["王小明\t经办人（已停用）"]
    code, _, err = run([*base, "disable", "赵六"], monkeypatch)
    assert code == 1 and "没有用户“赵六”" in err
    code, out, _ = run([*base, "reset", "王小明", "--role", "viewer"], monkeypatch, PASSWORD + "?\n")
    assert code == 0 and "已重置" in out
    store = Store.from_config(StoreConfig(path=tmp_path / "g.db", key=config.read_text().split('"')[3]))
    try:
        accounts = StaffAccounts(store)
        assert accounts.by_token(token) is None  # disabling ended the token
        assert asyncio.run(accounts.log_in("王小明", PASSWORD + "?"))[1].member.role is Role.VIEWER
    finally:
        store.close()


# -- the pages ------------------------------------------------------------------------------------------------------


@pytest.fixture
async def site(engine, requests, ticks: Clock):
    app = create_app(engine, Config(admin=AdminConfig(token=TOKEN)), requests=requests)
    app[STAFF_KEY].clock = ticks
    app[STAFF_KEY].add("王小明", Role.CLERK, PASSWORD)
    app[STAFF_KEY].add("钱七", Role.VIEWER, PASSWORD)
    app[STAFF_KEY].add(ADMIN, Role.ADMIN, PASSWORD)
    async with TestClient(TestServer(app)) as client:
        yield client


def hidden_csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


async def log_in(client: TestClient, name: str = "王小明", password: str = PASSWORD):
    login = await client.get("/staff/login")
    csrf = hidden_csrf(await login.text())
    return await client.post(
        "/staff/login", data={"username": name, "password": password, "csrf_token": csrf}, allow_redirects=False
    )


async def test_the_console_needs_a_login_and_then_shows_the_name(site: TestClient) -> None:
    for path in ("/staff/", "/staff"):
        response = await site.get(path, allow_redirects=False)
        assert response.status == 302
    assert (await site.get("/staff/", allow_redirects=False)).headers["Location"] == "/staff/login"
    login = await site.get("/staff/login")
    page = await login.text()
    assert 'name="username"' in page and 'name="password"' in page and hidden_csrf(page)
    cookie = login.cookies[LOGIN_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    done = await log_in(site)
    assert done.status == 303 and done.headers["Location"] == "/staff/"
    session_cookie = done.cookies[SESSION_COOKIE]
    assert session_cookie["httponly"] and session_cookie["samesite"] == "Strict" and session_cookie["path"] == "/staff"
    home = await site.get("/staff/")
    text = await home.text()
    assert home.status == 200 and "王小明（经办人）" in text and "本周到期" in text
    assert home.headers["Cache-Control"] == "no-store"


async def test_a_login_without_the_forms_token_is_refused(site: TestClient) -> None:
    response = await site.post(
        "/staff/login", data={"username": "王小明", "password": PASSWORD, "csrf_token": "forged"}, allow_redirects=False
    )
    assert response.status == 403 and "页面已失效" in await response.text()
    assert SESSION_COOKIE not in response.cookies


async def test_wrong_passwords_lock_the_account_in_the_browser_too(site: TestClient) -> None:
    for _ in range(MAX_FAILURES):
        refused = await log_in(site, password="wrong password!")
        assert refused.status == 401 and "用户名或密码错误" in await refused.text()
    locked = await log_in(site)
    assert locked.status == 401 and "已锁定" in await locked.text()


async def test_forms_need_the_sessions_csrf_token_and_logout_ends_the_session(site: TestClient) -> None:
    await log_in(site)
    page = await (await site.get("/staff/")).text()
    refused = await site.post("/staff/logout", data={"csrf_token": "forged"}, allow_redirects=False)
    assert refused.status == 403 and "表单已失效" in await refused.text()
    assert (await site.get("/staff/", allow_redirects=False)).status == 200
    done = await site.post("/staff/logout", data={"csrf_token": hidden_csrf(page)}, allow_redirects=False)
    assert done.status == 303 and done.headers["Location"] == "/staff/login"
    assert (await site.get("/staff/", allow_redirects=False)).status == 302


async def test_an_idle_session_must_log_in_again(site: TestClient, ticks: Clock) -> None:
    await log_in(site)
    ticks.now += StaffConfig().idle_minutes * 60 + 1
    assert (await site.get("/staff/", allow_redirects=False)).headers["Location"] == "/staff/login"


# -- the admin API with staff tokens ----------------------------------------------------------------------------------


async def test_staff_api_tokens_work_and_every_event_records_who_entered_it(site: TestClient) -> None:
    accounts = site.app[STAFF_KEY]
    clerk = {"Authorization": f"Bearer {accounts.new_token('王小明')}"}
    viewer = {"Authorization": f"Bearer {accounts.new_token('钱七')}"}
    created = await site.post("/admin/api/requests", json=CITIZEN | {"received_on": "2026-11-20"}, headers=clerk)
    assert created.status == 201
    number = (await created.json())["tracking_no"]
    shared = {"Authorization": f"Bearer {TOKEN}"}
    extended = await site.post(f"/admin/api/requests/{number}/events", json={"type": "extend", "on": "2026-11-24"},
                               headers=shared)  # fmt: skip
    assert extended.status == 200
    refused = await site.post(f"/admin/api/requests/{number}/events", json={"type": "withdraw", "on": "2026-11-25"},
                              headers=viewer)  # fmt: skip
    assert refused.status == 403 and "查看员" in (await refused.json())["error"]
    shown = await (await site.get(f"/admin/api/requests/{number}", headers=viewer)).json()
    assert [(e["type"], e["recorded_by"]) for e in shown["events"]] == [("receive", "王小明"), ("extend", "管理令牌")]
    accounts.disable("王小明")
    assert (await site.get("/admin/api/attention", headers=clerk)).status == 401


def test_the_command_line_is_named_as_who_entered_an_event(requests: RequestStore) -> None:
    created = requests.create(CITIZEN | {"received_on": date(2026, 11, 20).isoformat()}, by="命令行")
    assert created.view.events[0].recorded_by == "命令行"


def test_names_stored_before_the_index_are_hashed_once(requests: RequestStore, store: Store) -> None:
    number = requests.create(CITIZEN).view.tracking_no
    removed = requests.create(CITIZEN | {"name": "李四"}).view.tracking_no
    with store.write() as conn:
        conn.execute("UPDATE requests SET applicant_key = NULL")
        marker = '{"removed_on": "2026-11-25"}'
        conn.execute("UPDATE requests SET applicant = ? WHERE tracking_no = ?", [marker, removed])
    assert requests.names.backfill() == 2 and requests.names.backfill() == 0
    found = store.conn.execute("SELECT tracking_no FROM requests WHERE applicant_key = ?", [requests.names.key("张三")])
    assert [row[0] for row in found] == [number]


async def test_the_daily_job_deletes_idle_staff_sessions(
    accounts: StaffAccounts, requests: RequestStore, store: Store, ticks: Clock
) -> None:
    accounts.add("王小明", Role.CLERK, PASSWORD)
    await accounts.log_in("王小明", PASSWORD)
    ticks.now += accounts.idle_seconds + 1
    assert Notifier(requests, {}, staff=accounts).daily()
    assert store.conn.execute("SELECT COUNT(*) FROM staff_sessions").fetchone()[0] == 0
