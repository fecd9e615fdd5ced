"""Intake: what staff may enter for a new request and for an event, checked before anything is stored.

Invalid input raises InputError with a Chinese and an English message; the admin API answers it with 400, the CLI
with one Chinese line.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Literal, overload

from knowledge.lifecycle import Event, EventType
from knowledge.statute import OUTCOMES
from knowledge.workdays import EARLIEST_DAY, LATEST_DAY, out_of_range

MAX_TEXT = {"name": 100, "phone": 30, "description": 5000, "note": 1000, "default": 200}

APPLICANT_FIELDS = {
    "citizen": ("name", "phone", "id_type", "id_number", "work_unit", "address", "postcode", "email"),
    "organisation": (
        "name",
        "phone",
        "credit_code",
        "legal_representative",
        "contact_person",
        "address",
        "postcode",
        "email",
    ),
}
# How an application came in (the keys are stored), with the names staff read.
CHANNELS = {
    "in_person": "当面提交",
    "post": "邮寄（需签收）",
    "letter": "平常信函",
    "online": "网上申请",
    "fax": "传真",
}
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Which optional fields each event type takes; anything else on an event is refused.
EVENT_FIELDS: dict[EventType, frozenset[str]] = {
    EventType.REQUEST_SUPPLEMENT: frozenset({"until"}),
    EventType.FEE_NOTICE: frozenset({"amount"}),
    EventType.REPLY: frozenset({"outcome"}),
}


class InputError(ValueError):
    """Invalid staff input; the message is Chinese then English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} ({en})")
        self.zh = zh
        self.en = en


def parse_date(value: Any, key: str) -> date:
    """A YYYY-MM-DD date from input, or InputError naming the key."""
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise InputError(f"{key} 必须是 YYYY-MM-DD 格式的日期", f"{key} must be a YYYY-MM-DD date")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{key} 不是有效日期：{value[:20]}", f"{key} is not a valid date") from exc
    if (problem := out_of_range(day)) is not None:
        raise InputError(f"{key}：{problem}", f"{key} is outside {EARLIEST_DAY}…{LATEST_DAY}")
    return day


def parse_event(raw: Any) -> Event:
    """An event from staff input (API or CLI), checked for shape; order is checked against the history."""
    if not isinstance(raw, dict):
        raise InputError("事件必须是 JSON 对象", "an event must be a JSON object")
    kind_name = raw.get("type")
    if not isinstance(kind_name, str) or kind_name not in {t.value for t in EventType}:
        names = ", ".join(t.value for t in EventType)
        raise InputError(f"未知的事件类型，可用：{names}", f"unknown event type; use one of {names}")
    kind = EventType(kind_name)
    allowed = {"type", "on", "note", *EVENT_FIELDS.get(kind, ())}
    unknown = set(raw) - allowed
    if unknown:
        listed = ", ".join(sorted(unknown))
        raise InputError(f"事件 {kind.value} 不接受字段：{listed}", f"{kind.value} does not take: {listed}")
    note = _text(raw, "note", required=False)
    amount = raw.get("amount")
    if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount < 10**8):
        raise InputError("amount 必须是正整数（元）", "amount must be a positive integer (yuan)")
    outcome = raw.get("outcome")
    if outcome is not None and (not isinstance(outcome, str) or outcome not in OUTCOMES):
        raise InputError(f"未知的办理结果：{str(outcome)[:40]}", "unknown outcome")
    return Event(
        type=kind,
        on=parse_date(raw.get("on"), "on"),
        note=note,
        until=parse_date(raw["until"], "until") if raw.get("until") is not None else None,
        amount=amount,
        outcome=outcome,
    )


@overload
def _text(raw: dict, key: str, *, required: Literal[True]) -> str: ...
@overload
def _text(raw: dict, key: str, *, required: bool) -> str | None: ...
def _text(raw: dict, key: str, *, required: bool) -> str | None:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"缺少必填字段 {key}", f"missing required field {key}")
        return None
    if not isinstance(value, str):
        raise InputError(f"{key} 必须是文字", f"{key} must be a string")
    value = unicodedata.normalize("NFKC", value).strip()
    limit = MAX_TEXT.get(key, MAX_TEXT["default"])
    # Free-text fields may span lines; no field may carry other control characters.
    allowed = "\n\t" if key in ("description", "note") else ""
    if len(value) > limit or any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        raise InputError(f"{key} 过长（最多{limit}字）或含控制字符", f"{key} is too long or has control characters")
    return value


def parse_new_request(raw: Any) -> tuple[str, dict[str, str], str, str, date | None]:
    """Applicant type, applicant fields, channel, description and receipt date from staff input."""
    if not isinstance(raw, dict):
        raise InputError("请求体必须是 JSON 对象", "the body must be a JSON object")
    applicant_type = raw.get("applicant_type")
    if not isinstance(applicant_type, str) or applicant_type not in APPLICANT_FIELDS:
        raise InputError(
            "applicant_type 必须是 citizen 或 organisation", "applicant_type must be citizen or organisation"
        )
    allowed = {"applicant_type", "channel", "description", "received_on", *APPLICANT_FIELDS[applicant_type]}
    unknown = set(raw) - allowed
    if unknown:
        raise InputError(f"未知字段：{', '.join(sorted(unknown))}", f"unknown fields: {sorted(unknown)}")
    channel = raw.get("channel")
    if not isinstance(channel, str) or channel not in CHANNELS:
        names = ", ".join(CHANNELS)
        raise InputError(f"channel 必须是 {names} 之一", f"channel must be one of {names}")
    applicant = {}
    for key in APPLICANT_FIELDS[applicant_type]:
        value = _text(raw, key, required=key in ("name", "phone"))
        if value is not None:
            applicant[key] = value
    if not _PHONE.match(applicant["phone"]):
        raise InputError("phone 不是有效的电话号码", "phone is not a valid phone number")
    description = _text(raw, "description", required=True)
    received_on = parse_date(raw["received_on"], "received_on") if raw.get("received_on") is not None else None
    return applicant_type, applicant, channel, description, received_on
