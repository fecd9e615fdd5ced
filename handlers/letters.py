"""The remedy letters: a 行政复议申请书 and a 投诉 letter (《条例》第五十一条), as .docx and as a chat preview.

Each is filled with what the chat knows (the requester, the request, the reply date and outcome) and leaves a
blank line for everything else, to be filled by hand before signing. The printed letter carries the real ID
number and phone; the chat preview masks them. The addressees come from the guide's places.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from handlers.draft import mask
from handlers.form import Row, add_paragraph, add_table, format_date, new_document
from knowledge.guide import Guide
from knowledge.remedies import OutcomeKind, RemedyDates, place_line

RECONSIDERATION = "reconsideration"
COMPLAINT = "complaint"
TITLES = {RECONSIDERATION: "行政复议申请书", COMPLAINT: "政府信息公开投诉书"}
FILE_NAMES = {RECONSIDERATION: "行政复议申请书.docx", COMPLAINT: "政府信息公开投诉书.docx"}

BLANK = "＿" * 12
DATE_BLANK = "＿＿＿＿年＿＿月＿＿日"
REASON_LINES = 4
REASONS_BY_HAND = "（理由请打印后手写，文件中留有空行）"
REFUSED_OUTCOME = "不予公开"
REGULATION = "《中华人民共和国政府信息公开条例》"
# The letter's fields the chat may know, in the order the tables show them.
PERSON_ROWS = (("name", "姓名或者名称"), ("id_number", "身份证件号码"), ("address", "通信地址"), ("phone", "联系电话"))


@dataclass(frozen=True)
class LetterFacts:
    """What the chat knows for a letter; an empty value is a blank to fill by hand."""

    dates: RemedyDates
    name: str = ""
    id_number: str = ""
    address: str = ""
    phone: str = ""
    description: str = ""
    applied_on: date | None = None
    tracking_no: str = ""
    # The outcome as recorded by staff (OUTCOMES label), when the request comes from the store.
    outcome_label: str = ""


@dataclass(frozen=True)
class LetterContent:
    """A letter's parts in order, independent of the output format."""

    title: str
    person_heading: str
    person: tuple[Row, ...]
    respondent_heading: str
    respondent: tuple[Row, ...]
    sections: tuple[tuple[str, str], ...]
    addressee: str
    attachments: tuple[str, ...]
    signer: str
    notes: tuple[str, ...]


def _day(day: date | None) -> str:
    return format_date(day) if day else DATE_BLANK


def _person(facts: LetterFacts, *, preview: bool) -> tuple[Row, ...]:
    rows = []
    for key, label in PERSON_ROWS:
        value = getattr(facts, key)
        shown = mask(key, value) if preview and value and key in ("id_number", "phone") else value
        rows.append(Row(label, shown or BLANK))
    return tuple(rows)


def _facts_text(facts: LetterFacts, guide: Guide, *, party: str, preview: bool) -> str:
    number = f"（申请编号{facts.tracking_no}）" if facts.tracking_no else ""
    wanted = facts.description or BLANK * 2
    applied = f"{party}于{_day(facts.applied_on)}向{guide.meta.agency}提出政府信息公开申请{number}"
    lines = [f"{applied}，申请获取：{wanted}。"]
    kind, known_on = facts.dates.kind, facts.dates.known_on
    if kind is OutcomeKind.NO_ANSWER:
        lines.append(f"答复期限于{format_date(known_on)}届满（{REGULATION}第三十三条），至今未收到答复。")
    else:
        outcome = facts.outcome_label or (REFUSED_OUTCOME if kind is OutcomeKind.REFUSED else BLANK)
        lines.append(f"{party}于{format_date(known_on)}收到答复，答复结果为：{outcome}。")
    if preview:
        lines.append(f"{party}认为：{REASONS_BY_HAND}")
    else:
        lines.append(f"{party}认为：" + BLANK * 2)
        lines.extend(BLANK * 3 for _ in range(REASON_LINES - 1))
    return "\n".join(lines)


def _reconsideration_request(facts: LetterFacts) -> str:
    kind, known_on = facts.dates.kind, format_date(facts.dates.known_on)
    if kind is OutcomeKind.NO_ANSWER:
        return "一、确认被申请人未在法定期限内答复申请人政府信息公开申请的行为违法；二、责令被申请人限期依法作出答复。"
    if kind is OutcomeKind.REFUSED:
        return (
            f"一、撤销被申请人对申请人政府信息公开申请作出的答复（申请人于{known_on}收到）中不予公开的决定；"
            "二、责令被申请人依法公开申请人申请的政府信息。"
        )
    return (
        f"一、撤销被申请人对申请人政府信息公开申请作出的答复（申请人于{known_on}收到）；"
        "二、责令被申请人依法重新作出答复。"
    )


