"""Answers about report figures: follow-ups, numbers of the text by year, comparisons, absent figures, and the
figures the reports print two ways, each said in the words of `reports.check`'s findings."""

from __future__ import annotations

import pytest

from knowledge.reports import ReportAnswerer, ReportFocus, ReportReply, load_reports
from knowledge.reports.check import CARRY_OVER, PROSE_TABLE, VERSIONS, YEAR_CHANGE, check_reports
from tests.report_support import ask

T2022 = "《济南市历下区人民政府2022年政府信息公开工作年度报告》"
T2021 = "《济南市历下区人民政府2021年政府信息公开工作年度报告》（版本A、版本B）"
T2020 = "《济南市历下区人民政府2020年政府信息公开工作年度报告》"
T2019 = "《济南市历下区人民政府2019年政府信息公开工作年度报告》"
T2014 = "《济南市历下区人民政府2014年政府信息公开工作年度报告》"
APPLICATIONS = "表格“收到和处理政府信息公开申请情况”"
REMEDIES = "表格“政府信息公开行政复议、行政诉讼情况”"
ALL_YEARS = "《济南市历下区人民政府政府信息公开工作年度报告》（2014、2019、2020、2021、2022年）"


def _notes(reply: ReportReply) -> list[str]:
    return [line for line in reply.text.splitlines() if line.startswith("印刷不一致")]


def _said(kind: str, report: str, index: int = 0) -> str:
    """How reports.check's index-th finding of a kind in a report is said."""
    found = [d for d in check_reports(load_reports()) if (d.kind, d.report) == (kind, report)]
    return found[index].say()


# Follow-ups: (previous focus, text) → the reply's focus, topic and text.
FOLLOW_UPS = [
    (
        ReportFocus("applications", (2021,)),
        "那2020年呢",
        ReportFocus("applications", (2020,)),
        "report_applications",
        "2020年，区政府新收政府信息公开申请176件（自然人152件，法人或其他组织24件），上年结转2件。",
    ),
    (
        ReportFocus("litigation", (2020,)),
        "19年呢",
        ReportFocus("litigation", (2019,)),
        "report_litigation",
        "2019年，政府信息公开行政诉讼1件（未经复议直接起诉1件）。",
    ),
    (
        ReportFocus("litigation", (2019,)),
        "2022呢",
        ReportFocus("litigation", (2022,)),
        "report_litigation",
        "2022年，政府信息公开行政诉讼2件（未经复议直接起诉1件，复议后起诉1件）。",
    ),
    (
        ReportFocus("prose:人大建议", (2022,)),
        "2019年的呢",
        # Asked of another year, a number of the text keeps the measure word it was given in.
        ReportFocus("prose:人大建议@件", (2019,)),
        "report_prose",
        "2019年：107件（报告正文：“全区政府系统共承办人大代表建议107件”）。",
    ),
    (
        ReportFocus("applications", (2020,)),
        "行政诉讼呢",
        ReportFocus("litigation", (2020,)),
        "report_litigation",
        "2020年，政府信息公开行政诉讼3件（未经复议直接起诉3件）。",
    ),
    (
        ReportFocus("litigation", (2022,)),
        "不予公开的呢",
        ReportFocus("withheld", (2022,)),
        "report_withheld",
        "2022年，不予公开15件（保护第三方合法权益3件、属于三类内部事务信息2件、属于四类过程性信息10件），"
        "全年办结219件。",
    ),
    (
        ReportFocus("withheld", (2022,)),
        "复议呢",
        ReportFocus("reconsideration", (2022,)),
        "report_reconsideration",
        "2022年，政府信息公开行政复议3件（维持1件，尚未审结2件）。",
    ),
    (
        ReportFocus("reconsideration", (2019,)),
        "那人大建议呢",
        ReportFocus("prose:人大建议", (2019,)),
        "report_prose",
        "2019年：107件（报告正文：“全区政府系统共承办人大代表建议107件”）。",
    ),
    (
        ReportFocus("applications", (2022,)),
        "行政复议多少件",
        ReportFocus("reconsideration", (2022,)),
        "report_reconsideration",
        "2022年，政府信息公开行政复议3件（维持1件，尚未审结2件）。",
    ),
    (
        ReportFocus("reconsideration", (2021,)),
        "2022年和2020年呢",
        ReportFocus("reconsideration", (2022, 2020)),
        "report_reconsideration",
        "2022年，政府信息公开行政复议3件（维持1件，尚未审结2件）。\n"
        "2020年，政府信息公开行政复议5件（维持4件，纠正1件）。",
    ),
    (
        ReportFocus("reconsideration", (2022,)),
        "2021年比2020年呢",
        ReportFocus("reconsideration", (2021, 2020)),
        "report_compare",
        "政府信息公开行政复议：2021年10件，2020年5件。2021年比2020年多5件。",
    ),
    (
        ReportFocus("prose:政协提案", (2021,)),
        "2014年呢",
        ReportFocus("prose:政协提案@件", (2014,)),
        "report_prose_absent",
        "2014年的年度报告没有写到这项数字。其他年份的报告有：2019年129件（报告正文：“承办政协提案129件”）；"
        "2020年122件（报告正文：“政协提案122件(省2件、市8件、区112件)”）；2021年108件（报告正文：“承办政协提案108件”）；"
        "2022年108件（报告正文：“承办政协提案108件”）。",
    ),
]


