"""The application wizard: one table of its steps — what each asks, what its buttons and typed text do.

A step's handler changes the draft and moves the wizard (handlers/wizard.py); the step the wizard then stands
at is asked, with 上一步 and 退出 under every step. A button whose draft, revision or step is not the current
one is refused; text that is clearly a question is not stored but answered, the draft paused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from handlers import submit
from handlers.ask import on_text as answer_question
from handlers.context import Services
from handlers.draft import (
    APPLICANT_TYPES,
    CARRIERS,
    CITIZEN,
    DELIVERIES,
    FIELD_BY_KEY,
    ID_TYPES,
    ORGANISATION,
    display,
    fields_for,
)
from handlers.menu import menu_buttons
from handlers.messages import Button, File, Incoming, Reply, text_replies, with_buttons, with_note
from handlers.questions import is_question
from handlers.session import Session
from handlers.wizard import FLOW, RESUME, START, Pressed, Turn, WizardState
from knowledge.specificity import check_description
from knowledge.text import normalize
from knowledge.validation import ValidationError, validate_field

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Content signatures of the ID image formats the guide's online channel takes (二(三)3).
SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png", b"%PDF-": "application/pdf"}

NOTICE = (
    "接下来我会一步一步帮您填写《济南市历下区人民政府信息公开申请表》。\n"
    "需要填写：申请人信息（姓名或名称、证件、联系电话、通信地址、邮政编码）、所需信息的名称和描述、用途（可不填）、"
    "信息的载体形式和获取方式。依据是《条例》第二十九条：申请应当包括申请人的姓名或者名称、身份证明、联系方式，"
    "所需信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式和载体形式。\n"
    "您填写的内容只保存在本服务的数据库中，用于生成申请表或网上提交；未完成的草稿最多保留{days}天，"
    "发送 /cancel 会立即删除。证件号码和电话在预览中会部分隐藏，也不会写入日志。\n"
    "每一步都可以点“上一步”返回，点“退出”暂停（草稿保存，发送 /apply 继续）。"
)

# What each typed step asks; choice steps are built from the draft module's tables.
PROMPTS = {
    "name": "请输入申请人姓名。",
    "id_type_other": "请输入证件名称，例如：护照、港澳居民来往内地通行证。",
    "id_number": "请输入证件号码。",
    "work_unit": "请输入工作单位（可不填，点“跳过”）。",
    "org_name": "请输入法人或者其他组织的名称（与营业执照等证照一致）。",
    "credit_code": "请输入统一社会信用代码（18位）。",
    "legal_representative": "请输入法定代表人或者负责人姓名。",
    "contact_person": "请输入联系人姓名。",
    "phone": "请输入联系电话：手机号，或带区号的固定电话（如 0531-88150105）。",
    "address": "请输入通信地址（用于邮寄答复等）。",
    "postcode": "请输入邮政编码（6位数字）。",
    "email": "请输入电子邮箱（可不填，点“跳过”）。",
    "info_title": "请输入所需政府信息的名称，例如文件标题《……》（不清楚名称可点“跳过”，在描述中写明）。",
    "doc_number": "如知道文号请输入，例如：历下政办字〔2019〕5号（不知道可点“跳过”）。",
    "description": (
        "请描述所需的政府信息：写明发文或制作机关、内容主题、时间或地点，越具体越便于查找。\n"
        "例如：2021年历下区某某街道旧村改造项目的拆迁补偿安置方案。"
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
EXPIRED = "您的申请草稿已超过保留期限，已被删除。发送 /apply 重新开始。"
ENDED_BUTTON = "这个按钮已失效（申请已完成、已取消或已过期）。发送 /apply 开始新的申请。"
PAUSED = "申请草稿已保存，发送 /apply 继续。"
DISCARDED = "已放弃申请，草稿已删除。"

Rows = list[tuple[Button, ...]]
Handler = Callable[[Turn, str], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Step:
    """One step of the wizard."""

    title: str
    # The question and its own buttons (上一步 and 退出 are added under every step).
    prompt: Callable[[Turn], tuple[str, Rows]]
    # Button verb → what it does, with the button's argument.
    actions: Mapping[str, Handler] = field(default_factory=dict)
    # What typed text does; None where the step wants a button or a file.
    text: Handler | None = None


# ---------------------------------------------------------------- prompts


def _notice_prompt(turn: Turn) -> tuple[str, Rows]:
    return NOTICE.format(days=turn.services.draft_days), [(turn.button("同意，开始填写", "agree", primary=True),)]


def _choice_prompt(question: str, choices: dict[str, str]) -> Callable[[Turn], tuple[str, Rows]]:
    def prompt(turn: Turn) -> tuple[str, Rows]:
        return question, [(turn.button(label, "pick", key),) for key, label in choices.items()]

    return prompt


def _field_prompt(turn: Turn) -> tuple[str, Rows]:
    key = turn.step
    buttons = [turn.button("跳过", "skip")] if key in OPTIONAL else []
    shown = ""
    if turn.draft.get(key):
        shown = f"\n（当前：{display(turn.draft, key, masked=True)}）"
        buttons.insert(0, turn.button("不修改", "same"))
    return PROMPTS[key] + shown, [tuple(buttons)] if buttons else []


def _description_prompt(turn: Turn) -> tuple[str, Rows]:
    pending = turn.state.pending_description
    if pending is None:
        return _field_prompt(turn)
    result = check_description(_combined(turn.draft, pending))
    lines = ["这个描述可能让机关难以查找或无法按信息公开申请处理："]
    for issue in result.issues:
        lines.append(f"· {issue.message}\n  建议：{issue.suggestion}")
    lines.append("请重新输入描述，或选择保留原样（申请表将按原样填写）。")
    rows: Rows = [(turn.button("保留原样", "keep"),)]
    if len(turn.state.split_items) > 1:
        rows.insert(0, (turn.button(f"拆分为{len(turn.state.split_items)}份申请", "split"),))
    return "\n".join(lines), rows


def _review_prompt(turn: Turn) -> tuple[str, Rows]:
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


def _upload_prompt(turn: Turn) -> tuple[str, Rows]:
    return UPLOAD_PROMPT, [(turn.button("返回修改", "change"),)]


def ask(turn: Turn, *, note: str = "") -> list[Reply]:
    """Ask the current step's question, with its buttons, 上一步 and 退出."""
    text, rows = STEPS[turn.step].prompt(turn)
    nav = [turn.button("退出", "exit")]
    if turn.step != "notice":
        nav.insert(0, turn.button("上一步", "back"))
    lead = "\n".join(line for line in (note, turn.note) if line)
    return text_replies(f"{lead}\n{text}" if lead else text, (*rows, tuple(nav)))