def _complaint_matter(kind: OutcomeKind) -> str:
    if kind is OutcomeKind.NO_ANSWER:
        return f"被投诉机关未在{REGULATION}第三十三条规定的期限内答复投诉人的政府信息公开申请。"
    if kind is OutcomeKind.REFUSED:
        return f"被投诉机关对投诉人的政府信息公开申请决定不予公开，投诉人认为不符合{REGULATION}的规定。"
    return f"被投诉机关对投诉人的政府信息公开申请所作的答复，投诉人认为不符合{REGULATION}的规定。"


def _proof(kind: OutcomeKind) -> str:
    if kind is OutcomeKind.NO_ANSWER:
        return "提交申请的凭证（如登记回执、邮寄签收记录、网上申请截图）"
    return "答复书（复印件）"


def letter_content(letter: str, facts: LetterFacts, guide: Guide, *, preview: bool = False) -> LetterContent:
    """The parts of one letter for these facts, for printing or for the chat's `preview` (masked, shorter)."""
    respondent = (Row("名称", guide.meta.agency),)
    attachments = ("政府信息公开申请（复印件）", _proof(facts.dates.kind), "身份证明（复印件）")
    if letter == RECONSIDERATION:
        office = guide.place("reconsideration")
        last = facts.dates.reconsideration.last
        return LetterContent(
            title=TITLES[letter],
            person_heading="申请人",
            person=_person(facts, preview=preview),
            respondent_heading="被申请人",
            respondent=respondent,
            sections=(
                ("行政复议请求", _reconsideration_request(facts)),
                ("事实和理由", _facts_text(facts, guide, party="申请人", preview=preview)),
                ("", "根据《中华人民共和国行政复议法》的规定，特申请行政复议，请依法审查。"),
            ),
            addressee=office.name,
            attachments=attachments,
            signer="申请人（签名或者盖章）",
            notes=(
                f"提交：{place_line(office)}。申请行政复议的最后一天是{format_date(last)}，请在此之前提交。",
                f"{guide.meta.guide}{office.section}列该办公室为行政复议受理机构；提交前可电话确认受理机关。",
            ),
        )
    if letter == COMPLAINT:
        office = guide.place("complaint_office")
        return LetterContent(
            title=TITLES[letter],
            person_heading="投诉人",
            person=_person(facts, preview=preview),
            respondent_heading="被投诉机关",
            respondent=respondent,
            sections=(
                ("投诉事项", _complaint_matter(facts.dates.kind)),
                ("事实和理由", _facts_text(facts, guide, party="投诉人", preview=preview)),
                ("投诉请求", f"请依照{REGULATION}第五十一条予以调查处理，督促被投诉机关依法答复。"),
            ),
            addressee=office.name,
            attachments=attachments,
            signer="投诉人（签名或者盖章）",
            notes=(
                f"提交：{place_line(office)}（{guide.meta.guide}{office.section}所列投诉举报受理机构）。",
                f"如还要申请行政复议，请留意期限：最后一天是{format_date(facts.dates.reconsideration.last)}。",
            ),
        )
    raise ValueError(f"unknown letter {letter!r}")


def render_letter_docx(letter: str, facts: LetterFacts, guide: Guide, *, today: date) -> bytes:
    """The letter as a .docx, real values unmasked for printing, blanks where the chat knows nothing."""
    content = letter_content(letter, facts, guide)
    document = new_document(content.title, today)
    add_paragraph(document, content.title, bold=True, size=18, center=True)
    add_table(document, content.person_heading, content.person)
    add_table(document, content.respondent_heading, content.respondent)
    for heading, body in content.sections:
        if heading:
            add_paragraph(document, f"{heading}：", bold=True)
        for line in body.split("\n"):
            add_paragraph(document, line)
    add_paragraph(document, "此致")
    add_paragraph(document, content.addressee)
    add_paragraph(document, "附件：" + "；".join(f"{i}. {item}" for i, item in enumerate(content.attachments, 1)))
    add_paragraph(document, f"{content.signer}：{BLANK}")
    add_paragraph(document, f"日期：{DATE_BLANK}")
    for note in content.notes:
        add_paragraph(document, note, size=9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_letter_text(letter: str, facts: LetterFacts, guide: Guide) -> str:
    """The letter as a chat preview, ID number and phone masked."""
    content = letter_content(letter, facts, guide, preview=True)
    lines = [f"《{content.title}》", f"【{content.person_heading}】"]
    lines += [f"{row.label}：{row.value}" for row in content.person]
    lines.append(f"【{content.respondent_heading}】")
    lines += [f"{row.label}：{row.value}" for row in content.respondent]
    for heading, body in content.sections:
        lines.append(f"【{heading}】\n{body}" if heading else body)
    lines += ["此致", content.addressee, f"{content.signer}：{BLANK}", f"日期：{DATE_BLANK}"]
    return "\n".join(lines)
