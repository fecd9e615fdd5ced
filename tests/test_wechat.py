"""The WeChat channel end to end: `server_app` on a real aiohttp test server with `[wechat]` configured, WeChat's
signed (and, in safe mode, encrypted) callbacks posted to it, and the channel's API calls answered by a local
stand-in WeChat API (tests/wechat_support.py)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import re
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from apply_support import AFTER_DESCRIPTION, GOOD_DESCRIPTION, JPEG, TO_DESCRIPTION
from PIL import Image
from wechat_support import (
    APP_ID,
    APP_SECRET,
    ENCODING_AES_KEY,
    OPENID,
    TOKEN,
    CallbackResult,
    StandInWechatApi,
    WechatUser,
    check_menu,
)

from bot.channels import wechat as channel_module
from bot.channels.wechat import MAX_TEXT_BYTES, TOO_LARGE, UNSUPPORTED, custom_menu
from bot.config import Config, ConfigError, StoreConfig, WebConfig, WechatConfig, parse_config
from bot.crypto import new_key
from bot.serve import DISPATCHER_KEY, ENGINE_KEY, REQUESTS_KEY, server_app
from handlers.apply import MAX_UPLOAD_BYTES
from handlers.menu import MENU_ITEMS, MENU_SECTIONS
from handlers.messages import File, Reply
from handlers.router import STALE_BUTTON

OFFICE_PHONE = "88150105"


@pytest.fixture
async def api() -> AsyncIterator[StandInWechatApi]:
    async with StandInWechatApi() as running:
        yield running


def wechat_config(tmp_path: Path, api: StandInWechatApi, *, safe: bool = True, **wechat: Any) -> Config:
    settings = {
        "token": TOKEN,
        "app_id": APP_ID,
        "app_secret": APP_SECRET,
        "encoding_aes_key": ENCODING_AES_KEY if safe else None,
        "base_url": api.base_url,
    }
    return Config(
        store=StoreConfig(path=tmp_path / "g.db", key=new_key()),
        # Answers in the server's own process: a worker process would only slow the tests' start.
        web=WebConfig(answer_process=False),
        wechat=WechatConfig(**(settings | wechat)),
    )


@dataclass
class Account:
    """A running server with the WeChat channel, one user of its account, and the stand-in API."""

    app: web.Application
    server: TestServer
    user: WechatUser
    api: StandInWechatApi
    handled: list[Any]

    async def reply(self, result: CallbackResult, *, before: int) -> list[dict]:
        """What the user got for a callback: its passive reply, or the API messages beyond the first `before`."""
        assert result.status == 200, result.body
        if not result.no_reply:
            return [{"msgtype": "text", "text": {"content": result.content}}]
        return (await self.api.wait_sent(OPENID, before + 1))[before:]

    async def say(self, text: str) -> list[dict]:
        before = len(self.api.sent_to(OPENID))
        return await self.reply(await self.user.send_text(text), before=before)

    async def press(self, label: str) -> list[dict]:
        """Tap the item called `label` of the last msgmenu the user was sent."""
        menus = [m["msgmenu"] for m in self.api.sent_to(OPENID) if m["msgtype"] == "msgmenu"]
        assert menus, "no msgmenu was sent"
        [item] = [item for item in menus[-1]["list"] if item["content"] == label] or [None]
        assert item is not None, f"no item {label!r} in {[i['content'] for i in menus[-1]['list']]}"
        before = len(self.api.sent_to(OPENID))
        return await self.reply(await self.user.choose(item["id"], label), before=before)


@contextlib.asynccontextmanager
async def running(config: Config, api: StandInWechatApi) -> AsyncIterator[Account]:
    app = server_app(config)
    engine = app[ENGINE_KEY]
    handled: list[Any] = []
    handle = engine.handle

    async def counting(message: Any) -> list[Reply]:
        handled.append(message)
        return await handle(message)

    engine.handle = counting  # type: ignore[method-assign]
    async with TestServer(app, host="127.0.0.1") as server:
        user = WechatUser(
            str(server.make_url("/wechat")), encoding_aes_key=config.wechat.encoding_aes_key, app_id=APP_ID
        )
        yield Account(app, server, user, api, handled)


@pytest.fixture(params=["safe", "plain"])
async def both(request: pytest.FixtureRequest, tmp_path: Path, api: StandInWechatApi) -> AsyncIterator[Account]:
    async with running(wechat_config(tmp_path, api, safe=request.param == "safe"), api) as account:
        yield account


@pytest.fixture
async def account(tmp_path: Path, api: StandInWechatApi) -> AsyncIterator[Account]:
    async with running(wechat_config(tmp_path, api), api) as running_account:
        yield running_account


def texts(messages: list[dict]) -> str:
    """Every text the messages show, msgmenus' heads included."""
    parts = []
    for message in messages:
        if message["msgtype"] == "text":
            parts.append(message["text"]["content"])
        elif message["msgtype"] == "msgmenu":
            parts.append(message["msgmenu"]["head_content"])
    return "\n".join(parts)


