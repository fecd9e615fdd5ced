"""The `gongkai` command line: chat, ask, fee, deadline."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

from bot.config import Config, ConfigError, load_config

log = logging.getLogger(__name__)

EXIT_USAGE = 2


def _positive_int(raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{raw}”不是整数") from exc


def _iso_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{raw}”不是有效日期，请用 YYYY-MM-DD 格式，例如 2026-11-25") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="gongkai", description="济南市历下区政府信息公开助手")
    parser.add_argument("--config", type=Path, help="配置文件路径（默认读取 $GONGKAI_CONFIG，否则用内置默认值）")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("serve", help="启动网页对话（以及配置了 token 时的 Telegram）")

    chat = commands.add_parser("chat", help="在终端里对话")
    chat.add_argument("--chat-id", help="会话编号；交互模式默认 local，管道输入默认每次新建")

    ask = commands.add_parser("ask", help="回答一个问题并打印")
    ask.add_argument("question", nargs="?", help="问题")
    ask.add_argument("--jsonl", action="store_true", help='从标准输入逐行读取 {"q": "..."}，逐行输出 JSON 答案')

    fee = commands.add_parser("fee", help="计算信息处理费")
    basis = fee.add_mutually_exclusive_group(required=True)
    basis.add_argument("--items", type=_positive_int, help="同一申请人一个自然月内累计的申请件数")
    basis.add_argument("--pages", type=_positive_int, help="一件申请的页数")

    deadline = commands.add_parser("deadline", help="计算 N 个工作日后的日期")
    deadline.add_argument("start", type=_iso_date, help="起算日（不计当日），YYYY-MM-DD")
    deadline.add_argument("--days", type=_positive_int, default=20, help="工作日数，默认 20")
    deadline.add_argument("--extended", action="store_true", help="同时给出延长 20 个工作日后的日期")
    return parser


def _answer_lines(lines: Iterable[str], answer) -> Iterator[dict]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            question = json.loads(line)["q"]
            if not isinstance(question, str):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError):
            yield {
                "answer": f'第{number}行不是有效的 {{"q": "..."}} JSON。',
                "matched": False,
                "source": None,
            }
            continue
        result = answer(question)
        yield {"answer": result.render(), "matched": result.matched, "source": result.source}


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


def cmd_fee(args: argparse.Namespace, out: TextIO) -> int:
    """Print a fee with its breakdown."""
    from knowledge.fees import QuantityError, fee_by_items, fee_by_pages

    try:
        breakdown = fee_by_items(args.items) if args.items is not None else fee_by_pages(args.pages)
    except QuantityError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    print(breakdown.describe(), file=out)
    return 0


def cmd_deadline(args: argparse.Namespace, out: TextIO) -> int:
    """Print the N-th working day after a date with its explanation."""
    from knowledge.workdays import default_calendar, format_date

    calendar = default_calendar()
    try:
        due = calendar.working_days_after(args.start, args.days)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    print(due.explain(), file=out)
    if args.extended:
        extended = calendar.working_days_after(due.due, 20)
        print(f"\n延长20个工作日后最晚为{format_date(extended.due)}：\n{extended.explain()}", file=out)
    return 0


def cmd_chat(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Run the terminal chat against the configured store."""
    from bot.channels.console import ConsoleChannel
    from bot.engine import Engine
    from bot.services import build_services
    from bot.store import Store

    interactive = sys.stdin.isatty()
    # A piped script gets a chat of its own unless it names one, so earlier runs cannot steer it.
    chat_id = args.chat_id or ("local" if interactive else f"pipe-{uuid.uuid4().hex[:12]}")
    store = Store.open(config.store.path)
    try:
        engine = Engine(store, build_services(config, store=store))
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


def cmd_serve(config: Config, out: TextIO) -> int:
    """Run the servers until interrupted."""
    from bot.serve import serve

    try:
        asyncio.run(serve(config, out=out))
    except OSError as exc:
        print(f"无法在 {config.web.host}:{config.web.port} 上启动：{exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


# At INFO httpx logs every request URL, which holds the bot token; at DEBUG PTB logs every parameter,
# message texts included. These stay capped whatever level the operator picks.
QUIET_LOGGERS = {"httpx": logging.WARNING, "telegram": logging.INFO}


def configure_logging(level: str) -> None:
    """Set up logging once for the whole process, keeping tokens and message texts out of it."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name, floor in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `gongkai` command."""
    args = build_parser().parse_args(argv)
    # Chinese in and out, whatever the terminal's locale says.
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        config = load_config(args.config)
        configure_logging(config.log.level)
        if args.command == "ask":
            return cmd_ask(args, config, sys.stdout)
        if args.command == "fee":
            return cmd_fee(args, sys.stdout)
        if args.command == "deadline":
            return cmd_deadline(args, sys.stdout)
        if args.command == "serve":
            return cmd_serve(config, sys.stdout)
        return cmd_chat(args, config, sys.stdout)
    except ConfigError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
