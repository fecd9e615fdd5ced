"""`gongkai requests`: staff register requests, record their events, look them up and export them."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.bounded_json import MAX_DOCUMENT_BYTES, JsonRefused, parse_json
from bot.cli.common import EXIT_NOT_FOUND, CommandError, open_store
from bot.config import Config
from bot.private import create_private, private_dir
from knowledge.guide import load_guide
from knowledge.tracking import format_number

if TYPE_CHECKING:
    from bot.requests.records import RequestView
    from bot.requests.repository import RequestStore

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

# Who entered what the command line records (the history shows it beside each event).
COMMAND_LINE = "命令行"


def register(commands: argparse._SubParsersAction) -> None:
    """The `requests` subcommands staff use to register and move requests."""
    requests = commands.add_parser("requests", help="登记和办理政府信息公开申请（工作人员使用）")
    requests.set_defaults(func=cmd_requests)
    actions = requests.add_subparsers(dest="action", required=True)

    add = actions.add_parser("add", help="登记一件申请（JSON 来自 --json、--file 或标准输入）")
    source = add.add_mutually_exclusive_group()
    source.add_argument("--json", dest="json_text", metavar="JSON", help="申请的 JSON 对象")
    source.add_argument("--file", type=Path, metavar="PATH", help="含申请 JSON 的文件")
    add.set_defaults(act=requests_add)

    event = actions.add_parser("event", help="记录一个办理事件")
    event.add_argument(
        "number",
        metavar="NO",
        help=f"申请编号，例如 {format_number(2026, 123, prefix=load_guide().meta.tracking_prefix)}",
    )
    event.add_argument("--type", required=True, help="事件类型，例如 receive、extend、reply")
    event.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="事件日期")
    event.add_argument("--until", metavar="YYYY-MM-DD", help="补正期限（request_supplement）")
    event.add_argument("--amount", metavar="N", help="收费金额，元（fee_notice）")
    event.add_argument("--outcome", metavar="CODE", help="办理结果代码（reply）")
    event.add_argument("--note", help="备注")
    event.set_defaults(act=requests_event)

    show = actions.add_parser("show", help="显示一件申请的状态、期限说明和事件记录")
    show.add_argument("number", metavar="NO", help="申请编号")
    show.add_argument("--json", action="store_true", help="输出 JSON")
    show.set_defaults(act=requests_show)

    listing = actions.add_parser("list", help="列出申请，每行一件")
    listing.add_argument("--status", help="只列出该状态，例如 processing")
    listing.add_argument("--overdue", action="store_true", help="只列出已逾期的")
    listing.add_argument("--due-within", metavar="N", help="只列出 N 个工作日内到期的（0–60）")
    listing.add_argument("--json", action="store_true", help="每行输出一个 JSON 对象")
    listing.set_defaults(act=requests_list)

    export = actions.add_parser("export", help="导出全部申请")
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="csv（默认，不含个人信息）或 json")
    export.add_argument("--output", type=Path, metavar="PATH", help="写入文件（默认打印到标准输出）")
    export.set_defaults(act=requests_export)


def cmd_requests(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Run a `requests` subcommand against the configured store."""
    from bot.requests.intake import InputError
    from bot.requests.repository import RequestStore
    from bot.services import tracking_prefix
    from knowledge.lifecycle import EventError
    from knowledge.workdays import default_calendar

    store = open_store(config)
    try:
        return args.act(args, RequestStore(store, calendar=default_calendar(), prefix=tracking_prefix(config)), out)
    except (InputError, EventError) as exc:
        raise CommandError(f"输入有误：{exc.zh}") from exc
    except sqlite3.Error as exc:
        raise CommandError(f"数据库错误：{exc}", 1) from exc
    finally:
        store.close()


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
    from knowledge.lifecycle import Status, applicant_action
    from knowledge.statute import OUTCOMES
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
        lapsed = "，已过期，依法视为放弃" if clock.lapsed else ""
        action = applicant_action(clock.status, short=True)
        return f"期限暂停：申请人应于{format_date(clock.applicant_deadline)}前{action}{lapsed}"
    if clock.status is Status.CONSULTING:
        return "期限暂停：正在征求第三方或其他机关意见"
    return "尚未记录收到日期，期限未开始计算"


def _summary(view: RequestView) -> str:
    """A request for staff in Chinese: status, clock, explanation and history."""
    from bot.requests.intake import CHANNELS
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
    from bot.requests.records import REMOVED, UNREADABLE_KEY

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
    from bot.requests.intake import InputError

    try:
        return parse_due_within(raw)
    except InputError as exc:
        raise CommandError(f"--due-within 必须是 0 到 {MAX_DUE_WITHIN_DAYS} 之间的整数（工作日）") from exc


def requests_add(args: argparse.Namespace, requests: RequestStore, out: TextIO) -> int:
    """Register a request and print its number and, this once, its query code."""
    created = requests.create(_read_request_json(args), by=COMMAND_LINE)
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
        view = requests.add_event(args.number, raw, by=COMMAND_LINE)
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
    views = requests.find(status=args.status, overdue=args.overdue, due_within_days=_due_within(args.due_within))
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
