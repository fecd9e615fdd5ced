"""The filled application form: a printable .docx and the same content as chat text.

The printed form carries the real ID number and phone (the agency needs them); masking is for reviews and logs.
Submission instructions come from the guide's data, so a changed address is fixed in one place.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.styles import CT_Style
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from handlers.draft import APPLICANT_TYPES, CARRIERS, DELIVERIES, FIELD_BY_KEY, display, fields_for
from knowledge.guide import Guide

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMPTY = "（未填写）"
APPLICANT_SECTION = "申请人信息"
INFO_SECTION = "所需信息情况"
SUBMIT_SECTION = "提交方式"
SIGNATURE_LINE = "申请人签名（盖章）：__________"
INFO_KEYS = ("info_title", "doc_number", "description", "purpose")
CHOICES: dict[str, dict[str, str]] = {"carrier": CARRIERS, "delivery": DELIVERIES}
# Folded into the 证件类型 row by display(); a row of its own would read （未填写） for resident IDs.
_FOLDED_KEYS = ("id_type_other",)
# Chat channels cut messages at 4096 characters; the text form stays within one message.
MAX_TEXT_CHARS = 4000
_CUT_MARK = "……（内容较长，全文见申请表文件）"
# Word picks the w:eastAsia font for Chinese; SimSun (宋体) is on every Chinese Windows and LibreOffice maps it.
CJK_FONT = "SimSun"
LATIN_FONT = "Times New Roman"


@dataclass(frozen=True)
class Row:
    """One label–value line of a form table."""

    label: str
    value: str


@dataclass(frozen=True)
class FormContent:
    """Everything the form shows, in order, independent of the output format."""

    title: str
    applicant: tuple[Row, ...]
    info: tuple[Row, ...]
    date_line: str
    instructions: tuple[str, ...]
    source: str


def form_title(guide: Guide) -> str:
    """The form's name, e.g. 济南市历下区人民政府信息公开申请表."""
    return f"{guide.meta.agency}信息公开申请表"


def format_date(day: date) -> str:
    """A date as written on Chinese forms: 2025年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def check_boxes(options: dict[str, str], chosen: str | None) -> str:
    """Every option with ☑ before the chosen one and ☐ before the rest."""
    return "　".join(f"{'☑' if key == chosen else '☐'}{label}" for key, label in options.items())


def _value(draft: dict[str, str], key: str) -> str:
    if key in CHOICES:
        return check_boxes(CHOICES[key], draft.get(key))
    return display(draft, key, masked=False) or EMPTY


def submission_instructions(guide: Guide) -> tuple[str, ...]:
    """How to hand the form in through each channel, from the guide's places."""
    in_person = guide.place("in_person_point").fields
    letter = guide.place("letter").fields
    office = guide.place("receiving_office").fields
    lines = [
        f"1. 当面提交：{in_person['address']}"
        + (f"，办公时间{in_person['hours']}" if "hours" in in_person else "")
        + (f"，电话{in_person['phone']}" if "phone" in in_person else "")
        + "。当面提交请出示有效身份证件。",
        f"2. 信函申请：寄往{letter['address']}"
        + (f"，邮政编码{letter['postcode']}" if "postcode" in letter else "")
        + "。信封左下角注明“政府信息公开申请”字样，并附有效身份证件复印件。",
        f"3. 网上申请：{office.get('online', '区政府门户网站依申请公开专栏')}（{guide.meta.website}）。"
        "上传有效身份证件扫描件或照片。",
    ]
    # People who chose e-mail delivery often assume they can also apply by e-mail; the guide says no.
    try:
        agency_email = guide.place("working_body").fields.get("email")
    except KeyError:
        agency_email = None
    if agency_email:
        lines.append(f"注意：电子信箱{agency_email}不受理政府信息公开申请，请勿用电子邮件提交。")
    lines.append(f"咨询电话：{guide.meta.help_phone}")
    return tuple(lines)


def _source(guide: Guide) -> str:
    topic = next((t for t in guide.topics if t.id == "apply_channels"), None)
    return "来源：" + (guide.cite(topic.section, topic.title) if topic else guide.cite(""))


