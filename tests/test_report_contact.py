"""Whom each annual report says to ask about it: the closing sentence as parsed, the questions asking its details,
the answers (each year's details as printed, set against other years'), follow-ups, and what is left to the guide."""

from __future__ import annotations

import pytest

from knowledge.reports import ReportAnswerer, ReportFocus, ReportsError, load_reports, parse_reports
from knowledge.reports.contact import asks_printed, contact_asked, same_street_number
from knowledge.reports.model import Contact
from tests.ci_support import SEED_FILE, shared_path
from tools import report_parser
from tools.report_blocks import ParseError

T2022 = "《济南市历下区人民政府2022年政府信息公开工作年度报告》"
T2021 = "《济南市历下区人民政府2021年政府信息公开工作年度报告》（版本A、版本B）"
T2020 = "《济南市历下区人民政府2020年政府信息公开工作年度报告》"
T2019 = "《济南市历下区人民政府2019年政府信息公开工作年度报告》"
T2014 = "《济南市历下区人民政府2014年政府信息公开工作年度报告》"
ALL_YEARS = "《济南市历下区人民政府政府信息公开工作年度报告》（2014、2019、2020、2021、2022年）"
SENTENCE_2021_2022 = (
    "如对本报告有疑问,请与济南市历下区政府办公室联系(地址:济南市历下区解放东路99号历下大厦2层,邮政编码:250000,"
    "电话:0531-88150105,邮箱:jnlxzwgk@jn.shandong.cn)"
)


# The parser: each report's closing sentence, every detail as printed.
CONTACTS = [
    (
        2022,
        "",
        Contact(
            body="济南市历下区政府办公室",
            text=SENTENCE_2021_2022,
            line=136,
            address="济南市历下区解放东路99号历下大厦2层",
            postcode="250000",
            phone="0531-88150105",
            email="jnlxzwgk@jn.shandong.cn",
        ),
    ),
    (
        2021,
        "A",
        Contact(
            body="济南市历下区政府办公室",
            text=SENTENCE_2021_2022,
            line=218,
            address="济南市历下区解放东路99号历下大厦2层",
            postcode="250000",
            phone="0531-88150105",
            email="jnlxzwgk@jn.shandong.cn",
        ),
    ),
    (
        2021,
        "B",
        Contact(
            body="济南市历下区政府办公室",
            text=SENTENCE_2021_2022,
            line=318,
            address="济南市历下区解放东路99号历下大厦2层",
            postcode="250000",
            phone="0531-88150105",
            email="jnlxzwgk@jn.shandong.cn",
        ),
    ),
    (
        2020,
        "",
        Contact(
            body="历下区政府办公室",
            text="如对本年报有任何疑问,请与历下区政府办公室联系(地址:济南市历下区解放东路99号,邮编:250014,电话:88150105)",
            line=415,
            address="济南市历下区解放东路99号",
            postcode="250014",
            phone="88150105",
        ),
    ),
    (
        2019,
        "",
        Contact(
            body="济南市历下区人民政府办公室",
            text=(
                "如对本报告有任何疑问,请与济南市历下区人民政府办公室联系(地址:历下区解放东路99号;邮编:250014;"
                "电子邮箱: jnlxzfbxxzx@jn.shandong.cn;联系电话:88150922)"
            ),
            line=655,
            address="历下区解放东路99号",
            postcode="250014",
            phone="88150922",
            email="jnlxzfbxxzx@jn.shandong.cn",
        ),
    ),
    (
        2014,
        "",
        Contact(
            body="历下区政府办公室",
            text="如对本年报有任何疑问,请与历下区政府办公室联系(地址:济南市解放东路99号,邮编:250014,电话:88150105)",
            line=621,
            address="济南市解放东路99号",
            postcode="250014",
            phone="88150105",
        ),
    ),
]


def test_every_report_has_its_contact_sentence() -> None:
    actual = [(r.year, r.version, r.contact) for r in load_reports()]
    assert actual == CONTACTS


@pytest.mark.parametrize(
    ("address", "floor"),
    [
        ("济南市历下区解放东路99号历下大厦2层", "历下大厦2层"),
        ("济南市历下区解放东路99号", ""),
        ("历下区解放东路99号3楼", "3楼"),
    ],
)
def test_the_floor_is_read_from_the_address(address: str, floor: str) -> None:
    assert Contact(body="b", text="t", line=1, address=address).detail("floor") == floor


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("电话:88150105)", "传真:88150105)", "unknown contact detail '传真:88150105'"),
        ("邮编:250014,电话", "邮编:250014,电话:1,电话", "contact detail 'phone' appears twice"),
    ],
)
def test_an_unknown_or_repeated_contact_detail_stops_the_parser(old: str, new: str, error: str) -> None:
    text = shared_path("seed", SEED_FILE).read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(ParseError, match=error):
        report_parser.parse_seed(text)


