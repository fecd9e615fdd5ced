"""The Telegram channel against a local stand-in Bot API: real PTB, real HTTP, nothing beyond 127.0.0.1."""

from __future__ import annotations

import asyncio
import html
import io
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from telegram.error import InvalidToken
from telegram_stub import TelegramStub

from bot.channels.telegram import PRIVATE_ONLY, SECRET_HEADER, TEXT_ONLY, TelegramChannel, _html_pieces
from bot.config import Config, StoreConfig, TelegramConfig, WebConfig
from bot.engine import Engine
from bot.serve import serve
from handlers.menu import COMMANDS, MENU_ITEMS
from handlers.messages import MAX_REPLY_CHARS, Button, File, Incoming, Reply
from handlers.router import STALE_BUTTON

PRIVATE = 5_550_001
OTHER = 5_550_002
GROUP = -1_001_234_567_890
SECRET = "s3cret-Token_for_tests"
WEBHOOK_URL = "https://bot.example.invalid/telegram/webhook"
NO_ACTIVE_FLOW = "当前没有进行中的操作。"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")

Opener = Callable[..., Awaitable[TelegramChannel]]


class ScriptedEngine:
    """Answers every message with the same replies (or raises), remembering what it was given."""

    def __init__(self, *replies: Reply, error: Exception | None = None) -> None:
        self.replies = list(replies) or [Reply("好的")]
        self.error = error
        self.seen: list[Incoming] = []

    async def handle(self, message: Incoming) -> list[Reply]:
        self.seen.append(message)
        if self.error is not None:
            raise self.error
        return self.replies


@pytest.fixture(autouse=True)
def local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours proxy variables; the stub must be reached directly.
    for variable in PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
async def stub() -> AsyncIterator[TelegramStub]:
    server = TelegramStub()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
async def open_channel(stub: TelegramStub) -> AsyncIterator[Opener]:
    """Start channels against the stub; every one is stopped at teardown."""
    channels: list[TelegramChannel] = []

    async def open_(engine: Any, *, mode: str = "polling", token: str | None = None) -> TelegramChannel:
        config = TelegramConfig(
            token=token or stub.token,
            base_url=stub.base_url,
            mode=mode,
            webhook_url=WEBHOOK_URL if mode == "webhook" else None,
            webhook_secret=SECRET if mode == "webhook" else None,
        )
        channel = TelegramChannel(engine, config)
        channels.append(channel)
        await channel.start()
        return channel

    try:
        yield open_
    finally:
        for channel in channels:
            await channel.stop()


@pytest.fixture
async def polling(open_channel: Opener, engine: Engine) -> TelegramChannel:
    return await open_channel(engine)


def keyboard_actions(call_params: dict[str, Any]) -> list[list[str]]:
    return [[button["callback_data"] for button in row] for row in call_params["reply_markup"]["inline_keyboard"]]


async def send_start(stub: TelegramStub) -> dict[str, Any]:
    """Send /start in the private chat; return the menu message the bot sent."""
    before = len(stub.calls_of("sendMessage"))
    stub.push_update(stub.text_update(PRIVATE, "/start"))
    calls = await stub.wait_for("sendMessage", before + 1)
    return calls[before].response["result"]


async def settle(stub: TelegramStub, chat_id: int = PRIVATE) -> None:
    """Send /cancel and wait for its answer: updates pushed earlier have been handled by then."""
    before = len(stub.calls_of("sendMessage"))
    stub.push_update(stub.text_update(chat_id, "/cancel"))
    await stub.wait_for("sendMessage", before + 1)


# -- polling -------------------------------------------------------------------------------------


