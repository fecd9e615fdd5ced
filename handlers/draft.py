"""The application form's fields (Art. 29 and the usual 申请表), shared by the wizard and the form renderers.

A draft is a plain dict kept in the chat's session: {"applicant_type": "citizen" | "organisation",
"<field key>": "<value>", ...}. Keys are listed here once, with their labels and which applicant type asks
for them, so the wizard, the review, the .docx and the text form cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

CITIZEN = "citizen"
ORGANISATION = "organisation"
APPLICANT_TYPES = {CITIZEN: "公民", ORGANISATION: "法人或者其他组织"}

ID_TYPES = {"resident_id": "居民身份证", "other": "其他有效身份证件"}
CARRIERS = {"paper": "纸质", "electronic": "电子"}
DELIVERIES = {"collect": "自行领取（当场阅读、抄录）", "post": "邮寄", "email": "电子邮件"}


@dataclass(frozen=True)
class Field:
    """One line of the form."""

    key: str
    label: str
    # Which applicant type fills it: CITIZEN, ORGANISATION, or None for every application.
    applicant: str | None
    required: bool
    # Shown masked in reviews and logs (ID numbers, phones).
    sensitive: bool = False
    # The label on the review's edit button.
    short: str = ""


FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", CITIZEN, True, short="姓名"),
    Field("id_type", "证件类型", CITIZEN, True, short="证件类型"),
    Field("id_type_other", "证件名称", CITIZEN, False, short="证件名称"),
    Field("id_number", "证件号码", CITIZEN, True, sensitive=True, short="证件号码"),
    Field("work_unit", "工作单位", CITIZEN, False, short="工作单位"),
    Field("org_name", "名称", ORGANISATION, True, short="名称"),
    Field("credit_code", "统一社会信用代码", ORGANISATION, True, short="信用代码"),
    Field("legal_representative", "法定代表人或者负责人", ORGANISATION, True, short="法定代表人"),
    Field("contact_person", "联系人姓名", ORGANISATION, True, short="联系人"),
    Field("phone", "联系电话", None, True, sensitive=True, short="电话"),
    Field("address", "通信地址", None, True, short="地址"),
    Field("postcode", "邮政编码", None, True, short="邮编"),
    Field("email", "电子邮箱", None, False, short="邮箱"),
    Field("info_title", "所需信息的名称", None, False, short="信息名称"),
    Field("doc_number", "文号", None, False, short="文号"),
    Field("description", "所需信息的内容描述", None, True, short="描述"),
    Field("purpose", "所需信息的用途", None, False, short="用途"),
    Field("carrier", "信息的载体形式", None, True, short="载体"),
    Field("delivery", "获取信息的方式", None, True, short="获取方式"),
)

FIELD_BY_KEY = {field.key: field for field in FIELDS}


def fields_for(applicant_type: str) -> tuple[Field, ...]:
    """The form's fields for one applicant type, in form order."""
    return tuple(f for f in FIELDS if f.applicant in (None, applicant_type))


def mask(key: str, value: str) -> str:
    """An ID number or phone with its middle hidden: 3701**********1234, 138****5678."""
    if not FIELD_BY_KEY[key].sensitive or len(value) < 7:
        return value
    keep_head = 4 if key == "id_number" else 3
    return value[:keep_head] + "*" * (len(value) - keep_head - 4) + value[-4:]


def display(draft: dict[str, str], key: str, *, masked: bool) -> str:
    """A field's value as shown on a form or in a review, choices in words."""
    value = draft.get(key, "")
    if key == "id_type":
        if value == "other":
            return draft.get("id_type_other") or ID_TYPES["other"]
        return ID_TYPES.get(value, "")
    if key == "carrier":
        return CARRIERS.get(value, "")
    if key == "delivery":
        return DELIVERIES.get(value, "")
    return mask(key, value) if masked and value else value
