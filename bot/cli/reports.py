"""`gongkai reports`: check the published annual reports, or generate a year's table from the request store."""

from __future__ import annotations

import argparse
from typing import TextIO

from bot.cli.common import open_store, positive_int
from bot.config import Config


def register(commands: argparse._SubParsersAction) -> None:
    """The `reports` subcommands."""
    reports = commands.add_parser("reports", help="年度报告：核对已发布报告的数字，或从申请库生成年度表格")
    actions = reports.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="核对已发布年度报告的表格、正文与上下年结转，列出每处不一致")
    check.set_defaults(func=cmd_check)
    generate = actions.add_parser("generate", help="从申请库生成某年的《收到和处理政府信息公开申请情况》表")
    generate.add_argument("year", type=positive_int, help="年份，如 2026")
    generate.add_argument("--format", choices=("text", "csv", "json"), default="text", help="输出格式，默认 text")
    generate.set_defaults(func=cmd_generate)


def cmd_check(_args: argparse.Namespace, _config: Config, out: TextIO) -> int:
    """Print every discrepancy in the agency's committed report data, then how many there are."""
    from knowledge.guide import DEFAULT_AGENCY
    from knowledge.reports import check_reports, load_reports

    found = check_reports(load_reports(DEFAULT_AGENCY))
    for discrepancy in found:
        print(discrepancy.render(), file=out)
    unverifiable = sum(1 for d in found if not d.is_inconsistency)
    if unverifiable:
        print(f"另有{unverifiable}项无法核对（见上）。", file=out)
    print(f"共发现{sum(1 for d in found if d.is_inconsistency)}处不一致", file=out)
    return 0


def cmd_generate(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print a year's table of the requests in the configured store."""
    from bot.report_output import generate_command
    from bot.requests.repository import RequestStore
    from bot.services import tracking_prefix
    from knowledge.workdays import default_calendar

    store = open_store(config)
    try:
        return generate_command(
            RequestStore(store, calendar=default_calendar(), prefix=tracking_prefix(config)),
            args.year,
            fmt=args.format,
            out=out,
        )
    finally:
        store.close()
