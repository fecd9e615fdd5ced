"""Every number of the reports' text: how a line is read, and what the committed data holds for each report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.reports import ProseFigure, Report, load_reports
from tools.report_text import chinese_number, prose_numbers


def _report(year: int, version: str = "") -> Report:
    (report,) = [r for r in load_reports() if (r.year, r.version) == (year, version)]
    return report


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("三百", 300),
        ("万", 10_000),
        ("三千五百", 3500),
        ("二十万", 200_000),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # (printed, value, unit, label, clause, context) of each number, in order.
        (
            "全区政府系统共承办人大代表建议96件,办复率100%;承办政协提案108件,办复率100%。",
            [
                ("96件", 96, "件", "全区政府系统共承办人大代表建议", "全区政府系统共承办人大代表建议96件", ""),
                ("100%", 100, "%", "办复率", "办复率100%", "全区政府系统共承办人大代表建议96件"),
                ("108件", 108, "件", "承办政协提案", "承办政协提案108件", "办复率100%"),
                ("100%", 100, "%", "办复率", "办复率100%", "承办政协提案108件"),
            ],
        ),
        (
            "全区通过不同渠道和方式主动公开政府信息3.6万余条,其中政务新媒体公开1.5万余条。",
            [
                (
                    "3.6万余条",
                    36000,
                    "条",
                    "全区通过不同渠道和方式主动公开政府信息",
                    "全区通过不同渠道和方式主动公开政府信息3.6万余条",
                    "",
                ),
                (
                    "1.5万余条",
                    15000,
                    "条",
                    "其中政务新媒体公开",
                    "其中政务新媒体公开1.5万余条",
                    "全区通过不同渠道和方式主动公开政府信息3.6万余条",
                ),
            ],
        ),
        (
            "累计访问量达上万次,回答网友咨询近三百条,从三个方面加强。",
            [
                ("上万次", 10000, "次", "累计访问量达", "累计访问量达上万次", ""),
                ("近三百条", 300, "条", "回答网友咨询", "回答网友咨询近三百条", "累计访问量达上万次"),
                ("三个", 3, "个", "从", "从三个方面加强", "回答网友咨询近三百条"),
            ],
        ),
        (
            "政协提案122件(省2件、市8件),满意率99.68%",
            [
                ("122件", 122, "件", "政协提案", "政协提案122件(省2件、市8件)", ""),
                ("2件", 2, "件", "省", "政协提案122件(省2件、市8件)", ""),
                ("8件", 8, "件", "市", "政协提案122件(省2件、市8件)", ""),
                ("99.68%", Decimal("99.68"), "%", "满意率", "满意率99.68%", "政协提案122件(省2件、市8件)"),
            ],
        ),
    ],
)
def test_numbers_of_a_line(line: str, expected: list[tuple]) -> None:
    found = [(f.printed, f.value, f.unit, f.label, f.clause, f.context) for f in prose_numbers(line, 1)]
    assert found == expected


@pytest.mark.parametrize(
    "line",
    [
        "本报告中所列数据的统计期限为2022年1月1日至2022年12月31日。",  # years and dates
        "邀请人大代表政协委员列席区政府第54次常务会,在国办《政务公开工作交流》第3期刊发。",  # ordinals
        "电话:0531-88150105,邮政编码:250000,地址:历下大厦2层。",  # phone, postcode, address
        "一图读懂:http://www.lixia.gov.cn/art/2022/2/19/art_55616_4796591.html",  # web address
        "历下政办字〔2019〕5号,国务院令711号,共12345市民服务热线。",  # document numbers, hotline name
        "一是推进会议公开。二是坚持做好工作。",  # enumeration
    ],
)
def test_what_is_not_a_figure(line: str) -> None:
    assert prose_numbers(line, 1) == []


def test_keys_name_the_numbers_the_keyed_figures_come_from() -> None:
    line = "2020年,我区共计收到政府信息公开申请176件,同比去年减少38件,其中予以公开90件,占比51.1%。"
    keys = {line.index("176"): "new", line.index("38件"): "change", line.index("90件"): "disclosed"}
    assert [(f.printed, f.key) for f in prose_numbers(line, 1, keys)] == [
        ("176件", "new"),
        ("38件", "change"),
        ("90件", "disclosed"),
        ("51.1%", ""),
    ]


@pytest.mark.parametrize(
    ("year", "version", "count", "keyed"),
    [
        (2022, "", 50, 8),
        (2021, "A", 35, 6),
        (2021, "B", 35, 6),
        (2020, "", 62, 6),
        (2019, "", 19, 9),
        (2014, "", 19, 3),
    ],
)
def test_every_year_with_text_holds_its_numbers(year: int, version: str, count: int, keyed: int) -> None:
    figures = _report(year, version).prose_figures
    assert (len(figures), sum(1 for f in figures if f.key)) == (count, keyed)
    assert all(f.clause and f.printed and f.printed in f.clause for f in figures)


@pytest.mark.parametrize(
    ("year", "version", "expected"),
    [
        (
            2022,
            "",
            ProseFigure(
                "政务新媒体公开政府信息",
                15000,
                "条",
                140,
                "政务新媒体公开政府信息1.5万余条",
                "1.5万余条",
                "其中政府门户网站公开政府信息2.1万余条",
            ),
        ),
        (
            2022,
            "",
            ProseFigure(
                "历下区共承办人大代表建议",
                96,
                "件",
                211,
                "历下区共承办人大代表建议96件",
                "96件",
                "(三)本行政机关人大代表建议和政协提案办理结果公开情况",
            ),
        ),
        (
            2022,
            "",
            ProseFigure(
                "收到上级政府信息协助调查函",
                10,
                "件",
                143,
                "收到上级政府信息协助调查函10件",
                "10件",
                "同比去年减少了126件",
            ),
        ),
        (
            2022,
            "",
            ProseFigure("同比去年减少了", 126, "件", 143, "同比去年减少了126件", "126件", "结转上年12件", "change"),
        ),
        (2021, "A", ProseFigure("承办政协提案", 108, "件", 302, "承办政协提案108件", "108件", "办复率100%")),
        (
            2021,
            "B",
            ProseFigure(
                "其中予以公开",
                195,
                "件",
                326,
                "其中予以公开195件",
                "195件",
                "申请内容主要涉及到土地征收、房屋拆迁安置等内容",
                "disclosed",
            ),
        ),
        (
            2021,
            "B",
            ProseFigure(
                "在区政务服务大厅和街道办事处共设立了",
                47,
                "处",
                336,
                "在区政务服务大厅和街道办事处共设立了47处政务公开专区",
                "47处",
                "以企业和群众需求为导向",
            ),
        ),
        (
            2020,
            "",
            ProseFigure("共承办12345热线工单", 326000, "件", 426, "共承办12345热线工单32.6万件", "32.6万件", "全年"),
        ),
        (
            2020,
            "",
            ProseFigure(
                "累计访问量达", 10000, "次", 433, "累计访问量达上万次", "上万次", "该模式在政府门户网站正式运行一年来"
            ),
        ),
        (2020, "", ProseFigure("人大代表建议", 97, "件", 503, "人大代表建议97件(市5件、区92件)", "97件", "其中")),
        (2019, "", ProseFigure("承办政协提案", 129, "件", 667, "承办政协提案129件", "129件", "办复率100%")),
        (
            2019,
            "",
            ProseFigure(
                "全区共接收政府信息公开申请",
                214,
                "件",
                670,
                "全区共接收政府信息公开申请214件",
                "214件",
                "2019年",
                "new",
            ),
        ),
        (
            2014,
            "",
            ProseFigure(
                "回答网友咨询",
                300,
                "条",
                628,
                "回答网友咨询近三百条",
                "近三百条",
                "邀请了行政执法管理部门和公共服务部门的主要领导和工作人员就食品监管、环境保护、执法工作、"
                "教育卫生等公众普遍关心的问题与网民互动交流",
            ),
        ),
        (
            2014,
            "",
            ProseFigure(
                "区政府主动公开政府信息共",
                13408,
                "条",
                633,
                "区政府主动公开政府信息共13408条",
                "13408条",
                "截至12月31日",
            ),
        ),
    ],
)
def test_pinned_numbers_of_the_text(year: int, version: str, expected: ProseFigure) -> None:
    assert expected in _report(year, version).prose_figures


@pytest.mark.parametrize(
    ("printed", "approximate"),
    [("1.5万余条", True), ("上万次", True), ("近三百条", True), ("2000多条", True), ("96件", False), ("99.68%", False)],
)
def test_approximate_numbers(printed: str, approximate: bool) -> None:
    (figure,) = [f for r in load_reports() for f in r.prose_figures if f.printed == printed][:1]
    assert figure.approximate == approximate
