"""The application wizard: one table of its steps (STEPS) and its entry points.

Each step names what it asks and, per button verb, what runs (handlers/apply_steps.py); the step the wizard then
stands at is asked, with 上一步 and 退出 under every step. A button whose draft, revision or step is not the
current one is refused; text that is clearly a question is not stored but answered, the draft set aside. The
wizard registers /apply, /back and /cancel (which deletes a draft, current or set aside), its buttons and its text
and files with the router (ROUTES).
"""

from __future__ import annotations

import asyncio

from handlers import apply_steps as steps
from handlers import submit
from handlers.apply_steps import CARRIER_PROMPT, DELIVERY_PROMPT, FREE_TEXT, OPTIONAL, PROMPTS
from handlers.ask import on_text as answer_question
from handlers.context import Services
from handlers.draft import APPLICANT_TYPES, CARRIERS, DELIVERIES, FIELD_BY_KEY, ID_TYPES
from handlers.flow import NO_UPLOAD, Chat, Command, Flow
from handlers.id_upload import UploadRefused, clean_upload
from handlers.menu import menu_buttons
from handlers.messages import Button, Reply, text_replies, with_buttons, with_note
from handlers.questions import is_question
from handlers.session import Session
from handlers.state import WizardState
from handlers.wizard import FLOW, RESUME, START, Handler, Pressed, Rows, Step, Turn
from knowledge.text import normalize

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

EXPIRED = "您的申请草稿已超过保留期限，已被删除。发送 /apply 重新开始。"
ENDED_BUTTON = "这个按钮已失效（申请已完成、已取消或已过期）。发送 /apply 开始新的申请。"
PAUSED = "申请草稿已保存，发送 /apply 继续。"
DISCARDED = "已放弃申请，草稿已删除。"


def ask(turn: Turn, *, note: str = "") -> list[Reply]:
    """Ask the current step's question, with its buttons, 上一步 and 退出."""
    text, rows = STEPS[turn.step].prompt(turn)
    nav = [turn.button("退出", "exit")]
    if turn.step != "notice":
        nav.insert(0, turn.button("上一步", "back"))
    lead = "\n".join(line for line in (note, turn.note) if line)
    return text_replies(f"{lead}\n{text}" if lead else text, (*rows, tuple(nav)))


# ---------------------------------------------------------------- under every step


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
    actions: dict[str, Handler] = {"same": steps.same}
    if key in OPTIONAL:
        actions["skip"] = steps.skip
    if key in FREE_TEXT:
        actions["asis"] = steps.take_held
    return Step(FIELD_BY_KEY[key].label, steps.field_prompt, actions, steps.take_field)


# The whole step graph: step → (button verb → handler); typed text where a step takes it.
STEPS: dict[str, Step] = {
    "notice": Step("填写须知", steps.notice_prompt, {"agree": steps.agree}),
    "applicant_type": Step(
        "申请人类型", steps.choice_prompt("请选择申请人类型：", APPLICANT_TYPES), {"pick": steps.pick_applicant_type}
    ),
    "id_type": Step("证件类型", steps.choice_prompt("请选择证件类型：", ID_TYPES), {"pick": steps.pick_id_type}),
    **{key: _field_step(key) for key in PROMPTS if key != "description"},
    "description": Step(
        FIELD_BY_KEY["description"].label,
        steps.description_prompt,
        {"keep": steps.keep_description, "split": steps.split, "same": steps.same, "asis": steps.take_held},
        steps.take_description,
    ),
    "carrier": Step("载体形式", steps.choice_prompt(CARRIER_PROMPT, CARRIERS), {"pick": steps.pick_carrier}),
    "delivery": Step("获取方式", steps.choice_prompt(DELIVERY_PROMPT, DELIVERIES), {"pick": steps.pick_delivery}),
    "review": Step(
        "核对申请内容",
        steps.review_prompt,
        {"edit": steps.edit, "form": submit.hand_over_form, "online": steps.online},
    ),
    "formed": Step("申请表已生成", submit.formed_prompt, {"online": steps.online, "next": submit.next_item}),
    "confirm": Step(
        "确认网上提交", submit.confirm_prompt, {"submit": steps.going("upload"), "change": steps.going("review")}
    ),
    "upload": Step("上传证件", steps.upload_prompt, {"change": steps.going("review")}),
}
# Under every step.
COMMON: dict[str, Handler] = {"back": _back, "exit": _exit, "discard": _discard}