def _raw(contact: dict) -> dict:
    return {"report": [{"year": 2022, "version": "", "title": "t", "copies": [[1, 2]], "contact": contact}]}


@pytest.mark.parametrize(
    "contact",
    [
        {"body": "b", "text": "t", "line": 1, "fax": "1"},  # not a detail the sentence prints
        {"text": "t", "line": 1},  # no body
        {"body": "b", "text": "t", "line": "1"},
        {"body": "b", "text": "t", "line": 1, "phone": 88150105},
    ],
)
def test_malformed_contact_sections_are_rejected(contact: dict) -> None:
    with pytest.raises(ReportsError):
        parse_reports(_raw(contact))


# Reading the question: the details asked of a report, in printed order; None where it names no report.
@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("2019年年报上留的联系电话是多少", ("phone",)),
        ("2022年的年报有疑问联系哪个邮箱", ("email",)),
        ("年度报告上写的办公室在历下大厦第几层", ("floor",)),
        ("2021年报告留的地址和邮编", ("address", "postcode")),
        ("2019年年报的电子邮件地址", ("email",)),
        ("2014年报告的地址在几楼", ("floor",)),
        ("2022年报告的联系电话和邮箱分别是什么", ("phone", "email")),
        ("2020年年报上怎么联系", ("address", "postcode", "phone", "email")),
        ("2022年年报的联系方式", ("address", "postcode", "phone", "email")),
        ("2022年年度报告有疑问找哪个部门", ("address", "postcode", "phone", "email")),
        ("联系电话是多少", None),  # no report named: the guide's
        ("办公室在几楼", None),
        ("2022年报告里电话咨询多少次", None),  # a count
        ("2022年年报的传真", None),  # not a detail the reports print
        ("2022年年报在哪里公布", None),
        ("2022年收到多少申请", None),
    ],
)
def test_contact_details_asked_of_a_report(question: str, asked: tuple[str, ...] | None) -> None:
    assert contact_asked(question) == asked


@pytest.mark.parametrize(
    ("question", "prints"),
    [("2020年的年报有没有写邮箱", True), ("2019年年报是否留了电话", True), ("2019年年报留的电话是多少", False)],
)
def test_asking_whether_a_report_prints_a_detail(question: str, prints: bool) -> None:
    assert asks_printed(question) is prints


