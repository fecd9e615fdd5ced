"""Checking what an applicant types into the form: clean values, or a Chinese message saying what to fix.

Each validator normalises first (full-width digits and letters folded, stray spaces removed) and returns the
cleaned value, or raises ValidationError whose message names the broken rule and shows a correct example.
Field keys match handlers/draft.py; this module cannot import it (knowledge/ never imports handlers/).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import partial

from knowledge import clock
from knowledge.guide import Meta


class ValidationError(ValueError):
    """A field's value breaks a rule; str(error) is the message for the applicant."""


# ---------------------------------------------------------------- normalising

# Dashes people type between digit groups; NFKC leaves these alone.
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_SPACE_RUN = re.compile(r"\s+")
# Full-width ASCII letters and digits, plus the ideographic space. Text fields fold only these: full NFKC
# would also turn Chinese punctuation (，（）：) into ASCII and spoil names, titles and addresses.
_FULL_WIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]")
# A space next to a Chinese character or Chinese punctuation is a line break or a slip, not a word gap.
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")


def _fold(text: str) -> str:
    """NFKC, dashes unified, ends stripped: the common first step for codes and numbers."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES).strip()


def _compact(text: str, *, hyphens: bool = True) -> str:
    """The folded text with all whitespace (and, by default, hyphens) removed."""
    folded = _SPACE_RUN.sub("", _fold(text))
    return folded.replace("-", "") if hyphens else folded


# ---------------------------------------------------------------- resident ID (GB 11643-1999)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
RESIDENT_ID_EXAMPLE = "11010519491231002X"
_EARLIEST_BIRTH = date(1900, 1, 1)


def resident_id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def resident_id(text: str, *, today: date | None = None) -> str:
    """An 18-character resident ID number with a real birth date and a correct check digit."""
    value = _compact(text).upper()
    example = f"例如：{RESIDENT_ID_EXAMPLE}"
    if not value:
        raise ValidationError(f"请填写居民身份证号码（18位），{example}。")
    if len(value) == 15 and value.isdigit():
        raise ValidationError(f"这是15位的旧身份证号码，请填写现行的18位居民身份证号码，{example}。")
    if len(value) != 18:
        raise ValidationError(f"居民身份证号码应为18位，您填写了{len(value)}位，请核对，{example}。")
    if not (value[:17].isascii() and value[:17].isdigit()) or value[17] not in "0123456789X":
        raise ValidationError(f"居民身份证号码前17位应为数字，最后一位为数字或字母X，请核对，{example}。")
    born = value[6:14]
    try:
        birth = date(int(born[:4]), int(born[4:6]), int(born[6:]))
    except ValueError:
        birth = None
    if birth is None or not _EARLIEST_BIRTH <= birth <= (today or clock.today()):
        raise ValidationError(
            f"居民身份证号码第7–14位是出生日期（年月日），“{born}”不是有效的出生日期，请核对，{example}。"
        )
    if value[17] != resident_id_check_digit(value[:17]):
        raise ValidationError(f"居民身份证号码最后一位（校验码）不正确，可能有数字输错，请逐位核对，{example}。")
    return value


def other_id(text: str) -> str:
    """A passport or other ID number: 5–30 letters, digits or hyphens."""
    value = _compact(text, hyphens=False).upper()
    example = "例如护照号码：E12345678"
    if not value:
        raise ValidationError(f"请填写证件号码，{example}。")
    if not re.fullmatch(r"[A-Z0-9-]+", value):
        raise ValidationError(f"证件号码只能包含字母、数字和连字符“-”，请核对，{example}。")
    if not 5 <= len(value) <= 30:
        raise ValidationError(f"证件号码应为5–30位，您填写了{len(value)}位，请核对，{example}。")
    return value


# ---------------------------------------------------------------- unified social credit code (GB 32100-2015)

# 31 characters: digits and capitals without I, O, Z, S, V (easily confused with 1, 0, 2, 5, U).
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_EXAMPLE = "91350100M000100Y43"


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code(text: str) -> str:
    """An 18-character unified social credit code with a correct check character."""
    value = _compact(text).upper()
    example = f"例如：{CREDIT_CODE_EXAMPLE}"
    if not value:
        raise ValidationError(f"请填写统一社会信用代码（18位），{example}。")
    if len(value) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，您填写了{len(value)}位，请核对，{example}。")
    forbidden = sorted({c for c in value if c in "IOZSV"})
    if forbidden:
        raise ValidationError(
            f"统一社会信用代码不使用字母I、O、Z、S、V，您填写的代码含有{'、'.join(forbidden)}，"
            f"可能是数字1、0、2、5或字母U输错了，请核对，{example}。"
        )
    if any(c not in _CREDIT_ALPHABET for c in value):
        raise ValidationError(f"统一社会信用代码只能由数字和大写字母组成，请核对，{example}。")
    if value[17] != credit_code_check_char(value[:17]):
        raise ValidationError(f"统一社会信用代码最后一位（校验码）不正确，可能有字符输错，请逐位核对，{example}。")
    return value


# ---------------------------------------------------------------- phone

_MOBILE = re.compile(r"1[3-9]\d{9}")
_AREA = re.compile(r"0[1-9]\d{1,2}")
_LOCAL = re.compile(r"[2-9]\d{6,7}")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x)\s*(\d{1,6})$", re.IGNORECASE)
_COUNTRY = re.compile(r"^(?:\+|00)86[\s-]*")


def _area_length(digits: str) -> int:
    """How many digits of an unseparated landline are the area code: 010 and 02x are 3, the rest 4."""
    return 3 if digits[1:2] in ("1", "2") else 4


def _phone_example(meta: Meta) -> str:
    """The numbers a phone message shows, the landline the agency's own."""
    return f"例如手机：13812345678，固定电话：{meta.help_phone}"