@pytest.mark.parametrize(("previous", "text", "focus", "topic", "expected"), FOLLOW_UPS)
def test_follow_ups(
    reports: ReportAnswerer, previous: ReportFocus, text: str, focus: ReportFocus, topic: str, expected: str
) -> None:
    reply = ask(reports, text, previous)
    assert (reply.focus, reply.topic, reply.text) == (focus, topic, expected)


@pytest.mark.parametrize(
    "text",
    [
        "呢",
        "谢谢",
        "怎么申请",
        "投诉电话",
        "电话呢",
        "那档案馆呢",
        "网上申请呢",
        "复议机关在哪",
        "收费标准是什么",
        "周六上班吗",
        "那去年呢",  # a year this answerer cannot know
        "2000多条",  # a count, not a year
    ],
)
def test_a_text_naming_neither_year_nor_measure_is_left_alone(reports: ReportAnswerer, text: str) -> None:
    previous = ReportFocus("applications", (2022,))
    assert reports.answer(text, previous=previous, asked="2022年收到多少申请") is None


@pytest.mark.parametrize(
    "previous",
    [
        ReportFocus("nonsense", (2022,)),  # a stored focus this answerer does not know
        ReportFocus("applications", ()),
    ],
)
def test_an_unreadable_previous_focus_is_ignored(reports: ReportAnswerer, previous: ReportFocus) -> None:
    assert [reports.answer(text, previous=previous) for text in ("那2021年呢", "行政诉讼呢")] == [None, None]


@pytest.mark.parametrize(
    "question",
    ["2021年行政复议几件", "2019年收到多少申请", "2021年比2020年复议多几件", "哪一年申请最多", "2022年政协提案多少"],
)
def test_a_full_question_is_answered_the_same_with_or_without_previous(reports: ReportAnswerer, question: str):
    previous = ReportFocus("prose:人大建议", (2020,))
    assert reports.answer(question, previous=previous) == reports.answer(question)