# ---------------------------------------------------------------- step handlers


async def _agree(turn: Turn, _: str) -> list[Reply]:
    turn.advance()
    return []


async def _take_field(turn: Turn, text: str) -> list[Reply]:
    try:
        value = validate_field(turn.step, text, turn.draft)
    except ValidationError as exc:
        turn.note = str(exc)
        return []
    turn.draft[turn.step] = value
    turn.advance()
    return []


def _combined(draft: dict[str, str], description: str) -> str:
    return " ".join(filter(None, [draft.get("info_title"), draft.get("doc_number"), description]))


async def _take_description(turn: Turn, text: str) -> list[Reply]:
    try:
        value = validate_field("description", text, turn.draft)
    except ValidationError as exc:
        turn.note = str(exc)
        return []
    result = check_description(_combined(turn.draft, value))
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


async def _take_held(turn: Turn, _: str) -> list[Reply]:
    held, turn.state.held = turn.state.held, None
    if held is None:
        turn.note = "没有可以填入的内容，请重新输入。"
        return []
    take = _take_description if turn.step == "description" else _take_field
    return await take(turn, held)


async def _same(turn: Turn, _: str) -> list[Reply]:
    turn.advance()
    return []


async def _skip(turn: Turn, _: str) -> list[Reply]:
    if turn.step == "email" and turn.draft.get("delivery") == "email":
        turn.note = "已选择以电子邮件获取信息，邮箱不能为空。"
        return []
    turn.draft.pop(turn.step, None)
    turn.advance()
    return []


