"""`gongkai serve`, `gongkai chat` and `gongkai ask`: the assistant on the web and Telegram, in a terminal, or one
question at a time."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from bot.bounded_json import MAX_DOCUMENT_BYTES, JsonRefused, parse_json
from bot.cli.common import EXIT_USAGE, CommandError, open_store
from bot.config import Config

if TYPE_CHECKING:
    from knowledge.context import Focus


def register(commands: argparse._SubParsersAction) -> None:
    """The `serve`, `chat` and `ask` subcommands."""
    commands.add_parser("serve", help="启动网页对话（以及配置了 token 时的 Telegram）").set_defaults(func=cmd_serve)

    chat = commands.add_parser("chat", help="在终端里对话")
    chat.add_argument("--chat-id", help="会话编号；交互模式默认 local，管道输入默认每次新建")
    chat.set_defaults(func=cmd_chat)

    ask = commands.add_parser("ask", help="回答一个问题并打印")
    ask.add_argument("question", nargs="?", help="问题")
    ask.add_argument("--jsonl", action="store_true", help='从标准输入逐行读取 {"q": "..."}，逐行输出 JSON 答案')
    ask.set_defaults(func=cmd_ask)


def _answer_lines(lines: Iterable[str], answer) -> Iterator[dict]:
    """Answer JSON lines; lines with the same "chat" are one conversation, in order."""
    focus: dict[str, Focus | None] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = parse_json(line, max_bytes=MAX_DOCUMENT_BYTES)
            question, chat = item["q"], item.get("chat")
            if not isinstance(question, str) or not isinstance(chat, str | int | None):
                raise TypeError
        except (JsonRefused, KeyError, TypeError):
            yield {
                "answer": f'第{number}行不是有效的 {{"q": "...", "chat"?: "..."}} JSON。',
                "matched": False,
                "source": None,
            }
            continue
        result = answer(question, focus.get(str(chat)) if chat is not None else None)
        if chat is not None and not result.invalid:
            focus[str(chat)] = result.focus
        row = {"answer": result.render(), "matched": result.matched, "source": result.source}
        if result.clarify:
            row["clarify"] = [label for label, _ in result.clarify]
        yield row


def cmd_ask(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print the answer to one question, or answer a JSON-lines stream."""
    from bot.services import build_services

    answerer = build_services(config).answerer
    if args.jsonl:
        for row in _answer_lines(sys.stdin, answerer.answer):
            print(json.dumps(row, ensure_ascii=False), file=out, flush=True)
        return 0
    if args.question is None:
        print('请给出问题，例如：gongkai ask "受理机构电话"', file=sys.stderr)
        return EXIT_USAGE
    print(answerer.answer(args.question).render(), file=out)
    return 0


def cmd_chat(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Run the terminal chat against the configured store."""
    from bot.channels.console import ConsoleChannel
    from bot.engine import Engine
    from bot.services import build_services, open_requests

    interactive = sys.stdin.isatty()
    # A piped script gets a chat of its own unless it names one, so earlier runs cannot steer it.
    chat_id = args.chat_id or ("local" if interactive else f"pipe-{uuid.uuid4().hex[:12]}")
    store = open_store(config)
    try:
        engine = Engine(store, build_services(config, requests=open_requests(config, store)))
        channel = ConsoleChannel(engine, chat_id=chat_id, out=out, downloads=config.store.path.parent / "downloads")
        if interactive:
            asyncio.run(channel.run_interactive())
        else:
            asyncio.run(channel.run_lines(sys.stdin))
    except KeyboardInterrupt:
        print("\n再见！", file=out)
    finally:
        store.close()
    return 0


def cmd_serve(_args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Run the servers until interrupted."""
    from bot.crypto import VaultError
    from bot.serve import serve

    try:
        asyncio.run(serve(config, out=out))
    except VaultError as exc:
        raise CommandError(f"加密密钥错误：{exc}") from exc
    except OSError as exc:
        print(f"无法在 {config.web.host}:{config.web.port} 上启动：{exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