@pytest.mark.parametrize(
    ("question", "focus", "text", "source"),
    [
        (
            "2014年在线访谈多少期",
            ReportFocus("prose:在线访谈", (2014,)),
            "2014年：13期（报告正文：“共举办了政务在线访谈13期”）。",
            f"{T2014}正文",
        ),
        (
            "2019年政府门户网站主动公开政府信息多少条",
            ReportFocus("prose:政府门户网站主动公开政府信息", (2019,)),
            "2019年：17592条（报告正文：“政府门户网站主动公开政府信息17592条”）。",
            f"{T2019}正文",
        ),
        (
            "2020年热线工单多少件",
            ReportFocus("prose:热线工单", (2020,)),
            "2020年：32.6万件（报告正文：“全年，共承办12345热线工单32.6万件”）。",
            f"{T2020}正文",
        ),
        (
            "2020年人大代表建议多少件",  # the text gives two numbers for it: both are said
            ReportFocus("prose:人大代表建议", (2020,)),
            "2020年：219件（报告正文：“全区政府系统共承办人大代表建议219件”）、"
            "97件（报告正文：“其中，人大代表建议97件(市5件、区92件)”）。",
            f"{T2020}正文",
        ),
        (
            "2021年办理人大代表建议多少件",
            ReportFocus("prose:办理人大代表建议", (2021,)),
            "2021年：96件（报告正文：“全区政府系统共承办人大代表建议96件”）。",
            f"{T2021}正文",
        ),
        (
            "2021年政协提案多少",
            ReportFocus("prose:政协提案", (2021,)),
            "2021年：108件（报告正文：“承办政协提案108件”）。",
            f"{T2021}正文",
        ),
        (
            "2022年政务新媒体公开多少条",
            ReportFocus("prose:政务新媒体公开", (2022,)),
            "2022年：1.5万余条（报告正文：“政务新媒体公开政府信息1.5万余条”）。",
            f"{T2022}正文",
        ),
        (
            "2022年门户网站公开了多少条信息",
            ReportFocus("prose:门户网站公开 信息", (2022,)),
            "2022年：2.1万余条（报告正文：“其中政府门户网站公开政府信息2.1万余条”）。",
            f"{T2022}正文",
        ),
        (
            "2022年收到上级政府信息协助调查函多少件",  # "收到" alone would be the applications received
            ReportFocus("prose:收到上级政府信息协助调查函", (2022,)),
            "2022年：10件（报告正文：“收到上级政府信息协助调查函10件”）。",
            f"{T2022}正文",
        ),
        (
            # A share the text prints of what the table has no row for ("予以公开占比" is computed: test_report_cells).
            "2021年不属于本行政机关的占比多少",
            ReportFocus("prose:不属于本行政机关 占比", (2021,)),
            "2021年：29%（报告正文：“不属于本行政机关99件，占比29%”）。",
            f"{T2021}正文",
        ),
        (
            "2022年主动公开多少条",
            ReportFocus("prose:主动公开", (2022,)),
            "2022年：3.6万余条（报告正文：“全区通过不同渠道和方式主动公开政府信息3.6万余条”）、"
            "2.1万条（报告正文：“其中，政府门户网站主动公开政府信息2.1万条”）。",
            f"{T2022}正文",
        ),
    ],
)
def test_numbers_of_the_text_by_year(
    reports: ReportAnswerer, question: str, focus: ReportFocus, text: str, source: str
) -> None:
    reply = ask(reports, question)
    assert (reply.focus, reply.topic, reply.known, reply.text, reply.source) == (
        focus,
        "report_prose",
        True,
        text,
        source,
    )


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        # Words of chat around the figure: across two words the text never joins ("站上"), function words ("就是").
        ("2020年区政府网站上主动公开的政府信息一共多少条", "18396条"),
        ("哦不对，就是2022年，区政府网站上主动公开了多少条政府信息", "2.1万条"),
        # A long number names what is counted; the year of a date is the year asked.
        ("20年的时候历下这边承办的12345热线工单有多少", "32.6万件"),
        ("截至2014年12月31日，区政府主动公开的信息累计有多少条", "13408条"),
        # The report itself is where a figure is, not what it counts.
        ("2022年那份年报里重点领域的信息公开了多少条", "13150条"),
    ],
)
def test_a_figure_of_the_text_is_found_through_the_talk_around_it(
    reports: ReportAnswerer, question: str, printed: str
) -> None:
    reply = ask(reports, question)
    assert reply.known and reply.topic == "report_prose" and printed in reply.text


def test_a_number_the_versions_print_differently_is_said_for_each_version(reports: ReportAnswerer) -> None:
    reply = ask(reports, "2021年呢", ReportFocus("prose:我区共计收到政府信息公开申请", (2020,)))
    assert reply.text.splitlines()[0] == (
        "2021年，版本A：341件（报告正文：“我区共计收到政府信息公开申请341件”）；"
        "版本B：339件（报告正文：“我区共计收到政府信息公开申请339件”）。"
    )
    assert _said(VERSIONS, "2021年版本B", 5) in _notes(reply)


