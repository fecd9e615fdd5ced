"""Applicants' details as the staff pages show them before a clerk presses 显示: enough to recognise a request, not
enough to identify a person."""

from __future__ import annotations

import re

from bot.requests.records import REMOVED, UNREADABLE_KEY

# The store's field names as staff know them, also in messages the admin API's checks word with the names.
FIELD_LABELS = {
    "name": "姓名或名称",
    "phone": "联系电话",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "credit_code": "统一社会信用代码",
    "legal_representative": "法定代表人",
    "contact_person": "联系人",
    "work_unit": "工作单位",
    "address": "通信地址",
    "postcode": "邮政编码",
    "email": "电子邮箱",
}
INPUT_LABELS = FIELD_LABELS | {
    "description": "所需信息的名称和描述",
    "channel": "提交方式",
    "received_on": "收到日期",
    "applicant_type": "申请人类型",
    "until": "补正期限",
    "amount": "金额",
    "outcome": "答复结果",
    "note": "备注",
    "on": "日期",
}
_FIELD_NAME = re.compile(r"(?<![A-Za-z_])(" + "|".join(sorted(INPUT_LABELS, key=len, reverse=True)) + r")(?![A-Za-z_])")


def in_words(message: str) -> str:
    """A check's message with the fields it names (phone, amount …) in their Chinese names."""
    return _FIELD_NAME.sub(lambda found: f"“{INPUT_LABELS[found.group(1)]}”", message)


# Shown as entered: they identify nobody.
PLAIN = frozenset({"id_type", "postcode"})


def mask_value(key: str, value: str) -> str:
    """One detail with most of it hidden: 张*, 138****5678, 3701**********1234, 济南市历下区****, z***@example.org."""
    if key in PLAIN or not value:
        return value
    if key in ("phone", "id_number", "credit_code"):
        keep = 4 if key != "phone" else 3
        return value if len(value) < 8 else value[:keep] + "*" * (len(value) - keep - 4) + value[-4:]
    if key == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}" if domain else value[:1] + "***"
    if key == "address":
        return value[:6] + "****"
    # At most three stars: a long organisation's name keeps its length to itself too.
    return value[:1] + "*" * min(3, max(1, len(value) - 1))


def masked_name(applicant: dict[str, str]) -> str:
    if REMOVED in applicant:
        return "（已按期删除）"
    if UNREADABLE_KEY in applicant:
        return "（无法解密）"
    return mask_value("name", applicant.get("name", ""))


def details(applicant: dict[str, str], *, revealed: bool) -> list[tuple[str, str]]:
    """The applicant's details as (label, value), masked unless `revealed`."""
    if REMOVED in applicant:
        return [("申请人信息", f"已于{applicant[REMOVED]}按保存期限删除")]
    if UNREADABLE_KEY in applicant:
        return [("申请人信息", applicant[UNREADABLE_KEY])]
    return [
        (FIELD_LABELS.get(key, key), value if revealed else mask_value(key, value))
        for key, value in applicant.items()
        if value
    ]
