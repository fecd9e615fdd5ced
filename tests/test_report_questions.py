"""How report questions are read: several counts in one question, the thing counted and its unit, paraphrases
of the text's words, yes/no questions, and questions about the reports that ask no figure."""

from __future__ import annotations

import pytest

from knowledge.reports import ReportAnswerer, ReportFocus, words
from knowledge.reports.contact import asks_contact
from knowledge.reports.model import ProseFigure
from knowledge.reports.prose import counted_noun
from tests.report_support import ask


def _in_order(text: str, figures: list[str]) -> bool:
    at = 0
    for figure in figures:
        at = text.find(figure, at)
        if at < 0:
            return False
        at += len(figure)
    return True


# Several counts in one question: each part is answered, in the order asked.
@pytest.mark.parametrize(
    ("question", "figures"),
    [
        # "A和B各/分别多少": the count is shared.
        ("2022年历下区承办的人大代表建议和政协提案各是多少件", ["96件", "108件"]),
        ("2021年人大代表建议、政协提案分别承办了多少件", ["96件", "108件"]),
        ("2020年承办的人大代表建议和政协提案分别多少件", ["97件", "122件"]),
        # "多少件A和B": the count comes first.
        ("2019年全区承办了多少件人大代表建议和政协提案呢", ["107件", "129件"]),
        # Each piece asks its own count, in its own unit.
        ("2022年信息公开专栏一共覆盖了多少所学校、多少家卫生机构", ["65所", "18家"]),
        ("2021年标准化建设设计了多少个板块和多少个栏目", ["38个", "1299个"]),
        # Clauses of their own, one asking a month.
        ("2022年政府开放月是哪个月？街道部门开展了多少次活动", ["10月", "44次"]),
        ("2020年热线工单多少件？满意率是多少", ["32.6万件", "99.68%"]),
        # Table figures joined in one clause.
        ("2022年行政复议、行政诉讼各有多少件", ["行政复议3件", "行政诉讼2件"]),
        ("2020年行政许可和行政处罚分别是多少件", ["行政许可本年处理决定数量67556件", "行政处罚本年处理决定数量1620件"]),
    ],
)
def test_a_question_asking_several_counts_is_answered_for_each(
    reports: ReportAnswerer, question: str, figures: list[str]
) -> None:
    reply = ask(reports, question)
    assert reply.known
    assert _in_order(reply.text, figures), reply.text


@pytest.mark.parametrize(
    ("question", "total"),
    [
        # Two figures of one year, the same figure of two years, and of every year of a range.
        ("2022年人大代表建议跟政协提案合起来是多少件", "合计204件"),
        ("2021和2022这两年的上级政府信息协助调查函加一块多少", "合计21件"),
        ("2019年至2022年因信息公开被申请行政复议的总共几件", "合计21件"),
    ],
)
def test_figures_asked_added_up_in_one_question_are_added(reports: ReportAnswerer, question: str, total: str) -> None:
    reply = ask(reports, question)
    assert reply.known and total in reply.text, reply.text


def test_a_follow_up_asks_every_part_again(reports: ReportAnswerer) -> None:
    first = ask(reports, "2022年人大代表建议和政协提案各承办多少件")
    assert first.focus is not None and "|" in first.focus.measure
    again = ask(reports, "那2019年呢", first.focus)
    assert _in_order(again.text, ["2019年：107件", "129件"]), again.text
    compared = ask(reports, "2021年比2019年呢", first.focus)
    assert _in_order(compared.text, ["2021年比2019年少11件", "2021年比2019年少21件"]), compared.text


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("2022年人大代表建议和政协提案分别是多少件", [["人大代表建议多少件", "政协提案分别是多少件"]]),
        # Words before the first thing asked qualify every thing asked: they are left out.
        ("2022年全区承办的人大代表建议和政协提案各多少件", [["人大代表建议多少件", "政协提案各多少件"]]),
        ("2019年政府系统承办了多少件人大代表建议和政协提案", [["多少件人大代表建议", "政协提案多少件"]]),
        ("2022年专栏覆盖多少所学校、多少家卫生机构", [["专栏覆盖多少所学校", "多少家卫生机构"]]),
        ("2022年开放月定在几月？一共搞了多少次活动？", [["开放月定在几月"], ["一共搞了多少次活动"]]),
        # A clause asking nothing is context; one thing asked is one part.
        ("我看了2022年的年报，收到多少申请", [["收到多少申请"]]),
        ("2021年有没有人把区政府告到法院？有几件？", [["有几件"]]),
        ("2022年年报情况", []),
    ],
)
def test_parts_of_a_question(question: str, parts: list[list[str]]) -> None:
    assert words.parts(question) == parts


