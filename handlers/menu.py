"""The main menu: what the bot can do now, shown on /start, /help and when it cannot answer."""

from __future__ import annotations

from handlers.messages import Button, Reply
from knowledge.guide import Meta

MENU_ACTION = "menu"
# The remedy calculator's entry, offered by the menu and under answers about remedies.
REMEDY_ACTION = "remedy:start"
REMEDY_LABEL = "算复议/诉讼最后期限"

# (label, action) pairs; topic actions name entries of the guide.
MENU_ITEMS: tuple[tuple[str, str], ...] = (
    ("怎么提交申请", "topic:apply_channels"),
    ("受理机构地址电话", "topic:receiving_office"),
    ("申请表和证件", "topic:form_contents"),
    ("收费标准", "topic:fee_overview"),
    ("计算信息处理费", "calc:fee"),
    ("答复期限", "topic:time_limit"),
    ("计算答复日期", "calc:deadline"),
    ("不予公开的范围", "topic:exemptions"),
    ("不服答复怎么办", "topic:remedies"),
    (REMEDY_LABEL, REMEDY_ACTION),
    ("填写申请表", "apply:start"),
    ("查询申请进度", "status:start"),
    ("年报统计图", "stats:menu"),
)

# The menu in sections, for channels whose menu nests (WeChat's custom menu: at most 3 sections of at most 5
# items, section names at most 16 bytes): every action of MENU_ITEMS once, in its order within each section.
MENU_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("咨询", ("topic:apply_channels", "topic:receiving_office", "topic:form_contents", "topic:fee_overview",
             "topic:time_limit")),
    ("计算与救济", ("calc:fee", "calc:deadline", "topic:exemptions", "topic:remedies", REMEDY_ACTION)),
    ("申请与进度", ("apply:start", "status:start", "stats:menu")),
)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("/start", "显示主菜单"),
    ("/help", "使用说明"),
    ("/cancel", "退出当前操作"),
    ("/apply", "填写政府信息公开申请"),
    ("/back", "申请填写中返回上一步"),
    ("/status", "查询申请进度"),
    ("/unsubscribe", "取消进度通知"),
    ("/stats", "年度报告统计图"),
)

WELCOME = (
    "您好！我是{meta.agency}信息公开助手。\n"
    "我根据{meta.guide}（{meta.updated}）回答政府信息公开的问题："
    "去哪里申请、怎么申请、收费多少、多久答复、哪些信息不公开、不服怎么办；还能计算信息处理费和答复期限，"
    "帮您填写申请表或网上提交，并用申请编号和查询码查询申请进度；还能查看历年年度报告数字的统计图。\n"
    "请直接输入问题，或点选下面的菜单。"
)


def menu_buttons() -> tuple[tuple[Button, ...], ...]:
    """The menu as rows of two buttons."""
    buttons = [Button(label, action) for label, action in MENU_ITEMS]
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


def menu_sections() -> tuple[tuple[str, tuple[Button, ...]], ...]:
    """The menu's sections (MENU_SECTIONS) with their buttons."""
    labels = {action: label for label, action in MENU_ITEMS}
    return tuple((name, tuple(Button(labels[action], action) for action in actions)) for name, actions in MENU_SECTIONS)


def back_to_menu() -> tuple[tuple[Button, ...], ...]:
    """A single button leading back to the menu."""
    return ((Button("返回主菜单", MENU_ACTION),),)


def start(meta: Meta) -> Reply:
    """The agency's greeting with the menu."""
    return Reply(WELCOME.format(meta=meta), buttons=menu_buttons())


def help_text() -> Reply:
    """How to use the bot, with the menu."""
    commands = "\n".join(f"{command}　{meaning}" for command, meaning in COMMANDS)
    return Reply(
        "使用方法：直接用中文提问，例如“受理机构电话”“网上申请怎么弄”“申请35件多少钱”"
        "“11月25日提交什么时候答复”。每个回答都注明出自指南的哪一部分。\n\n"
        f"命令：\n{commands}",
        buttons=menu_buttons(),
    )


def menu() -> Reply:
    """The bare menu."""
    return Reply("请选择：", buttons=menu_buttons())