async def _pick_applicant_type(turn: Turn, choice: str) -> list[Reply]:
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


async def _pick_id_type(turn: Turn, choice: str) -> list[Reply]:
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


async def _pick_carrier(turn: Turn, choice: str) -> list[Reply]:
    if choice not in CARRIERS:
        turn.note = "请点选下面的按钮。"
        return []
    turn.draft["carrier"] = choice
    turn.advance()
    return []


async def _pick_delivery(turn: Turn, choice: str) -> list[Reply]:
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


async def _keep_description(turn: Turn, _: str) -> list[Reply]:
    turn.draft["description"] = turn.state.pending_description or turn.draft.get("description", "")
    turn.state.pending_description, turn.state.split_items = None, []
    turn.advance()
    turn.note = "已按原样保留描述。"
    return []


async def _split(turn: Turn, _: str) -> list[Reply]:
    first, *rest = turn.state.split_items
    turn.draft["description"] = first
    turn.state.pending_description, turn.state.split_items, turn.state.queued_items = None, [], rest
    turn.advance()
    turn.note = f"已拆分：本份申请填写第1项，其余{len(rest)}项在本份完成后逐份继续。"
    return []


async def _edit(turn: Turn, key: str) -> list[Reply]:
    if key not in {f.key for f in fields_for(turn.draft["applicant_type"])} or key == "id_type_other":
        turn.note = "请点选下面的按钮。"
        return []
    turn.state.editing = []
    turn.go(key)
    return []


def _going(step: str) -> Handler:
    async def go(turn: Turn, _: str) -> list[Reply]:
        turn.go(step)
        return []

    return go


async def _online(turn: Turn, _: str) -> list[Reply]:
    if not submit.online(turn.services):
        turn.note = "暂不支持网上提交，请生成申请表后当面或邮寄提交。"
        return []
    turn.go("confirm")
    return []


async def _back(turn: Turn, _: str) -> list[Reply]:
    if not turn.back():
        turn.note = "已经是第一步了。"
    return []


async def _exit(turn: Turn, _: str) -> list[Reply]:
    discard = turn.button("删除草稿", "discard")
    turn.save()
    note = pause(turn.session)
    rows: Rows = [(Button("继续填写申请", RESUME),)]
    if turn.session.parked is not None:
        rows[0] += (discard,)
    return [Reply(note, buttons=(*rows, *menu_buttons()))]


async def _discard(turn: Turn, _: str) -> list[Reply]:
    turn.session.reset()
    return [Reply(DISCARDED, buttons=menu_buttons())]


def _field_step(key: str) -> Step:
    actions: dict[str, Handler] = {"same": _same}
    if key in OPTIONAL:
        actions["skip"] = _skip
    if key in FREE_TEXT:
        actions["asis"] = _take_held
    return Step(FIELD_BY_KEY[key].label, _field_prompt, actions, _take_field)