@pytest.mark.parametrize(
    ("question", "focus", "text"),
    [
        (
            "2021年比2020年复议多几件",
            ReportFocus("reconsideration", (2021, 2020)),
            "政府信息公开行政复议：2021年10件，2020年5件。2021年比2020年多5件。",
        ),
        (
            "人大建议2022年比2021年少多少",
            ReportFocus("prose:人大建议", (2022, 2021)),
            "2022年96件（报告正文：“历下区共承办人大代表建议96件”），"
            "2021年96件（报告正文：“全区政府系统共承办人大代表建议96件”）。2022年与2021年相同。",
        ),
        (
            "2021年比2022年协助调查函多几件",
            ReportFocus("prose:协助调查函", (2021, 2022)),
            "2021年11件（报告正文：“其中收到上级政府信息协助调查函11件”），"
            "2022年10件（报告正文：“收到上级政府信息协助调查函10件”）。2021年比2022年多1件。",
        ),
        (
            "2020年和2019年政协提案差多少",
            ReportFocus("prose:政协提案", (2020, 2019)),
            "2020年122件（报告正文：“政协提案122件(省2件、市8件、区112件)”），"
            "2019年129件（报告正文：“承办政协提案129件”）。2020年比2019年少7件。",
        ),
        (
            "2022年比2021年行政许可多多少",
            ReportFocus("art20_licensing", (2022, 2021)),
            "行政许可本年处理决定数量：2022年71866件，2021年855件。2022年比2021年多71011件。",
        ),
        (
            "2022年比2021年主动公开多多少",  # approximate numbers give an approximate difference
            ReportFocus("prose:主动公开", (2022, 2021)),
            "2022年3.6万余条（报告正文：“全区通过不同渠道和方式主动公开政府信息3.6万余条”）"
            "或2.1万条（报告正文：“其中，政府门户网站主动公开政府信息2.1万条”），"
            "2021年2.1万条（报告正文：“2021年政府门户网站主动公开政府信息2.1万条”）。"
            "2022年比2021年按3.6万余条算多约15000条，按2.1万条算相同。"
            "2022年报告正文写作“同比去年增加500余条”。",  # the text's own change, beside the rounded figures
        ),
        (
            "2014年比2019年人大建议多多少",  # the measure is missing in one year
            ReportFocus("prose:人大建议", (2014, 2019)),
            "2014年的年度报告没有写到这项数字；2019年107件（报告正文：“全区政府系统共承办人大代表建议107件”）。"
            "因此无法比较两年的这项数字。",
        ),
        (
            "2021年比2020年多多少",  # the two 2021 versions, and the text's 同比 against the tables
            ReportFocus("applications", (2021, 2020)),
            "区政府新收政府信息公开申请：2021年341件（版本A）或339件（版本B），2020年176件。"
            "2021年比2020年按版本A算多165件，按版本B算多163件。"
            "2021年报告正文写作“同比去年增加了163件，上升了93%”。"  # the text's own change, with its percentage
            "2022年报告的上年结转（12件）与版本A的结转下年度继续办理（12件）一致，支持版本A。\n"
            + "\n".join(
                [
                    _said(YEAR_CHANGE, "2021年版本A"),
                    _said(VERSIONS, "2021年版本B", 0),
                    _said(VERSIONS, "2021年版本B", 1),
                    _said(VERSIONS, "2021年版本B", 5),
                ]
            ),
        ),
        (
            "2020年比上年少多少",
            ReportFocus("applications", (2020, 2019)),
            "区政府新收政府信息公开申请：2020年176件，2019年215件。2020年比2019年少39件。"
            "2020年报告正文写作“同比去年减少38件，下降17.8%”。\n"  # asked no percentage, the printed one is quoted
            + "\n".join([_said(YEAR_CHANGE, "2020年"), _said(PROSE_TABLE, "2019年")]),
        ),
    ],
)
def test_comparisons(reports: ReportAnswerer, question: str, focus: ReportFocus, text: str) -> None:
    reply = ask(reports, question)
    assert (reply.focus, reply.topic, reply.text) == (focus, "report_compare", text)


def test_a_comparison_with_a_year_without_a_report(reports: ReportAnswerer) -> None:
    reply = ask(reports, "2016年比2019年复议多多少")
    assert (reply.topic, reply.focus, reply.text) == (
        "report_missing_year",
        ReportFocus("reconsideration", (2016, 2019)),
        "没有2016年的年度报告数据；现有：2014、2019、2020、2021、2022年。\n"
        "2019年，政府信息公开行政复议3件（纠正2件，其他结果1件）。\n因此无法比较两年的这项数字。",
    )