def _landline(tokens: list[str], extension: str | None, meta: Meta) -> str:
    """An area code and local number from digit groups, as 0531-88150105 (转123)."""
    if len(tokens) == 1 or not _AREA.fullmatch(tokens[0]):
        digits = "".join(tokens)
        cut = _area_length(digits)
        area, local = digits[:cut], digits[cut:]
    else:
        area, rest = tokens[0], tokens[1:]
        local = "".join(rest)
        # 0531-8815-0105 groups the local number; 0531-88150105-123 ends with an extension.
        if not _LOCAL.fullmatch(local) and len(rest) > 1 and extension is None:
            local, extension = "".join(rest[:-1]), rest[-1]
    example = _phone_example(meta)
    if not _AREA.fullmatch(area):
        raise ValidationError(
            f"固定电话的区号应为0开头的3–4位数字（{meta.area_name}为{meta.area_code}），请核对，{example}。"
        )
    if local.isdigit() and 7 <= len(local) <= 8 and not _LOCAL.fullmatch(local):
        raise ValidationError(f"固定电话号码（区号之后）不以0或1开头，请核对，{example}。")
    if not _LOCAL.fullmatch(local):
        raise ValidationError(f"固定电话号码（区号之后）应为7–8位数字，您填写了{len(local)}位，请核对，{example}。")
    return f"{area}-{local}" + (f"转{extension}" if extension else "")


def phone(text: str, meta: Meta) -> str:
    """A mobile number (13812345678) or a landline with its area code (0531-88150105); the messages give the
    agency's examples."""
    example = _phone_example(meta)
    folded = _COUNTRY.sub("", _fold(text))
    if not folded:
        raise ValidationError(f"请填写联系电话，{example}。")
    if folded != _fold(text) and folded[:1] in "23456789":
        folded = "0" + folded  # +86 531 ... drops the trunk 0 of the area code
    extension = None
    if match := _EXTENSION.search(folded):
        extension, folded = match.group(1), folded[: match.start()]
    tokens = [t for t in re.split(r"[\s\-()]+", folded) if t]
    if not tokens or not all(t.isascii() and t.isdigit() for t in tokens):
        raise ValidationError(f"联系电话只能包含数字（可用空格或“-”分隔），请核对，{example}。")
    digits = "".join(tokens)
    if digits[0] == "1":
        if len(digits) != 11:
            raise ValidationError(f"手机号码应为11位，您填写了{len(digits)}位，请核对，{example}。")
        if not _MOBILE.fullmatch(digits):
            raise ValidationError(f"手机号码应以13–19开头，“{digits[:2]}”开头的不是手机号码，请核对，{example}。")
        if extension:
            raise ValidationError(f"手机号码没有分机号，请只填写11位手机号码，{example}。")
        return digits
    if digits[0] == "0":
        return _landline(tokens, extension, meta)
    if _LOCAL.fullmatch(digits):
        raise ValidationError(
            f"固定电话请加上区号（{meta.area_name}为{meta.area_code}），例如：{meta.area_code}-{digits}。"
        )
    raise ValidationError(f"请填写手机号码或带区号的固定电话，{example}。")