async def test_url_verification_echoes_only_a_signed_request(account: Account) -> None:
    assert await account.user.verify("echo-4711") == (200, "echo-4711")
    status, _ = await account.user.verify("echo-4711", bad_signature=True)
    assert status == 403
    status, _ = await account.user.verify("echo-4711", stale=True)
    assert status == 403


async def test_greeting_question_menu_click_and_menu_tap(both: Account) -> None:
    user, api = both.user, both.api
    greeting = await user.subscribe()
    assert greeting.no_reply
    [menu] = await api.wait_sent(OPENID)
    assert menu["msgtype"] == "msgmenu" and "您好" in menu["msgmenu"]["head_content"]
    assert [item["id"] for item in menu["msgmenu"]["list"]] == [action for _, action in MENU_ITEMS]
    # A question answered within the window comes back in the callback's own answer.
    answered = await user.send_text("请问受理机构的电话是多少")
    assert OFFICE_PHONE in (answered.content or "")
    # The account's custom menu (a CLICK event) and a tapped msgmenu item press the same buttons as elsewhere.
    clicked = await user.click("topic:receiving_office")
    assert OFFICE_PHONE in (clicked.content or "")
    tapped = await user.choose("topic:fee_overview", "收费标准")
    assert "元" in (tapped.content or "") and tapped.content != clicked.content
    # "返回主菜单" is not offered: the account's menu is always there.
    menus = [message["msgmenu"] for message in api.sent_to(OPENID) if message["msgtype"] == "msgmenu"]
    assert all(item["id"] != "menu" for menu in menus for item in menu["list"])


async def test_bad_input_gets_a_clear_chinese_line(account: Account) -> None:
    user = account.user
    assert (await user.send_voice()).content == UNSUPPORTED
    assert (await user.send_location()).content == UNSUPPORTED
    assert (await user.send_video()).content == UNSUPPORTED
    assert "消息是空的" in ((await user.send_text("   ")).content or "")
    before = len(account.api.sent_to(OPENID))
    pressed = await account.reply(await user.click("gone:from-an-older-menu"), before=before)
    assert texts(pressed) == STALE_BUTTON
    # Unsubscribing asks nothing of the engine and gets no answer.
    seen = len(account.handled)
    assert (await user.unsubscribe()).no_reply and len(account.handled) == seen


