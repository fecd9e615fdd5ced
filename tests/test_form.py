"""The filled application form: .docx reopened with python-docx, the chat text, and a LibreOffice conversion."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn

from handlers.draft import CARRIERS, DELIVERIES, FIELD_BY_KEY, display, fields_for
from handlers.form import EMPTY, MAX_TEXT_CHARS, render_form_docx, render_form_text
from knowledge.guide import load_guide
from tests.ci_support import unavailable

TODAY = date(2025, 3, 5)
TITLE = "济南市历下区人民政府信息公开申请表"

CITIZEN = {
    "applicant_type": "citizen",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "work_unit": "济南市某某科技有限公司",
    "phone": "13812345678",
    "address": "济南市历下区解放东路1号3单元502室",
    "postcode": "250014",
    "email": "zhangsan@example.com",
    "info_title": "关于印发《历下区老旧小区改造实施方案》的通知",
    "doc_number": "历下政办发〔2022〕3号",
    "description": "历下区人民政府办公室2022年印发的《历下区老旧小区改造实施方案》全文",
    "purpose": "了解本小区改造安排",
    "carrier": "paper",
    "delivery": "post",
}
CITIZEN_MINIMAL = {
    "applicant_type": "citizen",
    "name": "李四",
    "id_type": "other",
    "id_type_other": "护照",
    "id_number": "E12345678",
    "phone": "0531-88150105",
    "address": "济南市历下区泉城路2号",
    "postcode": "250000",
    "description": "2023年历下区人民政府常务会议纪要",
    "carrier": "electronic",
    "delivery": "email",
}
ORGANISATION = {
    "applicant_type": "organisation",
    "org_name": "济南某某环保科技有限公司",
    "credit_code": "91350100M000100Y43",
    "legal_representative": "王五",
    "contact_person": "赵六",
    "phone": "0531-86558140",
    "address": "济南市历下区经十路100号",
    "postcode": "250000",
    "email": "office@example.com",
    "info_title": "历下区2023年度环境质量报告",
    "description": "济南市生态环境局历下分局2024年发布的历下区2023年度环境质量报告",
    "purpose": "企业环境评估",
    "carrier": "electronic",
    "delivery": "collect",
}
DRAFTS = {"citizen": CITIZEN, "citizen_minimal": CITIZEN_MINIMAL, "organisation": ORGANISATION}


@pytest.fixture(scope="module")
def guide():
    return load_guide()


def open_docx(draft, guide):
    return docx.Document(io.BytesIO(render_form_docx(draft, guide, today=TODAY)))


def table_named(document, heading: str) -> dict[str, str]:
    """A table found by its merged heading row, as {label: value}."""
    for table in document.tables:
        first = [cell.text for cell in table.rows[0].cells]
        if first == [heading, heading]:
            rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
            assert all(len(row) == 2 for row in rows)
            labels = [label for label, _ in rows]
            assert len(labels) == len(set(labels)), labels
            return dict(rows)
    raise AssertionError(f"no table headed {heading!r}")


def all_text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def expected_value(draft, key: str) -> str:
    """What the printed form must show for a field: the real value, choices in words, or the empty mark."""
    return display(draft, key, masked=False) or EMPTY


def boxes_ok(text: str, options: dict[str, str], chosen: str) -> bool:
    return all((f"☑{label}" if key == chosen else f"☐{label}") in text for key, label in options.items())


INFO_KEYS = ("info_title", "doc_number", "description", "purpose")


@pytest.mark.parametrize("which", DRAFTS)
def test_docx_applicant_table_has_every_field_next_to_its_label(which, guide):
    draft = DRAFTS[which]
    table = table_named(open_docx(draft, guide), "申请人信息")
    expected_keys = [
        f.key
        for f in fields_for(draft["applicant_type"])
        if f.key not in INFO_KEYS + ("carrier", "delivery", "id_type_other")
    ]
    assert list(table) == ["申请人类型"] + [FIELD_BY_KEY[k].label for k in expected_keys]
    for key in expected_keys:
        assert table[FIELD_BY_KEY[key].label] == expected_value(draft, key), key
    for key, value in draft.items():
        if key not in ("applicant_type", "id_type", "carrier", "delivery") and key not in INFO_KEYS:
            assert value in table.values(), key


def test_docx_citizen_values(guide):
    table = table_named(open_docx(CITIZEN, guide), "申请人信息")
    assert table["申请人类型"] == "☑公民\u3000☐法人或者其他组织"
    assert table["姓名"] == "张三"
    assert table["证件类型"] == "居民身份证"
    assert table["证件号码"] == "11010519491231002X"
    assert table["工作单位"] == "济南市某某科技有限公司"
    assert table["联系电话"] == "13812345678"
    assert table["邮政编码"] == "250014"
    assert table["电子邮箱"] == "zhangsan@example.com"
    assert "名称" not in table and "统一社会信用代码" not in table


def test_docx_other_id_and_empty_optional_fields(guide):
    document = open_docx(CITIZEN_MINIMAL, guide)
    applicant = table_named(document, "申请人信息")
    assert applicant["证件类型"] == "护照"
    assert applicant["证件号码"] == "E12345678"
    assert applicant["工作单位"] == EMPTY
    assert applicant["电子邮箱"] == EMPTY
    info = table_named(document, "所需信息情况")
    assert info["所需信息的名称"] == EMPTY
    assert info["文号"] == EMPTY
    assert info["所需信息的用途"] == EMPTY


def test_docx_organisation_values(guide):
    table = table_named(open_docx(ORGANISATION, guide), "申请人信息")
    assert table["申请人类型"] == "☐公民\u3000☑法人或者其他组织"
    assert table["名称"] == "济南某某环保科技有限公司"
    assert table["统一社会信用代码"] == "91350100M000100Y43"
    assert table["法定代表人或者负责人"] == "王五"
    assert table["联系人姓名"] == "赵六"
    assert table["联系电话"] == "0531-86558140"
    assert "姓名" not in table and "证件号码" not in table and "工作单位" not in table


@pytest.mark.parametrize("which", DRAFTS)
def test_docx_info_table_and_check_boxes(which, guide):
    draft = DRAFTS[which]
    info = table_named(open_docx(draft, guide), "所需信息情况")
    for key in INFO_KEYS:
        assert info[FIELD_BY_KEY[key].label] == expected_value(draft, key), key
    carrier, delivery = info["信息的载体形式"], info["获取信息的方式"]
    assert boxes_ok(carrier, CARRIERS, draft["carrier"]), carrier
    assert boxes_ok(delivery, DELIVERIES, draft["delivery"]), delivery
    assert carrier.count("☑") == 1 and carrier.count("☐") == len(CARRIERS) - 1
    assert delivery.count("☑") == 1 and delivery.count("☐") == len(DELIVERIES) - 1


def test_docx_title_signature_date_and_instructions(guide):
    document = open_docx(CITIZEN, guide)
    title = document.paragraphs[0]
    assert title.text == TITLE
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    assert title.runs[0].font.size.pt > document.styles["Normal"].font.size.pt
    texts = [p.text for p in document.paragraphs]
    assert "申请人签名（盖章）：__________" in texts
    assert "申请日期：2025年3月5日" in texts
    assert "提交方式" in texts
    body = "\n".join(texts[texts.index("提交方式") :])
    in_person, letter, office = (guide.place(p).fields for p in ("in_person_point", "letter", "receiving_office"))
    for fragment in (
        in_person["address"],
        in_person["hours"],
        "当面提交请出示有效身份证件",
        letter["address"],
        letter["postcode"],
        "信封左下角注明“政府信息公开申请”字样，并附有效身份证件复印件",
        office["online"],
        "上传有效身份证件扫描件或照片",
        guide.meta.guide,
        "2022年4月更新",
    ):
        assert fragment in body, fragment


@pytest.mark.parametrize("which", DRAFTS)
def test_docx_is_not_masked(which, guide):
    draft = DRAFTS[which]
    text = all_text(open_docx(draft, guide))
    assert draft["phone"] in text
    if "id_number" in draft:
        assert draft["id_number"] in text
    assert "****" not in text


def test_docx_sets_an_east_asian_font(guide):
    document = open_docx(CITIZEN, guide)
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia"))
    assert document.core_properties.title == TITLE
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_unknown_applicant_type_is_an_error(guide):
    with pytest.raises(ValueError):
        render_form_docx({"applicant_type": "robot"}, guide, today=TODAY)
    with pytest.raises(ValueError):
        render_form_text({}, guide, today=TODAY)


# ---------------------------------------------------------------- chat text


@pytest.mark.parametrize("which", DRAFTS)
def test_text_form_contains_every_field(which, guide):
    draft = DRAFTS[which]
    text = render_form_text(draft, guide, today=TODAY)
    assert len(text) <= MAX_TEXT_CHARS
    assert text.startswith(f"《{TITLE}》")
    lines = text.splitlines()
    for field in fields_for(draft["applicant_type"]):
        if field.key == "id_type_other":
            continue
        if field.key in ("carrier", "delivery"):
            line = next(ln for ln in lines if ln.startswith(field.label + "："))
            options = CARRIERS if field.key == "carrier" else DELIVERIES
            assert boxes_ok(line, options, draft[field.key]), line
        else:
            assert f"{field.label}：{expected_value(draft, field.key)}" in lines, field.key
    for fragment in ("申请人签名（盖章）：__________", "申请日期：2025年3月5日", "当面提交请出示有效身份证件"):
        assert fragment in text
    assert guide.place("letter").fields["address"] in text
    assert "****" not in text


def test_text_form_can_be_masked_for_chat(guide):
    text = render_form_text(CITIZEN, guide, today=TODAY, masked=True)
    assert "11010519491231002X" not in text and "13812345678" not in text
    assert "1101**********002X" in text and "138****5678" in text


def test_text_form_stays_within_one_message(guide):
    draft = dict(CITIZEN) | {key: "字" * 200 for key in ("name", "work_unit", "address", "info_title", "doc_number")}
    draft |= {"description": "描" * 2000, "purpose": "用" * 500}
    text = render_form_text(draft, guide, today=TODAY)
    assert len(text) <= MAX_TEXT_CHARS
    assert "全文见申请表文件" in text
    assert "申请日期：2025年3月5日" in text  # the cut falls in the description, not at the end
    data = render_form_docx(draft, guide, today=TODAY)
    assert table_named(docx.Document(io.BytesIO(data)), "所需信息情况")["所需信息的内容描述"] == "描" * 2000


# ---------------------------------------------------------------- a real word processor


def test_docx_converts_with_libreoffice(guide, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        unavailable("LibreOffice is not installed (apt-get install libreoffice-writer poppler-utils; .ci/run does)")
    source = tmp_path / "form.docx"
    source.write_bytes(render_form_docx(CITIZEN, guide, today=TODAY))
    # A private profile keeps the run independent of (and from locking) the user's LibreOffice settings.
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pdf = tmp_path / "form.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        unavailable("pdftotext is not installed, so the PDF's text is not checked (apt-get install poppler-utils)")
    text = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True, timeout=30).stdout
    assert TITLE in text.decode("utf-8").replace(" ", "")