PHONE_2022 = "其他年份的报告中，电话：2021年、2020年、2014年相同（2020年、2014年写作88150105）；2019年为88150922。"
EMAIL_2022 = "其他年份的报告中，邮箱：2021年相同；2019年为jnlxzfbxxzx@jn.shandong.cn；2020年、2014年没有写。"
ANSWERS = [
    (
        "2019年年报上留的联系电话是多少",
        "2019年的年度报告写明，如对报告有疑问，请与济南市历下区人民政府办公室联系，电话：88150922。\n"
        "其他年份的报告中，电话：2022年、2021年、2020年、2014年为0531-88150105（2020年、2014年写作88150105）。",
        f"{T2019}正文第655行",
        ReportFocus("contact:phone", (2019,)),
    ),
    (
        "2022年的年报有疑问联系哪个邮箱",
        f"2022年的年度报告写明，如对报告有疑问，请与济南市历下区政府办公室联系，邮箱：jnlxzwgk@jn.shandong.cn。\n{EMAIL_2022}",
        f"{T2022}正文第136行",
        ReportFocus("contact:email", (2022,)),
    ),
    (
        # No year: the latest report's, with the years that print the same.
        "年度报告上写的办公室在历下大厦第几层",
        "最新的2022年年度报告写明，如对报告有疑问，请与济南市历下区政府办公室联系，"
        "地址：济南市历下区解放东路99号历下大厦2层，即在历下大厦2层。\n"
        "其他年份的报告中，楼层：2021年相同；2020年、2019年、2014年没有写。",
        f"{T2022}正文第136行",
        ReportFocus("contact:floor", (2022,)),
    ),
    (
        "年报上留的联系电话是多少",
        f"最新的2022年年度报告写明，如对报告有疑问，请与济南市历下区政府办公室联系，电话：0531-88150105。\n{PHONE_2022}",
        f"{T2022}正文第136行",
        ReportFocus("contact:phone", (2022,)),
    ),
    (
        # Both versions of 2021 print the same sentence: said once, both lines cited.
        "2021年报告留的地址和邮编",
        "2021年的年度报告写明，如对报告有疑问，请与济南市历下区政府办公室联系，"
        "地址：济南市历下区解放东路99号历下大厦2层，邮政编码：250000。\n"
        "其他年份的报告中：\n"
        "地址：2022年相同；2020年、2019年、2014年为济南市历下区解放东路99号"
        "（2019年写作历下区解放东路99号；2014年写作济南市解放东路99号）。\n"
        "邮政编码：2022年相同；2020年、2019年、2014年为250014。",
        f"{T2021}正文第218、318行",
        ReportFocus("contact:address,postcode", (2021,)),
    ),
    (
        # "联系方式": every detail; one the report does not print is said to be missing.
        "2020年年报上的联系方式",
        "2020年的年度报告写明，如对报告有疑问，请与历下区政府办公室联系，"
        "地址：济南市历下区解放东路99号，邮政编码：250014，电话：88150105；没有写邮箱。\n"
        "其他年份的报告中：\n"
        "地址：2019年、2014年相同（2019年写作历下区解放东路99号；2014年写作济南市解放东路99号）；"
        "2022年、2021年为济南市历下区解放东路99号历下大厦2层。\n"
        "邮政编码：2019年、2014年相同；2022年、2021年为250000。\n"
        "电话：2022年、2021年、2014年相同（2022年、2021年写作0531-88150105）；2019年为88150922。\n"
        "邮箱：2014年也没有写；2022年、2021年为jnlxzwgk@jn.shandong.cn；2019年为jnlxzfbxxzx@jn.shandong.cn。",
        f"{T2020}正文第415行",
        ReportFocus("contact:address,postcode,phone,email", (2020,)),
    ),
    (
        # Whether the report prints it: the plain answer first, then what it does print.
        "2020年的年报有没有写邮箱",
        "没有。2020年的年度报告写明，如对报告有疑问，请与历下区政府办公室联系，没有写邮箱，"
        "只写了地址：济南市历下区解放东路99号，邮政编码：250014，电话：88150105。\n"
        "其他年份的报告中，邮箱：2014年也没有写；2022年、2021年为jnlxzwgk@jn.shandong.cn；2019年为jnlxzfbxxzx@jn.shandong.cn。",
        f"{T2020}正文第415行",
        ReportFocus("contact:email", (2020,)),
    ),
    (
        "2014年报告的地址在几楼",
        "2014年的年度报告写明，如对报告有疑问，请与历下区政府办公室联系，没有写楼层，只写了地址：济南市解放东路99号。\n"
        "其他年份的报告中，楼层：2020年、2019年也没有写；2022年、2021年为历下大厦2层。",
        f"{T2014}正文第621行",
        ReportFocus("contact:floor", (2014,)),
    ),
    (
        # Several years: each year's sentence, side by side.
        "2019年和2020年年报的电话",
        "2019年的年度报告写明，如对报告有疑问，请与济南市历下区人民政府办公室联系，电话：88150922。\n"
        "2020年的年度报告写明，如对报告有疑问，请与历下区政府办公室联系，电话：88150105。",
        f"{T2019}正文第655行；{T2020}正文第415行",
        ReportFocus("contact:phone", (2019, 2020)),
    ),
]


@pytest.mark.parametrize(("question", "text", "source", "focus"), ANSWERS)
def test_contact_details_of_a_report_are_answered(
    reports: ReportAnswerer, question: str, text: str, source: str, focus: ReportFocus
) -> None:
    reply = reports.answer(question)
    assert reply is not None
    actual = (reply.text, reply.source, reply.topic, reply.known, reply.focus)
    assert actual == (text, source, "report_contact", True, focus)


@pytest.mark.parametrize(
    ("question", "focus", "said"),
    [
        ("2021年年报上留的电话是多少", ReportFocus("contact:phone", (2021,)), "电话：0531-88150105。"),
        ("2022年年度报告里的电子邮箱是哪个", ReportFocus("contact:email", (2022,)), "邮箱：jnlxzwgk@jn.shandong.cn。"),
        (
            "我看了2020年的年报，上面写的办公室地址在哪里",
            ReportFocus("contact:address", (2020,)),
            "地址：济南市历下区解放东路99号。",
        ),
        ("2014年年报的邮编是多少", ReportFocus("contact:postcode", (2014,)), "邮政编码：250014。"),
        ("19年年报邮箱", ReportFocus("contact:email", (2019,)), "邮箱：jnlxzfbxxzx@jn.shandong.cn。"),
    ],
)
def test_the_detail_asked_ends_the_first_line(
    reports: ReportAnswerer, question: str, focus: ReportFocus, said: str
) -> None:
    reply = reports.answer(question)
    assert reply is not None
    first = reply.text.split("\n")[0]
    assert (reply.topic, reply.focus, first.endswith(said)) == ("report_contact", focus, True)