# The thing asked for, in the unit asked, decides between the numbers of one clause or line.
@pytest.mark.parametrize(
    ("question", "said", "not_said"),
    [
        ("2022年公共企事业单位信息公开专栏覆盖了几所学校", "2022年：65所", "13个"),
        ("2022年专栏覆盖多少家卫生机构", "2022年：18家", "：1家"),
        ("2022年专栏覆盖多少家供电企业", "2022年：1家", "18家（"),
        ("2021年标准化搭建了多少个栏目", "2021年：1299个", "：38个"),
        ("2021年设计搭建了几个板块", "2021年：38个", "：1299个"),
        ("2022年门户网站公开多少条信息", "2.1万余条", "50余个"),
    ],
)
def test_the_thing_counted_and_its_unit_pick_the_number(
    reports: ReportAnswerer, question: str, said: str, not_said: str
) -> None:
    reply = ask(reports, question)
    assert (reply.topic, said in reply.text, not_said in reply.text) == ("report_prose", True, False), reply.text


@pytest.mark.parametrize(
    ("clause", "label", "printed", "noun"),
    [
        ("该专栏共覆盖65所学校、18家卫生机构和1家供电企业", "该专栏共覆盖", "65所", "学校"),
        ("该专栏共覆盖65所学校、18家卫生机构和1家供电企业", "", "18家", "卫生机构"),
        ("该专栏共覆盖65所学校、18家卫生机构和1家供电企业", "卫生机构和", "1家", "供电企业"),
        ("设计搭建38个板块、1299个栏目、1500余项内容", "", "1299个", "栏目"),
        ("各部门街道共开展活动44次", "各部门街道共开展活动", "44次", ""),
        ("开设公共企事业单位信息公开专题专栏等13个", "开设公共企事业单位信息公开专题专栏等", "13个", ""),
        ("满意率99.68%", "满意率", "99.68%", ""),
    ],
)
def test_the_thing_a_number_counts(clause: str, label: str, printed: str, noun: str) -> None:
    figure = ProseFigure(
        label=label, value=0, unit=printed.strip("0123456789.余"), line=1, clause=clause, printed=printed
    )
    assert counted_noun(figure) == noun


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # "各种/各类渠道" for the text's "不同渠道和方式": a count no table topic answers.
        ("2022年通过各类渠道主动公开的政府信息大约有多少条", "3.6万余条"),
        ("2022年全区通过各种渠道主动公开的政府信息总共多少条", "3.6万余条"),
        ("2022年开放月一共搞了多少次活动", "44次"),
    ],
)
def test_paraphrases_of_the_text_find_its_number(reports: ReportAnswerer, question: str, figure: str) -> None:
    reply = ask(reports, question)
    assert (reply.topic, reply.text.startswith(f"2022年：{figure}")) == ("report_prose", True), reply.text


