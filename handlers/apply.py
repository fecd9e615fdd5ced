"""The application wizard: one question at a time until the form is complete and well specified."""

from __future__ import annotations

import logging
from datetime import date, timedelta

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
from handlers.form import render_form_docx, render_form_text
from handlers.menu import back_to_menu, menu_buttons
from handlers.messages import Button, File, Incoming, Reply, text_replies
from handlers.session import Session
from knowledge.specificity import check_description
from knowledge.validation import ValidationError, validate_field

log = logging.getLogger(__name__)

FLOW = "apply"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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
    "随时可以发送 /back 返回上一步，/cancel 退出。"
)

# What each text step asks; choice steps are built from the draft module's tables.
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
OPTIONAL = frozenset({"work_unit", "email", "info_title", "doc_number", "purpose"})


def steps_for(draft: dict[str, str]) -> list[str]:
    """The wizard's steps for this draft, in order."""
    steps = ["notice", "applicant_type"]
    for field in fields_for(draft.get("applicant_type", CITIZEN)):
        if field.key == "id_type_other" and draft.get("id_type") != "other":
            continue
        steps.append(field.key)
    return [*steps, "review"]


def begin(session: Session, services: Services) -> list[Reply]:
    """Start a new application with the notice."""
    session.reset()
    session.flow, session.step = FLOW, "notice"
    session.data = {
        "draft": {},
        "history": [],
        "started": services.answerer.today().isoformat(),
        "rev": 0,
        "editing": None,
    }
    return _notice(services)


def _notice(services: Services, prefix: str = "") -> list[Reply]:
    buttons = ((Button("同意，开始填写", "apply:agree"), Button("不用了", "apply:quit")),)
    return [Reply(prefix + NOTICE.format(days=services.draft_days), buttons=buttons)]


def _expired(session: Session, services: Services) -> bool:
    started = date.fromisoformat(session.data.get("started", "1970-01-01"))
    return services.answerer.today() > started + timedelta(days=services.draft_days)


def ask(session: Session, services: Services, *, note: str = "") -> list[Reply]:
    """Ask the question of the current step."""
    step = session.step
    draft = session.data["draft"]
    prefix = f"{note}\n" if note else ""
    if step == "notice":
        return _notice(services, prefix)
    if step == "applicant_type":
        buttons = tuple((Button(label, f"apply:type:{key}"),) for key, label in APPLICANT_TYPES.items())
        return [Reply(prefix + "请选择申请人类型：", buttons=buttons)]
    if step == "id_type":
        buttons = tuple((Button(label, f"apply:idtype:{key}"),) for key, label in ID_TYPES.items())
        return [Reply(prefix + "请选择证件类型：", buttons=buttons)]
    if step == "carrier":
        buttons = tuple((Button(label, f"apply:carrier:{key}"),) for key, label in CARRIERS.items())
        return [Reply(prefix + CARRIER_PROMPT, buttons=buttons)]
    if step == "delivery":
        buttons = tuple((Button(label, f"apply:delivery:{key}"),) for key, label in DELIVERIES.items())
        return [Reply(prefix + DELIVERY_PROMPT, buttons=buttons)]
    if step == "review":
        return review(session, services, note=note)
    if step == "upload":
        return [Reply(prefix + UPLOAD_PROMPT, buttons=((Button("返回预览", "apply:review"),),))]
    buttons = ((Button("跳过", "apply:skip"),),) if step in OPTIONAL else ()
    current = draft.get(step)
    shown = f"\n（当前：{display(draft, step, masked=True)}）" if current else ""
    return [Reply(prefix + PROMPTS[step] + shown, buttons=buttons)]


def advance(session: Session, services: Services, *, note: str = "") -> list[Reply]:
    """Move to the next step, or while editing from the review to the next field the edit needs."""
    editing = session.data.get("editing")
    if editing is not None:
        if editing:
            session.step = editing.pop(0)
        else:
            session.data["editing"] = None
            session.step = "review"
        return ask(session, services, note=note)
    order = steps_for(session.data["draft"])
    session.data["history"].append(session.step)
    session.step = order[order.index(session.step) + 1]
    return ask(session, services, note=note)


