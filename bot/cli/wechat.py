"""`gongkai wechat menu`: set the Official Account's custom menu from the menu the other channels show."""

from __future__ import annotations

import argparse
import asyncio
from typing import TextIO

from bot.cli.common import CommandError
from bot.config import Config


def register(commands: argparse._SubParsersAction) -> None:
    """The `wechat` subcommands."""
    wechat = commands.add_parser("wechat", help="微信公众号：设置自定义菜单")
    wechat.set_defaults(func=cmd_wechat)
    actions = wechat.add_subparsers(dest="action", required=True)
    actions.add_parser("menu", help="按对话菜单设置公众号的自定义菜单（需要 [wechat] app_id 和 app_secret）")


def cmd_wechat(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Post the custom menu to the WeChat API and say what was set."""
    from bot.channels.wechat import custom_menu
    from bot.channels.wechat_api import WechatApi, WechatApiError

    settings = config.wechat
    if not (settings.app_id and settings.app_secret):
        raise CommandError(
            "没有配置微信公众号：请在配置文件 [wechat] 中设置 app_id 和 app_secret（或 GONGKAI_WECHAT_APP_SECRET）"
        )
    menu = custom_menu()

    async def create() -> None:
        api = WechatApi(settings)
        try:
            await api.create_menu(menu)
        finally:
            await api.close()

    try:
        asyncio.run(create())
    except WechatApiError as exc:
        raise CommandError(f"设置菜单失败：{exc}", 1) from None
    print("已设置公众号自定义菜单：", file=out)
    for section in menu["button"]:
        items = "、".join(item["name"] for item in section["sub_button"])
        print(f"  {section['name']}：{items}", file=out)
    print("菜单在用户重新关注或约5分钟后生效。", file=out)
    return 0