def form_content(draft: dict[str, str], guide: Guide, *, today: date) -> FormContent:
    """The form's rows and lines for this draft; unknown applicant types are an error."""
    applicant_type = draft.get("applicant_type", "")
    if applicant_type not in APPLICANT_TYPES:
        raise ValueError(f"unknown applicant type {applicant_type!r}")
    fields = fields_for(applicant_type)
    applicant = [Row("申请人类型", check_boxes(APPLICANT_TYPES, applicant_type))]
    applicant += [
        Row(f.label, _value(draft, f.key))
        for f in fields
        if f.key not in INFO_KEYS and f.key not in CHOICES and f.key not in _FOLDED_KEYS
    ]
    info = [Row(FIELD_BY_KEY[key].label, _value(draft, key)) for key in (*INFO_KEYS, *CHOICES)]
    return FormContent(
        title=form_title(guide),
        applicant=tuple(applicant),
        info=tuple(info),
        date_line=f"申请日期：{format_date(today)}",
        instructions=submission_instructions(guide),
        source=_source(guide),
    )


# ---------------------------------------------------------------- .docx


def _set_fonts(element: CT_Style, *, size: Pt | None = None) -> None:
    """Latin and East Asian font names (and a size) on a style's or run's run properties."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    # The language tag lets word processors pick Simplified Chinese glyphs when they substitute the font.
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            node = r_pr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                r_pr.append(node)
            node.set(qn("w:val"), str(int(size.pt * 2)))


def new_document(title: str, today: date) -> DocxDocument:
    """An empty A4 document in the forms' fonts, its metadata free of personal data."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as Chinese offices print
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    _set_fonts(normal.element)
    props = document.core_properties
    props.title, props.author, props.last_modified_by, props.comments = title, "", "", ""
    props.created = props.modified = datetime(today.year, today.month, today.day)
    return document


def add_paragraph(
    document: DocxDocument, text: str, *, bold: bool = False, size: float | None = None, center: bool = False
) -> Paragraph:
    """Append one paragraph of a single run."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def add_table(document: DocxDocument, heading: str, rows: tuple[Row, ...]) -> None:
    """Append a two-column label–value table under a merged heading row."""
    widths = (Cm(4.6), Cm(12.0))
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # LibreOffice sizes columns from the grid, Word from the cells: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    head = table.add_row().cells
    merged = head[0].merge(head[1])
    merged.paragraphs[0].add_run(heading).bold = True
    merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        label, value = table.add_row().cells
        label.paragraphs[0].add_run(row.label).bold = True
        value.paragraphs[0].add_run(row.value)
        label.width, value.width = widths
    document.add_paragraph()


def render_form_docx(draft: dict[str, str], guide: Guide, *, today: date) -> bytes:
    """The filled application form as a .docx file, real values unmasked for printing."""
    content = form_content(draft, guide, today=today)
    document = new_document(content.title, today)
    add_paragraph(document, content.title, bold=True, size=18, center=True)
    add_table(document, APPLICANT_SECTION, content.applicant)
    add_table(document, INFO_SECTION, content.info)
    add_paragraph(document, SIGNATURE_LINE)
    add_paragraph(document, content.date_line)
    add_paragraph(document, SUBMIT_SECTION, bold=True, size=13)
    for line in content.instructions:
        add_paragraph(document, line)
    add_paragraph(document, content.source, size=9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- chat text


def _text(content: FormContent) -> str:
    lines = [f"《{content.title}》", "", f"【{APPLICANT_SECTION}】"]
    lines += [f"{row.label}：{row.value}" for row in content.applicant]
    lines += ["", f"【{INFO_SECTION}】"]
    lines += [f"{row.label}：{row.value}" for row in content.info]
    lines += ["", SIGNATURE_LINE, content.date_line, "", f"【{SUBMIT_SECTION}】", *content.instructions]
    lines += ["", content.source]
    return "\n".join(lines)


def render_form_text(draft: dict[str, str], guide: Guide, *, today: date, masked: bool = False) -> str:
    """The same form as plain text for a chat message, at most MAX_TEXT_CHARS characters."""
    shown = dict(draft)
    if masked:
        shown.update({key: display(draft, key, masked=True) for key in ("id_number", "phone") if draft.get(key)})
    text = _text(form_content(shown, guide, today=today))
    overflow = len(text) - MAX_TEXT_CHARS
    if overflow > 0:
        # Only the description can be long enough to overflow; the .docx keeps it whole.
        description = shown.get("description", "")
        shown["description"] = description[: max(0, len(description) - overflow - len(_CUT_MARK))] + _CUT_MARK
        text = _text(form_content(shown, guide, today=today))[:MAX_TEXT_CHARS]
    return text