async def test_start_publishes_commands_and_polls(stub: TelegramStub, polling: TelegramChannel) -> None:
    [commands] = await stub.wait_for("setMyCommands")
    assert commands.response["ok"]
    assert [c["command"] for c in stub.commands] == [name.lstrip("/") for name, _ in COMMANDS]
    assert {"start", "help", "cancel", "status"} <= {c["command"] for c in stub.commands}
    assert stub.commands[0]["description"] == "显示主菜单"
    [delete] = await stub.wait_for("deleteWebhook")
    assert delete.params.get("drop_pending_updates") in (None, False)
    polls = await stub.wait_for("getUpdates", answered=False)
    assert polls[0].params["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert polls[0].params["timeout"] > 0  # long polling
    assert stub.webhook is None


async def test_start_command_shows_menu(stub: TelegramStub, polling: TelegramChannel) -> None:
    stub.push_update(stub.text_update(PRIVATE, "/start"))
    [call] = await stub.wait_for("sendMessage")
    assert call.response["ok"]
    assert call.params["chat_id"] == PRIVATE
    assert call.params["parse_mode"] == "HTML"
    assert "信息公开助手" in call.params["text"]
    actions = keyboard_actions(call.params)
    assert [action for row in actions for action in row] == [action for _, action in MENU_ITEMS]
    assert all(len(row) <= 2 for row in actions)


async def test_menu_button_answers_removes_keyboard_and_replies(stub: TelegramStub, polling: TelegramChannel) -> None:
    menu = await send_start(stub)
    assert "reply_markup" in stub.messages[(PRIVATE, menu["message_id"])]
    update = stub.push_update(stub.callback_update(PRIVATE, "topic:receiving_office", menu["message_id"]))

    calls = await stub.wait_for("sendMessage", 2)
    assert "0531-88150105" in calls[1].params["text"]
    assert keyboard_actions(calls[1].params) == [["menu"]]
    [answer] = stub.calls_of("answerCallbackQuery")
    assert answer.params["callback_query_id"] == update["callback_query"]["id"]
    assert answer.response["ok"] and answer.params.get("text")
    [edit] = stub.calls_of("editMessageReplyMarkup")
    assert (edit.params["chat_id"], edit.params["message_id"]) == (PRIVATE, menu["message_id"])
    assert "reply_markup" not in edit.params
    assert edit.response["ok"]
    assert "reply_markup" not in stub.messages[(PRIVATE, menu["message_id"])]
    # The spinner stops first, the old keyboard goes before the answer arrives.
    order = [call.method for call in stub.calls if call.method != "getUpdates"]
    assert order[-3:] == ["answerCallbackQuery", "editMessageReplyMarkup", "sendMessage"]


async def test_free_text_question_is_answered(stub: TelegramStub, polling: TelegramChannel) -> None:
    stub.push_update(stub.text_update(PRIVATE, "投诉电话"))
    [call] = await stub.wait_for("sendMessage")
    assert call.response["ok"]
    assert "0531-88150105" in call.params["text"]


async def test_follow_up_and_clarifying_choices(stub: TelegramStub, polling: TelegramChannel) -> None:
    stub.push_update(stub.text_update(PRIVATE, "档案馆在哪"))
    await stub.wait_for("sendMessage")
    stub.push_update(stub.text_update(PRIVATE, "电话呢"))
    calls = await stub.wait_for("sendMessage", 2)
    assert "0531-8655814" in calls[1].params["text"]
    stub.push_update(stub.text_update(PRIVATE, "区政府会主动把哪些东西放到网上"))
    calls = await stub.wait_for("sendMessage", 3)
    assert "您是想问" in calls[2].params["text"]
    choices = [action for row in keyboard_actions(calls[2].params) for action in row]
    assert len(choices) >= 3 and all(action.startswith("topic:") for action in choices[:-1])
    stub.push_update(stub.callback_update(PRIVATE, choices[0], calls[2].response["result"]["message_id"]))
    calls = await stub.wait_for("sendMessage", 4)
    assert "来源：" in calls[3].params["text"]


async def test_stale_button_gets_the_notice(stub: TelegramStub, polling: TelegramChannel) -> None:
    # An old message the stub never sent: removing its keyboard fails, which must not matter.
    stub.push_update(stub.callback_update(PRIVATE, "topic:gone", message_id=999))
    [call] = await stub.wait_for("sendMessage")
    assert call.params["text"] == STALE_BUTTON
    assert keyboard_actions(call.params)
    [answer] = stub.calls_of("answerCallbackQuery")
    assert answer.response["ok"]
    [edit] = stub.calls_of("editMessageReplyMarkup")
    assert not edit.response["ok"]


async def test_pressing_the_same_keyboard_twice(stub: TelegramStub, polling: TelegramChannel) -> None:
    menu = await send_start(stub)
    stub.push_update(stub.callback_update(PRIVATE, "topic:fee_overview", menu["message_id"]))
    await stub.wait_for("sendMessage", 2)
    stub.push_update(stub.callback_update(PRIVATE, "topic:fee_overview", menu["message_id"]))
    await stub.wait_for("sendMessage", 3)
    edits = stub.calls_of("editMessageReplyMarkup")
    assert [edit.response["ok"] for edit in edits] == [True, False]
    assert "not modified" in edits[1].response["description"]


async def test_long_reply_is_split_at_line_breaks(stub: TelegramStub, open_channel: Opener) -> None:
    # Escaping turns 3,000 characters into more than 4,096.
    lines = [f"第{n:02d}行 <申请> & <答复> " + "说明" * 10 for n in range(100)]
    text = "\n".join(lines)
    assert len(text) <= MAX_REPLY_CHARS < len(html.escape(text, quote=False))
    engine = ScriptedEngine(Reply(text, buttons=((Button("返回主菜单", "menu"),),)))
    await open_channel(engine)
    stub.push_update(stub.text_update(PRIVATE, "长回答"))

    calls = await stub.wait_for("sendMessage", 2)
    assert len(calls) == 2
    assert all(call.response["ok"] for call in calls)
    assert all(len(call.params["text"]) <= MAX_REPLY_CHARS for call in calls)
    assert all(call.params["text"].startswith("第") for call in calls)
    assert "reply_markup" not in calls[0].params
    assert keyboard_actions(calls[1].params) == [["menu"]]
    assert "\n".join(html.unescape(call.params["text"]) for call in calls) == text


def test_escaped_pieces_never_cut_an_entity() -> None:
    pieces = _html_pieces("&" * 4000)
    assert all(len(piece) <= MAX_REPLY_CHARS for piece in pieces)
    assert all(piece.replace("&amp;", "") == "" for piece in pieces)
    assert sum(piece.count("&amp;") for piece in pieces) == 4000


async def test_html_special_characters_are_escaped(stub: TelegramStub, open_channel: Opener) -> None:
    text = "费用 < 100 元 & 期限 > 15 日 <b>不是粗体</b>"
    await open_channel(ScriptedEngine(Reply(text)))
    stub.push_update(stub.text_update(PRIVATE, "问"))
    [call] = await stub.wait_for("sendMessage")
    assert call.params["text"] == "费用 &lt; 100 元 &amp; 期限 &gt; 15 日 &lt;b&gt;不是粗体&lt;/b&gt;"
    # The stub parses HTML as Telegram does: the user sees the original text.
    assert call.response["ok"]
    assert call.response["result"]["text"] == text


async def test_sticker_gets_the_text_only_notice(stub: TelegramStub, open_channel: Opener) -> None:
    engine = ScriptedEngine()
    await open_channel(engine)
    stub.push_update(stub.sticker_update(PRIVATE))
    [call] = await stub.wait_for("sendMessage")
    assert call.params["text"] == TEXT_ONLY
    assert engine.seen == []


async def test_photo_and_document_reach_the_engine_as_uploads(stub: TelegramStub, open_channel: Opener) -> None:
    engine = ScriptedEngine()
    await open_channel(engine)
    stub.push_update(stub.photo_update(PRIVATE, caption="这是身份证", data=b"\xff\xd8\xffphoto"))
    await stub.wait_for("sendMessage")
    stub.push_update(stub.document_update(PRIVATE, "身份证.pdf", b"%PDF-1.4 scan", "application/pdf"))
    await stub.wait_for("sendMessage", 2)
    assert [(m.upload.name, m.upload.data) for m in engine.seen] == [
        ("photo.jpg", b"\xff\xd8\xffphoto"),
        ("身份证.pdf", b"%PDF-1.4 scan"),
    ]


async def test_too_large_document_is_refused_before_download(stub: TelegramStub, open_channel: Opener) -> None:
    engine = ScriptedEngine()
    await open_channel(engine)
    update = stub.document_update(PRIVATE, "big.pdf", b"%PDF-", "application/pdf")
    update["message"]["document"]["file_size"] = 11 * 1024 * 1024
    stub.push_update(update)
    [call] = await stub.wait_for("sendMessage")
    assert "文件太大" in call.params["text"]
    assert engine.seen == [] and stub.calls_of("getFile") == []


async def test_edited_message_gets_no_reply(stub: TelegramStub, polling: TelegramChannel) -> None:
    stub.push_update(stub.edited_update(PRIVATE, "投诉电话", message_id=1))
    await settle(stub)
    [call] = stub.calls_of("sendMessage")
    assert call.params["text"] == NO_ACTIVE_FLOW


async def test_group_chats_are_sent_to_the_private_chat(stub: TelegramStub, open_channel: Opener) -> None:
    engine = ScriptedEngine(Reply(NO_ACTIVE_FLOW))
    await open_channel(engine)
    command = stub.push_update(stub.text_update(GROUP, "/start@gongkai_test_bot", chat_type="supergroup"))
    stub.push_update(stub.text_update(GROUP, "大家好", chat_type="supergroup"))
    stub.push_update(stub.text_update(GROUP, "/help@other_bot", chat_type="supergroup"))
    stub.push_update(stub.sticker_update(GROUP, chat_type="group"))
    mention = stub.text_update(
        GROUP,
        "@gongkai_test_bot 投诉电话",
        chat_type="supergroup",
        entities=[{"type": "mention", "offset": 0, "length": 17}],
    )
    stub.push_update(mention)
    await stub.wait_for("sendMessage", 2)
    await settle(stub)

    group = stub.sent_to(GROUP)
    assert [call.params["text"] for call in group] == [PRIVATE_ONLY, PRIVATE_ONLY]
    assert group[0].params["reply_parameters"]["message_id"] == command["message"]["message_id"]
    assert [message.chat_id for message in engine.seen] == [str(PRIVATE)]


async def test_group_button_press_is_answered_without_the_engine(stub: TelegramStub, open_channel: Opener) -> None:
    engine = ScriptedEngine()
    await open_channel(engine)
    stub.push_update(stub.text_update(GROUP, "hi", chat_type="group"))  # registers the chat as a group
    stub.push_update(stub.callback_update(GROUP, "menu", message_id=5))
    [answer] = await stub.wait_for("answerCallbackQuery")
    assert answer.params["text"] == PRIVATE_ONLY
    await settle(stub)
    assert [message.chat_id for message in engine.seen] == [str(PRIVATE)]


async def test_files_go_out_as_document_and_photo(stub: TelegramStub, open_channel: Opener, tmp_path: Path) -> None:
    chart = tmp_path / "chart.png"
    chart.write_bytes(b"\x89PNG\r\n\x1a\nstub")
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    reply = Reply(
        "申请表已生成：",
        buttons=((Button("返回主菜单", "menu"),),),
        files=(
            File("政府信息公开申请表.docx", docx, data=b"PK\x03\x04docx"),
            File("图表.png", "image/png", path=chart),
        ),
    )
    await open_channel(ScriptedEngine(reply))
    stub.push_update(stub.text_update(PRIVATE, "生成申请表"))

    [document] = await stub.wait_for("sendDocument")
    [photo] = await stub.wait_for("sendPhoto")
    [text] = stub.calls_of("sendMessage")
    assert keyboard_actions(text.params) == [["menu"]]
    assert document.response["ok"] and photo.response["ok"]
    assert document.params["chat_id"] == PRIVATE
    upload = document.files["document"]
    assert (upload.filename, upload.content_type, upload.data) == ("政府信息公开申请表.docx", docx, b"PK\x03\x04docx")
    assert document.response["result"]["document"]["file_name"] == "政府信息公开申请表.docx"
    assert photo.files["photo"].data == chart.read_bytes()
    assert photo.files["photo"].content_type == "image/png"


async def test_refused_photo_is_sent_as_document(stub: TelegramStub, open_channel: Opener) -> None:
    stub.fail("sendPhoto", 400, "Bad Request: IMAGE_PROCESS_FAILED")
    await open_channel(ScriptedEngine(Reply("图：", files=(File("图.svg", "image/svg+xml", data=b"<svg/>"),))))
    stub.push_update(stub.text_update(PRIVATE, "图"))
    [document] = await stub.wait_for("sendDocument")
    assert document.files["document"].data == b"<svg/>"
    assert not stub.calls_of("sendPhoto")[0].response["ok"]


async def test_failure_apologises_and_keeps_running(
    stub: TelegramStub, open_channel: Opener, caplog: pytest.LogCaptureFixture
) -> None:
    engine = ScriptedEngine(error=RuntimeError("boom"))
    await open_channel(engine)
    with caplog.at_level(logging.DEBUG, logger="bot.channels.telegram"):
        stub.push_update(stub.text_update(PRIVATE, "我的身份证号是370102"))
        [call] = await stub.wait_for("sendMessage")
    assert call.params["text"].startswith("抱歉")
    assert any("RuntimeError" in record.getMessage() for record in caplog.records)
    assert not any("370102" in record.getMessage() for record in caplog.records)

    engine.error = None
    stub.push_update(stub.text_update(PRIVATE, "再试一次"))
    calls = await stub.wait_for("sendMessage", 2)
    assert calls[1].params["text"] == "好的"


async def test_blocked_user_is_skipped_quietly(stub: TelegramStub, open_channel: Opener) -> None:
    await open_channel(ScriptedEngine(Reply("一"), Reply("二")))
    stub.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    stub.push_update(stub.text_update(PRIVATE, "你好"))
    await stub.wait_for("sendMessage")
    stub.push_update(stub.text_update(OTHER, "你好"))
    calls = await stub.wait_for("sendMessage", 3)
    # No second reply and no apology to the chat that blocked the bot; the next chat is served.
    assert [call.params["chat_id"] for call in calls] == [PRIVATE, OTHER, OTHER]
    assert [call.params["text"] for call in calls[1:]] == ["一", "二"]


# PTB itself touches the deprecated RetryAfter.retry_after while building the exception.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_rate_limit_is_waited_out(stub: TelegramStub, polling: TelegramChannel) -> None:
    stub.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    stub.push_update(stub.text_update(PRIVATE, "/help"))
    calls = await stub.wait_for("sendMessage", 2)
    assert [call.response["ok"] for call in calls] == [False, True]
    assert calls[0].params["text"] == calls[1].params["text"]


async def test_failed_start_cleans_up(stub: TelegramStub, engine: Engine) -> None:
    channel = TelegramChannel(engine, TelegramConfig(token="999:wrong", base_url=stub.base_url))
    with pytest.raises(InvalidToken) as raised:
        await channel.start()
    assert "999:wrong" not in str(raised.value)
    assert not channel.application.running
    # Everything was released: the bot's HTTP client is closed and stopping again is harmless.
    assert channel.application.bot.request._client.is_closed
    await channel.stop()


# -- webhook -------------------------------------------------------------------------------------


@pytest.fixture
async def webhook(stub: TelegramStub, open_channel: Opener, engine: Engine) -> AsyncIterator[TestClient]:
    channel = await open_channel(engine, mode="webhook")
    app = web.Application()
    app.router.add_post(channel.webhook_path, channel.handle_webhook)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield client


async def test_webhook_is_registered_with_the_secret(stub: TelegramStub, webhook: TestClient) -> None:
    [call] = await stub.wait_for("setWebhook")
    assert call.response["ok"]
    assert call.params["url"] == WEBHOOK_URL
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert stub.calls_of("getUpdates") == []
    assert stub.calls_of("deleteWebhook") == []


async def test_webhook_update_is_answered(stub: TelegramStub, webhook: TestClient) -> None:
    response = await webhook.post(
        "/telegram/webhook", json=stub.text_update(PRIVATE, "投诉电话"), headers={SECRET_HEADER: SECRET}
    )
    assert response.status == 200
    [call] = await stub.wait_for("sendMessage")
    assert "0531-88150105" in call.params["text"]


@pytest.mark.parametrize("headers", [{SECRET_HEADER: "wrong-secret"}, {SECRET_HEADER: ""}, {}])
async def test_webhook_refuses_a_wrong_or_missing_secret(
    stub: TelegramStub, webhook: TestClient, headers: dict[str, str]
) -> None:
    response = await webhook.post("/telegram/webhook", json=stub.text_update(PRIVATE, "你好"), headers=headers)
    assert response.status == 403


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'{"message": {}}', b'{"update_id": 7, "message": "text"}'],
    ids=["not-json", "list", "no-update-id", "bad-shape"],
)
async def test_webhook_refuses_what_is_not_an_update(stub: TelegramStub, webhook: TestClient, body: bytes) -> None:
    response = await webhook.post(
        "/telegram/webhook",
        data=body,
        headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
    )
    assert response.status == 400


