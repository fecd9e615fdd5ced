"""Walking the application wizard through a collecting channel by the buttons' labels, as a user does. What the
applicant types about places (an address, a postcode, the district an information is of) is of the agency the
channel's engine serves; the constants are Lixia's."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter

from bot.channels.collecting import CollectingChannel
from handlers.messages import File, Incoming, Reply
from knowledge.guide import Meta, load_guide

ID_NUMBER = "370102199003071238"
PHONE = "13812345678"
CREDIT_CODE = "91350100M000100Y43"


def good_description(meta: Meta) -> str:
    """A description the checker has nothing to say about, of the agency's district."""
    return f"{meta.district}人民政府2021年关于泉城路街道旧村改造项目的拆迁补偿安置方案"


GOOD_DESCRIPTION = good_description(load_guide().meta)


def _photo() -> bytes:
    """A small real JPEG: uploads are decoded and re-encoded, so a bare signature is refused."""
    out = io.BytesIO()
    Image.new("RGB", (48, 30), (205, 180, 150)).save(out, "JPEG")
    return out.getvalue()


def _scan() -> bytes:
    """A small real one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


JPEG = _photo()
PDF = _scan()


def to_description_steps(meta: Meta) -> list[tuple[str, str]]:
    """A citizen's answers from the notice up to the description step: ("press", label) or ("say", text)."""
    return [
        ("press", "同意，开始填写"),
        ("press", "公民"),
        ("say", "张三"),
        ("press", "居民身份证"),
        ("say", ID_NUMBER),
        ("press", "跳过"),  # work unit
        ("say", PHONE),
        ("say", f"{meta.city}{meta.district}泉城路1号"),
        ("say", meta.postcode),
        ("press", "跳过"),  # email
        ("press", "跳过"),  # title
        ("press", "跳过"),  # 文号
    ]


# From the purpose step to the review.
AFTER_DESCRIPTION: list[tuple[str, str]] = [("press", "跳过"), ("press", "纸质"), ("press", "邮寄")]


def citizen_steps(meta: Meta) -> list[tuple[str, str]]:
    """A citizen's answers from the notice to the review."""
    return [*to_description_steps(meta), ("say", good_description(meta)), *AFTER_DESCRIPTION]


# Lixia's; their first seven steps (up to the phone) name nothing of an agency, and serve any.
TO_DESCRIPTION = to_description_steps(load_guide().meta)
CITIZEN = citizen_steps(load_guide().meta)


def meta_of(user: CollectingChannel) -> Meta:
    """The [meta] of the agency the user's chat is served by."""
    return user.engine.services.answerer.guide.meta


def labels(reply: Reply) -> list[str]:
    """The labels of a reply's buttons, row by row."""
    return [button.label for row in reply.buttons for button in row]


def actions(reply: Reply) -> list[str]:
    """The actions of a reply's buttons, row by row."""
    return [button.action for row in reply.buttons for button in row]


def action_of(reply: Reply, label: str) -> str:
    """The action of the button called exactly `label`."""
    found = [button.action for row in reply.buttons for button in row if button.label == label]
    assert found, f"no button {label!r} in {labels(reply)}"
    return found[-1]


async def press(user: CollectingChannel, label: str) -> list[Reply]:
    """Press the button called `label` under the latest reply."""
    return await user.press(action_of(user.last, label))


async def answer(user: CollectingChannel, steps: list[tuple[str, str]]) -> None:
    """Give the wizard these answers in turn."""
    for kind, value in steps:
        await (press(user, value) if kind == "press" else user.say(value))


async def to_description(user: CollectingChannel) -> None:
    """Start /apply and answer up to the description step."""
    await user.say("/apply")
    await answer(user, to_description_steps(meta_of(user)))


async def fill_citizen(user: CollectingChannel, *, description: str | None = None) -> None:
    """Start /apply and answer every step up to the review (the description: a good one of the agency's district)."""
    await to_description(user)
    await user.say(description or good_description(meta_of(user)))
    await answer(user, AFTER_DESCRIPTION)


def upload(user: CollectingChannel, data: bytes) -> Incoming:
    """An ID image sent in the user's chat."""
    return Incoming(user.name, user.chat_id, upload=File(name="id.jpg", mime="image/jpeg", data=data))
