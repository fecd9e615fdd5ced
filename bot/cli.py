"""The `gongkai` command line: chat, ask, fee, deadline, and the staff's requests and backup."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sqlite3
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.bounded_json import MAX_DOCUMENT_BYTES, JsonRefused, parse_json
from bot.config import Config, ConfigError, load_config
from bot.logs import OneLineFormatter, describe
from bot.private import create_private, private_dir
from knowledge.clock import Clock, set_product_clock
from knowledge.workdays import out_of_range

if TYPE_CHECKING:
    from bot.request_store import RequestStore, RequestView
    from bot.store import Store
    from knowledge.context import Focus

log = logging.getLogger(__name__)

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
# What a shell reports for a command whose reader closed the pipe (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141
# 128 + SIGINT, as a shell reports a command ended with Ctrl-C.
EXIT_INTERRUPTED = 130
EXIT_FAILED = 1
EXPORT_COLUMNS = (
    "tracking_no",
    "status",
    "received_on",
    "due_on",
    "overdue",
    "outcome",
    "channel",
    "applicant_type",
    "created_at",
)
APPLICANT_TYPE_LABELS = {"citizen": "公民", "organisation": "法人或其他组织"}


class CommandError(Exception):
    """A one-line Chinese message for stderr and the exit status that goes with it."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def _positive_int(raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{raw}”不是整数") from exc


def _iso_date(raw: str) -> date:
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{raw}”不是有效日期，请用 YYYY-MM-DD 格式，例如 2026-11-25") from exc
    if (problem := out_of_range(day)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return day


def config_first(argv: list[str]) -> list[str]:
    """The arguments with a --config given after the subcommand ("gongkai serve --config FILE") moved before it,
    where the parser reads it; anything after "--" is left alone."""
    end = argv.index("--") if "--" in argv else len(argv)
    for i, arg in enumerate(argv[:end]):
        if arg.startswith("--config="):
            return [arg, *argv[:i], *argv[i + 1 :]]
        if arg == "--config" and i + 1 < end:
            return [arg, argv[i + 1], *argv[:i], *argv[i + 2 :]]
    return argv


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

    check = commands.add_parser("check", help="检查所需信息的描述是否明确，打印 JSON")
    check.add_argument("text", nargs="?", default="", help="所需信息的描述")

    _add_requests_parser(commands)
    backup = commands.add_parser("backup", help="在线备份数据库到一个新文件")
    backup.add_argument("path", type=Path, help="备份文件路径")
    backup.add_argument("--force", action="store_true", help="覆盖已存在的文件")

    key = commands.add_parser("key", help="加密个人信息的密钥：生成、轮换、重新加密")
    key_actions = key.add_subparsers(dest="action", required=True)
    key_actions.add_parser("new", help="打印一个新密钥（用于 GONGKAI_KEY 或 [store] key）")
    key_actions.add_parser("rotate", help="在密钥文件最前面加入新密钥（旧密钥留作读取），并用它重新加密全部个人信息")
    key_actions.add_parser("reencrypt", help="用第一个密钥重新加密全部个人信息（更换 GONGKAI_KEY 之后运行）")
    return parser


def _add_requests_parser(commands: argparse._SubParsersAction) -> None:
    """The `requests` subcommands staff use to register and move requests."""
    reports = commands.add_parser("reports", help="年度报告：核对已发布报告的数字，或从申请库生成年度表格")
    report_actions = reports.add_subparsers(dest="action", required=True)
    report_actions.add_parser("check", help="核对已发布年度报告的表格、正文与上下年结转，列出每处不一致")
    generate = report_actions.add_parser("generate", help="从申请库生成某年的《收到和处理政府信息公开申请情况》表")
    generate.add_argument("year", type=_positive_int, help="年份，如 2026")
    generate.add_argument("--format", choices=("text", "csv", "json"), default="text", help="输出格式，默认 text")

    requests = commands.add_parser("requests", help="登记和办理政府信息公开申请（工作人员使用）")
    actions = requests.add_subparsers(dest="action", required=True)

    add = actions.add_parser("add", help="登记一件申请（JSON 来自 --json、--file 或标准输入）")
    source = add.add_mutually_exclusive_group()
    source.add_argument("--json", dest="json_text", metavar="JSON", help="申请的 JSON 对象")
    source.add_argument("--file", type=Path, metavar="PATH", help="含申请 JSON 的文件")

    event = actions.add_parser("event", help="记录一个办理事件")
    event.add_argument("number", metavar="NO", help="申请编号，例如 LX2026-000123")
    event.add_argument("--type", required=True, help="事件类型，例如 receive、extend、reply")
    event.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="事件日期")
    event.add_argument("--until", metavar="YYYY-MM-DD", help="补正期限（request_supplement）")
    event.add_argument("--amount", metavar="N", help="收费金额，元（fee_notice）")
    event.add_argument("--outcome", metavar="CODE", help="办理结果代码（reply）")
    event.add_argument("--note", help="备注")

    show = actions.add_parser("show", help="显示一件申请的状态、期限说明和事件记录")
    show.add_argument("number", metavar="NO", help="申请编号")
    show.add_argument("--json", action="store_true", help="输出 JSON")

    listing = actions.add_parser("list", help="列出申请，每行一件")
    listing.add_argument("--status", help="只列出该状态，例如 processing")
    listing.add_argument("--overdue", action="store_true", help="只列出已逾期的")
    listing.add_argument("--due-within", metavar="N", help="只列出 N 个工作日内到期的（0–60）")
    listing.add_argument("--json", action="store_true", help="每行输出一个 JSON 对象")

    export = actions.add_parser("export", help="导出全部申请")
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="csv（默认，不含个人信息）或 json")
    export.add_argument("--output", type=Path, metavar="PATH", help="写入文件（默认打印到标准输出）")


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


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """Print the specificity check of a description as JSON."""
    from knowledge.specificity import check_description
    from knowledge.text import normalize

    if not normalize(args.text):
        print('请给出所需信息的描述，例如：gongkai check "2021年历下区政府关于某某项目的批复文件"', file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(check_description(args.text).to_json(), ensure_ascii=False), file=out)
    return 0