# ---------------------------------------------------------------- postcode, email


def postcode(text: str, meta: Meta) -> str:
    """A 6-digit postcode; the message gives the agency's as the example."""
    value = _compact(text)
    if not (value.isascii() and value.isdigit() and len(value) == 6):
        raise ValidationError(f"邮政编码应为6位数字，例如：{meta.postcode}（{meta.city}{meta.district}）。")
    return value


EMAIL_MAX = 100
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
)


def email(text: str) -> str:
    """An e-mail address of the usual name@domain.tld form, at most 100 characters."""
    # Chinese input methods type “。” for the dot; NFKC does not fold it.
    value = _compact(text, hyphens=False).replace("。", ".")
    example = "例如：zhangsan@example.com"
    if not value:
        raise ValidationError(f"请填写电子邮箱，{example}。")
    if len(value) > EMAIL_MAX:
        raise ValidationError(f"电子邮箱不能超过{EMAIL_MAX}个字符，您填写了{len(value)}个，请核对，{example}。")
    if value.count("@") != 1:
        raise ValidationError(f"电子邮箱应包含一个“@”，格式为“用户名@域名”，{example}。")
    if not _EMAIL.fullmatch(value):
        raise ValidationError(f"电子邮箱格式不正确，请核对“@”前后的内容，{example}。")
    return value


# ---------------------------------------------------------------- free text


def text_field(text: str, *, label: str, min_len: int = 1, max_len: int) -> str:
    """Free text with its whitespace collapsed, length-limited, and free of control characters."""
    folded = _FULL_WIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    # Invisible format characters (zero-width spaces, direction marks) come from copy and paste: drop them.
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in folded):
        raise ValidationError(f"{label}含有无法显示的控制字符，请删除后重新输入（可以直接重新打字，不要粘贴）。")
    value = _CJK_SPACE.sub("", _SPACE_RUN.sub(" ", folded).strip())
    if not value:
        raise ValidationError(f"请填写{label}。")
    if len(value) < min_len:
        raise ValidationError(f"{label}至少需要{min_len}个字，您填写了{len(value)}个字，请补充完整。")
    if len(value) > max_len:
        raise ValidationError(f"{label}不能超过{max_len}个字，您填写了{len(value)}个字，请精简后重新输入。")
    return value


# ---------------------------------------------------------------- by field key

# Free-text fields: (label, maximum length). Labels match handlers/draft.py.
TEXT_LIMITS: dict[str, tuple[str, int]] = {
    "name": ("姓名", 100),
    "id_type_other": ("证件名称", 30),
    "work_unit": ("工作单位", 100),
    "org_name": ("名称", 100),
    "legal_representative": ("法定代表人或者负责人", 100),
    "contact_person": ("联系人姓名", 100),
    "address": ("通信地址", 200),
    "info_title": ("所需信息的名称", 200),
    "doc_number": ("文号", 100),
    "description": ("所需信息的内容描述", 2000),
    "purpose": ("所需信息的用途", 500),
}

VALIDATORS: dict[str, Callable[[str], str]] = {
    **{key: partial(text_field, label=label, max_len=limit) for key, (label, limit) in TEXT_LIMITS.items()},
    "credit_code": credit_code,
    "email": email,
}
# The fields whose messages give the agency's own examples (its phone number, area code, postcode).
AGENCY_VALIDATORS: dict[str, Callable[[str, Meta], str]] = {"phone": phone, "postcode": postcode}


def validate_field(key: str, value: str, draft: dict[str, str], meta: Meta) -> str:
    """The cleaned value of one form field for the agency `meta` describes; the ID number is checked by the draft's
    chosen ID type."""
    if key == "id_number":
        return other_id(value) if draft.get("id_type") == "other" else resident_id(value)
    if key in AGENCY_VALIDATORS:
        return AGENCY_VALIDATORS[key](value, meta)
    return VALIDATORS[key](value)