def test_webhook_path_and_urls(engine: Engine) -> None:
    config = TelegramConfig(
        token="1:x", base_url="http://127.0.0.1:8081/bot", mode="webhook", webhook_url=WEBHOOK_URL, webhook_secret="s"
    )
    channel = TelegramChannel(engine, config)
    assert channel.webhook_path == "/telegram/webhook"
    assert channel.application.bot.base_url == "http://127.0.0.1:8081/bot1:x"
    assert channel.application.bot.base_file_url == "http://127.0.0.1:8081/file/bot1:x"
    assert channel.application.updater is None


# -- gongkai serve ---------------------------------------------------------------------------------


def serve_config(stub: TelegramStub, tmp_path: Path, *, mode: str) -> Config:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return Config(
        store=StoreConfig(path=tmp_path / "g.db"),
        web=WebConfig(port=port),
        telegram=TelegramConfig(
            token=stub.token,
            base_url=stub.base_url,
            mode=mode,
            webhook_url=WEBHOOK_URL if mode == "webhook" else None,
            webhook_secret=SECRET if mode == "webhook" else None,
        ),
    )


async def test_serve_runs_the_bot_by_polling(stub: TelegramStub, tmp_path: Path) -> None:
    config = serve_config(stub, tmp_path, mode="polling")
    stop = asyncio.Event()
    running = asyncio.create_task(serve(config, out=io.StringIO(), stop=stop))
    try:
        await stub.wait_for("setMyCommands")
        menu = await send_start(stub)
        assert keyboard_actions(menu)[0] == [MENU_ITEMS[0][1], MENU_ITEMS[1][1]]
    finally:
        stop.set()
        await running