def cmd_chat(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Run the terminal chat against the configured store."""
    from bot.channels.console import ConsoleChannel
    from bot.engine import Engine
    from bot.services import build_services

    interactive = sys.stdin.isatty()
    # A piped script gets a chat of its own unless it names one, so earlier runs cannot steer it.
    chat_id = args.chat_id or ("local" if interactive else f"pipe-{uuid.uuid4().hex[:12]}")
    store = _open_store(config)
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


def _read_request_json(args: argparse.Namespace) -> Any:
    """The new request's JSON from --json, --file or piped standard input."""
    if args.json_text is not None:
        text = args.json_text
    elif args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"无法读取文件 {args.file}：{exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"文件 {args.file} 不是 UTF-8 编码的文本") from exc
    elif not sys.stdin.isatty():
        text = sys.stdin.read()
    else:
        raise CommandError("请用 --json、--file 或标准输入提供申请的 JSON 对象")
    try:
        return parse_json(text, max_bytes=MAX_DOCUMENT_BYTES)
    except JsonRefused as exc:
        raise CommandError(f"申请的 JSON {exc.zh}") from exc


def _clock_line(view: RequestView) -> str:
    """Where the request's clock stands, in one line."""
    from knowledge.lifecycle import OUTCOMES, Status
    from knowledge.workdays import format_date

    clock = view.clock
    if clock.final:
        outcome = f"：{OUTCOMES[clock.outcome]}" if clock.outcome else ""
        return f"已于{format_date(clock.closed_on)}办结{outcome}" if clock.closed_on else f"已办结{outcome}"
    if clock.due_on is not None:
        left = "已逾期" if clock.overdue else f"还剩{clock.working_days_left}个工作日"
        provisional = "；该年度节假日安排尚未载入，日期为暂定" if clock.provisional else ""
        return f"答复期限：{format_date(clock.due_on)}（{left}{provisional}）"
    if clock.applicant_deadline is not None:
        action = "补正" if clock.status is Status.AWAITING_SUPPLEMENT else "缴费"
        lapsed = "，已过期，依法视为放弃" if clock.lapsed else ""
        return f"期限暂停：申请人应于{format_date(clock.applicant_deadline)}前{action}{lapsed}"
    if clock.status is Status.CONSULTING:
        return "期限暂停：正在征求第三方或其他机关意见"
    return "尚未记录收到日期，期限未开始计算"


def _summary(view: RequestView) -> str:
    """A request for staff in Chinese: status, clock, explanation and history."""
    from bot.request_store import CHANNELS
    from knowledge.workdays import format_date

    clock = view.clock
    kind = APPLICANT_TYPE_LABELS.get(view.applicant_type, view.applicant_type)
    lines = [
        f"申请 {view.tracking_no}",
        f"状态：{clock.label}（{clock.status.value}）",
        _applicant_line(view, kind),
        f"提交渠道：{CHANNELS.get(view.channel, view.channel)}",
        f"所需信息：{view.description}",
        f"收到日期：{format_date(clock.received_on) if clock.received_on else '尚未记录'}",
        _clock_line(view),
    ]
    if clock.explanation:
        lines.append("期限说明：")
        lines.extend(f"  {line}" for line in clock.explanation)
    lines.append("事件记录：")
    if not view.events:
        lines.append("  （暂无）")
    lines.extend(_event_line(recorded.to_json()) for recorded in view.events)
    return "\n".join(lines)


def _applicant_line(view: RequestView, kind: str) -> str:
    """Who applied, in full (staff see the real details), or why the details are gone."""
    from bot.request_store import REMOVED, UNREADABLE_KEY

    applicant = view.applicant
    if REMOVED in applicant:
        return f"申请人：个人信息已于{applicant[REMOVED]}按保存期限删除（{kind}）"
    if UNREADABLE_KEY in applicant:
        return f"申请人：{applicant[UNREADABLE_KEY]}（{kind}）"
    return f"申请人：{applicant.get('name', '')}（{kind}）；电话：{applicant.get('phone', '')}"


def _event_line(item: dict[str, Any]) -> str:
    """One recorded event of a request's history."""
    details = []
    if "outcome_label" in item:
        details.append(item["outcome_label"])
    if "until" in item:
        details.append(f"期限 {item['until']}")
    if "amount" in item:
        details.append(f"{item['amount']}元")
    if "note" in item:
        # A note may hold line breaks; the history keeps one line per event.
        details.append(f"备注“{' '.join(item['note'].split())}”")
    extra = f"：{'；'.join(details)}" if details else ""
    return f"  {item['on']} {item['label']}（{item['type']}）{extra}"


def _list_line(view: RequestView) -> str:
    """One request in a listing."""
    clock = view.clock
    received = clock.received_on.isoformat() if clock.received_on else "—"
    due = clock.due_on.isoformat() if clock.due_on else "—"
    flag = "  逾期" if clock.overdue else ""
    return f"{view.tracking_no}  {clock.status.value:<19}  收到 {received}  期限 {due}{flag}  {clock.label}"


def _due_within(raw: str | None) -> int | None:
    """The --due-within filter, checked as the admin API checks it."""
    if raw is None:
        return None
    from bot.admin import MAX_DUE_WITHIN_DAYS, parse_due_within
    from bot.request_store import InputError

    try:
        return parse_due_within(raw)
    except InputError as exc:
        raise CommandError(f"--due-within 必须是 0 到 {MAX_DUE_WITHIN_DAYS} 之间的整数（工作日）") from exc


def requests_add(args: argparse.Namespace, requests: RequestStore, out: TextIO) -> int:
    """Register a request and print its number and, this once, its query code."""
    created = requests.create(_read_request_json(args))
    print(f"已登记申请 {created.view.tracking_no}", file=out)
    print(f"查询码（只显示这一次）：{created.query_code}", file=out)
    print(f"状态：{created.view.clock.label}；{_clock_line(created.view)}", file=out)
    return 0


def requests_event(args: argparse.Namespace, requests: RequestStore, out: TextIO) -> int:
    """Record an event and print the new status and due date."""
    raw: dict[str, Any] = {"type": args.type, "on": args.on}
    if args.amount is not None:
        try:
            raw["amount"] = int(args.amount.strip())
        except ValueError as exc:
            raise CommandError("--amount 必须是正整数（元）") from exc
    for key in ("until", "outcome", "note"):
        if getattr(args, key) is not None:
            raw[key] = getattr(args, key)
    try:
        view = requests.add_event(args.number, raw)
    except KeyError as exc:
        raise CommandError(f"找不到申请 {args.number}", EXIT_NOT_FOUND) from exc
    recorded = view.events[-1].to_json()
    print(f"已记录 {view.tracking_no}：{recorded['on']} {recorded['label']}", file=out)
    print(f"状态：{view.clock.label}（{view.clock.status.value}）", file=out)
    print(_clock_line(view), file=out)
    return 0


def requests_show(args: argparse.Namespace, requests: RequestStore, out: TextIO) -> int:
    """Print one request as a Chinese summary or as JSON."""
    view = requests.get(args.number)
    if view is None:
        raise CommandError(f"找不到申请 {args.number}", EXIT_NOT_FOUND)
    print(json.dumps(view.to_json(), ensure_ascii=False, indent=2) if args.json else _summary(view), file=out)
    return 0


def requests_list(args: argparse.Namespace, requests: RequestStore, out: TextIO) -> int:
    """Print the matching requests, one a line."""
    views = requests.list(status=args.status, overdue=args.overdue, due_within_days=_due_within(args.due_within))
    for view in views:
        print(json.dumps(view.to_json(), ensure_ascii=False) if args.json else _list_line(view), file=out)
    if not views and not args.json:
        print("没有符合条件的申请。", file=sys.stderr)
    return 0


def _write_export(views: Iterable[RequestView], fmt: str, out: TextIO) -> None:
    """Write the requests to `out` as CSV or JSON."""
    import csv

    if fmt == "json":
        json.dump({"requests": [view.to_json() for view in views]}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for view in views:
        # Applicant type only: the CSV goes to spreadsheets and reports, so no names, phones or addresses.
        data = view.to_json()
        data["overdue"] = "true" if data["overdue"] else "false"
        writer.writerow(["" if data[column] is None else data[column] for column in EXPORT_COLUMNS])


def requests_export(args: argparse.Namespace, requests: RequestStore, out: TextIO) -> int:
    """Write every request as CSV (no personal data) or JSON (everything but the query code)."""
    views = requests.export()
    if args.output is None:
        _write_export(views, args.format, out)
        return 0
    partial = args.output.with_name(f".{args.output.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        private_dir(args.output.parent)
        # The JSON holds applicants' details: the file is the service user's alone (0600) from its first byte.
        with os.fdopen(create_private(partial), "w", encoding="utf-8", newline="") as fh:
            _write_export(views, args.format, fh)
        # Renamed into place so a reader never sees half an export.
        os.replace(partial, args.output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CommandError(f"无法写入 {args.output}：{exc.strerror or exc}", 1) from exc
    print(f"已导出到 {args.output}", file=out)
    return 0


REQUEST_ACTIONS: dict[str, Callable[[argparse.Namespace, Any, TextIO], int]] = {
    "add": requests_add,
    "event": requests_event,
    "show": requests_show,
    "list": requests_list,
    "export": requests_export,
}


def _open_store(config: Config) -> Store:
    """The configured store, or a one-line error when the file or its keys cannot be opened (or it stays locked)."""
    from bot.crypto import VaultError
    from bot.store import Store

    try:
        return Store.from_config(config.store)
    except VaultError as exc:
        raise CommandError(f"加密密钥错误：{exc}") from exc
    except (OSError, sqlite3.Error) as exc:
        raise CommandError(f"无法打开数据库 {config.store.path}：{exc}", 1) from exc


def cmd_requests(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Run a `requests` subcommand against the configured store."""
    from bot.request_store import InputError, RequestStore
    from knowledge.lifecycle import EventError
    from knowledge.workdays import default_calendar

    store = _open_store(config)
    try:
        return REQUEST_ACTIONS[args.action](args, RequestStore(store, calendar=default_calendar()), out)
    except (InputError, EventError) as exc:
        raise CommandError(f"输入有误：{exc.zh}") from exc
    except sqlite3.Error as exc:
        raise CommandError(f"数据库错误：{exc}", 1) from exc
    finally:
        store.close()


def _single_file(path: Path) -> None:
    """Take a copy out of WAL mode, so it is one self-contained file that opens read-only anywhere."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def cmd_reports(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Check the published reports, or generate a year's table from the request store."""
    if args.action == "check":
        from knowledge.report_check import main as check_reports

        return check_reports([])
    from bot.report_table import generate_command
    from bot.request_store import RequestStore
    from knowledge.workdays import default_calendar

    store = _open_store(config)
    try:
        return generate_command(RequestStore(store, calendar=default_calendar()), args.year, fmt=args.format, out=out)
    finally:
        store.close()


def cmd_key(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print a new key; or put a new key first in the key file and seal everything again with the first key."""
    from bot.crypto import VaultError, key_file_for, new_key, read_key_file, write_key_file
    from bot.request_store import RequestStore
    from knowledge.workdays import default_calendar

    if args.action == "new":
        print(new_key(), file=out)
        return 0
    settings = config.store
    if args.action == "rotate":
        if settings.key:
            raise CommandError(
                "密钥来自 GONGKAI_KEY 或 [store] key，不能自动轮换：请用 gongkai key new 生成新密钥，"
                "放在原有密钥前面（用逗号分隔），然后运行 gongkai key reencrypt"
            )
        key_file = settings.key_file or key_file_for(settings.path)
        try:
            old = [key.decode("ascii") for key in read_key_file(key_file)]
        except VaultError as exc:
            raise CommandError(f"加密密钥错误：{exc}", 1) from exc
        write_key_file(key_file, [new_key(), *old])
        kept = f"原有的 {len(old)} 个密钥保留在其后，用于读取旧数据和旧备份。"
        print(f"已在 {key_file} 的最前面加入新密钥；{kept}", file=out)
    store = _open_store(config)
    try:
        applicants = RequestStore(store, calendar=default_calendar()).reseal_applicants()
        sessions = store.reseal_sessions()
    except VaultError as exc:
        raise CommandError(f"重新加密失败：{exc}", 1) from exc
    finally:
        store.close()
    print(f"已用第一个密钥重新加密 {applicants} 件申请的申请人信息和 {sessions} 个会话。", file=out)
    print("旧密钥只在读取更早的备份时还需要；不再需要时可以删除。", file=out)
    return 0


def cmd_backup(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Copy the live database to a new file with SQLite's online backup."""
    source, target = config.store.path, args.path
    if not source.is_file():
        raise CommandError(f"数据库文件不存在：{source}", 1)
    if target.exists() and target.resolve() == source.resolve():
        raise CommandError("备份文件不能是数据库文件本身")
    if target.is_dir():
        raise CommandError(f"{target} 是一个目录，请给出文件路径")
    if target.exists() and not args.force:
        raise CommandError(f"文件已存在：{target}（如需覆盖请加 --force）")
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    store = _open_store(config)
    try:
        store.backup(partial)
        _single_file(partial)
        # Renamed into place, so a failed backup never leaves a half-copied file under the given name.
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise CommandError(f"备份失败：{exc}", 1) from exc
    finally:
        store.close()
    print(f"已备份到 {target}", file=out)
    return 0


# At INFO httpx logs every request URL, which holds the bot token; at DEBUG PTB logs every parameter,
# message texts included. These stay capped whatever level the operator picks.
QUIET_LOGGERS = {"httpx": logging.WARNING, "telegram": logging.INFO}


def configure_logging(level: str) -> None:
    """Set up logging once for the whole process, keeping tokens and message texts out of it."""
    # One line per record: an exception is described, not traced back, unless the level is DEBUG.
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter(tracebacks=level == "DEBUG"))
    logging.basicConfig(level=level, handlers=[handler])
    for name, floor in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `gongkai` command."""
    args = build_parser().parse_args(config_first(sys.argv[1:] if argv is None else argv))
    # Chinese in and out, whatever the terminal's locale says.
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        config = load_config(args.config)
        configure_logging(config.log.level)
        set_product_clock(Clock(config.knowledge.timezone))
        if args.command == "ask":
            return cmd_ask(args, config, sys.stdout)
        if args.command == "fee":
            return cmd_fee(args, sys.stdout)
        if args.command == "deadline":
            return cmd_deadline(args, sys.stdout)
        if args.command == "check":
            return cmd_check(args, sys.stdout)
        if args.command == "serve":
            return cmd_serve(config, sys.stdout)
        if args.command == "reports":
            return cmd_reports(args, config, sys.stdout)
        if args.command == "requests":
            return cmd_requests(args, config, sys.stdout)
        if args.command == "backup":
            return cmd_backup(args, config, sys.stdout)
        if args.command == "key":
            return cmd_key(args, config, sys.stdout)
        return cmd_chat(args, config, sys.stdout)
    except BrokenPipeError:
        # `gongkai ask … | head -1`: the reader has gone; the rest is not wanted, and no traceback either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except ConfigError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except CommandError as exc:
        # One line, whatever the message quoted from the input.
        print(" ".join(str(exc).split()), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        # Ctrl-C while a command waits (on standard input, on the database) ends it, without a traceback.
        return EXIT_INTERRUPTED
    except Exception as exc:
        # Whatever went wrong, one line, not a traceback (at [log] level = "DEBUG" the traceback is logged).
        log.debug("gongkai %s failed", args.command, exc_info=True)
        print(f"出错了，命令没有完成：{describe(exc)}", file=sys.stderr)
        return EXIT_FAILED
