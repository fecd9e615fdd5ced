"""Tests for the annual-report parser, its committed data file, and the report-figure answerer."""

from pathlib import Path

import pytest

from knowledge import report_parser
from knowledge.reports import AGENCIES_DIR, Figure, ReportAnswerer, ReportsError, load_reports, parse_reports

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_6460700eaa6e9ee9.txt"
COMMITTED = AGENCIES_DIR / "lixia" / "reports.toml"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed text not available at {SEED}; the parser checks need ../shared/seed")
    return SEED


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


def test_unknown_figure_key_is_rejected() -> None:
    raw = {"report": [{"year": 2022, "version": "", "title": "t", "copies": [[1, 2]], "table": {"newx": {}}}]}
    with pytest.raises(ReportsError):
        parse_reports(raw)


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
        "2022年主动公开多少条",
        "申请公开2021年历下区某某街道旧村改造项目的拆迁补偿安置方案及其批准文件",
        "请公开历下政办字〔2019〕5号文件《关于认真做好2019年度人大代表建议和政协提案办理工作的通知》",
    ],
)
def test_questions_without_a_report_figure_are_left_alone(answerer: ReportAnswerer, question: str) -> None:
    assert answerer.answer(question) is None
