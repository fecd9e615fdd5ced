"""`gongkai key`: the keys that seal personal data: a new one, a rotation, sealing everything again."""

from __future__ import annotations

import argparse
from typing import TextIO

from bot.cli.common import CommandError, open_store
from bot.config import Config


def register(commands: argparse._SubParsersAction) -> None:
    """The `key` subcommands."""
    key = commands.add_parser("key", help="加密个人信息的密钥：生成、轮换、重新加密")
    key.set_defaults(func=cmd_key)
    actions = key.add_subparsers(dest="action", required=True)
    actions.add_parser("new", help="打印一个新密钥（用于 GONGKAI_KEY 或 [store] key）")
    actions.add_parser("rotate", help="在密钥文件最前面加入新密钥（旧密钥留作读取），并用它重新加密全部个人信息")
    actions.add_parser("reencrypt", help="用第一个密钥重新加密全部个人信息（更换 GONGKAI_KEY 之后运行）")


def cmd_key(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print a new key; or put a new key first in the key file and seal everything again with the first key."""
    from bot.crypto import VaultError, key_file_for, new_key, read_key_file, write_key_file
    from bot.requests.repository import RequestStore
    from bot.services import tracking_prefix
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
    store = open_store(config)
    try:
        applicants = RequestStore(
            store, calendar=default_calendar(), prefix=tracking_prefix(config)
        ).reseal_applicants()
        sessions = store.reseal_sessions()
    except VaultError as exc:
        raise CommandError(f"重新加密失败：{exc}", 1) from exc
    finally:
        store.close()
    print(f"已用第一个密钥重新加密 {applicants} 件申请的申请人信息和 {sessions} 个会话。", file=out)
    print("旧密钥只在读取更早的备份时还需要；不再需要时可以删除。", file=out)
    return 0