# ---------------------------------------------------------------- entry points


def _draft_state(session: Session) -> WizardState | None:
    """The chat's draft, current or parked."""
    if session.flow == FLOW:
        state = session.state
    elif session.parked is not None and session.parked.flow == FLOW:
        state = session.parked.state
    else:
        return None
    return state if isinstance(state, WizardState) else None


def _draft_step(session: Session) -> str | None:
    """The step of the chat's draft, current or parked."""
    if session.flow == FLOW:
        return session.step
    if session.parked is not None and session.parked.flow == FLOW:
        return session.parked.step
    return None


def live(action: str, session: Session) -> bool:
    """Whether a wizard button can act now: start, resume a draft there is, or a button of the draft's current step."""
    state = _draft_state(session)
    if action in (START, RESUME):
        return action == START or state is not None
    pressed = Pressed.parse(action)
    if pressed is None or state is None:
        return False
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


async def on_action(chat: Chat, _: str) -> list[Reply]:
    """Handle the wizard's buttons: a live one takes the chat back to its draft, leaving another flow; one that is
    not of the draft's current step and revision acts on nothing."""
    action = chat.message.action or ""
    note = chat.leave() if chat.session.flow != FLOW and live(action, chat.session) else ""
    return with_note(note, await _press(action, chat.session, chat.services))


async def _press(action: str, session: Session, services: Services) -> list[Reply]:
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


async def on_text(chat: Chat, _: str) -> list[Reply]:
    """Take typed text as the current step's answer, unless it is clearly a question. The form keeps Chinese
    punctuation as typed (not the normalised text); its validators fold only what they must."""
    text, services = chat.message.text or "", chat.services
    turn = Turn.load(chat.session, services)
    if turn.expired():
        return _expire(chat.session)
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


async def on_upload(chat: Chat) -> list[Reply]:
    """Take the ID image and register the confirmed application."""
    message, session, services = chat.message, chat.session, chat.services
    upload = message.upload
    assert upload is not None
    if session.step != "upload" or services.requests is None:
        return [Reply(NO_UPLOAD)]
    turn = Turn.load(session, services)
    if turn.expired():
        return _expire(session)
    data = upload.data or b""
    if len(data) > MAX_UPLOAD_BYTES:
        return ask(turn, note=f"文件太大（{len(data) // 1024 // 1024}MB），请上传不超过10MB的文件。")
    try:
        # Decoding and re-encoding a 10 MB image takes a while: never on the event loop.
        file = await asyncio.to_thread(clean_upload, upload.name, data)
    except UploadRefused as refused:
        return ask(turn, note=str(refused))
    replies = submit.register(turn, file, channel=message.channel, chat_id=message.chat_id)
    if session.flow != FLOW:
        return replies
    return [*replies, *await _run(turn, submit.next_item, "")]


# ---------------------------------------------------------------- commands


async def _apply(chat: Chat, _: str) -> list[Reply]:
    if chat.session.flow == FLOW:
        return resume(chat.session, chat.services, note="您有一份正在填写的申请，继续上次的步骤：")
    return with_note(chat.leave(), begin(chat.session, chat.services))


async def _back_command(chat: Chat, _: str) -> list[Reply]:
    if chat.session.flow == FLOW:
        return back(chat.session, chat.services)
    return [Reply("当前没有可以返回的步骤。", buttons=menu_buttons())]


async def _cancel(chat: Chat, _: str) -> list[Reply]:
    """End the current flow; an application draft, current or set aside, is deleted."""
    session = chat.session
    if session.flow == FLOW or (session.flow is None and session.parked is not None):
        note = discard(session)
    else:
        note = chat.leave() or "当前没有进行中的操作。"
    return [Reply(note, buttons=menu_buttons())]


ROUTES = Flow(
    name=FLOW,
    commands={
        "/apply": Command(_apply, leaves=False),
        "/back": Command(_back_command, leaves=False),
        "/cancel": Command(_cancel, leaves=False),
    },
    actions={FLOW: on_action},
    on_text=on_text,
    on_upload=on_upload,
    leave=pause,
)