@pytest.mark.parametrize(
    ("question", "known", "topic", "text"),
    [
        (
            "2021年信访多少件",
            False,
            "report_unknown",
            "年度报告中没有找到这项数字。可以查询各年的：收到申请数、办理结果、不予公开的原因、行政复议、行政诉讼、"
            "信息处理费，行政许可、行政处罚、行政强制决定数、行政事业性收费和规范性文件数，以及报告正文写明的数字"
            "（如人大代表建议、政协提案、主动公开信息条数）。",
        ),
        (
            "2019年网站访问量多少",  # stated only in another year's report: that is said
            True,
            "report_prose_absent",
            "2019年的年度报告没有写到这项数字。其他年份的报告有：2020年上万次（报告正文：“累计访问量达上万次”）。",
        ),
        (
            "2014年人大建议多少",
            True,
            "report_prose_absent",
            "2014年的年度报告没有写到这项数字。其他年份的报告有：2019年107件（报告正文：“全区政府系统共承办人大代表建议107件”）；"
            "2020年219件（报告正文：“全区政府系统共承办人大代表建议219件”）、97件（报告正文：“其中，人大代表建议97件"
            "(市5件、区92件)”）；2021年96件（报告正文：“全区政府系统共承办人大代表建议96件”）；"
            "2022年96件（报告正文：“历下区共承办人大代表建议96件”）。",
        ),
    ],
)
def test_absent_figures(reports: ReportAnswerer, question: str, known: bool, topic: str, text: str) -> None:
    reply = ask(reports, question)
    assert (reply.known, reply.topic, reply.text) == (known, topic, text)


@pytest.mark.parametrize(
    ("question", "notes"),
    [
        # Text against table.
        ("2019年收到多少申请", [(PROSE_TABLE, "2019年", 0)]),
        ("2019年办结多少", [(PROSE_TABLE, "2019年", 1), (PROSE_TABLE, "2019年", 2)]),
        ("2021年予以公开多少", [(PROSE_TABLE, "2021年版本B", 0), (VERSIONS, "2021年版本B", 6)]),
        # The two 2021 versions.
        (
            "2021年收到多少申请",
            [(VERSIONS, "2021年版本B", 0), (VERSIONS, "2021年版本B", 1), (VERSIONS, "2021年版本B", 5)],
        ),
        (
            "2021年结转下年多少",
            [
                (CARRY_OVER, "2022年", 0),
                (VERSIONS, "2021年版本B", 2),
                (VERSIONS, "2021年版本B", 3),
                (VERSIONS, "2021年版本B", 4),
            ],
        ),
        # The text's 同比 against the tables.
        ("2020年同比减少多少", [(YEAR_CHANGE, "2020年", 0)]),
        ("2022年同比减少多少", [(YEAR_CHANGE, "2022年", 0)]),
        # A year's 上年结转 against the year before's 结转下年度.
        ("2022年收到多少申请", [(CARRY_OVER, "2022年", 0)]),
        # Figures printed one way only.
        ("2022年行政复议几件", []),
        ("2020年申请数量", []),
    ],
)
def test_figures_printed_two_ways_are_said_with_both_values(
    reports: ReportAnswerer, question: str, notes: list[tuple[str, str, int]]
) -> None:
    assert _notes(ask(reports, question)) == [_said(kind, report, index) for kind, report, index in notes]


@pytest.mark.parametrize(
    ("kind", "report", "index", "said"),
    [
        (
            PROSE_TABLE,
            "2019年",
            0,
            "印刷不一致——本年新收政府信息公开申请：2019年报告正文写作214件，而2019年报告表格为215件"
            "（正文数字等于表中“自然人”一列）。",
        ),
        (
            PROSE_TABLE,
            "2021年版本B",
            0,
            "印刷不一致——予以公开：2021年版本B报告正文写作195件，而2021年版本B报告表格为187件。",
        ),
        (
            VERSIONS,
            "2021年版本B",
            1,
            "印刷不一致——表格“本年新收政府信息公开申请数量”（总计）：2021年版本A报告写作341件，而2021年版本B报告为339件。",
        ),
        (
            YEAR_CHANGE,
            "2020年",
            0,
            "印刷不一致——2020年新收申请同比2019年的增减：2020年报告正文写作同比去年减少38件，"
            "而按2019年报告表格（215件）与本年176件算为减少39件。",
        ),
        (
            YEAR_CHANGE,
            "2021年版本A",
            0,
            "印刷不一致——2021年新收申请同比2020年的增减：2021年版本A报告正文写作同比去年增加163件，"
            "而按2020年报告表格（176件）与本年341件算为增加165件。",
        ),
        (
            CARRY_OVER,
            "2022年",
            0,
            "印刷不一致——2021年结转到2022年的申请：2022年报告表格“上年结转”写作12件，"
            "而2021年版本B报告表格“结转下年度继续办理”为10件（分列：“自然人”12与8，“商业企业”0与2）。",
        ),
    ],
)
def test_each_kind_of_discrepancy_is_said_the_same_way(kind: str, report: str, index: int, said: str) -> None:
    assert _said(kind, report, index) == said


