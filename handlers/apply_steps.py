"""What each step of the application wizard asks, and what its buttons and typed text do to the draft.

handlers/apply.py puts these together in one table (STEPS); a handler changes the draft and moves the wizard
(handlers/wizard.py), and the step it then stands at is asked.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers import submit
from handlers.draft import (
    APPLICANT_TYPES,
    CARRIERS,
    CITIZEN,
    DELIVERIES,
    ID_TYPES,
    ORGANISATION,
    display,
    fields_for,
)
from handlers.form import form_title
from handlers.messages import Reply
from handlers.wizard import Handler, Rows, Turn
from knowledge.specificity import check_description
from knowledge.validation import ValidationError, validate_field

NOTICE = (
    "接下来我会一步一步帮您填写《{title}》。\n"
    "需要填写：申请人信息（姓名或名称、证件、联系电话、通信地址、邮政编码）、所需信息的名称和描述、用途（可不填）、"
    "信息的载体形式和获取方式。依据是《条例》第二十九条：申请应当包括申请人的姓名或者名称、身份证明、联系方式，"
    "所需信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式和载体形式。\n"
    "您填写的内容只保存在本服务的数据库中，用于生成申请表或网上提交；未完成的草稿最多保留{days}天，"
    "发送 /cancel 会立即删除。证件号码和电话在预览中会部分隐藏，也不会写入日志。\n"
    "每一步都可以点“上一步”返回，点“退出”暂停（草稿保存，发送 /apply 继续）。"
)

# What each typed step asks, with the agency's examples ({meta.…}); choice steps are built from the draft tables.
PROMPTS = {
    "name": "请输入申请人姓名。",
    "id_type_other": "请输入证件名称，例如：护照、港澳居民来往内地通行证。",
    "id_number": "请输入证件号码。",
    "work_unit": "请输入工作单位（可不填，点“跳过”）。",
    "org_name": "请输入法人或者其他组织的名称（与营业执照等证照一致）。",
    "credit_code": "请输入统一社会信用代码（18位）。",
    "legal_representative": "请输入法定代表人或者负责人姓名。",
    "contact_person": "请输入联系人姓名。",
    "phone": "请输入联系电话：手机号，或带区号的固定电话（如 {meta.help_phone}）。",
    "address": "请输入通信地址（用于邮寄答复等）。",
    "postcode": "请输入邮政编码（6位数字）。",
    "email": "请输入电子邮箱（可不填，点“跳过”）。",
    "info_title": "请输入所需政府信息的名称，例如文件标题《……》（不清楚名称可点“跳过”，在描述中写明）。",
    "doc_number": "如知道文号请输入，例如：{meta.doc_number_example}（不知道可点“跳过”）。",
    "description": (
        "请描述所需的政府信息：写明发文或制作机关、内容主题、时间或地点，越具体越便于查找。\n"
        "例如：2021年{meta.district}某某街道旧村改造项目的拆迁补偿安置方案。"
    ),
    "purpose": "请简要说明用途（可不填，点“跳过”；2019年修订的《条例》不再要求说明用途）。",
}
CARRIER_PROMPT = (
    "请选择信息的载体形式：\n"
    "· 纸质：复制件，超过30页按页收取信息处理费（每件申请单独计算）；\n"
    "· 电子：电子文档，同样按页计算，但可以通过电子邮件更快收到。"
)
DELIVERY_PROMPT = (
    "请选择获取信息的方式：\n"
    "· 自行领取：到政务公开办公室领取或当场阅读、抄录，不产生邮寄时间；\n"
    "· 邮寄：寄到您填写的通信地址，需要邮寄时间；\n"
    "· 电子邮件：发送到您的邮箱（需要填写邮箱）。"
)
UPLOAD_PROMPT = (
    "网上提交需要有效身份证件的照片或扫描件（《指南》二(三)3）。\n"
    "请直接发送图片或文件：JPEG、PNG 或 PDF，不超过10MB。文件只保存在本服务的数据文件夹中，"
    "申请办结后按规定期限删除。"
)
OPTIONAL = frozenset({"work_unit", "email", "info_title", "doc_number", "purpose"})
# Steps that take sentences, in which question words are ordinary words.
FREE_TEXT = frozenset({"info_title", "description", "purpose"})


# ---------------------------------------------------------------- prompts


def notice_prompt(turn: Turn) -> tuple[str, Rows]:
    title = form_title(turn.services.answerer.guide)
    return NOTICE.format(title=title, days=turn.services.draft_days), [
        (turn.button("同意，开始填写", "agree", primary=True),)
    ]


def choice_prompt(question: str, choices: dict[str, str]) -> Callable[[Turn], tuple[str, Rows]]:
    def prompt(turn: Turn) -> tuple[str, Rows]:
        return question, [(turn.button(label, "pick", key),) for key, label in choices.items()]

    return prompt


def field_prompt(turn: Turn) -> tuple[str, Rows]:
    key = turn.step
    buttons = [turn.button("跳过", "skip")] if key in OPTIONAL else []
    shown = ""
    if turn.draft.get(key):
        shown = f"\n（当前：{display(turn.draft, key, masked=True)}）"
        buttons.insert(0, turn.button("不修改", "same"))
    return PROMPTS[key].format(meta=turn.services.answerer.guide.meta) + shown, [tuple(buttons)] if buttons else []


def description_prompt(turn: Turn) -> tuple[str, Rows]:
    pending = turn.state.pending_description
    if pending is None:
        return field_prompt(turn)
    result = check_description(combined(turn.draft, pending), turn.services.answerer.guide)
    lines = ["这个描述可能让机关难以查找或无法按信息公开申请处理："]
    for issue in result.issues:
        lines.append(f"· {issue.message}\n  建议：{issue.suggestion}")
    lines.append("请重新输入描述，或选择保留原样（申请表将按原样填写）。")
    rows: Rows = [(turn.button("保留原样", "keep"),)]
    if len(turn.state.split_items) > 1:
        rows.insert(0, (turn.button(f"拆分为{len(turn.state.split_items)}份申请", "split"),))
    return "\n".join(lines), rows


def review_prompt(turn: Turn) -> tuple[str, Rows]:
    draft = turn.draft
    lines = ["请核对申请内容：", f"申请人类型：{APPLICANT_TYPES[draft['applicant_type']]}"]
    edits = []
    for form_field in fields_for(draft["applicant_type"]):
        if form_field.key == "id_type_other":
            continue  # shown as the 证件类型 line; edited through it
        lines.append(f"{form_field.label}：{display(draft, form_field.key, masked=True) or '（未填写）'}")
        edits.append(turn.button(f"改{form_field.short}", "edit", form_field.key))
    if turn.state.queued_items:
        lines.append(f"（拆分后还有{len(turn.state.queued_items)}份申请待填写，本份生成申请表或网上提交后继续。）")
    rows: Rows = [tuple(edits[i : i + 3]) for i in range(0, len(edits), 3)]
    ends = [turn.button("生成申请表", "form", primary=True)]
    if submit.online(turn.services):
        ends.append(turn.button("网上提交", "online", primary=True))
    rows += [tuple(ends), (turn.button("放弃申请（删除草稿）", "discard"),)]
    return "\n".join(lines), rows


def upload_prompt(turn: Turn) -> tuple[str, Rows]:
    return UPLOAD_PROMPT, [(turn.button("返回修改", "change"),)]


# ---------------------------------------------------------------- handlers


async def agree(turn: Turn, _: str) -> list[Reply]:
    turn.advance()
    return []


async def take_field(turn: Turn, text: str) -> list[Reply]:
    try:
        value = validate_field(turn.step, text, turn.draft, turn.services.answerer.guide.meta)
    except ValidationError as exc:
        turn.note = str(exc)
        return []
    turn.draft[turn.step] = value
    turn.advance()
    return []


def combined(draft: dict[str, str], description: str) -> str:
    return " ".join(filter(None, [draft.get("info_title"), draft.get("doc_number"), description]))


async def take_description(turn: Turn, text: str) -> list[Reply]:
    try:
        value = validate_field("description", text, turn.draft, turn.services.answerer.guide.meta)
    except ValidationError as exc:
        turn.note = str(exc)
        return []
    result = check_description(combined(turn.draft, value), turn.services.answerer.guide)
    if result.ok:
        turn.draft["description"] = value
        turn.state.pending_description, turn.state.split_items = None, []
        turn.advance()
        turn.note = "描述清楚，便于查找。"
        return []
    # The advice replaces the question; its buttons belong to this description only.
    turn.state.pending_description, turn.state.split_items = value, list(result.items)
    turn.state.rev += 1
    return []


async def take_held(turn: Turn, _: str) -> list[Reply]:
    held, turn.state.held = turn.state.held, None
    if held is None:
        turn.note = "没有可以填入的内容，请重新输入。"
        return []
    take = take_description if turn.step == "description" else take_field
    return await take(turn, held)


async def same(turn: Turn, _: str) -> list[Reply]:
    turn.advance()
    return []


async def skip(turn: Turn, _: str) -> list[Reply]:
    if turn.step == "email" and turn.draft.get("delivery") == "email":
        turn.note = "已选择以电子邮件获取信息，邮箱不能为空。"
        return []
    turn.draft.pop(turn.step, None)
    turn.advance()
    return []


async def pick_applicant_type(turn: Turn, choice: str) -> list[Reply]:
    if choice not in APPLICANT_TYPES:
        turn.note = "请点选下面的按钮。"
        return []
    if turn.draft.get("applicant_type") not in (None, choice):
        # Switching type keeps only what both forms share.
        shared = {f.key for f in fields_for(CITIZEN)} & {f.key for f in fields_for(ORGANISATION)}
        turn.state.draft = {key: value for key, value in turn.draft.items() if key in shared}
    turn.draft["applicant_type"] = choice
    turn.advance()
    return []


async def pick_id_type(turn: Turn, choice: str) -> list[Reply]:
    if choice not in ID_TYPES:
        turn.note = "请点选下面的按钮。"
        return []
    if turn.draft.get("id_type") != choice:
        # Another kind of document: its name and number must be asked again.
        turn.draft.pop("id_number", None)
        turn.draft.pop("id_type_other", None)
        if turn.state.editing is not None:
            turn.state.editing = ["id_type_other", "id_number"] if choice == "other" else ["id_number"]
    turn.draft["id_type"] = choice
    turn.advance()
    return []


async def pick_carrier(turn: Turn, choice: str) -> list[Reply]:
    if choice not in CARRIERS:
        turn.note = "请点选下面的按钮。"
        return []
    turn.draft["carrier"] = choice
    turn.advance()
    return []


async def pick_delivery(turn: Turn, choice: str) -> list[Reply]:
    if choice not in DELIVERIES:
        turn.note = "请点选下面的按钮。"
        return []
    turn.draft["delivery"] = choice
    if choice == "email" and not turn.draft.get("email"):
        # The answer must be mailed somewhere: ask for the address, then go on to the review.
        turn.state.editing = []
        turn.go("email")
        turn.note = "选择电子邮件方式，需要填写电子邮箱。"
        return []
    turn.advance()
    return []


async def keep_description(turn: Turn, _: str) -> list[Reply]:
    turn.draft["description"] = turn.state.pending_description or turn.draft.get("description", "")
    turn.state.pending_description, turn.state.split_items = None, []
    turn.advance()
    turn.note = "已按原样保留描述。"
    return []


async def split(turn: Turn, _: str) -> list[Reply]:
    first, *rest = turn.state.split_items
    turn.draft["description"] = first
    turn.state.pending_description, turn.state.split_items, turn.state.queued_items = None, [], rest
    turn.advance()
    turn.note = f"已拆分：本份申请填写第1项，其余{len(rest)}项在本份完成后逐份继续。"
    return []


async def edit(turn: Turn, key: str) -> list[Reply]:
    if key not in {f.key for f in fields_for(turn.draft["applicant_type"])} or key == "id_type_other":
        turn.note = "请点选下面的按钮。"
        return []
    turn.state.editing = []
    turn.go(key)
    return []


def going(step: str) -> Handler:
    async def go(turn: Turn, _: str) -> list[Reply]:
        turn.go(step)
        return []

    return go


async def online(turn: Turn, _: str) -> list[Reply]:
    if not submit.online(turn.services):
        turn.note = "暂不支持网上提交，请生成申请表后当面或邮寄提交。"
        return []
    turn.go("confirm")
    return []
