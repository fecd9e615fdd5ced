"""`gongkai staff`: named staff accounts for the staff pages and the admin API: add, list, disable, reset, token."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from bot.cli.common import CommandError, open_store
from bot.config import Config

ROLES = ("viewer", "clerk", "admin")


def register(commands: argparse._SubParsersAction) -> None:
    """The `staff` subcommands."""
    staff = commands.add_parser("staff", help="工作人员账号：添加、列出、停用、重置密码、API 令牌")
    staff.set_defaults(func=cmd_staff)
    actions = staff.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="添加账号（提示输入密码；非终端时从标准输入读取）")
    add.add_argument("name", help="用户名（登录用）")
    add.add_argument("--role", choices=ROLES, required=True, help="viewer 查看员 / clerk 经办人 / admin 管理员")
    actions.add_parser("list", help="列出账号")
    disable = actions.add_parser("disable", help="停用账号（立即退出登录，API 令牌失效）")
    disable.add_argument("name")
    reset = actions.add_parser("reset", help="重置密码并解除锁定、重新启用（可同时改角色）")
    reset.add_argument("name")
    reset.add_argument("--role", choices=ROLES, help="新的角色")
    token = actions.add_parser("token", help="为账号生成 admin API 令牌（只显示一次）")
    token.add_argument("name")


def read_password() -> str:
    """The new password: asked twice on a terminal, else the first line of standard input."""
    stdin = sys.stdin
    if stdin.isatty():
        first = getpass.getpass("密码（至少10个字符）：")
        if getpass.getpass("再输入一次：") != first:
            raise CommandError("两次输入的密码不一致")
        return first
    return stdin.readline().rstrip("\r\n")


def cmd_staff(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from bot.staff.accounts import ROLE_LABELS, AccountError, Role, StaffAccounts

    store = open_store(config)
    try:
        accounts = StaffAccounts(store, idle_seconds=config.staff.idle_minutes * 60)
        if args.action == "add":
            member = accounts.add(args.name, Role(args.role), read_password())
            print(f"已添加账号 {member.label}。登录：/staff/login", file=out)
        elif args.action == "list":
            members = accounts.members()
            for member in members:
                state = "（已停用）" if member.disabled else ""
                print(f"{member.name}\t{ROLE_LABELS[member.role]}{state}", file=out)
            if not members:
                print("还没有账号。添加：gongkai staff add 姓名 --role admin", file=out)
        elif args.action == "disable":
            accounts.disable(args.name)
            print(f"已停用账号 {args.name}，其登录和 API 令牌已失效。", file=out)
        elif args.action == "reset":
            accounts.reset(args.name, read_password(), role=Role(args.role) if args.role else None)
            print(f"已重置账号 {args.name} 的密码，账号已启用并解除锁定。", file=out)
        else:
            token = accounts.new_token(args.name)
            print(f"账号 {args.name} 的 admin API 令牌（只显示这一次，请妥善保存）：", file=out)
            print(token, file=out)
    except AccountError as exc:
        raise CommandError(str(exc), 1) from None
    finally:
        store.close()
    return 0