# A question whose answer gives the figure of each finding that has two printed values.
_ASKED_FOR = {
    ("2022年", YEAR_CHANGE): "2022年同比减少多少",
    ("2022年", CARRY_OVER): "2022年收到多少申请",
    ("2021年版本A", YEAR_CHANGE): "2021年比2020年多多少",
    ("2021年版本B", PROSE_TABLE): "2021年予以公开多少",
    ("2021年版本B", VERSIONS): "2021年收到多少申请 2021年结转下年多少 2021年予以公开多少",
    ("2020年", YEAR_CHANGE): "2020年比上年少多少",
    ("2019年", PROSE_TABLE): "2019年收到多少申请 2019年办结多少",
}


def test_every_figure_printed_two_ways_is_said_by_some_answer(reports: ReportAnswerer) -> None:
    findings = [d for d in check_reports(load_reports()) if d.printed]
    said = {
        key: {note for question in questions.split() for note in _notes(ask(reports, question))}
        for key, questions in _ASKED_FOR.items()
    }
    assert [d.say() for d in findings if d.say() not in said[(d.report, d.kind)]] == []
    assert {(d.report, d.kind) for d in findings} == set(_ASKED_FOR)


@pytest.mark.parametrize(
    ("question", "topic", "focus", "first_line"),
    [
        (
            "哪一年复议最多",
            "report_extreme",
            ReportFocus("reconsideration", (2014, 2019, 2020, 2021, 2022)),
            "按年度报告的政府信息公开行政复议，2021年最多。各年：2014年1件（据正文）；2019年3件；2020年5件；2021年10件；"
            "2022年3件。",
        ),
        (
            "历年政协提案",
            "report_series",
            ReportFocus("prose:政协提案", (2019, 2020, 2021, 2022)),
            "各年报告正文所写的这项数字：2019年129件（报告正文：“承办政协提案129件”）；"
            "2020年122件（报告正文：“政协提案122件(省2件、市8件、区112件)”）；2021年108件（报告正文：“承办政协提案108件”）；"
            "2022年108件（报告正文：“承办政协提案108件”）。2014年的报告没有这项数字。",
        ),
    ],
)
def test_measures_across_years(
    reports: ReportAnswerer, question: str, topic: str, focus: ReportFocus, first_line: str
) -> None:
    reply = ask(reports, question)
    assert (reply.topic, reply.focus, reply.text.splitlines()[0], reply.source) == (
        topic,
        focus,
        first_line,
        ALL_YEARS,
    )


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("2021年行政复议几件", f"{T2021}{REMEDIES}"),
        ("2020年收到多少申请", f"{T2020}{APPLICATIONS}"),
        ("2021年政协提案多少", f"{T2021}正文"),
    ],
)
def test_every_known_answer_has_a_focus_and_a_source(reports: ReportAnswerer, question: str, source: str) -> None:
    reply = ask(reports, question)
    assert (reply.known, reply.focus is not None, reply.source) == (True, True, source)


@pytest.mark.parametrize(
    ("question", "printed"),
    [("2019年全区政府集中采购总共多少钱", "采购总金额27.5951亿元"), ("2020年集中采购了多少个项目", "项目数量9253")],
)
def test_the_art20_table_row_of_central_procurement_is_answered(
    reports: ReportAnswerer, question: str, printed: str
) -> None:
    reply = ask(reports, question)
    assert reply.known and printed in reply.text and "主动公开政府信息情况" in reply.source


