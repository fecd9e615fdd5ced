"""The applications table by applicant type, percentages (changes and shares) and yes/no comparisons: each answer's
figures against the seed's tables (/work/shared/seed/000_6460700eaa6e9ee9.txt)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.reports import ReportAnswerer, ReportFocus, table_words, words
from knowledge.reports.cells import Cell, cell_of
from knowledge.reports.percent import percent
from tests.report_support import ask

T2020 = "《济南市历下区人民政府2020年政府信息公开工作年度报告》"
APPLICATIONS = "表格“收到和处理政府信息公开申请情况”"
SUPPORT_A = "2022年报告的上年结转（12件）与版本A的结转下年度继续办理（12件）一致，支持版本A。"


# Everyday words → the column of the applications table they name.
@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("商业企业提交了多少件申请", ("商业企业",)),
        ("公司申请了几件", ("商业企业",)),
        ("企业申请的有多少", ("商业企业",)),
        ("公民个人申请多少", ("自然人",)),
        ("老百姓申请了多少", ("自然人",)),
        ("律师事务所这类法律服务机构申请了几件", ("法律服务机构",)),
        ("律所申请了几件", ("法律服务机构",)),
        ("大学和研究所申请了多少", ("科研机构",)),
        ("公益组织申请多少", ("社会公益组织",)),
        ("基金会申请多少", ("社会公益组织",)),
        ("社会公益组织申请多少", ("社会公益组织",)),  # not 法人或其他组织 for its 组织
        ("法人或其他组织申请多少", ("法人或其他组织",)),
        ("其他申请人申请多少", ("其他",)),
        ("商业企业和自然人分别多少", ("商业企业", "自然人")),
        ("自然人和商业企业分别多少", ("自然人", "商业企业")),  # in the order named
        ("涉及个人隐私不予公开多少件", ()),  # what is asked for, not who asks
        ("收到多少申请", ()),
    ],
)
def test_columns_named(text: str, columns: tuple[str, ...]) -> None:
    assert table_words.columns(text) == columns


# A column named: the row asked (new applications by default) for that applicant type, with the row's total.
@pytest.mark.parametrize(
    ("question", "measure", "first_line"),
    [
        (
            "2020年商业企业提交了多少件申请",
            "cell:new:商业企业",
            "2020年，商业企业新收政府信息公开申请22件，全部申请人新收申请合计176件。",
        ),
        (
            "2022年律师事务所这类法律服务机构申请了几件",
            "cell:new:法律服务机构",
            "2022年，法律服务机构新收政府信息公开申请0件，全部申请人新收申请合计215件。",
        ),
        (
            "2022年律所有多少件",
            "cell:new:法律服务机构",
            "2022年，法律服务机构新收政府信息公开申请0件，全部申请人新收申请合计215件。",
        ),
        (
            "2019年公司申请了几件",
            "cell:new:商业企业",
            "2019年，商业企业新收政府信息公开申请1件，全部申请人新收申请合计215件。",
        ),
        (
            "2022年大学和研究所申请了多少",
            "cell:new:科研机构",
            "2022年，科研机构新收政府信息公开申请0件，全部申请人新收申请合计215件。",
        ),
        (
            "2022年老百姓提交申请多少件",
            "cell:new:自然人",
            "2022年，自然人新收政府信息公开申请209件，全部申请人新收申请合计215件。",
        ),
        (
            "2020年其他申请人申请了多少件",
            "cell:new:其他",
            "2020年，其他类型申请人新收政府信息公开申请0件，全部申请人新收申请合计176件。",
        ),
        # Another row, when asked.
        (
            "2020年予以公开的申请中商业企业多少件",
            "cell:disclosed:商业企业",
            "2020年，商业企业的申请予以公开13件，全部申请人予以公开合计90件。",
        ),
        (
            "2020年企业的申请无法提供的有几件",
            "cell:unavailable:商业企业",  # the sum of its three sub-rows: 8 + 0 + 0
            "2020年，商业企业的申请无法提供8件，全部申请人无法提供合计51件。",
        ),
        (
            "2022年自然人不予公开多少件",
            "cell:withheld:自然人",
            "2022年，自然人的申请不予公开15件，全部申请人不予公开合计15件。",
        ),
        # Where 2021's versions differ in the figure asked, both, and the version the 2022 carry-over supports.
        (
            "2021年公民个人申请多少",
            "cell:new:自然人",
            "2021年的年度报告有2个数字不同的版本。版本A：自然人新收政府信息公开申请324件，全部申请人新收申请合计341件。"
            "版本B：自然人新收政府信息公开申请322件，全部申请人新收申请合计339件。" + SUPPORT_A,
        ),
        (
            "2021年老百姓的申请结转下年度多少件",
            "cell:carried_out:自然人",
            "2021年的年度报告有2个数字不同的版本。版本A：自然人的申请结转下年度继续办理12件，全部申请人结转下年度继续办理合计12件。"
            "版本B：自然人的申请结转下年度继续办理8件，全部申请人结转下年度继续办理合计10件。" + SUPPORT_A,
        ),
        # Where they agree on it, it is said first, then what differs.
        (
            "2021年法人或其他组织申请多少",
            "cell:new:法人或其他组织",
            "2021年，法人或其他组织新收政府信息公开申请17件（各版本相同）；各版本不同的是：版本A：全部申请人新收申请合计341件；"
            "版本B：全部申请人新收申请合计339件。" + SUPPORT_A,
        ),
        (
            "2014年企业申请多少",
            "cell:new:商业企业",
            "2014年的年度报告没有按申请人类型和办理结果分列的统计表格，无从得知这项数字。",
        ),
    ],
)
def test_a_column_is_answered_for_the_row_asked(
    reports: ReportAnswerer, question: str, measure: str, first_line: str
) -> None:
    reply = ask(reports, question)
    assert reply.focus is not None and reply.focus.measure == measure
    assert reply.topic == "report_cell"
    assert reply.text.splitlines()[0] == first_line


def test_a_column_answer_gives_its_source_and_the_discrepancies_of_its_cells(reports: ReportAnswerer) -> None:
    reply = ask(reports, "2020年商业企业提交了多少件申请")
    assert reply.source == f"{T2020}{APPLICATIONS}"
    notes = ask(reports, "2021年公民个人申请多少").text.splitlines()[1:]
    assert notes == [
        "印刷不一致——表格“本年新收政府信息公开申请数量”（自然人）：2021年版本A报告写作324件，而2021年版本B报告为322件。",
        "印刷不一致——表格“本年新收政府信息公开申请数量”（总计）：2021年版本A报告写作341件，而2021年版本B报告为339件。",
    ]


def test_several_columns_are_each_answered_in_the_order_asked(reports: ReportAnswerer) -> None:
    reply = ask(reports, "2020年自然人和商业企业分别申请了多少件")
    assert reply.text.splitlines() == [
        "2020年，自然人新收政府信息公开申请152件，全部申请人新收申请合计176件。",
        "2020年，商业企业新收政府信息公开申请22件，全部申请人新收申请合计176件。",
    ]


def test_a_column_without_a_year_is_its_series(reports: ReportAnswerer) -> None:
    reply = ask(reports, "企业申请的有多少")
    assert reply.topic == "report_series"
    assert reply.text == (
        "各年商业企业新收政府信息公开申请：2019年1件；2020年22件；2021年6件；2022年6件。2014年的报告没有这项数字。"
    )
    most = ask(reports, "哪一年企业申请最多")
    assert most.text.startswith("按年度报告的商业企业新收政府信息公开申请，2020年最多。")


# Follow-ups keep the column, the row or both.
@pytest.mark.parametrize(
    ("previous", "text", "measure", "first_line"),
    [
        (
            ReportFocus("cell:new:商业企业", (2020,)),
            "那2021年呢",
            "cell:new:商业企业",
            "2021年，商业企业新收政府信息公开申请6件（各版本相同）；各版本不同的是：版本A：全部申请人新收申请合计341件；"
            "版本B：全部申请人新收申请合计339件。" + SUPPORT_A,
        ),
        (
            ReportFocus("cell:new:商业企业", (2020,)),
            "那个人呢",
            "cell:new:自然人",
            "2020年，自然人新收政府信息公开申请152件，全部申请人新收申请合计176件。",
        ),
        (
            ReportFocus("cell:new:商业企业", (2020,)),
            "予以公开的呢",
            "cell:disclosed:商业企业",
            "2020年，商业企业的申请予以公开13件，全部申请人予以公开合计90件。",
        ),
        (
            ReportFocus("applications", (2020,)),
            "企业申请的有多少",
            "cell:new:商业企业",
            "2020年，商业企业新收政府信息公开申请22件，全部申请人新收申请合计176件。",
        ),
        (
            ReportFocus("disclosed", (2022,)),
            "律所呢",
            "cell:disclosed:法律服务机构",
            "2022年，法律服务机构的申请予以公开0件，全部申请人予以公开合计137件。",
        ),
        (
            ReportFocus("cell:new:商业企业", (2020,)),
            "占比多少",
            "share:new:商业企业",
            "2020年，商业企业新收政府信息公开申请22件，占全部申请人新收申请176件的12.5%。",
        ),
        (
            ReportFocus("share:disclosed:", (2022,)),
            "2020年呢",
            "share:disclosed:",
            "2020年，予以公开90件，占办理结果总计176件的51.1%，报告正文写作“其中予以公开90件，占比51.1%”。",
        ),
    ],
)
def test_follow_ups_keep_the_cell(
    reports: ReportAnswerer, previous: ReportFocus, text: str, measure: str, first_line: str
) -> None:
    reply = ask(reports, text, previous)
    assert reply.focus is not None and reply.focus.measure == measure
    assert reply.text.splitlines()[0] == first_line


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("个人申请政府信息公开要带什么材料", None),  # how, not how many
        ("2022年个人怎么申请", None),
        ("2022年企业提起行政诉讼多少件", "litigation"),  # that table has no applicant types
        ("2022年专栏覆盖多少家供电企业", "prose:专栏覆盖 供电企业"),  # a number of the text
        ("2020年群众满意率多少", "prose:群众满意率"),
        # A year without the applications table has no applicant types: 市民 of a hotline the text counts.
        ("2014年12345市民热线一共接了多少件", "prose:12345 市民热线接"),
    ],
)
def test_words_for_applicants_elsewhere_are_not_columns(
    reports: ReportAnswerer, question: str, expected: str | None
) -> None:
    reply = reports.answer(question)
    assert (reply.focus.measure if reply and reply.focus else None) == expected


# Shares: an outcome of all applications handled, or an applicant type of its row; the text's own 占比 quoted.
@pytest.mark.parametrize(
    ("question", "measure", "first_line"),
    [
        (
            "2022年予以公开占比多少",
            "share:disclosed:",
            "2022年，予以公开137件，占办理结果总计219件的62.6%，报告正文写作“其中予以公开137件，占比约60%”。",
        ),
        (
            "2021年予以公开占比多少",
            "share:disclosed:",
            "2021年，予以公开187件，占办理结果总计331件的56.5%（各版本相同）；各版本不同的是：版本A：报告正文写作“其中予以公开"
            "187件，占比58%”；版本B：报告正文写作“其中予以公开195件，占比58%”。" + SUPPORT_A,
        ),
        (
            "2020年不予公开占比是多少",
            "share:withheld:",
            "2020年，不予公开13件，占办理结果总计176件的7.4%，报告正文写作“不同意公开13件，占比7.4%”。",
        ),
        ("2019年无法提供占多少", "share:unavailable:", "2019年，无法提供49件，占办理结果总计213件的23.0%。"),
        (
            "2020年商业企业申请占比多少",
            "share:new:商业企业",
            "2020年，商业企业新收政府信息公开申请22件，占全部申请人新收申请176件的12.5%。",
        ),
        (
            "2022年自然人申请的比例是多少",
            "share:new:自然人",
            "2022年，自然人新收政府信息公开申请209件，占全部申请人新收申请215件的97.2%。",
        ),
        (
            "2014年予以公开占比多少",
            "share:disclosed:",
            "2014年的年度报告没有按申请人类型和办理结果分列的统计表格，无法计算这一比例。",
        ),
    ],
)
def test_a_share_is_computed_and_says_what_it_is_of(
    reports: ReportAnswerer, question: str, measure: str, first_line: str
) -> None:
    reply = ask(reports, question)
    assert reply.focus is not None and reply.focus.measure == measure
    assert reply.topic == "report_share"
    assert reply.text.splitlines()[0] == first_line


def test_a_share_notes_the_figures_printed_two_ways(reports: ReportAnswerer) -> None:
    notes = ask(reports, "2021年予以公开占比多少").text.splitlines()[1:]
    assert "印刷不一致——予以公开：2021年版本B报告正文写作195件，而2021年版本B报告表格为187件。" in notes
    handled = ask(reports, "2019年予以公开占比多少").text.splitlines()[1:]
    assert handled == [
        "印刷不一致——办理结果总计：2019年报告正文写作212件，而2019年报告表格为213件（正文数字等于表中“自然人”一列）。"
    ]


# A share the table has no row for is the text's own, as before.
def test_a_share_of_no_row_is_the_texts(reports: ReportAnswerer) -> None:
    reply = ask(reports, "2020年告知作出更改补充的占比")
    assert reply.text == "2020年：0.6%（报告正文：“告知作出更改补充1件，占比0.6%”）。"


# Percentage changes: computed to one decimal from the figures stated, with the text's own where it prints one.
@pytest.mark.parametrize(
    ("question", "years", "said"),
    [
        (
            "2020年比2019年降幅是多少",
            (2020, 2019),
            "2020年比2019年少39件。按百分比，2020年比2019年减少18.1%（少39件÷2019年215件）。"
            "2020年报告正文写作“同比去年减少38件，下降17.8%”。",
        ),
        (
            "2020年申请比2019年下降了百分之几",
            (2020, 2019),
            "按百分比，2020年比2019年减少18.1%（少39件÷2019年215件）。",
        ),
        (
            # One year: the change on the year before; both 2021 versions.
            "2021年申请增长了百分之几",
            (2021, 2020),
            "按百分比，2021年比2020年按版本A算增加93.8%（多165件÷2020年176件），按版本B算增加92.6%（多163件÷2020年176件）。"
            "2021年报告正文写作“同比去年增加了163件，上升了93%”。",
        ),
        (
            "2022年申请降幅多少",
            (2022, 2021),
            "按百分比，2022年比2021年按版本A算减少37.0%（少126件÷2021年341件），按版本B算减少36.6%（少124件÷2021年339件）。"
            + SUPPORT_A,
        ),
        (
            "2022年比2021年复议减少了百分之几",
            (2022, 2021),
            "政府信息公开行政复议：2022年3件，2021年10件。2022年比2021年少7件。按百分比，2022年比2021年减少70.0%（少7件÷2021年10件）。",
        ),
        (
            "2021年企业申请比2020年减少了百分之几",
            (2021, 2020),
            "商业企业新收政府信息公开申请：2021年6件，2020年22件。2021年比2020年少16件。"
            "按百分比，2021年比2020年减少72.7%（少16件÷2020年22件）。",
        ),
        (
            # A number of the text, with the text's own change.
            "2020年门户网站主动公开信息增长了百分之几",
            (2020, 2019),
            "按百分比，2020年比2019年增加4.6%（多804条÷2019年17592条）。2020年报告正文写作“同比去年增加804条，上升4.6%”。",
        ),
        (
            # Shares compared: in percentage points.
            "2021年予以公开的比例比2020年高吗",
            (2021, 2020),
            "是。予以公开占办理结果总计的比例：2021年56.5%，2020年51.1%。2021年比2020年多5.4个百分点。",
        ),
    ],
)
def test_a_percentage_change_is_computed(
    reports: ReportAnswerer, question: str, years: tuple[int, int], said: str
) -> None:
    reply = ask(reports, question)
    assert reply.topic == "report_compare"
    assert reply.focus is not None and reply.focus.years == years
    assert said in reply.text.splitlines()[0], reply.text


def test_a_percentage_follow_up_is_the_change_on_the_year_before(reports: ReportAnswerer) -> None:
    reply = ask(reports, "增长了百分之几", ReportFocus("applications", (2021,)))
    assert reply.focus == ReportFocus("applications", (2021, 2020))
    assert "按版本A算增加93.8%" in reply.text
    cell = ask(reports, "比上一年增加了百分之多少", ReportFocus("cell:new:自然人", (2021,)))
    assert "按版本A算增加113.2%（多172件÷2020年152件），按版本B算增加111.8%（多170件÷2020年152件）" in cell.text


def test_a_percentage_of_a_zero_base_is_not_computed(reports: ReportAnswerer) -> None:
    reply = ask(reports, "2020年企业申请比2019年增长了百分之几")
    assert "按百分比，2020年比2019年增加2100.0%（多21件÷2019年1件）。" in reply.text
    zero = ask(reports, "2021年法律服务机构申请比2020年增长了百分之几")
    assert "按百分比，2021年比2020年减少100.0%（少2件÷2020年2件）。" in zero.text
    none = ask(reports, "2020年法律服务机构申请比2019年增长了百分之几")
    assert "按百分比，2019年为0，不能计算2020年比2019年增减的百分比。" in none.text


# Yes/no comparisons: "是。" or "不是。" first, by the sign of the difference, for any measure.
@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("2021年收到的申请是不是比2020年多？多了多少", "是。"),
        ("2021年收到的申请是不是比2020年少", "不是。"),
        ("2022年复议比2021年减少了吗", "是。"),
        ("2022年的诉讼有没有比2021年多", "不是。"),
        ("与2020年相比，2021年申请是不是增加了", "是。"),
        ("2022年收到多少申请，比2021年少了吗", "是。"),
        ("2020年企业申请是不是比2019年多", "是。"),
        ("2022年人大建议比2021年多吗", "不是。"),  # the same: not more
        ("2020年政协提案是不是比2019年少", "是。"),
        ("2021年比2020年复议多几件", ""),  # not a yes/no question
        # Whether two years' figures are the same, however the comparison is put.
        ("2021年和2022年的人大代表建议一样多吗", "是。"),
        ("2022年收到的申请和2021年一样多吗", "不是。"),
        ("2019年跟2020年的政协提案数相同吗", "不是。"),
    ],
)
def test_a_yes_no_comparison_leads_with_yes_or_no(reports: ReportAnswerer, question: str, lead: str) -> None:
    reply = ask(reports, question)
    assert reply.topic == "report_compare"
    rest = reply.text.removeprefix(lead)
    assert not rest.startswith(("是。", "不是。")), reply.text
    assert reply.text.startswith(lead)


def test_a_comparison_against_a_base_year_named_first_keeps_the_years_the_right_way(reports: ReportAnswerer) -> None:
    reply = ask(reports, "和2020年比，2022年复议多了几件")
    assert reply.focus == ReportFocus("reconsideration", (2022, 2020))
    assert reply.text == "政府信息公开行政复议：2022年3件，2020年5件。2022年比2020年少2件。"


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("2021年比2020年多吗", [2021, 2020], (2021, 2020)),
        ("与2020年相比，2021年多了吗", [2020, 2021], (2021, 2020)),
        ("和2019年的申请比较，2020年少了多少", [2019, 2020], (2020, 2019)),
        ("2020年较2021年少多少", [2020, 2021], (2020, 2021)),
        ("2020年和2021年差多少", [2020, 2021], (2020, 2021)),
    ],
)
def test_compared_years(text: str, found: list[int], expected: tuple[int, int]) -> None:
    assert words.compared_years(text, found) == expected


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("是不是比2020年多？多了多少", 1),
        ("比2021年减少了吗", -1),
        ("有没有比2021年增加", 1),
        ("是否比去年下降", -1),
        ("比2020年多多少", 1),
        ("和2020年差多少", 0),
    ],
)
def test_direction(text: str, way: int) -> None:
    assert words.direction(text) == way


@pytest.mark.parametrize(
    ("text", "percent", "share"),
    [
        ("降幅是多少", True, False),
        ("增长了百分之几", True, False),
        ("比2020年多百分之几", True, False),
        ("予以公开占比多少", True, True),
        ("企业申请的比例是多少", True, True),
        ("予以公开是百分之多少", True, True),
        ("收到多少申请", False, False),
        ("比2020年多多少", False, False),
    ],
)
def test_percentages_asked(text: str, percent: bool, share: bool) -> None:
    assert (words.asks_percent(text), words.asks_share(text)) == (percent, share)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(39, 215, "18.1"), (165, 176, "93.8"), (137, 219, "62.6"), (1, 3, "33.3"), (7, 10, "70.0")],
)
def test_percent_rounds_half_up_to_one_decimal(part: int, whole: int, expected: str) -> None:
    assert percent(part, whole) == Decimal(expected)


@pytest.mark.parametrize(
    ("measure", "cell"),
    [
        ("cell:new:商业企业", Cell("new", "商业企业")),
        ("share:disclosed:", Cell("disclosed", "", share=True)),
        ("share:new:自然人", Cell("new", "自然人", share=True)),
        ("cell:new:", None),  # a cell needs its applicant type
        ("share:new:", None),  # a share of the applications handled is of an outcome
        ("cell:nonsense:自然人", None),
        ("cell:new:个人", None),
        ("applications", None),
    ],
)
def test_cell_measures(measure: str, cell: Cell | None) -> None:
    assert cell_of(measure) == cell
    if cell is not None:
        assert cell.measure == measure


def test_an_unknown_stored_cell_focus_is_ignored(reports: ReportAnswerer) -> None:
    assert reports.answer("那2021年呢", previous=ReportFocus("cell:nonsense:自然人", (2020,))) is None