async def test_a_passive_reply_keeps_any_text_whole(both: Account, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "您输入的“]]><xml>&amp;”不是申请编号。<![CDATA[ 请重新输入。"

    async def reply(_message: Any) -> list[Reply]:
        return [Reply(text)]

    monkeypatch.setattr(both.app[ENGINE_KEY], "handle", reply)
    assert (await both.user.send_text("]]>")).content == text


NASTY_TEXTS = [
    "",
    "\t\n ",
    "😀" * 30,
    "请问" * 300,
    "]]><xml><Content>x</Content></xml>",
    "&amp; &lt; <![CDATA[",
    "３５件多少钱",
    "\u202e受理机构电话\u200b",
    "/no-such-command ]]>",
    "LX2026-999999 ABCDEFGH",
    "What is the phone number?",
]


async def test_any_text_gets_an_answer_wechat_accepts(account: Account) -> None:
    for text in NASTY_TEXTS:
        before = len(account.api.sent_to(OPENID))
        result = await account.user.send_text(text)
        answered = texts(await account.reply(result, before=before))
        assert re.search(r"[\u4e00-\u9fff]", answered), (text, answered)
        assert "Traceback" not in answered


async def test_a_retried_message_is_handled_once(account: Account) -> None:
    user = account.user
    first = await user.send_text("档案馆在哪")
    again = await user.resend(first)
    fresh_signature = await user.resend(first, fresh=True)
    assert first.content and again.content == first.content == fresh_signature.content
    assert len(account.handled) == 1
    # An event retried (no MsgId: the same sender and CreateTime) too: one greeting.
    subscribed = await user.subscribe()
    await user.resend(subscribed)
    await account.api.wait_sent(OPENID, 1)
    await asyncio.sleep(0.3)
    assert len(account.api.sent_to(OPENID)) == 1 and len(account.handled) == 2


async def test_a_slow_reply_goes_out_through_the_api_once(account: Account, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(channel_module, "PASSIVE_SECONDS", 0.2)
    engine = account.app[ENGINE_KEY]
    handle = engine.handle

    async def slow(message: Any) -> list[Reply]:
        await asyncio.sleep(0.6)
        return await handle(message)

    engine.handle = slow  # type: ignore[method-assign]
    first = await account.user.send_text("受理机构电话")
    # WeChat gave up waiting and retries: the retry is not handled again and gets no second answer.
    retried = await account.user.resend(first)
    assert first.no_reply and retried.no_reply
    [sent] = await account.api.wait_sent(OPENID)
    assert OFFICE_PHONE in sent["text"]["content"]
    await asyncio.sleep(0.8)
    assert len(account.api.sent_to(OPENID)) == 1 and len(account.handled) == 1


@pytest.mark.parametrize(
    "options", [{"bad_signature": True}, {"stale": True}, {"bad_msg_signature": True}], ids=lambda o: next(iter(o))
)
async def test_a_bad_signature_or_stale_callback_is_refused_unprocessed(account: Account, options: dict) -> None:
    refused = await account.user.send_text("受理机构电话", **options)
    assert refused.status == 403
    assert account.handled == [] and account.api.sent == []


async def test_safe_mode_refuses_plain_messages_and_garbage(account: Account) -> None:
    plain = WechatUser(account.user.url, app_id=APP_ID)
    assert (await plain.send_text("受理机构电话")).status == 403
    async with aiohttp.ClientSession() as http:
        callback = account.user.prepare(account.user.text_xml("受理机构电话"))
        async with http.post(account.user.url, params=callback.query, data=b"<xml><broken") as response:
            assert response.status in (400, 403)
        async with http.post(account.user.url, params=callback.query, data=b"x" * 70_000) as response:
            assert response.status == 413
    assert account.handled == []


async def test_long_replies_are_split_and_files_sent_as_image_and_link(
    account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_text = "\n".join(f"第{n}行：" + "历下区政府信息公开" * 8 for n in range(40))
    png = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 90, 160)).save(png, "PNG")
    docx = b"PK\x03\x04 a form"
    files = (File("年报统计图.png", "image/png", png.getvalue()), File("申请表.docx", "application/msword", docx))

    async def reply(_message: Any) -> list[Reply]:
        return [Reply(long_text, files=files)]

    monkeypatch.setattr(account.app[ENGINE_KEY], "handle", reply)
    assert (await account.user.send_text("给我看看")).no_reply
    for _ in range(100):
        *text_messages, image, link_message = await account.api.wait_sent(OPENID, 3)
        if "下载" in link_message.get("text", {}).get("content", ""):
            break
        await asyncio.sleep(0.05)
    pieces = [message["text"]["content"] for message in text_messages]
    assert len(pieces) > 3 and all(len(piece.encode()) <= MAX_TEXT_BYTES for piece in pieces)
    assert "\n".join(pieces) == long_text
    assert account.api.uploaded[image["image"]["media_id"]].data == png.getvalue()
    link = link_message["text"]["content"]
    url = re.search(r"http://\S+/files/\S+", link)
    assert url and "申请表.docx" in link
    async with aiohttp.ClientSession() as http, http.get(url.group(0)) as response:
        assert response.status == 200 and await response.read() == docx


async def test_full_application_with_an_image_then_status_and_a_notice(account: Account) -> None:
    await account.say("/apply")
    for kind, value in TO_DESCRIPTION:
        await (account.press(value) if kind == "press" else account.say(value))
    await account.say(GOOD_DESCRIPTION)
    for _, label in AFTER_DESCRIPTION:
        await account.press(label)
    await account.press("网上提交")
    asked = await account.press("确认提交")
    assert "JPEG、PNG 或 PDF" in texts(asked)
    media_id = account.api.add_media(JPEG)
    before = len(account.api.sent_to(OPENID))
    done = texts(await account.reply(await account.user.send_image(media_id), before=before))
    await asyncio.sleep(0.2)
    done = texts(account.api.sent_to(OPENID)[before:])
    found = re.search(r"申请编号：(\S+)\n查询码：(\S+)", done)
    assert found and "草稿已删除" in done, done
    number, code = found.groups()
    requests = account.app[REQUESTS_KEY]
    [view] = list(requests.export())
    assert view.tracking_no == number and (view.channel, view.clock.status.value) == ("online", "submitted")
    assert requests.outbox.subscribers(number) == [("wechat", OPENID)]

    status = texts(await account.say(f"/status {number} {code}"))
    assert number in status and "状态" in status

    # Staff record the receipt: the subscribed WeChat user is told through the customer-service API.
    before = len(account.api.sent_to(OPENID))
    requests.add_event(number, {"type": "receive", "on": requests.today().isoformat()})
    account.app[DISPATCHER_KEY].notifier.wake.set()
    [notice] = (await account.api.wait_sent(OPENID, before + 1))[before:]
    assert number in notice["text"]["content"]
    assert requests.outbox.pending_notices("wechat") == []


async def test_an_image_too_large_or_lost_is_explained(account: Account) -> None:
    big = account.api.add_media(b"\xff\xd8\xff" + b"0" * MAX_UPLOAD_BYTES)
    assert (await account.user.send_image(big)).content == TOO_LARGE
    assert "图片" in ((await account.user.send_image("no-such-media")).content or "")


async def test_a_notice_waits_outside_the_window_until_the_user_writes(account: Account) -> None:
    requests, notifier = account.app[REQUESTS_KEY], account.app[DISPATCHER_KEY].notifier
    account.api.outside_window.add(OPENID)
    requests.outbox.queue_notice("wechat", OPENID, "您的申请有新进展，发送 /status 查看。")
    notifier.wake.set()
    for _ in range(50):
        if account.api.refused:
            break
        await asyncio.sleep(0.05)
    assert [code for _, code in account.api.refused] == [45015]
    # Known to be outside the window, the notice is not tried again at every round of the dispatcher.
    notifier.wake.set()
    await asyncio.sleep(0.3)
    assert len(account.api.refused) == 1 and len(requests.outbox.pending_notices("wechat")) == 1
    # The user writes again (the window opens): the notice follows the answer.
    account.api.outside_window.clear()
    await account.user.send_text("受理机构电话")
    [notice] = await account.api.wait_sent(OPENID)
    assert notice["text"]["content"] == "您的申请有新进展，发送 /status 查看。"
    assert requests.outbox.pending_notices("wechat") == []


async def test_the_access_token_is_fetched_once_and_renewed_when_rejected(account: Account) -> None:
    for n in range(3):
        await account.user.with_openid(f"oUser{n}").subscribe()
    for n in range(3):
        await account.api.wait_sent(f"oUser{n}")
    assert account.api.token_calls == 1
    account.api.expire_tokens()
    await account.user.subscribe()
    await account.api.wait_sent(OPENID)
    assert account.api.token_calls == 2


async def test_api_failures_are_logged_without_secrets(
    tmp_path: Path, api: StandInWechatApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running(wechat_config(tmp_path, api), api) as account:
        api.fail_next(45047)
        await account.user.subscribe()
        for _ in range(50):
            if api.refused:
                break
            await asyncio.sleep(0.05)
    async with running(wechat_config(tmp_path / "b", api, app_secret="wrong" + APP_SECRET[5:]), api) as account:
        await account.user.subscribe()
        for _ in range(50):
            if "40125" in caplog.text:
                break
            await asyncio.sleep(0.05)
    # The product's own records (the test servers' access logs print every URL they are sent).
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name.startswith("bot."))
    assert "45047" in logged and "40125" in logged and "AppSecret 无效" in logged
    assert APP_SECRET[5:] not in logged and ENCODING_AES_KEY not in logged
    tokens = {query["access_token"] for _, _, query in api.requests if "access_token" in query}
    assert tokens and not any(token in logged for token in tokens)


def test_the_custom_menu_holds_every_menu_item_once_within_wechat_limits() -> None:
    menu = custom_menu()
    check_menu(menu)
    keys = [item["key"] for section in menu["button"] for item in section["sub_button"]]
    assert sorted(keys) == sorted(action for _, action in MENU_ITEMS)
    assert len(MENU_SECTIONS) <= 3 and all(len(actions) <= 5 for _, actions in MENU_SECTIONS)


async def test_gongkai_wechat_menu_sets_the_menu(tmp_path: Path, api: StandInWechatApi) -> None:
    config = tmp_path / "g.toml"
    config.write_text(
        f'[wechat]\ntoken = "{TOKEN}"\napp_id = "{APP_ID}"\nbase_url = "{api.base_url}"\n', encoding="utf-8"
    )
    env = {"GONGKAI_WECHAT_APP_SECRET": APP_SECRET, "PATH": "/usr/bin:/bin"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), "wechat", "menu",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    assert api.menu == custom_menu()
    assert "已设置公众号自定义菜单" in out.decode() and APP_SECRET not in out.decode() + err.decode()


async def test_gongkai_wechat_menu_explains_a_refusal(tmp_path: Path, api: StandInWechatApi) -> None:
    config = tmp_path / "g.toml"
    config.write_text(
        f'[wechat]\napp_id = "{APP_ID}"\napp_secret = "wrongsecret"\nbase_url = "{api.base_url}"\n', encoding="utf-8"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), "wechat", "menu",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await process.communicate()
    assert process.returncode == 1 and "设置菜单失败" in err.decode() and "40125" in err.decode()
    assert "wrongsecret" not in err.decode() and api.menu is None


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"token": "t0ken"}, "wechat.app_id"),
        ({"token": "t0ken", "app_id": APP_ID, "app_secret": "s", "encoding_aes_key": "short"}, "43"),
        ({"base_url": "ftp://x"}, "wechat.base_url"),
        ({"path": "wechat"}, "wechat.path"),
    ],
)
def test_wechat_configuration_errors_name_the_key(section: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config({"wechat": section}, environ={})


def test_wechat_secrets_come_from_the_environment() -> None:
    environ = {"GONGKAI_WECHAT_TOKEN": TOKEN, "GONGKAI_WECHAT_APP_SECRET": APP_SECRET}
    environ["GONGKAI_WECHAT_AES_KEY"] = ENCODING_AES_KEY
    config = parse_config({"wechat": {"app_id": APP_ID}}, environ=environ)
    assert (config.wechat.token, config.wechat.app_secret) == (TOKEN, APP_SECRET)
    assert config.wechat.enabled and config.wechat.safe_mode and config.wechat.path == "/wechat"
