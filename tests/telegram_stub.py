"""A stand-in Telegram Bot API server on 127.0.0.1: records every call and serves queued updates."""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-stub-token"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "信息公开助手",
    "username": "gongkai_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# PTB sends form fields as strings and JSON-encodes only non-string values, so the stub decodes by name.
JSON_FIELDS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "scope",
    "entities",
    "caption_entities",
    "link_preview_options",
    "reply_parameters",
}
INT_FIELDS = {
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "cache_time",
    "max_connections",
    "reply_to_message_id",
}
BOOL_FIELDS = {
    "drop_pending_updates",
    "show_alert",
    "disable_notification",
    "protect_content",
    "allow_sending_without_reply",
}
# Tags Telegram's HTML parse mode knows; anything else is a parse error.
HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "tg-emoji", "code", "pre", "blockquote",
}  # fmt: skip
HTML_TOKEN = re.compile(r"<(/?)([a-zA-Z-]+)(?:\s[^<>]*)?>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]")
COMMAND = re.compile(r"[a-z0-9_]{1,32}")
SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Call:
    """One request to the stub: the method, its decoded parameters, uploaded files and what was answered."""

    method: str
    params: dict[str, Any]
    files: dict[str, Upload] = field(default_factory=dict)
    response: dict[str, Any] | None = None