def back(session: Session, services: Services) -> list[Reply]:
    """Return to the previous step."""
    history = session.data.get("history", [])
    if not history:
        return ask(session, services, note="已经是第一步了。")
    session.data["editing"] = None
    session.step = history.pop()
    return ask(session, services)


async def on_text(message: Incoming, text: str, session: Session, services: Services) -> list[Reply]:
    """Take the answer to the current step."""
    if _expired(session, services):
        session.reset()
        return [Reply("您的申请草稿已超过保留期限，已被删除。发送 /apply 重新开始。", buttons=menu_buttons())]
    step = session.step
    if step in ("notice", "applicant_type", "id_type", "carrier", "delivery", "review"):
        return ask(session, services, note="请点选下面的按钮。")
    if step == "upload":
        return ask(session, services, note="这里需要上传证件照片或扫描件，而不是文字。")
    draft = session.data["draft"]
    try:
        value = validate_field(step, text, draft)
    except ValidationError as exc:
        return ask(session, services, note=str(exc))
    if step == "description":
        return _check_description(value, session, services)
    draft[step] = value
    return advance(session, services)


def _check_description(value: str, session: Session, services: Services) -> list[Reply]:
    draft = session.data["draft"]
    combined = " ".join(filter(None, [draft.get("info_title"), draft.get("doc_number"), value]))
    result = check_description(combined)
    if result.ok:
        draft["description"] = value
        session.data.pop("pending_description", None)
        return advance(session, services, note="描述清楚，便于查找。")
    session.data["pending_description"] = value
    session.data["split_items"] = list(result.items)
    lines = ["这个描述可能让机关难以查找或无法按信息公开申请处理："]
    for issue in result.issues:
        lines.append(f"· {issue.message}\n  建议：{issue.suggestion}")
    lines.append("请重新输入描述，或选择保留原样（申请表将按原样填写）。")
    buttons = [(Button("保留原样", "apply:keep"),)]
    if len(result.items) > 1:
        buttons.insert(0, (Button(f"拆分为{len(result.items)}份申请", "apply:split"),))
    return text_replies("\n".join(lines), tuple(buttons))


def review(session: Session, services: Services, *, note: str = "") -> list[Reply]:
    """Every field, masked where personal, each editable; then confirm."""
    draft = session.data["draft"]
    rev = session.data.get("rev", 0)
    lines = [note, "请核对申请内容："] if note else ["请核对申请内容："]
    lines.append(f"申请人类型：{APPLICANT_TYPES[draft['applicant_type']]}")
    edits = []
    for field in fields_for(draft["applicant_type"]):
        if field.key == "id_type_other":
            # Shown as the 证件类型 line; edited through it.
            continue
        value = display(draft, field.key, masked=True) or "（未填写）"
        lines.append(f"{field.label}：{value}")
        edits.append(Button(f"改{field.short}", f"apply:edit:{field.key}"))
    pending = session.data.get("queued_items") or []
    if pending:
        lines.append(f"（拆分后还有{len(pending)}份申请待填写，确认本份后继续。）")
    rows = [tuple(edits[i : i + 3]) for i in range(0, len(edits), 3)]
    confirm = [Button("生成申请表", f"apply:confirm:form:{rev}")]
    if services.apply_online and services.requests is not None:
        confirm.append(Button("网上提交", f"apply:confirm:online:{rev}"))
    rows.append(tuple(confirm))
    rows.append((Button("放弃申请", "apply:quit"),))
    return text_replies("\n".join(lines), tuple(rows))


