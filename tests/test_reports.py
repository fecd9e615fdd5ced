"""Tests for the annual-report parser, its committed data file, and the report-figure answerer."""

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from knowledge.reports import (
    AGENCIES_DIR,
    APPLICATION_ROWS,
    COLUMNS,
    REMEDY_CELLS,
    Figure,
    Report,
    ReportAnswerer,
    ReportsError,
    load_reports,
    parse_reports,
)
from tests.ci_support import SEED_FILE, shared_path
from tools import report_parser
from tools.report_blocks import ParseError

COMMITTED = AGENCIES_DIR / "lixia" / "reports.toml"


@pytest.fixture
def seed_path() -> Path:
    return shared_path("seed", SEED_FILE)


@pytest.fixture(scope="module")
def answerer() -> ReportAnswerer:
    return ReportAnswerer()


def test_regenerating_from_seed_reproduces_committed_toml(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports.toml"
    assert report_parser.main([str(seed_path), str(out)]) == 0
    assert out.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


def test_committed_toml_loads_to_what_the_parser_finds(seed_path: Path) -> None:
    assert load_reports() == report_parser.parse_seed(seed_path.read_text(encoding="utf-8"))


def test_reports_and_versions() -> None:
    assert [(r.year, r.version) for r in load_reports()] == [
        (2022, ""),
        (2021, "A"),
        (2021, "B"),
        (2020, ""),
        (2019, ""),
        (2014, ""),
    ]


@pytest.mark.parametrize(
    ("year", "version", "copies"),
    [
        (2022, "", ((134, 215),)),
        (2021, "A", ((216, 315),)),
        (2021, "B", ((316, 412),)),
        (2020, "", ((413, 515), (516, 618))),
        (2014, "", ((619, 651),)),
        # The third 2019 copy breaks off inside its table at the seed's last line.
        (2019, "", ((652, 743), (744, 835), (836, 902))),
    ],
)
def test_copies_are_collapsed(year: int, version: str, copies: tuple[tuple[int, int], ...]) -> None:
    (report,) = [r for r in load_reports() if (r.year, r.version) == (year, version)]
    assert report.copies == copies


@pytest.mark.parametrize(
    ("year", "version", "part", "key", "expected"),
    [
        (2022, "", "table", "new", Figure(215, 169)),
        (2022, "", "table", "new_person", Figure(209, 169)),
        (2022, "", "table", "new_org", Figure(6, 169)),
        (2022, "", "table", "carried_in", Figure(12, 170)),
        (2022, "", "table", "withheld", Figure(15, 173, 180)),
        (2022, "", "table", "unavailable", Figure(44, 181, 183)),
        (2022, "", "table", "handled", Figure(219, 192)),
        (2022, "", "table", "carried_out", Figure(8, 193)),
        (2022, "", "table", "reconsideration", Figure(3, 198)),
        (2022, "", "table", "litigation", Figure(2, 198)),
        (2021, "A", "table", "new", Figure(341, 262)),
        (2021, "A", "table", "carried_out", Figure(12, 286)),
        (2021, "B", "table", "new", Figure(339, 361)),
        (2021, "B", "table", "carried_out", Figure(10, 385)),
        (2021, "B", "table", "disclosed", Figure(187, 363)),
        (2021, "B", "prose", "disclosed", Figure(195, 326)),
        (2020, "", "table", "new", Figure(176, 471)),
        (2020, "", "table", "other", Figure(0, 491)),  # older layout: one row, no sub-rows
        (2019, "", "table", "new", Figure(215, 706)),
        (2019, "", "prose", "new", Figure(214, 670)),
        (2019, "", "table", "litigation", Figure(1, 733)),
        (2014, "", "prose", "new", Figure(9, 640)),
        (2014, "", "prose", "reconsideration_pending", Figure(1, 644)),
        (2014, "", "prose", "litigation", Figure(0, 644)),
    ],
)
def test_pinned_figures(year: int, version: str, part: str, key: str, expected: Figure) -> None:
    (report,) = [r for r in load_reports() if (r.year, r.version) == (year, version)]
    assert getattr(report, part)[key] == expected


def test_prose_only_report_has_no_invented_figures() -> None:
    (report,) = [r for r in load_reports() if r.year == 2014]
    assert report.table == {}
    assert report.figure("carried_in") is None
    assert report.figure("withheld") is None


def _report(year: int, version: str = "") -> Report:
    (report,) = [r for r in load_reports() if (r.year, r.version) == (year, version)]
    return report


# Sub-rows of the 2021 table format; the 2019 format has a single 其他处理 row instead of other_1..3.
_NEW_FORMAT_ROWS = [key for key in APPLICATION_ROWS if key != "other"]
_OLD_FORMAT_ROWS = [key for key in APPLICATION_ROWS if not key.startswith("other_")]


@pytest.mark.parametrize(
    ("year", "version", "rows"),
    [
        (2022, "", _NEW_FORMAT_ROWS),
        (2021, "A", _NEW_FORMAT_ROWS),
        (2021, "B", _NEW_FORMAT_ROWS),
        (2020, "", _OLD_FORMAT_ROWS),
        (2019, "", _OLD_FORMAT_ROWS),
        (2014, "", []),
    ],
)
def test_every_row_of_the_applications_table_is_kept_in_order(year: int, version: str, rows: list[str]) -> None:
    report = _report(year, version)
    assert list(report.rows) == rows
    # The rows are consecutive seed lines, each with a count for every column.
    lines = [row.line for row in report.rows.values()]
    assert lines == list(range(lines[0], lines[0] + len(rows))) if rows else lines == []
    assert all(len(row.values) == len(COLUMNS) for row in report.rows.values())


@pytest.mark.parametrize(
    ("year", "version", "row", "column", "expected"),
    [
        (2022, "", "new", "自然人", Figure(209, 169)),
        (2022, "", "new", "商业企业", Figure(6, 169)),
        (2022, "", "new", "法人或其他组织", Figure(6, 169)),
        (2022, "", "carried_in", "自然人", Figure(12, 170)),
        (2022, "", "withheld_4", "总计", Figure(3, 176)),
        (2022, "", "withheld_6", "自然人", Figure(10, 178)),
        (2022, "", "withheld", "总计", Figure(15, 173, 180)),
        (2022, "", "unavailable_1", "自然人", Figure(42, 181)),
        (2022, "", "unavailable_2", "商业企业", Figure(1, 182)),
        (2022, "", "other_3", "总计", Figure(3, 191)),
        (2022, "", "handled", "自然人", Figure(217, 192)),
        (2022, "", "carried_out", "商业企业", Figure(4, 193)),
        (2021, "A", "new", "其他", Figure(11, 262)),
        (2021, "A", "disclosed", "其他", Figure(4, 264)),
        (2021, "A", "withheld_7", "总计", Figure(3, 272)),
        (2021, "A", "unavailable_2", "自然人", Figure(11, 275)),
        (2021, "A", "not_processed_2", "总计", Figure(1, 278)),
        (2021, "A", "other_3", "其他", Figure(7, 284)),
        (2021, "A", "carried_out", "自然人", Figure(12, 286)),
        (2021, "B", "new", "自然人", Figure(322, 361)),
        (2021, "B", "carried_out", "自然人", Figure(8, 385)),
        (2021, "B", "carried_out", "商业企业", Figure(2, 385)),
        (2020, "", "new", "商业企业", Figure(22, 471)),
        (2020, "", "new", "法律服务机构", Figure(2, 471)),
        (2020, "", "disclosed", "商业企业", Figure(13, 473)),
        (2020, "", "withheld_7", "商业企业", Figure(1, 481)),
        (2020, "", "unavailable_1", "商业企业", Figure(8, 483)),
        (2020, "", "unavailable_3", "总计", Figure(1, 485)),
        (2020, "", "not_processed_2", "总计", Figure(2, 487)),
        (2020, "", "other", "总计", Figure(0, 491)),
        (2019, "", "new", "商业企业", Figure(1, 706)),
        (2019, "", "withheld_1", "总计", Figure(1, 710)),
        (2019, "", "withheld_8", "自然人", Figure(2, 717)),
        (2019, "", "unavailable", "自然人", Figure(48, 718, 720)),
        (2019, "", "unavailable_2", "总计", Figure(6, 719)),
        (2019, "", "not_processed_1", "总计", Figure(1, 721)),
        (2019, "", "handled", "商业企业", Figure(1, 727)),
        (2014, "", "new", "总计", None),
    ],
)
def test_pinned_cells(year: int, version: str, row: str, column: str, expected: Figure | None) -> None:
    assert _report(year, version).cell(row, column) == expected


@pytest.mark.parametrize("report", load_reports(), ids=lambda r: r.label)
def test_cells_agree_with_the_summarised_table_figures(report: Report) -> None:
    keys = ("new", "carried_in", "disclosed", "partly_disclosed", "withheld", "unavailable", "not_processed", "other")
    for key in (*keys, "handled", "carried_out"):
        assert report.cell(key) == report.table.get(key)
    if report.rows:
        assert report.cell("new", "自然人").value == report.table["new_person"].value
        assert report.cell("new", "法人或其他组织").value == report.table["new_org"].value


def test_unknown_column_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown column"):
        _report(2022).cell("new", "个人")


@pytest.mark.parametrize(
    ("year", "version", "line", "cells"),
    [
        (2022, "", 198, (1, 0, 0, 2, 3, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1)),
        (2021, "A", 291, (3, 3, 4, 0, 10, 3, 1, 0, 0, 4, 0, 0, 0, 0, 0)),
        (2021, "B", 390, (3, 3, 4, 0, 10, 3, 1, 0, 0, 4, 0, 0, 0, 0, 0)),
        (2020, "", 498, (4, 1, 0, 0, 5, 1, 1, 0, 1, 3, 0, 0, 0, 0, 0)),
        (2019, "", 733, (0, 2, 1, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)),
    ],
)
def test_all_15_remedy_cells(year: int, version: str, line: int, cells: tuple[int, ...]) -> None:
    report = _report(year, version)
    assert report.remedies == {key: Figure(value, line) for key, value in zip(REMEDY_CELLS, cells, strict=True)}
    assert report.remedies["reconsideration_total"] == report.table["reconsideration"]
    assert report.remedies["litigation_direct_total"] == report.table["litigation_direct"]


def test_prose_only_report_has_no_cells() -> None:
    report = _report(2014)
    assert (report.rows, report.remedies, report.art20, report.subjects) == ({}, {}, {}, None)


@pytest.mark.parametrize(
    ("year", "version", "key", "row", "column", "value", "unit", "line", "text"),
    [
        (2022, "", "rules_issued", "规章", "本年制发件数", 0, "", 153, "0"),
        (2022, "", "normative_documents_issued", "行政规范性文件", "本年制发件数", 3, "", 154, "3"),
        (2022, "", "normative_documents_repealed", "行政规范性文件", "本年废止件数", 3, "", 154, "3"),
        (2022, "", "normative_documents_in_force", "行政规范性文件", "现行有效件数", 10, "", 154, "10"),
        (2022, "", "licensing_decisions", "行政许可", "本年处理决定数量", 71866, "", 157, "71866"),
        (2022, "", "penalties_decisions", "行政处罚", "本年处理决定数量", 1451, "", 160, "1451"),
        (2022, "", "enforcement_decisions", "行政强制", "本年处理决定数量", 43, "", 161, "43"),
        (
            2022,
            "",
            "fees_amount",
            "行政事业性收费",
            "本年收费金额(单位:万元)",
            Decimal("11609.06"),
            "万元",
            164,
            "11609.06万元",
        ),
        (2021, "A", "normative_documents_in_force", "行政规范性文件", "现行有效件数", 11, "", 247, "11"),
        (2021, "A", "licensing_decisions", "行政许可", "本年处理决定数量", 855, "", 250, "855"),
        (2021, "B", "penalties_decisions", "行政处罚", "本年处理决定数量", 1283, "", 352, "1283"),
        (2021, "B", "fees_amount", "行政事业性收费", "本年收费金额(单位:万元)", 8092, "万元", 356, "8092万元"),
        (2020, "", "normative_documents_public_total", "规范性文件", "对外公开总数量", 0, "", 441, "0"),
        (2020, "", "licensing_items_change", "行政许可", "本年增/减", 43, "", 444, "+43"),
        (2020, "", "licensing_decisions", "行政许可", "处理决定数量", 67556, "", 444, "67556"),
        (2020, "", "other_services_items_last_year", "其他对外管理服务事项", "上一年项目数量", 877, "", 445, "877"),
        (2020, "", "enforcement_items_change", "行政强制", "本年增/减", -13, "", 449, "-13"),
        (2020, "", "fees_items_last_year", "行政事业性收费", "上一年项目数量", 11, "", 452, "11"),
        (2020, "", "procurement_amount", "政府集中采购", "采购总金额", 41, "亿元", 455, "41亿元"),
        (2019, "", "penalties_items_change", "行政处罚", "本年增/减", 318, "", 695, "+318"),
        (2019, "", "enforcement_decisions", "行政强制", "处理决定数量", 5, "", 696, "5"),
        (2019, "", "procurement_projects", "政府集中采购", "采购项目数量", 12473, "", 702, "12473"),
        (2019, "", "procurement_amount", "政府集中采购", "采购总金额", Decimal("27.5951"), "亿元", 702, "27.5951亿元"),
    ],
)
def test_pinned_art20_cells(
    year: int, version: str, key: str, row: str, column: str, value: int | Decimal, unit: str, line: int, text: str
) -> None:
    cell = _report(year, version).art20[key]
    assert (cell.row, cell.column, cell.value, cell.unit, cell.line, cell.text) == (
        row,
        column,
        value,
        unit,
        line,
        text,
    )


@pytest.mark.parametrize(
    ("year", "version", "count"), [(2022, "", 10), (2021, "A", 10), (2020, "", 22), (2019, "", 22)]
)
def test_art20_table_is_complete(year: int, version: str, count: int) -> None:
    assert len(_report(year, version).art20) == count


@pytest.mark.parametrize(
    ("year", "version", "items", "line"),
    [
        (2022, "", ("土地征收", "房屋拆迁安置", "信访"), 143),
        (2021, "A", ("土地征收", "房屋拆迁安置"), 227),
        (2021, "B", ("土地征收", "房屋拆迁安置"), 326),
        (2020, "", ("土地征收", "房屋拆迁安置"), 467),
        (2019, "", ("征地补偿", "房屋拆迁", "棚户区改造"), 670),
    ],
)
def test_subjects_of_requests(year: int, version: str, items: tuple[str, ...], line: int) -> None:
    subjects = _report(year, version).subjects
    assert subjects is not None
    assert (subjects.items, subjects.line) == (items, line)
    assert "主要涉及" in subjects.text


@pytest.mark.parametrize(
    ("year", "version", "line", "phrase"),
    [
        (2022, "", 207, "未收取信息处理费"),
        (2021, "A", 298, "不存在收取信息处理费"),
        (2021, "B", 397, "不存在收取信息处理费"),
        (2020, "", None, None),
        (2019, "", None, None),
        (2014, "", 642, "没有发生政府信息公开收费"),
    ],
)
def test_fee_statement(year: int, version: str, line: int | None, phrase: str | None) -> None:
    statement = _report(year, version).fee_statement
    if line is None:
        assert statement is None
        assert _report(year, version).value("fee_yuan") is None
        return
    assert statement is not None
    assert statement.line == line
    assert phrase in statement.text


@pytest.mark.parametrize(
    ("year", "version", "label", "value", "unit", "line"),
    [
        (2022, "", "区政府共计收到政府信息公开申请", 215, "件", 143),
        (2022, "", "收到上级政府信息协助调查函", 10, "件", 143),
        (2022, "", "不属于本行政机关", 44, "件", 143),
        (2022, "", "申请信息不存在", 3, "件", 143),
        (2022, "", "依法依规按时答复率", 100, "%", 143),
        (2021, "A", "上升了", 93, "%", 227),
        (2021, "B", "其中予以公开", 195, "件", 326),
        (2020, "", "下降", Decimal("17.8"), "%", 467),
        (2020, "", "告知作出更改补充", 1, "件", 467),
        (2019, "", "共办结", 212, "件", 670),
        (2014, "", "其它情况", 4, "条", 640),
        (2014, "", "本年度区政府有政府信息公开申请行政复议", 1, "起", 644),
    ],
)
def test_pinned_prose_figures(year: int, version: str, label: str, value: int | Decimal, unit: str, line: int) -> None:
    found = [(f.value, f.unit, f.line) for f in _report(year, version).prose_figures if f.label == label]
    assert (value, unit, line) in found


def test_prose_shares_follow_their_counts() -> None:
    figures = [(f.label, f.value, f.unit) for f in _report(2022).prose_figures]
    at = figures.index(("其中予以公开", 137, "件"))
    assert figures[at + 1] == ("占比约", 60, "%")
    assert len(_report(2022).prose_figures) == 50


_2021_DIFFERENCES = [
    ("表格“本年新收政府信息公开申请数量”（自然人）", "324", 262, "322", 361),
    ("表格“本年新收政府信息公开申请数量”（总计）", "341", 262, "339", 361),
    ("表格“结转下年度继续办理”（自然人）", "12", 286, "8", 385),
    ("表格“结转下年度继续办理”（商业企业）", "0", 286, "2", 385),
    ("表格“结转下年度继续办理”（总计）", "12", 286, "10", 385),
    ("正文“我区共计收到政府信息公开申请”", "341件", 227, "339件", 326),
    ("正文“其中予以公开”", "187件", 227, "195件", 326),
]


def test_both_2021_versions_list_where_they_differ() -> None:
    a, b = _report(2021, "A"), _report(2021, "B")
    assert [(d.what, d.value, d.line, d.other_value, d.other_line) for d in a.differences] == _2021_DIFFERENCES
    assert [(d.what, d.other_value, d.other_line, d.value, d.line) for d in b.differences] == _2021_DIFFERENCES
    assert {d.other_version for d in a.differences} == {"B"}
    assert {d.other_version for d in b.differences} == {"A"}
    assert all(r.differences == () for r in load_reports() if r.year != 2021)


def test_unknown_figure_key_is_rejected() -> None:
    raw = {"report": [{"year": 2022, "version": "", "title": "t", "copies": [[1, 2]], "table": {"newx": {}}}]}
    with pytest.raises(ReportsError):
        parse_reports(raw)


def _raw(**extra: object) -> dict:
    return {"report": [{"year": 2022, "version": "", "title": "t", "copies": [[1, 2]], **extra}]}


@pytest.mark.parametrize(
    "extra",
    [
        {"rows": {"withheld_9": {"label": "x", "line": 1, "values": [0, 0, 0, 0, 0, 0, 0]}}},
        {"rows": {"new": {"label": "x", "line": 1, "values": [1, 1]}}},
        {"remedies": {"reconsideration_sum": {"value": 1, "line": 1}}},
        {"art20": {"x": {"item": "i", "row": "规章", "column": "本年印发件数", "value": 1, "unit": "", "line": 1}}},
        {"art20": {"x": {"item": "i", "row": "规章", "column": "本年制发件数", "value": "1,5", "unit": "", "line": 1}}},
    ],
)
def test_malformed_detail_sections_are_rejected(extra: dict) -> None:
    with pytest.raises(ReportsError):
        parse_reports(_raw(**extra))


def test_decimal_amounts_round_trip_exactly() -> None:
    raw = tomllib.loads((AGENCIES_DIR / "lixia" / "reports.toml").read_text(encoding="utf-8"))
    (fees,) = [r["art20"]["fees_amount"] for r in raw["report"] if r["year"] == 2022]
    assert fees["value"] == "11609.06"
    assert _report(2022).art20["fees_amount"].value == Decimal("11609.06")


def test_a_sub_row_with_a_non_standard_name_stops_the_parser(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("4.保护第三方合法权益", "4.保护第三人合法权益", 1)
    with pytest.raises(ParseError, match="not item 4 of withheld"):
        report_parser.parse_seed(text)


def test_an_unknown_art20_row_stops_the_parser(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("行政强制 | 43", "行政检查 | 43", 1)
    with pytest.raises(ParseError, match="unknown Art. 20 row"):
        report_parser.parse_seed(text)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("2021年收到多少申请", ["341件", "339件", "版本A", "版本B", "上年结转（12件）", "支持版本A"]),
        ("2022年行政复议几件", ["2022年，政府信息公开行政复议3件（维持1件，尚未审结2件）。"]),
        ("2020年申请数量", ["176件", "自然人152件", "法人或其他组织24件"]),
        ("2022年予以公开多少件", ["予以公开137件", "部分公开20件"]),
        ("2019年行政诉讼多少件", ["行政诉讼1件", "未经复议直接起诉1件"]),
        ("2014年收到几件申请", ["9件"]),
        ("2015年收到多少申请", ["没有2015年的年度报告数据；现有：2014、2019、2020、2021、2022年。"]),
        (
            "2022年收到多少申请",
            ["2022年，区政府新收政府信息公开申请215件（自然人209件，法人或其他组织6件），上年结转12件。"],
        ),
        ("2022年申请情况", ["215件", "上年结转12件", "予以公开137件", "行政复议3件", "行政诉讼2件"]),
        ("2021年予以公开多少", ["187件", "195件"]),
        ("2019年收到多少申请", ["215件", "正文写作214件"]),
        ("2021年结转下年多少", ["结转下年度继续办理12件", "结转下年度继续办理10件"]),
        ("2022年不予公开多少", ["不予公开15件"]),
        ("2022年收取信息处理费了吗", ["未收取信息处理费"]),
        ("2014年行政诉讼", ["行政诉讼0件"]),
        ("哪一年申请最多", ["2021年最多"]),
        ("2021年比2020年多多少", ["多165件", "多163件"]),
        ("历年申请数量", ["2014年9件", "2020年176件", "2022年215件"]),
    ],
)
def test_answers_name_the_figures(answerer: ReportAnswerer, question: str, expected: list[str]) -> None:
    reply = answerer.answer(question)
    assert reply is not None
    for text in expected:
        assert text in reply.text


@pytest.mark.parametrize(
    ("question", "topic", "source"),
    [
        (
            "2022年行政复议几件",
            "report_reconsideration",
            "《济南市历下区人民政府2022年政府信息公开工作年度报告》表格“政府信息公开行政复议、行政诉讼情况”",
        ),
        ("2014年收到几件申请", "report_applications", "《济南市历下区人民政府2014年政府信息公开工作年度报告》正文"),
        ("2015年收到多少申请", "report_missing_year", None),
    ],
)
def test_reply_topic_and_source(answerer: ReportAnswerer, question: str, topic: str, source: str | None) -> None:
    reply = answerer.answer(question)
    assert reply is not None
    assert reply.topic == topic
    if source is not None:
        assert reply.source == source


@pytest.mark.parametrize(
    "question",
    [
        "答复期限是多久",
        "投诉电话",
        "申请35件多少钱",
        "11月25日提交什么时候答复",
        "2023年11月25日提交什么时候答复",
        "2022年申请35件多少钱",
        "2022年怎么申请",
        "2021",
        "怎么申请政府信息公开",
        "收费标准是什么",
        "申请公开2021年历下区某某街道旧村改造项目的拆迁补偿安置方案及其批准文件",
        "请公开历下政办字〔2019〕5号文件《关于认真做好2019年度人大代表建议和政协提案办理工作的通知》",
    ],
)
def test_questions_without_a_report_figure_are_left_alone(answerer: ReportAnswerer, question: str) -> None:
    assert answerer.answer(question) is None


def test_reasons_for_withholding_come_from_the_table_rows():
    reply = ReportAnswerer().answer("2022年不予公开的原因")
    assert "不予公开15件（保护第三方合法权益3件、属于三类内部事务信息2件、属于四类过程性信息10件）" in reply.text


@pytest.mark.parametrize("question", ["2021年信访多少件", "2022年有多少个志愿者", "2020年财政资金多少"])
def test_figures_the_reports_data_does_not_hold_are_said_to_be_unknown(answerer: ReportAnswerer, question: str):
    reply = answerer.answer(question)
    assert (reply.known, reply.topic, reply.focus) == (False, "report_unknown", None)


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("2022年主动公开多少条", "3.6万余条"),
        ("2019年承办人大代表建议多少件", "107件"),
        ("2020年网站访问量多少", "上万次"),
    ],
)
def test_figures_the_text_states_are_answered(answerer: ReportAnswerer, question: str, figure: str):
    reply = answerer.answer(question)
    assert (reply.known, reply.topic, figure in reply.text) == (True, "report_prose", True)
