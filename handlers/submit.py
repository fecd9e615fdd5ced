"""The wizard's honest ends: a form to sign and hand in (the draft stays), or a confirmed online submission."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from handlers.context import Services
from handlers.draft import APPLICANT_TYPES, CITIZEN, FIELD_BY_KEY, display
from handlers.form import DOCX_MIME, format_date, render_form_docx, render_form_text
from handlers.menu import MENU_ACTION
from handlers.messages import Button, File, Reply, text_replies
from handlers.pdf import docx_to_pdf
from handlers.wizard import Turn

log = logging.getLogger(__name__)

FORM_NAME = "政府信息公开申请表"
HANDED = "申请表已生成，尚未提交：请签名后当面或邮寄提交（提交方式见上）。"
# What the confirmation summary shows of the request (the review has every field).
SUMMARY_KEYS = ("phone", "address", "info_title", "doc_number", "description", "carrier", "delivery")
# Carried from one split item to the next: everything but what describes the item itself.
ITEM_KEYS = ("info_title", "doc_number", "purpose", "description")
Rows = list[tuple[Button, ...]]


def online(services: Services) -> bool:
    """Whether applications may be submitted through the bot."""
    return services.apply_online and services.requests is not None


def kept_until(turn: Turn) -> date:
    """The last day the draft is kept."""
    return date.fromisoformat(turn.state.started) + timedelta(days=turn.services.draft_days)


async def hand_over_form(turn: Turn, _: str) -> list[Reply]:
    """The filled form as text, .docx and PDF; nothing is submitted and the draft stays."""
    guide = turn.services.answerer.guide
    today = turn.services.answerer.today()
    docx = render_form_docx(turn.draft, guide, today=today)
    converted = await docx_to_pdf(docx)
    files = [File(name=f"{FORM_NAME}.docx", mime=DOCX_MIME, data=docx)]
    if converted.pdf is not None:
        files.append(File(name=f"{FORM_NAME}.pdf", mime="application/pdf", data=converted.pdf))
        formats = "附件是同一份申请表的 Word（.docx）和 PDF 两种格式，打印任一份即可。"
    else:
        formats = f"未能生成 PDF（{converted.problem}），附件只有 Word（.docx）文件。"
    text = render_form_text(turn.draft, guide, today=today)
    turn.go("formed")
    return [*text_replies(text), Reply(f"{HANDED}\n{formats}", files=tuple(files))]


def formed_prompt(turn: Turn) -> tuple[str, Rows]:
    """After the form is handed over: the draft is kept, online submission and the next item remain possible."""
    lines = [f"草稿保留到{format_date(kept_until(turn))}。"]
    rows: Rows = []
    if online(turn.services):
        lines.append("也可以不打印，改为网上提交：点“网上提交”。")
        rows.append((turn.button("网上提交", "online", primary=True),))
    queued = turn.state.queued_items
    if queued:
        lines.append(f"拆分出的申请还有{len(queued)}份待填写。")
        rows.append((turn.button(f"填写下一份（还剩{len(queued)}份）", "next"),))
    lines.append("要修改内容，点“上一步”回到核对页面，修改后重新生成。")
    return "\n".join(lines), rows


def confirm_prompt(turn: Turn) -> tuple[str, Rows]:
    """The last look before anything is stored."""
    draft = turn.draft
    citizen = draft["applicant_type"] == CITIZEN
    name = draft.get("name" if citizen else "org_name", "")
    lines = ["请确认网上提交以下申请：", f"申请人：{name}（{APPLICANT_TYPES[draft['applicant_type']]}）"]
    lines += [
        f"{FIELD_BY_KEY[key].label}：{display(draft, key, masked=True)}" for key in SUMMARY_KEYS if draft.get(key)
    ]
    lines.append(
        "点“确认提交”后请上传有效身份证件的照片或扫描件；收到证件即登记为网上申请，之后不能再修改。"
        "依《条例》第三十一条，网上申请以双方确认之日为收到申请之日。"
    )
    rows: Rows = [(turn.button("确认提交", "submit", primary=True), turn.button("返回修改", "change"))]
    return "\n".join(lines), rows


async def next_item(turn: Turn, _: str) -> list[Reply]:
    """Continue with the next item split off this application, as its own draft."""
    queued = turn.state.queued_items
    if not queued:
        turn.note = "没有待填写的拆分申请了。"
        return []
    following, *rest = queued
    draft = {key: value for key, value in turn.draft.items() if key not in ITEM_KEYS}
    draft["description"] = following
    turn.state.draft, turn.state.queued_items, turn.state.editing = draft, rest, None
    turn.go("review")
    turn.state.history = []
    turn.note = f"下一份申请（拆分后还剩{len(rest)}份未填）：申请人信息和获取方式沿用上一份，请核对，可修改任何一项。"
    return []


def register(turn: Turn, upload: File, *, channel: str, chat_id: str) -> list[Reply]:
    """Store the confirmed application with its ID image; show its number and code once, prominently."""
    requests = turn.services.requests
    assert requests is not None
    created = requests.submit_online(request_fields(turn.draft), upload, channel=channel, chat_id=chat_id)
    number, code = created.view.tracking_no, created.query_code
    log.info("application submitted online as %s", number)
    text = (
        "已网上提交，申请已登记。\n\n"
        f"申请编号：{number}\n"
        f"查询码：{code}\n\n"
        "请立即保存查询码：它只显示这一次，以后无法再次查看，也无法找回。\n"
        "用 /status 加申请编号和查询码可随时查询进度。\n"
        "依《条例》第三十一条，网上申请以双方确认之日为收到申请之日；机关确认后开始计算20个工作日的答复期限。"
        "您已自动订阅进度通知。"
    )
    submitted = Reply(text, copy=(number, code))
    if turn.state.queued_items:
        return [submitted]
    turn.session.reset()
    return [
        submitted,
        Reply(
            "本次申请已完成，草稿已删除。",
            buttons=((Button("查询申请进度", "status:start"), Button("返回主菜单", MENU_ACTION)),),
        ),
    ]


def request_fields(draft: dict[str, str]) -> dict[str, str]:
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