class ApiError(Exception):
    """An error answer in the Bot API's shape."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


class TelegramStub:
    """Serves /bot<token>/<method> like the Bot API, keeping sent messages, webhook and command state."""

    def __init__(self, *, token: str = TOKEN, max_wait: float = 1.0) -> None:
        self.token = token
        # Long polls are cut to this many seconds so tests and shutdown stay fast.
        self.max_wait = max_wait
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.commands: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] | None = None
        self.port = 0
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._chats: dict[int, dict[str, Any]] = {}
        # Contents of files users "sent", served by getFile and the file download route.
        self.files: dict[str, bytes] = {}
        self._failures: dict[str, list[ApiError]] = {}
        self._change = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._methods = {
            name.lower(): handler
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "answerCallbackQuery": self._answer_callback_query,
                "sendDocument": self._send_document,
                "sendPhoto": self._send_photo,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "getFile": self._get_file,
                "close": self._true,
                "logOut": self._true,
            }.items()
        }

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._download)
        self._runner = web.AppRunner(app, shutdown_timeout=2, access_log=None)
        await self._runner.setup()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def close(self) -> None:
        """Wake pending long polls and stop listening."""
        self._closing = True
        self._changed()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """What PTB takes as base_url: the token is appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- test helpers ----------------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (an update_id is assigned if missing)."""
        update.setdefault("update_id", next(self._update_ids))
        self._updates.append(update)
        self._changed()
        return update

    def fail(self, method: str, code: int, description: str, *, retry_after: int | None = None, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail with this error."""
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        self._failures.setdefault(method.lower(), []).extend(
            ApiError(code, description, parameters) for _ in range(times)
        )

    def calls_of(self, method: str) -> list[Call]:
        """The calls of one method so far, in order."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def sent_to(self, chat_id: int) -> list[Call]:
        """Successful sendMessage calls to one chat."""
        return [
            call
            for call in self.calls_of("sendMessage")
            if call.params.get("chat_id") == chat_id and call.response and call.response["ok"]
        ]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0, *, answered: bool = True) -> list[Call]:
        """Wait until `method` has been called (and, by default, answered) `count` times; return those calls."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout

        def done() -> list[Call]:
            return [call for call in self.calls_of(method) if call.response is not None or not answered]

        while len(done()) < count:
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [call.method for call in self.calls]
                raise AssertionError(f"expected {count} answered {method} call(s) within {timeout}s; calls: {seen}")
            event = self._change
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass
        return done()

    def private_chat(self, chat_id: int) -> dict[str, Any]:
        return self._chat(chat_id, "private")

    def text_update(self, chat_id: int, text: str, chat_type: str = "private", **extra: Any) -> dict[str, Any]:
        """A message update with text; a leading /command gets its bot_command entity as Telegram adds it."""
        message = self._user_message(chat_id, chat_type, text=text, **extra)
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        return {"update_id": next(self._update_ids), "message": message}

    def sticker_update(self, chat_id: int, chat_type: str = "private") -> dict[str, Any]:
        """A message update carrying a sticker and no text."""
        sticker = {
            "file_id": "CAACAgIAAxkBAAEstub",
            "file_unique_id": "AgADstub",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return {"update_id": next(self._update_ids), "message": self._user_message(chat_id, chat_type, sticker=sticker)}

    def photo_update(
        self, chat_id: int, caption: str | None = None, data: bytes = b"\xff\xd8\xffstub"
    ) -> dict[str, Any]:
        """A message update carrying a photo (and maybe a caption) but no text; `data` is what getFile serves."""
        sizes = [
            {
                "file_id": f"AgACphoto{size}",
                "file_unique_id": f"AQADphoto{size}",
                "width": size,
                "height": size,
                "file_size": len(data),
            }
            for size in (90, 320)
        ]
        for size in sizes:
            self.files[size["file_id"]] = data
        extra: dict[str, Any] = {"photo": sizes}
        if caption is not None:
            extra["caption"] = caption
        return {"update_id": next(self._update_ids), "message": self._user_message(chat_id, "private", **extra)}

    def document_update(self, chat_id: int, name: str, data: bytes, mime: str) -> dict[str, Any]:
        """A message update carrying a document; `data` is what getFile serves."""
        file_id = f"BQACdoc{len(self.files)}"
        self.files[file_id] = data
        document = {
            "file_id": file_id,
            "file_unique_id": f"AgADdoc{len(self.files)}",
            "file_name": name,
            "mime_type": mime,
            "file_size": len(data),
        }
        return {
            "update_id": next(self._update_ids),
            "message": self._user_message(chat_id, "private", document=document),
        }

    def edited_update(self, chat_id: int, text: str, message_id: int | None = None) -> dict[str, Any]:
        """An edited_message update: the user changed an earlier message."""
        message = self._user_message(chat_id, "private", text=text)
        if message_id is not None:
            message["message_id"] = message_id
        message["edit_date"] = int(time.time())
        return {"update_id": next(self._update_ids), "edited_message": message}

    def callback_update(self, chat_id: int, data: str, message_id: int) -> dict[str, Any]:
        """A pressed inline button under message `message_id` (the stored one if the bot sent it)."""
        query_id = str(4_000_000 + next(self._query_ids))
        self._open_queries.add(query_id)
        chat = self._chats.get(chat_id) or self.private_chat(chat_id)
        message = self.messages.get((chat_id, message_id)) or {
            "message_id": message_id,
            "date": int(time.time()) - 60,
            "chat": chat,
            "from": BOT_USER,
            "text": "请选择：",
        }
        query = {
            "id": query_id,
            "from": self._user(chat_id, chat["type"]),
            "message": message,
            "chat_instance": f"-{abs(chat_id)}0042",
            "data": data,
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    # -- HTTP ------------------------------------------------------------------------------------

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        data = self.files.get(request.match_info["path"].rpartition("/")[2])
        return web.Response(body=data) if data is not None else web.Response(status=404)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, files = await _parse(request)
        call = Call(method, params, files)
        self.calls.append(call)
        self._changed()
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            handler = self._methods.get(method.lower())
            if handler is None:
                raise ApiError(404, "Not Found")
            failures = self._failures.get(method.lower())
            if failures:
                raise failures.pop(0)
            body: dict[str, Any] = {"ok": True, "result": await handler(params, files)}
            status = 200
        except ApiError as error:
            body, status = error.body(), error.code
        call.response = body
        self._changed()
        return web.json_response(body, status=status)

    def _changed(self) -> None:
        # Wake everyone waiting on the current event; later waiters take the fresh one.
        self._change.set()
        self._change = asyncio.Event()

    # -- Bot API methods -------------------------------------------------------------------------

    async def _true(self, params: dict[str, Any], files: dict[str, Upload]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any], files: dict[str, Upload]) -> dict[str, Any]:
        return BOT_USER

    async def _get_updates(self, params: dict[str, Any], files: dict[str, Upload]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete it first",
            )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        wait = min(float(params.get("timeout") or 0), self.max_wait)
        # As in Telegram, an offset confirms (forgets) every update below it.
        self._updates = [update for update in self._updates if update["update_id"] >= offset]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while not self._updates and not self._closing and loop.time() < deadline:
            event = self._change
            try:
                await asyncio.wait_for(event.wait(), deadline - loop.time())
            except TimeoutError:
                break
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        return self._updates[:limit]

    async def _send_message(self, params: dict[str, Any], files: dict[str, Upload]) -> dict[str, Any]:
        chat = self._target_chat(params)
        text = _visible_text(str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise bad_request("message text is empty")
        if len(text) > MAX_TEXT:
            raise bad_request("message is too long")
        return self._store(chat, params, text=text)

    async def _send_document(self, params: dict[str, Any], files: dict[str, Upload]) -> dict[str, Any]:
        chat = self._target_chat(params)
        upload = self._upload(params, files, "document")
        document = {
            "file_id": f"BQACdoc{len(self.messages)}",
            "file_unique_id": f"AgADdoc{len(self.messages)}",
            "file_name": upload.filename,
            "mime_type": upload.content_type,
            "file_size": len(upload.data),
        }
        return self._store(chat, params, document=document)

    async def _send_photo(self, params: dict[str, Any], files: dict[str, Upload]) -> dict[str, Any]:
        chat = self._target_chat(params)
        upload = self._upload(params, files, "photo")
        photo = [
            {
                "file_id": f"AgACphoto{len(self.messages)}",
                "file_unique_id": f"AQADphoto{len(self.messages)}",
                "width": 320,
                "height": 240,
                "file_size": len(upload.data),
            }
        ]
        return self._store(chat, params, photo=photo)

    async def _edit_message_text(self, params: dict[str, Any], files: dict[str, Upload]) -> dict[str, Any]:
        message = self._stored(params)
        text = _visible_text(str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise bad_request("message text is empty")
        markup = self._markup(params)
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are exactly the same "
                "as a current content and reply markup of the message"
            )
        message["text"] = text
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    async def _edit_message_reply_markup(self, params: dict[str, Any], files: dict[str, Upload]) -> dict[str, Any]:
        message = self._stored(params)
        markup = self._markup(params)
        if markup == message.get("reply_markup"):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are exactly the same "
                "as a current content and reply markup of the message"
            )
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    async def _answer_callback_query(self, params: dict[str, Any], files: dict[str, Upload]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_queries:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        self._open_queries.discard(query_id)
        return True

    async def _set_my_commands(self, params: dict[str, Any], files: dict[str, Upload]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required')
        for command in commands:
            if not COMMAND.fullmatch(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("command description must be non-empty")
        self.commands = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any], files: dict[str, Upload]) -> list[dict[str, Any]]:
        return self.commands

    async def _delete_my_commands(self, params: dict[str, Any], files: dict[str, Upload]) -> bool:
        self.commands = []
        return True

    async def _set_webhook(self, params: dict[str, Any], files: dict[str, Upload]) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return await self._delete_webhook(params, files)
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not SECRET.fullmatch(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": params.get("allowed_updates")}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _delete_webhook(self, params: dict[str, Any], files: dict[str, Upload]) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_file(self, params: dict[str, Any], files: dict[str, Upload]) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise bad_request("invalid file_id")
        size = len(self.files[file_id])
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": size, "file_path": f"files/{file_id}"}

    async def _get_webhook_info(self, params: dict[str, Any], files: dict[str, Upload]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook and self.webhook["allowed_updates"]:
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    # -- state -----------------------------------------------------------------------------------

    def _chat(self, chat_id: int, chat_type: str) -> dict[str, Any]:
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": "测试用户"}
        else:
            chat = {"id": chat_id, "type": chat_type, "title": "测试群"}
        self._chats[chat_id] = chat
        return chat

    def _user(self, chat_id: int, chat_type: str) -> dict[str, Any]:
        # In a private chat the chat id is the user's id.
        user_id = chat_id if chat_type == "private" else 777_000_111
        return {"id": user_id, "is_bot": False, "first_name": "测试用户", "language_code": "zh-hans"}

    def _user_message(self, chat_id: int, chat_type: str, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": self._user(chat_id, chat_type),
            **content,
        }

    def _target_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")
        return self._chats.get(chat_id) or self._chat(chat_id, "private" if chat_id > 0 else "supergroup")

    def _stored(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self.messages.get((params.get("chat_id"), params.get("message_id")))
        if message is None:
            raise bad_request("message to edit not found")
        return message

    def _upload(self, params: dict[str, Any], files: dict[str, Upload], name: str) -> Upload:
        if name in files:
            return files[name]
        # attach://<name> points at another part; a plain string is a file_id or URL.
        reference = str(params.get(name) or "")
        if reference.startswith("attach://") and reference[len("attach://") :] in files:
            return files[reference[len("attach://") :]]
        if reference:
            return Upload(None, None, b"")
        raise bad_request(f"there is no {name} in the request")

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if rows is None:
            # Reply keyboards and force-reply are accepted as they are.
            return markup
        for row in rows:
            for button in row:
                if not button.get("text"):
                    raise bad_request("text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES:
                    raise bad_request("BUTTON_DATA_INVALID")
        return markup

    def _store(self, chat: dict[str, Any], params: dict[str, Any], **content: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **content,
        }
        _set_markup(message, self._markup(params))
        if params.get("caption"):
            message["caption"] = params["caption"]
        self.messages[(chat["id"], message["message_id"])] = message
        return message


def _set_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    # Telegram returns reply_markup only for inline keyboards, and only while there is one.
    if markup and markup.get("inline_keyboard"):
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _visible_text(text: str, parse_mode: Any) -> str:
    """The text a user sees; HTML is checked the way Telegram does and its markup removed."""
    if parse_mode != "HTML":
        return text
    visible: list[str] = []
    position = 0
    for token in HTML_TOKEN.finditer(text):
        visible.append(text[position : token.start()])
        position = token.end()
        raw = token.group(0)
        if raw in "<>&":
            offset = len(text[: token.start()].encode())
            raise bad_request(f"can't parse entities: unexpected {raw!r} at byte offset {offset}")
        if raw.startswith("&"):
            visible.append(html.unescape(raw))
        elif token.group(2).lower() not in HTML_TAGS:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{token.group(2)}"')
    visible.append(text[position:])
    return "".join(visible)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode(name: str, value: str) -> Any:
    """A form field back as the value PTB meant."""
    try:
        if name in JSON_FIELDS:
            return json.loads(value)
        if name in INT_FIELDS and re.fullmatch(r"-?\d+", value):
            return int(value)
        if name in BOOL_FIELDS and value in ("true", "false"):
            return value == "true"
    except ValueError:
        pass
    return value


async def _parse(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Parameters from the query string and a JSON, urlencoded or multipart body."""
    params: dict[str, Any] = {name: _decode(name, value) for name, value in request.query.items()}
    files: dict[str, Upload] = {}
    if not request.body_exists:
        return params, files
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
        return params, files
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            files[name] = Upload(value.filename, value.content_type, value.file.read())
        else:
            params[name] = _decode(name, str(value))
    return params, files