# The whole step graph: step → (button verb → handler); typed text where a step takes it.
STEPS: dict[str, Step] = {
    "notice": Step("填写须知", _notice_prompt, {"agree": _agree}),
    "applicant_type": Step(
        "申请人类型", _choice_prompt("请选择申请人类型：", APPLICANT_TYPES), {"pick": _pick_applicant_type}
    ),
    "id_type": Step("证件类型", _choice_prompt("请选择证件类型：", ID_TYPES), {"pick": _pick_id_type}),
    **{key: _field_step(key) for key in PROMPTS if key != "description"},
    "description": Step(
        FIELD_BY_KEY["description"].label,
        _description_prompt,
        {"keep": _keep_description, "split": _split, "same": _same, "asis": _take_held},
        _take_description,
    ),
    "carrier": Step("载体形式", _choice_prompt(CARRIER_PROMPT, CARRIERS), {"pick": _pick_carrier}),
    "delivery": Step("获取方式", _choice_prompt(DELIVERY_PROMPT, DELIVERIES), {"pick": _pick_delivery}),
    "review": Step(
        "核对申请内容",
        _review_prompt,
        {"edit": _edit, "form": submit.hand_over_form, "online": _online},
    ),
    "formed": Step("申请表已生成", submit.formed_prompt, {"online": _online, "next": submit.next_item}),
    "confirm": Step("确认网上提交", submit.confirm_prompt, {"submit": _going("upload"), "change": _going("review")}),
    "upload": Step("上传证件", _upload_prompt, {"change": _going("review")}),
}
# Under every step.
COMMON: dict[str, Handler] = {"back": _back, "exit": _exit, "discard": _discard}


# ---------------------------------------------------------------- entry points


def _draft_state(session: Session) -> dict | None:
    """The data of the chat's draft, current or parked."""
    if session.flow == FLOW:
        return session.data
    if session.parked is not None and session.parked.get("flow") == FLOW:
        return session.parked["data"]
    return None


def _draft_step(session: Session) -> str | None:
    """The step of the chat's draft, current or parked."""
    if session.flow == FLOW:
        return session.step
    if session.parked is not None and session.parked.get("flow") == FLOW:
        return session.parked["step"]
    return None


def live(action: str, session: Session) -> bool:
    """Whether a wizard button can act now: start or resume, or a button of the draft's current step."""
    if action in (START, RESUME):
        return True
    pressed = Pressed.parse(action)
    data = _draft_state(session)
    if pressed is None or data is None:
        return False
    state = WizardState.from_data(data)
    step = STEPS.get(pressed.step)
    return (
        pressed.version == f"{state.token}.{state.rev}"
        and pressed.step == _draft_step(session)
        and step is not None
        and (pressed.verb in step.actions or pressed.verb in COMMON)
    )


def begin(session: Session, services: Services) -> list[Reply]:
    """Start a new application with the notice, or go on with the one set aside."""
    if _draft_state(session) is not None:
        return resume(session, services, note="您有一份保存的申请草稿，继续上次的步骤：")
    session.reset()
    session.flow, session.step = FLOW, "notice"
    turn = Turn(session, services, WizardState(started=services.answerer.today().isoformat()))
    turn.save()
    return ask(turn)


def resume(session: Session, services: Services, *, note: str = "继续填写申请：") -> list[Reply]:
    """Go on with the draft where it stopped."""
    session.unpark()
    turn = Turn.load(session, services)
    if turn.expired():
        return _expire(session)
    return ask(turn, note=note)


def pause(session: Session) -> str:
    """Set the draft aside (nothing is kept before the notice is agreed to); the note saying so."""
    if session.step == "notice":
        session.reset()
        return "已退出申请填写。"
    session.park()
    return PAUSED


def discard(session: Session) -> str:
    """Delete the draft, current or set aside; the note saying so."""
    session.reset()
    session.parked = None
    return DISCARDED


def back(session: Session, services: Services) -> list[Reply]:
    """Return to the previous step (/back)."""
    turn = Turn.load(session, services)
    if turn.expired():
        return _expire(session)
    if not turn.back():
        turn.note = "已经是第一步了。"
    turn.save()
    return ask(turn)


def _expire(session: Session) -> list[Reply]:
    discard(session)
    return [Reply(EXPIRED, buttons=menu_buttons())]


