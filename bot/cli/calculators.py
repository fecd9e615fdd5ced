"""`gongkai fee`, `gongkai deadline` and `gongkai check`: the calculators and the description check."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from bot.cli.common import EXIT_USAGE, iso_date, positive_int
from bot.config import Config
from knowledge.statute import ANSWER_DAYS, EXTENSION_DAYS


def register(commands: argparse._SubParsersAction) -> None:
    """The `fee`, `deadline` and `check` subcommands."""
    fee = commands.add_parser("fee", help="计算信息处理费")
    basis = fee.add_mutually_exclusive_group(required=True)
    basis.add_argument("--items", type=positive_int, help="同一申请人一个自然月内累计的申请件数")
    basis.add_argument("--pages", type=positive_int, help="一件申请的页数")
    fee.set_defaults(func=cmd_fee)

    deadline = commands.add_parser("deadline", help="计算 N 个工作日后的日期")
    deadline.add_argument("start", type=iso_date, help="起算日（不计当日），YYYY-MM-DD")
    deadline.add_argument("--days", type=positive_int, default=ANSWER_DAYS, help=f"工作日数，默认 {ANSWER_DAYS}")
    deadline.add_argument("--extended", action="store_true", help=f"同时给出延长 {EXTENSION_DAYS} 个工作日后的日期")
    deadline.set_defaults(func=cmd_deadline)

    check = commands.add_parser("check", help="检查所需信息的描述是否明确，打印 JSON")
    check.add_argument("text", nargs="?", default="", help="所需信息的描述")
    check.set_defaults(func=cmd_check)


def cmd_fee(args: argparse.Namespace, _config: Config, out: TextIO) -> int:
    """Print a fee with its breakdown."""
    from knowledge.fees import QuantityError, fee_by_items, fee_by_pages

    try:
        breakdown = fee_by_items(args.items) if args.items is not None else fee_by_pages(args.pages)
    except QuantityError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    print(breakdown.describe(), file=out)
    return 0


def cmd_deadline(args: argparse.Namespace, _config: Config, out: TextIO) -> int:
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
        extended = calendar.working_days_after(due.due, EXTENSION_DAYS)
        print(f"\n延长{EXTENSION_DAYS}个工作日后最晚为{format_date(extended.due)}：\n{extended.explain()}", file=out)
    return 0


def cmd_check(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print the specificity check of a description to the configured agency as JSON."""
    from knowledge.guide import load_guide
    from knowledge.specificity import check_description
    from knowledge.specificity.issues import vague_example
    from knowledge.text import normalize

    guide = load_guide(config.knowledge.agency)
    if not normalize(args.text):
        print(f'请给出所需信息的描述，例如：gongkai check "{vague_example(guide.meta)}"', file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(check_description(args.text, guide).to_json(), ensure_ascii=False), file=out)
    return 0