async def on_action(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Handle the wizard's buttons; a button that does not fit the current step is stale."""
    action = message.action or ""
    parts = action.split(":")
    verb = parts[1] if len(parts) > 1 else ""
    if session.flow != FLOW:
        if verb == "start":
            return begin(session, services)
        return [
            Reply("这个按钮已失效（申请已完成、已取消或已过期）。发送 /apply 开始新的申请。", buttons=menu_buttons())
        ]
    if _expired(session, services):
        session.reset()
        return [Reply("您的申请草稿已超过保留期限，已被删除。发送 /apply 重新开始。", buttons=menu_buttons())]
    draft = session.data["draft"]
    step = session.step
    if verb == "start":
        return ask(session, services, note="您有一份正在填写的申请，继续上次的步骤：")
    if verb == "quit":
        session.reset()
        return [Reply("已放弃申请，草稿已删除。", buttons=menu_buttons())]
    if verb == "agree" and step == "notice":
        return advance(session, services)
    if verb == "type" and step == "applicant_type" and parts[2:] and parts[2] in APPLICANT_TYPES:
        if draft.get("applicant_type") not in (None, parts[2]):
            # Switching type keeps only what both forms share.
            shared = {f.key for f in fields_for(CITIZEN)} & {f.key for f in fields_for(ORGANISATION)}
            session.data["draft"] = draft = {k: v for k, v in draft.items() if k in shared}
        draft["applicant_type"] = parts[2]
        return advance(session, services)
    if verb == "idtype" and step == "id_type" and parts[2:] and parts[2] in ID_TYPES:
        if draft.get("id_type") != parts[2]:
            # Another kind of document: its name and number must be asked again.
            draft.pop("id_number", None)
            draft.pop("id_type_other", None)
            if session.data.get("editing") is not None:
                session.data["editing"] = ["id_type_other", "id_number"] if parts[2] == "other" else ["id_number"]
        draft["id_type"] = parts[2]
        return advance(session, services)
    if verb == "carrier" and step == "carrier" and parts[2:] and parts[2] in CARRIERS:
        draft["carrier"] = parts[2]
        return advance(session, services)
    if verb == "delivery" and step == "delivery" and parts[2:] and parts[2] in DELIVERIES:
        draft["delivery"] = parts[2]
        if parts[2] == "email" and not draft.get("email"):
            # The answer must be mailed somewhere: ask for the address, then go on to the review.
            session.data["editing"] = []
            session.step = "email"
            return ask(session, services, note="选择电子邮件方式，需要填写电子邮箱。")
        return advance(session, services)
    if verb == "skip" and step in OPTIONAL:
        if step == "email" and draft.get("delivery") == "email":
            return ask(session, services, note="已选择以电子邮件获取信息，邮箱不能为空。")
        draft.pop(step, None)
        return advance(session, services)
    if verb == "keep" and step == "description" and session.data.get("pending_description"):
        draft["description"] = session.data.pop("pending_description")
        return advance(session, services, note="已按原样保留描述。")
    if verb == "split" and step == "description" and len(session.data.get("split_items") or []) > 1:
        first, *rest = session.data.pop("split_items")
        session.data.pop("pending_description", None)
        draft["description"] = first
        session.data["queued_items"] = rest
        return advance(session, services, note=f"已拆分：本份申请填写第1项，其余{len(rest)}项将在确认后逐份继续。")
    if verb == "edit" and step == "review" and parts[2:] and parts[2] in FIELD_BY_KEY:
        session.data["editing"] = []
        session.data["rev"] = session.data.get("rev", 0) + 1
        session.step = parts[2]
        return ask(session, services)
    if verb == "review" and step == "upload":
        session.step = "review"
        return ask(session, services)
    if verb == "confirm" and step == "review" and len(parts) == 4:
        if parts[3] != str(session.data.get("rev", 0)):
            return ask(session, services, note="这个确认按钮来自修改之前的预览，请核对最新内容后再确认。")
        if parts[2] == "form":
            return _hand_over_form(session, services)
        if parts[2] == "online" and services.apply_online and services.requests is not None:
            session.step = "upload"
            return ask(session, services)
    return [Reply("这个按钮已失效（可能来自较早的消息）。", buttons=((Button("继续填写", "apply:start"),),))]


def _hand_over_form(session: Session, services: Services) -> list[Reply]:
    """The filled form as .docx and text; a queued split item continues as the next draft."""
    draft = session.data["draft"]
    guide = services.answerer.guide
    today = services.answerer.today()
    docx = File(name="政府信息公开申请表.docx", mime=DOCX_MIME, data=render_form_docx(draft, guide, today=today))
    text = render_form_text(draft, guide, today=today)
    replies = [*text_replies(text), Reply("申请表已生成（见附件），签名后按上面的提交方式递交。", files=(docx,))]
    return replies + _next_or_done(session, services)


def _next_or_done(session: Session, services: Services) -> list[Reply]:
    queued = session.data.get("queued_items") or []
    if not queued:
        session.reset()
        replies = [Reply("申请已完成，草稿已删除。", buttons=back_to_menu())]
        return replies
    nxt, *rest = queued
    # The next item becomes its own draft: same applicant and choices, its own description.
    draft = {k: v for k, v in session.data["draft"].items() if k not in ("info_title", "doc_number", "purpose")}
    draft["description"] = nxt
    session.data.update(draft=draft, queued_items=rest, history=[], rev=session.data.get("rev", 0) + 1, editing=None)
    session.step = "review"
    note = f"下一份申请（拆分后还剩{len(rest)}份未填）：申请人信息和获取方式沿用上一份，请核对，可修改任何一项。"
    return ask(session, services, note=note)


UPLOAD_PROMPT = (
    "网上提交需要有效身份证件的照片或扫描件（《指南》二(三)3）。\n"
    "请直接发送图片或文件：JPEG、PNG 或 PDF，不超过10MB。文件只保存在本服务的数据文件夹中，"
    "申请办结后按规定期限删除。"
)


def sniff(data: bytes) -> str | None:
    """The upload's real type from its first bytes: JPEG, PNG or PDF, else None."""
    return next((mime for signature, mime in SIGNATURES.items() if data.startswith(signature)), None)


async def on_upload(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Take the ID image and submit the application online."""
    upload = message.upload
    assert upload is not None
    if session.flow != FLOW or session.step != "upload" or services.requests is None:
        return [Reply("现在不需要上传文件。请用文字回答，或发送 /start 查看菜单。")]
    if _expired(session, services):
        session.reset()
        return [Reply("您的申请草稿已超过保留期限，已被删除。发送 /apply 重新开始。", buttons=menu_buttons())]
    data = upload.data or b""
    if len(data) > MAX_UPLOAD_BYTES:
        return ask(session, services, note=f"文件太大（{len(data) // 1024 // 1024}MB），请上传不超过10MB的文件。")
    mime = sniff(data)
    if mime is None:
        return ask(session, services, note="无法识别该文件：只接受 JPEG、PNG 图片或 PDF 文件。")
    draft = session.data["draft"]
    raw = _request_fields(draft)
    created = services.requests.submit_online(
        raw, File(name=upload.name, mime=mime, data=data), channel=message.channel, chat_id=message.chat_id
    )
    log.info("application submitted online as %s", created.view.tracking_no)
    text = (
        f"已网上提交。申请编号：{created.view.tracking_no}\n查询码：{created.query_code}\n"
        "查询码只显示这一次，请妥善保存：用 /status 加编号和查询码可随时查询进度。\n"
        "依《条例》第三十一条，网上提交的申请以双方确认之日为收到申请之日；机关确认后开始计算20个工作日的答复期限。"
        "您已自动订阅进度通知。"
    )
    return [Reply(text), *_next_or_done(session, services)]


def _request_fields(draft: dict[str, str]) -> dict[str, str]:
    """The draft as the request store's applicant fields."""
    citizen = draft["applicant_type"] == CITIZEN
    raw = {
        "applicant_type": "citizen" if citizen else "organisation",
        "name": draft["name"] if citizen else draft["org_name"],
        "phone": draft["phone"],
        "description": "\n".join(
            f"{FIELD_BY_KEY[key].label}：{display(draft, key, masked=False)}"
            for key in ("info_title", "doc_number", "description", "purpose", "carrier", "delivery")
            if draft.get(key)
        ),
    }
    keys = ("id_number", "work_unit") if citizen else ("credit_code", "legal_representative", "contact_person")
    for key in (*keys, "address", "postcode", "email"):
        if draft.get(key):
            raw[key] = draft[key]
    if citizen:
        raw["id_type"] = display(draft, "id_type", masked=False)
    return raw