def _stale(session: Session, pressed: Pressed | None) -> list[Reply]:
    current = _draft_step(session)
    if current is None:
        return [Reply(ENDED_BUTTON, buttons=menu_buttons())]
    earlier = f"（“{STEPS[pressed.step].title}”）" if pressed and pressed.step in STEPS else ""
    text = f"这个按钮来自较早的步骤{earlier}，没有执行。申请现在在“{STEPS[current].title}”这一步。"
    return [Reply(text, buttons=((Button("继续填写申请", RESUME, primary=True),),))]


async def _run(turn: Turn, handler: Handler, argument: str) -> list[Reply]:
    """Run a step's handler, then ask the step the wizard stands at (unless the application ended)."""
    before = await handler(turn, argument)
    if turn.session.flow != FLOW:
        return before
    turn.save()
    return [*before, *ask(turn)]


async def on_action(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Handle the wizard's buttons; one that is not of the draft's current step and revision acts on nothing."""
    action = message.action or ""
    if action == START:
        return begin(session, services)
    if action == RESUME:
        if _draft_state(session) is None:
            return _stale(session, None)
        return resume(session, services)
    pressed = Pressed.parse(action)
    if pressed is None or not live(action, session):
        return _stale(session, pressed)
    session.unpark()
    turn = Turn.load(session, services)
    if turn.expired():
        return _expire(session)
    handler = STEPS[pressed.step].actions.get(pressed.verb) or COMMON[pressed.verb]
    return await _run(turn, handler, pressed.argument)


async def on_text(text: str, session: Session, services: Services) -> list[Reply]:
    """Take typed text as the current step's answer, unless it is clearly a question."""
    turn = Turn.load(session, services)
    if turn.expired():
        return _expire(session)
    step = STEPS[turn.step]
    if await is_question(text, services, free_text=turn.step in FREE_TEXT):
        return await _answer_instead(turn, text)
    if step.text is None:
        turn.note = "这里需要上传证件照片或扫描件，而不是文字。" if turn.step == "upload" else "请点选下面的按钮。"
        return ask(turn)
    return await _run(turn, step.text, text)


async def _answer_instead(turn: Turn, text: str) -> list[Reply]:
    """Answer a question typed at a step: it is not stored, and the draft waits (its text kept for free text)."""
    title = STEPS[turn.step].title
    rows: Rows = []
    if turn.step in FREE_TEXT:
        turn.state.held = text
        rows.append((turn.button(f"这不是问题，填入“{title}”", "asis"),))
    turn.save()
    left = pause(turn.session)
    again = Button("继续填写申请", RESUME, primary=True) if turn.session.parked else Button("填写申请表", START)
    rows.append((again,))
    note = f"这句话像是一个问题，没有填入“{title}”。{left}"
    return with_buttons(with_note(note, await answer_question(normalize(text), turn.session, turn.services)), *rows)


def sniff(data: bytes) -> str | None:
    """The upload's real type from its first bytes: JPEG, PNG or PDF, else None."""
    return next((mime for signature, mime in SIGNATURES.items() if data.startswith(signature)), None)


async def on_upload(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Take the ID image and register the confirmed application."""
    upload = message.upload
    assert upload is not None
    if session.flow != FLOW or session.step != "upload" or services.requests is None:
        return [Reply("现在不需要上传文件。请用文字回答，或发送 /start 查看菜单。")]
    turn = Turn.load(session, services)
    if turn.expired():
        return _expire(session)
    data = upload.data or b""
    if len(data) > MAX_UPLOAD_BYTES:
        return ask(turn, note=f"文件太大（{len(data) // 1024 // 1024}MB），请上传不超过10MB的文件。")
    mime = sniff(data)
    if mime is None:
        return ask(turn, note="无法识别该文件：只接受 JPEG、PNG 图片或 PDF 文件。")
    file = File(name=upload.name, mime=mime, data=data)
    replies = submit.register(turn, file, channel=message.channel, chat_id=message.chat_id)
    if session.flow != FLOW:
        return replies
    return [*replies, *await _run(turn, submit.next_item, "")]