# Yes/no questions get "有。" or "没有。" by the figure's value, then the figure.
@pytest.mark.parametrize(
    ("question", "lead", "figure"),
    [
        ("2022年有没有收取信息处理费", "没有。", "年度报告称未收取信息处理费"),
        ("2022年区政府收信息处理费了吗", "没有。", "年度报告称未收取信息处理费"),
        ("2014年区政府有没有被告上法庭", "没有。", "行政诉讼0件"),
        ("2021年有没有人起诉区政府？一共几件？", "有。", "行政诉讼4件"),
        ("2021年有没有人因为公开的事把区政府告到法院", "有。", "行政诉讼4件"),
        ("2019年是不是有人申请了行政复议", "有。", "行政复议3件"),
        ("2022年收到协助调查函了吗", "有。", "10件"),
        # Not yes/no, or a figure the report does not give: no lead.
        ("2022年行政诉讼多少件", "2022年，", "行政诉讼2件"),
        ("2022年收到多少申请你知道吗", "2022年，", "215件"),
        ("2020年收没收信息处理费", "2020年，", "没有说明信息处理费的收取情况"),
        ("2016年有没有行政诉讼", "没有2016年", "现有"),
    ],
)
def test_yes_no_questions_lead_with_the_answer(reports: ReportAnswerer, question: str, lead: str, figure: str) -> None:
    reply = ask(reports, question)
    assert (reply.text.startswith(lead), figure in reply.text) == (True, True), reply.text


@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("2022年收过信息处理费吗", True),
        ("2014年有没有行政诉讼", True),
        ("2022年是不是收了费", True),
        ("2022年收不收信息处理费", True),
        ("2022年公开没公开", True),
        ("2022年是否有人申请复议", True),
        ("2022年收到多少申请你知道吗", False),
        ("2022年收到多少申请", False),
        ("2022年不予公开多少件", False),
    ],
)
def test_yes_no_form(question: str, yes_no: bool) -> None:
    assert words.yes_no(question) is yes_no


@pytest.mark.parametrize(
    "question",
    [
        "2022年年报上留的传真是多少",
        "2022年标准化建设情况",
        "2022年收费标准是多少",
    ],
)
def test_questions_about_a_report_that_ask_no_figure_it_prints_are_left_to_the_guide(
    reports: ReportAnswerer, question: str
) -> None:
    assert reports.answer(question) is None


@pytest.mark.parametrize(
    ("question", "contact"),
    [("年报上留的联系电话是多少", True), ("邮箱是哪个", True), ("2022年电话咨询多少次", False), ("网站访问量", False)],
)
def test_contact_details_are_told_from_counts(question: str, contact: bool) -> None:
    assert asks_contact(question) is contact


def test_a_month_the_text_names_is_answered(reports: ReportAnswerer) -> None:
    reply = ask(reports, "2022年政府开放月定在了哪个月")
    assert reply.text == "2022年：10月（报告正文：“定于10月为“政府开放月””）。"
    assert ask(reports, "那2021年呢", reply.focus).text == "2021年的年度报告没有写到这个月份。"


@pytest.mark.parametrize(
    ("question", "previous", "figure"),
    [
        ("2021年未经复议直接起诉的有几件", None, "行政诉讼4件"),
        ("那直接起诉的呢", ReportFocus("reconsideration", (2022,)), "未经复议直接起诉1件"),
    ],
)
def test_suing_without_reconsideration_is_a_lawsuit(reports, question, previous, figure) -> None:
    assert figure in ask(reports, question, previous).text


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("19年区政府网站上累计主动公开了多少条信息，报告里怎么说的", "区政府网站上累计主动公开 信息"),
        ("2022年那份年报里人大代表建议有多少件", "人大代表建议"),
    ],
)
def test_the_words_matched_to_the_text_leave_out_years_and_the_report_itself(question: str, kept: str) -> None:
    assert words.query(words.normalise(question)) == kept


def test_a_measure_word_is_not_the_start_of_a_word():
    assert words.asked_unit("2021年一共收了多少处理费") == ""
    assert words.asked_unit("设了多少处查阅点") == "处"
    assert "处理费" in words.query("2021年一共收了多少处理费")


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("2020年全区政府系统承办人大代表建议多少件", ["219件", "97件"]),
        ("2020年区里承办了多少人大代表建议和政协提案", ["219件", "97件", "122件"]),
    ],
)
def test_a_total_and_its_part_in_the_same_words_are_both_said(
    reports: ReportAnswerer, question: str, figures: list[str]
) -> None:
    reply = ask(reports, question)
    assert reply.known and _in_order(reply.text, figures), reply.text
