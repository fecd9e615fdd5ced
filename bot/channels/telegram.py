"""The Telegram channel: a python-telegram-bot Application run inside our event loop, by polling or webhook."""

from __future__ import annotations

import asyncio
import hmac
import html
import logging
import traceback
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from aiohttp import web
from telegram import (
    BotCommand,
    CallbackQuery,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    MaybeInaccessibleMessage,
    Message,
    MessageEntity,
    PhotoSize,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.config import TelegramConfig
from bot.engine import Engine
from handlers.apply import MAX_UPLOAD_BYTES
from handlers.menu import COMMANDS
from handlers.messages import MAX_REPLY_CHARS, Button, File, Incoming, Reply, split_text

log = logging.getLogger(__name__)

CHANNEL = "telegram"
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# How often one request waits out a 429 (RetryAfter) before giving up.
RATE_LIMIT_RETRIES = 3

TEXT_ONLY = "目前只能处理文字消息，请用文字提问。"
PRIVATE_ONLY = "请在与机器人的私聊中使用。"
APOLOGY = "抱歉，处理您的消息时出错了，请稍后再试。"
PRESSED = "已收到"


class TelegramChannel:
    """Carries private-chat messages and button presses between Telegram and the engine."""

    def __init__(self, engine: Engine, config: TelegramConfig) -> None:
        if not config.token:
            raise ValueError("telegram.token is not set")
        if config.mode == "webhook" and not (config.webhook_url and config.webhook_secret):
            raise ValueError("webhook mode needs telegram.webhook_url and telegram.webhook_secret")
        self.engine = engine
        self.config = config
        builder = (
            ApplicationBuilder()
            .token(config.token)
            .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
            # Different chats run concurrently; the engine and _lock keep one chat in order.
            .concurrent_updates(True)
        )
        if config.base_url:
            builder = builder.base_url(config.base_url)
            file_url = _file_url(config.base_url)
            if file_url:
                builder = builder.base_file_url(file_url)
        if config.mode == "webhook":
            # Webhook requests arrive through our own aiohttp server, not PTB's.
            builder = builder.updater(None)
        self.application: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)
        # One lock per chat so a chat's replies go out in the order its messages came in.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def start(self) -> None:
        """Connect to the Bot API, publish the commands and begin receiving updates."""
        app = self.application
        try:
            await app.initialize()
            await app.start()
            await self._set_commands()
            if self.config.mode == "webhook":
                await app.bot.set_webhook(
                    url=self.config.webhook_url,
                    secret_token=self.config.webhook_secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            else:
                if app.updater is None:  # the builder makes one unless told not to, which this channel never does
                    raise RuntimeError("polling needs the application's updater")
                # start_polling deletes any webhook first; pending updates are kept, not dropped.
                await app.updater.start_polling(
                    drop_pending_updates=False,
                    allowed_updates=ALLOWED_UPDATES,
                    error_callback=_on_polling_error,
                )
        except BaseException as exc:
            # A half-started application holds open connections and tasks; release them before failing.
            try:
                await self.stop()
            except Exception as cleanup:
                log.warning("cleaning up after a failed start failed: %s", type(cleanup).__name__)
            if isinstance(exc, InvalidToken):
                # PTB's own message quotes the token, and startup errors end up on screens and in logs.
                raise InvalidToken("Bot API 拒绝了 telegram.token (the Bot API rejected telegram.token)") from None
            raise
        log.info("telegram channel started (%s)", self.config.mode)

    async def stop(self) -> None:
        """Stop receiving updates, finish the ones in hand and close the connections."""
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        # A failed initialize leaves the application "never initialized" but the bot's HTTP clients open.
        await app.bot.shutdown()

    @property
    def webhook_path(self) -> str:
        """The path of telegram.webhook_url, where the web server mounts handle_webhook."""
        if not self.config.webhook_url:
            raise ValueError("telegram.webhook_url is not set")
        return urlparse(self.config.webhook_url).path or "/"

    async def handle_webhook(self, request: web.Request) -> web.Response:
        """Accept one update posted by Telegram and queue it for the application."""
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "backslashreplace")
        expected = (self.config.webhook_secret or "").encode("utf-8")
        if not expected or not hmac.compare_digest(given, expected):
            return web.Response(status=403)
        if not self.application.running:
            # Telegram retries later; updates queued now would wait for a start that may never come.
            return web.Response(status=503)
        try:
            data = await request.json()
        except ValueError:
            return web.Response(status=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return web.Response(status=400)
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception as exc:  # any malformed shape inside an otherwise valid update
            log.warning("rejected a malformed webhook update: %s", type(exc).__name__)
            return web.Response(status=400)
        await self.application.update_queue.put(update)
        return web.Response(status=200)

    async def _set_commands(self) -> None:
        """Publish /start, /help and /cancel in the client's command menu."""
        commands = [BotCommand(name.lstrip("/"), meaning) for name, meaning in COMMANDS]
        try:
            await self.application.bot.set_my_commands(commands)
        except TelegramError as exc:
            # The command menu is a convenience; the bot works without it.
            log.warning("setMyCommands failed: %s", type(exc).__name__)

    def _lock(self, chat_id: int) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[chat_id] = lock
        return lock

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Route one update: private text and button presses reach the engine, the rest is answered or dropped."""
        try:
            if update.callback_query is not None:
                await self._on_button(update.callback_query)
            elif update.message is not None:
                await self._on_message(update.message)
            # Edited messages are ignored: answering an edit would repeat or contradict an earlier answer.
        except Forbidden:
            # Blocked by the user or removed from the chat: nothing can be delivered there.
            log.info("telegram refused delivery (bot blocked or removed); replies dropped")

    async def _on_message(self, message: Message) -> None:
        """Answer a new message: text goes to the engine, other content gets a notice."""
        chat_id = message.chat.id
        if message.chat.type != ChatType.PRIVATE:
            if self._addressed(message):
                await self._render(chat_id, [Reply(PRIVATE_ONLY)], reply_to=message.message_id)
            return
        async with self._lock(chat_id):
            if message.text is not None:
                # The Telegram user is the client whose status lookups are limited, whatever chats it opens.
                user = str(message.from_user.id) if message.from_user else None
                replies = await self.engine.handle(Incoming(CHANNEL, str(chat_id), text=message.text, client=user))
                await self._render(chat_id, replies)
            elif message.photo or message.document:
                await self._on_file(message)
            elif message.effective_attachment is not None:
                await self._render(chat_id, [Reply(TEXT_ONLY)])
            # Service messages (timer changes and the like) carry nothing to answer.

    async def _on_file(self, message: Message) -> None:
        """Hand a photo or document to the engine as an upload (the wizard checks its content)."""
        chat_id = message.chat.id
        attachment: PhotoSize | Document
        if message.photo:
            # The largest size Telegram made of the photo.
            attachment, name = message.photo[-1], "photo.jpg"
        elif message.document is not None:
            attachment, name = message.document, message.document.file_name or "document"
        else:  # only photos and documents are routed here
            return
        if (attachment.file_size or 0) > MAX_UPLOAD_BYTES:
            await self._render(chat_id, [Reply("文件太大，请上传不超过10MB的文件。")])
            return
        telegram_file = await attachment.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
        upload = File(name=name, mime="application/octet-stream", data=data)
        replies = await self.engine.handle(Incoming(CHANNEL, str(chat_id), upload=upload))
        await self._render(chat_id, replies)

    async def _on_button(self, query: CallbackQuery) -> None:
        """Answer a pressed inline button: acknowledge it, hand its action to the engine, retire its keyboard."""
        message = query.message
        if message is None or query.data is None:
            # Inline-mode or game buttons: never sent by this bot.
            await self._answer(query)
            return
        chat_id = message.chat.id
        if message.chat.type != ChatType.PRIVATE:
            await self._answer(query, PRIVATE_ONLY)
            return
        async with self._lock(chat_id):
            await self._answer(query)
            replies = await self.engine.handle(Incoming(CHANNEL, str(chat_id), action=query.data))
            await self._remove_keyboard(message)
            await self._render(chat_id, replies)

    async def _answer(self, query: CallbackQuery, text: str = PRESSED) -> None:
        """Stop the button's spinner with a short toast."""
        try:
            await query.answer(text=text)
        except BadRequest as exc:
            # The query is too old (the user waited long): the press is still handled.
            log.debug("answerCallbackQuery failed: %s", type(exc).__name__)

    async def _remove_keyboard(self, message: MaybeInaccessibleMessage) -> None:
        """Take the pressed keyboard off its message so old buttons are not pressed again."""
        try:
            await self.application.bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=message.message_id, reply_markup=None
            )
        except BadRequest as exc:
            # Not modified, too old or deleted: the keyboard is cosmetic, the press was handled anyway.
            log.debug("removing a keyboard failed: %s", type(exc).__name__)

    def _addressed(self, message: Message) -> bool:
        """Whether a group message is a command, mention or reply meant for this bot."""
        bot = self.application.bot
        username = (bot.username or "").lower()
        text = message.text or message.caption or ""
        if text.startswith("/"):
            # /start reaches every bot in the group; /start@other_bot is not ours.
            target = text.split(maxsplit=1)[0].partition("@")[2].lower()
            return target in ("", username)
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        mentions = [
            *message.parse_entities([MessageEntity.MENTION]).values(),
            *message.parse_caption_entities([MessageEntity.MENTION]).values(),
        ]
        return f"@{username}" in (mention.lower() for mention in mentions)

    async def push(self, chat_id: str, text: str) -> bool:
        """Send a notice to a chat; False if Telegram could not take it now (it is retried later)."""
        try:
            async with self._lock(int(chat_id)):
                await self._render(int(chat_id), [Reply(text)])
        except Forbidden:
            # The user blocked the bot: retrying will not help.
            log.info("a notice was refused: the user blocked the bot")
        except TelegramError as exc:
            log.warning("sending a notice failed: %s", type(exc).__name__)
            return False
        return True

    async def _render(self, chat_id: int, replies: list[Reply], *, reply_to: int | None = None) -> None:
        """Send replies in order; only the first message quotes `reply_to`."""
        for reply in replies:
            await self._send_reply(chat_id, reply, reply_to)
            reply_to = None

    async def _send_reply(self, chat_id: int, reply: Reply, reply_to: int | None) -> None:
        """Send one reply as HTML pieces, its keyboard under the last piece, then its files."""
        bot = self.application.bot
        keyboard = _keyboard(reply.buttons)
        # Telegram rejects whitespace-only messages.
        pieces = [piece for piece in _html_pieces(reply.text) if piece.strip()]
        quote = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        for index, piece in enumerate(pieces):
            await bot.send_message(
                chat_id,
                piece,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard if index == len(pieces) - 1 else None,
                reply_parameters=quote if index == 0 else None,
            )
        for index, file in enumerate(reply.files):
            # Without text the keyboard rides on the last file.
            last = not pieces and index == len(reply.files) - 1
            await self._send_file(chat_id, file, keyboard if last else None)

    async def _send_file(self, chat_id: int, file: File, keyboard: InlineKeyboardMarkup | None) -> None:
        """Send a file: images as photos, everything else (and refused photos) as documents."""
        bot = self.application.bot
        data = file.data if file.data is not None else await asyncio.to_thread(file.read_bytes)
        upload = InputFile(data, filename=file.name)
        # PTB guesses the type from the name; the reply knows it.
        upload.mimetype = file.mime
        if file.mime.startswith("image/"):
            try:
                await bot.send_photo(chat_id, upload, reply_markup=keyboard)
                return
            except BadRequest as exc:
                # Telegram refuses some images as photos (SVG, too large, odd proportions); a document always goes.
                log.info("sending an image as photo failed (%s); sending it as a document", type(exc).__name__)
        await bot.send_document(chat_id, upload, reply_markup=keyboard)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log a failed update by exception type and place only, and apologise in a private chat."""
        error = context.error
        frames = traceback.extract_tb(error.__traceback__) if error is not None else []
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        log.error("handling a telegram update failed: %s at %s", type(error).__name__, where)
        if not isinstance(update, Update):
            return
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE:
            return
        try:
            await context.bot.send_message(chat.id, APOLOGY)
        except TelegramError as exc:
            log.warning("sending the apology failed: %s", type(exc).__name__)


def _on_polling_error(error: TelegramError) -> None:
    """Log a failed getUpdates by type only; PTB retries on its own."""
    log.warning("polling telegram failed: %s", type(error).__name__)


def _file_url(base_url: str) -> str | None:
    """The file-download URL of the Bot API server behind `base_url` (".../bot" → ".../file/bot")."""
    head, found, tail = base_url.rpartition("/bot")
    return f"{head}/file/bot{tail}" if found else None


def _html_pieces(text: str) -> list[str]:
    """The text HTML-escaped and cut at line breaks into pieces of at most MAX_REPLY_CHARS."""
    # Escaping lengthens the text, and a cut must never split an entity such as &lt;, so cut the plain text
    # and shrink the limit until every escaped piece fits.
    limit = MAX_REPLY_CHARS
    while True:
        pieces = [html.escape(piece, quote=False) for piece in split_text(text, limit=limit)]
        longest = max(len(piece) for piece in pieces)
        if longest <= MAX_REPLY_CHARS:
            return pieces
        limit = max(1, min(limit - 1, limit * MAX_REPLY_CHARS // longest))


def _keyboard(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """Button rows as an inline keyboard whose callback data is each button's action."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(button.label, callback_data=button.action) for button in row] for row in buttons]
    )
