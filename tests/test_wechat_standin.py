"""The WeChat test support itself: the stand-in API (tokens, custom sends, media, menu) and the callback client
(signatures, safe-mode encryption, reading passive replies). Everything runs on 127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import check_signature

from tests.wechat_support import (
    ACCOUNT,
    APP_ID,
    APP_SECRET,
    ENCODING_AES_KEY,
    OPENID,
    TOKEN,
    StandInWechatApi,
    WechatUser,
    build_xml,
    parse_xml,
    signature,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture
async def api() -> AsyncIterator[StandInWechatApi]:
    async with StandInWechatApi() as running:
        yield running


async def call(api: StandInWechatApi, method: str, path: str, **options: Any) -> Any:
    """One request to the stand-in; the decoded JSON answer (every answer is HTTP 200, as from the real API)."""
    async with aiohttp.ClientSession() as session, session.request(method, api.base_url + path, **options) as answer:
        assert answer.status == 200
        return await answer.json()


async def fetch_token(api: StandInWechatApi, appid: str = APP_ID, secret: str = APP_SECRET) -> Any:
    query = {"grant_type": "client_credential", "appid": appid, "secret": secret}
    return await call(api, "GET", "/cgi-bin/token", params=query)


async def send(api: StandInWechatApi, token: str, body: dict[str, Any] | bytes) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return await call(api, "POST", "/cgi-bin/message/custom/send", params={"access_token": token}, data=data)


def text(openid: str, content: str) -> dict[str, Any]:
    return {"touser": openid, "msgtype": "text", "text": {"content": content}}


# -- tokens ------------------------------------------------------------------------------------------------------------


async def test_tokens_are_issued_superseded_and_expired(api: StandInWechatApi) -> None:
    first = await fetch_token(api)
    assert first["expires_in"] == 7200 and len(first["access_token"]) > 100
    assert (await send(api, first["access_token"], text(OPENID, "一")))["errcode"] == 0

    second = await fetch_token(api)
    assert second["access_token"] != first["access_token"] and api.current_token == second["access_token"]
    assert (await send(api, first["access_token"], text(OPENID, "二")))["errcode"] == 40001
    assert (await send(api, "never-issued", text(OPENID, "二")))["errcode"] == 40001

    api.expire_tokens()
    answer = await send(api, second["access_token"], text(OPENID, "三"))
    assert answer["errcode"] == 42001 and answer["errmsg"].startswith("access_token expired")
    assert api.token_calls == 2 and api.texts_to(OPENID) == ["一"]


async def test_token_lifetime_follows_expires_in_and_the_clock(api: StandInWechatApi) -> None:
    now = [1_800_000_000.0]
    api.clock = lambda: now[0]
    api.expires_in = 60
    token = (await fetch_token(api))["access_token"]
    now[0] += 59
    assert (await send(api, token, text(OPENID, "在期内")))["errcode"] == 0
    now[0] += 1
    assert (await send(api, token, text(OPENID, "过期")))["errcode"] == 42001


async def test_wrong_credentials_are_refused(api: StandInWechatApi) -> None:
    assert (await fetch_token(api, secret="0" * 32))["errcode"] == 40125
    assert (await fetch_token(api, appid="wx0000000000000000"))["errcode"] == 40013
    assert (await call(api, "GET", "/cgi-bin/token", params={"appid": APP_ID, "secret": APP_SECRET}))[
        "errcode"
    ] == 40002
    assert api.token_calls == 3 and api.current_token is None


# -- custom messages ---------------------------------------------------------------------------------------------------


async def test_sends_are_recorded_and_the_window_and_failures_apply(api: StandInWechatApi) -> None:
    token = api.issue_token()
    menu = {"head_content": "请选择", "list": [{"id": "101", "content": "查询进度"}], "tail_content": ""}
    assert (await send(api, token, text(OPENID, "你好")))["errcode"] == 0
    assert (await send(api, token, {"touser": OPENID, "msgtype": "msgmenu", "msgmenu": menu}))["errcode"] == 0
    assert [body["msgtype"] for body in await api.wait_sent(OPENID, 2)] == ["text", "msgmenu"]

    api.outside_window.add("o-gone")
    answer = await send(api, token, text("o-gone", "还在吗"))
    assert answer["errcode"] == 45015 and "rid:" in answer["errmsg"]

    api.fail_next(45047, count=2)
    codes = [(await send(api, token, text(OPENID, f"第{n}条")))["errcode"] for n in range(3)]
    assert codes == [45047, 45047, 0]
    assert [code for _, code in api.refused] == [45015, 45047, 45047]


async def test_malformed_and_oversized_sends_are_refused(api: StandInWechatApi) -> None:
    token = api.issue_token()
    assert (await send(api, token, text(OPENID, "长" * 683)))["errcode"] == 45002  # 2049 bytes of UTF-8
    assert (await send(api, token, text(OPENID, "长" * 682)))["errcode"] == 0
    assert (await send(api, token, json.dumps(text(OPENID, "中文")).encode()))["errcode"] == 40033  # \u escapes
    assert (await send(api, token, b""))["errcode"] == 44002
    assert (await send(api, token, b"{not json"))["errcode"] == 47001
    assert (await send(api, token, {"touser": OPENID, "msgtype": "sticker"}))["errcode"] == 40008
    assert (await send(api, token, {"touser": OPENID, "msgtype": "image", "image": {"media_id": "x"}}))[
        "errcode"
    ] == 40007
    with pytest.raises(AssertionError, match="expected 3 message"):
        await api.wait_sent(OPENID, 3, timeout=0.05)


# -- media -------------------------------------------------------------------------------------------------------------


async def test_media_added_by_a_test_is_served(api: StandInWechatApi) -> None:
    token = api.issue_token()
    media_id = api.add_media(JPEG)
    params = {"access_token": token, "media_id": media_id}
    async with (
        aiohttp.ClientSession() as session,
        session.get(api.base_url + "/cgi-bin/media/get", params=params) as got,
    ):
        assert got.status == 200 and await got.read() == JPEG
        assert got.headers["Content-Type"] == "image/jpeg"
        assert got.headers["Content-disposition"] == f'attachment; filename="{media_id}.jpg"'
    unknown = await call(api, "GET", "/cgi-bin/media/get", params={"access_token": token, "media_id": "nope"})
    assert unknown["errcode"] == 40007


async def test_uploaded_images_are_kept_and_can_be_sent(api: StandInWechatApi) -> None:
    token = api.issue_token()

    async def upload(data: bytes, filename: str, kind: str = "image") -> Any:
        form = aiohttp.FormData()
        form.add_field("media", data, filename=filename, content_type="image/png")
        params = {"access_token": token, "type": kind}
        return await call(api, "POST", "/cgi-bin/media/upload", params=params, data=form)

    answer = await upload(PNG, "chart.png")
    assert answer["type"] == "image" and isinstance(answer["created_at"], int)
    assert api.uploaded[answer["media_id"]] == ("chart.png", "image/png", PNG)
    image = {"touser": OPENID, "msgtype": "image", "image": {"media_id": answer["media_id"]}}
    assert (await send(api, token, image))["errcode"] == 0

    assert (await upload(PNG, "chart.png", kind="file"))["errcode"] == 40004
    assert (await upload(b"", "chart.png"))["errcode"] == 41005
    assert (await upload(PNG, "chart"))["errcode"] == 40005
    assert (await upload(b"not an image", "chart.png"))["errcode"] == 40113


# -- menu --------------------------------------------------------------------------------------------------------------


async def test_menu_is_validated_like_the_real_api(api: StandInWechatApi) -> None:
    token = api.issue_token()

    async def create(menu: dict[str, Any]) -> int:
        data = json.dumps(menu, ensure_ascii=False).encode()
        answer = await call(api, "POST", "/cgi-bin/menu/create", params={"access_token": token}, data=data)
        return int(answer["errcode"])

    valid = {
        "button": [
            {"type": "click", "name": "咨询", "key": "ASK"},
            {"name": "申请", "sub_button": [{"type": "click", "name": "如何申请政府信息公开", "key": "APPLY"}]},
            {"type": "view", "name": "官网", "url": "https://www.lixia.gov.cn/"},
        ]
    }
    assert await create(valid) == 0 and api.menu == valid

    button = {"type": "click", "name": "按钮", "key": "K"}
    assert await create({"button": [button] * 4}) == 40016
    assert await create({"button": []}) == 40016
    assert await create({"button": [button | {"name": "一二三四五六"}]}) == 40018  # 18 bytes
    assert await create({"button": [button | {"key": "k" * 129}]}) == 40019
    assert await create({"button": [{"name": "子", "sub_button": [button] * 6}]}) == 40023
    assert await create({"button": [button | {"type": "tap"}]}) == 40017
    assert api.menu == valid


# -- the callback client -----------------------------------------------------------------------------------------------


def test_signature_matches_the_wechat_rule() -> None:
    token, timestamp, nonce = "gongkai", "1700000000", "482751"
    by_hand = hashlib.sha1(("1700000000" + "482751" + "gongkai").encode()).hexdigest()  # sorted: digits first
    assert signature(token, timestamp, nonce) == by_hand
    assert check_signature(token, by_hand, timestamp, nonce) is None  # wechatpy agrees (raises otherwise)


def test_safe_mode_callback_decrypts_to_the_same_xml() -> None:
    user = WechatUser("http://127.0.0.1:1/wechat", TOKEN, encoding_aes_key=ENCODING_AES_KEY, app_id=APP_ID)
    xml = user.text_xml("我想申请公开 ]]> 文件")
    callback = user.prepare(xml)
    query = callback.query
    assert query["encrypt_type"] == "aes" and query["openid"] == OPENID
    assert query["signature"] == signature(TOKEN, query["timestamp"], query["nonce"])
    assert parse_xml(callback.body)["ToUserName"] == ACCOUNT
    crypto = WeChatCrypto(TOKEN, ENCODING_AES_KEY, APP_ID)
    assert crypto.decrypt_message(callback.body, query["msg_signature"], query["timestamp"], query["nonce"]) == xml
    assert callback.message["Content"] == "我想申请公开 ]]> 文件" and callback.message["MsgType"] == "text"


def test_message_builders_write_what_wechat_sends() -> None:
    user = WechatUser("http://127.0.0.1:1/wechat", clock=lambda: 1_700_000_000.9)
    choice = parse_xml(user.menu_choice_xml("101", "查询进度"))
    assert choice["MsgType"] == "text" and choice["bizmsgmenuid"] == "101" and choice["CreateTime"] == "1700000000"
    click = parse_xml(user.click_xml("ASK"))
    assert (click["MsgType"], click["Event"], click["EventKey"], "MsgId" in click) == ("event", "CLICK", "ASK", False)
    assert parse_xml(user.image_xml("m1"))["MediaId"] == "m1"
    assert build_xml({"A": "x<y", "B": 2}) == "<xml><A><![CDATA[x<y]]></A><B>2</B></xml>"


@pytest.fixture
async def account() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    """A minimal account server at /wechat, plain and safe mode by the query, echoing texts as passive replies."""
    crypto = WeChatCrypto(TOKEN, ENCODING_AES_KEY, APP_ID)
    seen: list[dict[str, Any]] = []

    async def handle(request: web.Request) -> web.Response:
        query = request.query
        if signature(TOKEN, query["timestamp"], query["nonce"]) != query["signature"]:
            return web.Response(status=403)
        if request.method == "GET":
            return web.Response(text=query["echostr"])
        body = await request.text()
        safe = query.get("encrypt_type") == "aes"
        xml = crypto.decrypt_message(body, query["msg_signature"], query["timestamp"], query["nonce"]) if safe else body
        message = parse_xml(xml)
        seen.append(message)
        if message.get("Content") == "慢":
            await asyncio.sleep(0.5)  # longer than the user's 0.1-second patience below
        if message["MsgType"] != "text":
            return web.Response(text="success")
        addressed = {"ToUserName": message["FromUserName"], "FromUserName": message["ToUserName"]}
        reply = build_xml(
            addressed | {"CreateTime": 1_700_000_000, "MsgType": "text", "Content": "收到：" + message["Content"]}
        )
        return web.Response(text=crypto.encrypt_message(reply, query["nonce"]) if safe else reply)

    app = web.Application()
    app.router.add_route("*", "/wechat", handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield f"http://127.0.0.1:{server.port}/wechat", seen
    finally:
        await server.close()


@pytest.mark.parametrize("key", [None, ENCODING_AES_KEY], ids=["plain", "safe"])
async def test_user_posts_callbacks_and_reads_replies(
    account: tuple[str, list[dict[str, Any]]], key: str | None
) -> None:
    url, seen = account
    user = WechatUser(url, TOKEN, encoding_aes_key=key, app_id=APP_ID)
    assert await user.verify("echo-123") == (200, "echo-123")
    assert (await user.verify("echo-123", bad_signature=True))[0] == 403

    first = await user.send_text("你好")
    assert first.status == 200 and first.content == "收到：你好" and first.reply["ToUserName"] == OPENID
    again = await user.resend(first)
    assert again.content == "收到：你好" and seen[0]["MsgId"] == seen[1]["MsgId"]
    assert (await user.subscribe()).no_reply and seen[-1]["Event"] == "subscribe"
    assert (await user.send_text("x", bad_signature=True)).status == 403
    assert (await user.with_openid("o-other").send_text("在吗")).reply["ToUserName"] == "o-other"


async def test_a_slow_server_times_out_like_wechat(account: tuple[str, list[dict[str, Any]]]) -> None:
    url, _ = account
    result = await WechatUser(url, timeout=0.1).send_text("慢")
    assert result.timed_out and result.status == 0 and result.reply is None