@pytest.mark.parametrize(
    "question",
    [
        "2022年有多少申请是最后没能给人家答复清楚的",
        "2021年那批申请里没给办成的有多少",
        "2020年申请的人里头被区里打回去的有几件",
    ],
)
def test_a_count_of_some_applications_no_figure_explains_is_asked_back(answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert not answer.matched
    assert answer.text.startswith("我不确定您问的是")
    labels = [label for label, _ in answer.clarify]
    assert len(labels) == 3 and all(label.startswith(question[:4]) for label in labels)
    # Each choice is answered with that year's figures.
    for _, entry_id in answer.clarify:
        chosen = answerer.entry(entry_id)
        assert chosen is not None and chosen.matched and chosen.text.startswith(question[:5])


@pytest.mark.parametrize(
    "question",
    ["我是做研究的，2022年区政府收到多少件申请", "帮我查一下：2022年一共收了几件信息公开申请"],
)
def test_a_story_in_another_clause_does_not_make_the_total_uncertain(answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert answer.matched and "215件" in answer.text


def test_a_choice_with_an_unknown_measure_or_year_is_no_entry(answerer) -> None:
    assert answerer.entry("report:outcomes:1999") is None
    assert answerer.entry("report:nonsense:2022") is None
    assert answerer.entry("report:outcomes:") is None


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("2022年有几件申请属于重复申请", "不予处理0件"),
        ("2021年因为是过程性信息没公开的有几件", "属于四类过程性信息1件"),
        ("2022年区里说本机关不掌握的申请有多少", "本机关不掌握相关政府信息43件"),
    ],
)
def test_a_sub_row_named_by_its_printed_words_answers_its_outcome(
    reports: ReportAnswerer, question: str, said: str
) -> None:
    assert said in ask(reports, question).text


def test_every_outcome_is_said_with_its_sub_rows_that_have_cases(reports: ReportAnswerer) -> None:
    text = ask(reports, "2022年申请的办理结果").text
    assert "无法提供44件（本机关不掌握相关政府信息43件、没有现成信息需要另行制作1件）" in text
    assert "其他处理3件，" in text  # its one sub-row "其他" says nothing more


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("2014年有没有信息公开的行政复议", "“本年度区政府有政府信息公开申请行政复议1起”"),
        ("2014年收了信息处理费吗", "“本年度区政府没有发生政府信息公开收费及减免情况”"),
        # A none the text says in words, with no number.
        ("2014年有没有因为信息公开打官司的", "“本年度无提起行政诉讼情况”"),
    ],
)
def test_a_year_stated_only_in_the_text_is_answered_with_its_words(
    reports: ReportAnswerer, question: str, words: str
) -> None:
    assert words in ask(reports, question).text


def test_how_a_topic_went_is_told_by_its_figures(reports: ReportAnswerer) -> None:
    reply = ask(reports, "2014年信息处理费收取情况怎么样")
    assert reply.topic == "report_fee" and "没有发生" in reply.text


def test_a_yes_no_follow_up_naming_another_figure_is_asked_of_the_same_year(answerer) -> None:
    first = answerer.answer("2021年信息公开的行政诉讼有多少起")
    follow = answerer.answer("有没有收过信息处理费", first.focus)
    assert follow.matched and follow.text.startswith("没有。2021年")
    assert answerer.answer("有没有收过信息处理费").topic != "report_fee"  # without a year before, the guide's rules


@pytest.mark.parametrize(
    "shape",
    [
        "哪一年{x}最多",
        "{y}年{x}和人大代表建议分别多少",
        "{y}年和2020年{x}分别多少",
        "{y}年{x}占比多少",
        "{y}年比2020年{x}多了几件",
    ],
)
def test_a_qualified_count_in_every_shape_of_question_is_answered_or_asked_back(answerer, shape: str) -> None:
    # Some of the applications ("没办完的申请"), asked across years, jointly, as a share or a change.
    question = shape.format(y=2021, x="没办完的申请")
    answer = answerer.answer(question)
    assert answer.text
    assert "215件" not in answer.text and "341件" not in answer.text  # never the total of new applications


@pytest.mark.parametrize("question", ["2022年有几件是区里手上没有、给不了的", "2021年有多少件最后没办成"])
def test_a_count_of_what_was_not_done_is_asked_back_not_called_absent(answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert not answer.matched and answer.text.startswith("我不确定您问的是")
    assert "没有找到这项数字" not in answer.text