def test_a_year_without_a_report_is_said(reports: ReportAnswerer) -> None:
    reply = reports.answer("2015年年报的电话")
    assert reply is not None
    actual = (reply.text, reply.source, reply.topic, reply.focus)
    assert actual == (
        "没有2015年的年度报告数据；现有：2014、2019、2020、2021、2022年。",
        ALL_YEARS,
        "report_missing_year",
        ReportFocus("contact:phone", (2015,)),
    )


FOLLOW_UPS = [
    (
        ReportFocus("contact:phone", (2019,)),
        "那2020年的呢",
        ReportFocus("contact:phone", (2020,)),
        "2020年的年度报告写明，如对报告有疑问，请与历下区政府办公室联系，电话：88150105。\n"
        "其他年份的报告中，电话：2022年、2021年、2014年相同（2022年、2021年写作0531-88150105）；2019年为88150922。",
    ),
    (
        ReportFocus("contact:floor", (2022,)),
        "那2020年的呢",
        ReportFocus("contact:floor", (2020,)),
        "2020年的年度报告写明，如对报告有疑问，请与历下区政府办公室联系，没有写楼层，只写了地址：济南市历下区解放东路99号。\n"
        "其他年份的报告中，楼层：2019年、2014年也没有写；2022年、2021年为历下大厦2层。",
    ),
    (
        # Another detail of the same report, without naming it again.
        ReportFocus("contact:phone", (2022,)),
        "那邮箱呢",
        ReportFocus("contact:email", (2022,)),
        f"2022年的年度报告写明，如对报告有疑问，请与济南市历下区政府办公室联系，邮箱：jnlxzwgk@jn.shandong.cn。\n{EMAIL_2022}",
    ),
    (
        # Contact details are said side by side, not subtracted.
        ReportFocus("contact:phone", (2020,)),
        "比上一年呢",
        ReportFocus("contact:phone", (2020, 2019)),
        "2020年的年度报告写明，如对报告有疑问，请与历下区政府办公室联系，电话：88150105。\n"
        "2019年的年度报告写明，如对报告有疑问，请与济南市历下区人民政府办公室联系，电话：88150922。",
    ),
    (
        # A figure after a contact answer: that figure for the same year.
        ReportFocus("contact:phone", (2019,)),
        "行政诉讼呢",
        ReportFocus("litigation", (2019,)),
        "2019年，政府信息公开行政诉讼1件（未经复议直接起诉1件）。",
    ),
]


@pytest.mark.parametrize(("previous", "text", "focus", "expected"), FOLLOW_UPS)
def test_follow_ups_to_a_contact_answer(
    reports: ReportAnswerer, previous: ReportFocus, text: str, focus: ReportFocus, expected: str
) -> None:
    reply = reports.answer(text, previous=previous)
    assert reply is not None
    assert (reply.focus, reply.text) == (focus, expected)


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("联系电话是多少", None),
        ("邮箱是哪个", None),
        ("办公室地址在哪里", None),
        ("怎么联系你们", None),
        ("邮编多少", None),
        ("投诉电话", None),
        ("2022年的联系电话", None),  # a year, but no report: the guide's
        ("2022年年报的传真", None),  # a report, but a detail no report prints
        ("电话呢", ReportFocus("applications", (2022,))),  # after a figure, not after a contact answer
        ("邮箱呢", ReportFocus("nonsense:x", (2022,))),
        ("那个邮箱是政府办公室的官方邮箱吗，我想发一份材料过去", ReportFocus("contact:phone", (2022,))),
    ],
)
def test_contact_questions_that_name_no_report_are_left_to_the_guide(
    reports: ReportAnswerer, text: str, previous: ReportFocus | None
) -> None:
    assert reports.answer(text, previous=previous) is None


def test_a_stored_contact_focus_is_readable(reports: ReportAnswerer) -> None:
    readable = [
        reports.answer("那2019年呢", previous=ReportFocus(measure, (2022,))) is not None
        for measure in ("contact:phone", "contact:address,email", "contact:fax", "contact:")
    ]
    assert readable == [True, True, False, False]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("济南市历下区解放东路99号", "济南市历下区解放东路99号历下大厦2层", True),
        ("济南市历下区解放东路99号历下大厦 人民政府办公室", "济南市历下区解放东路99号历下大厦2层", True),
        ("山东省济南市解放路99号", "济南市历下区解放东路99号历下大厦2层", False),
        ("历下大厦", "历下大厦2层", False),
    ],
)
def test_addresses_at_one_street_number(one: str, other: str, same: bool) -> None:
    assert same_street_number(one, other) == same