async def test_serve_routes_the_webhook_through_its_web_server(stub: TelegramStub, tmp_path: Path) -> None:
    config = serve_config(stub, tmp_path, mode="webhook")
    stop = asyncio.Event()
    output = io.StringIO()
    running = asyncio.create_task(serve(config, out=output, stop=stop))
    url = f"http://127.0.0.1:{config.web.port}/telegram/webhook"
    try:
        await stub.wait_for("setWebhook")
        update = stub.text_update(PRIVATE, "投诉电话")
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=update, headers={SECRET_HEADER: "wrong"}) as refused:
                assert refused.status == 403
            async with http.post(url, json=update, headers={SECRET_HEADER: SECRET}) as accepted:
                assert accepted.status == 200
        [call] = await stub.wait_for("sendMessage")
        assert "0531-88150105" in call.params["text"]
    finally:
        stop.set()
        await running
    assert "Telegram 已连接（webhook）" in output.getvalue()


async def test_notice_reaches_a_subscribed_telegram_chat(stub: TelegramStub, open_channel: Opener, store, answerer):
    from bot.notify import Notifier
    from bot.requests.repository import RequestStore
    from handlers.context import Services
    from knowledge.workdays import default_calendar

    requests = RequestStore(store, calendar=default_calendar())
    received = (date.today() - timedelta(days=3)).isoformat()
    created = requests.create(
        {
            "applicant_type": "citizen",
            "name": "李四",
            "phone": "13900139000",
            "channel": "online",
            "description": "《某某通知》",
            "received_on": received,
        }
    )
    number = created.view.tracking_no
    channel = await open_channel(Engine(store, Services(answerer=answerer, requests=requests)))
    before = len(stub.calls_of("sendMessage"))
    stub.push_update(stub.text_update(PRIVATE, f"/status {number} {created.query_code}"))
    await stub.wait_for("sendMessage", before + 1)
    menu = stub.calls_of("sendMessage")[before].response["result"]
    assert keyboard_actions(menu)[0] == [f"status:sub:{number}"]
    stub.push_update(stub.callback_update(PRIVATE, f"status:sub:{number}", menu["message_id"]))
    await stub.wait_for("sendMessage", before + 2)
    assert requests.outbox.subscribers(number) == [("telegram", str(PRIVATE))]

    requests.add_event(number, {"type": "extend", "on": date.today().isoformat()})
    assert await Notifier(requests, {"telegram": channel.push}).deliver_pending() == 1
    calls = await stub.wait_for("sendMessage", before + 3)
    assert "延长答复期限" in calls[-1].params["text"]
    assert calls[-1].params["chat_id"] in (PRIVATE, str(PRIVATE))
