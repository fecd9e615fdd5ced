"""Tests for the consistency check: what it finds in the seed's reports; each kind on synthetic ones."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from dataclasses import replace

import pytest

from bot.cli.reports import cmd_check
from bot.config import Config
from knowledge.reports import APPLICATION_ROWS, REMEDY_CELLS, Art20Figure, Figure, Report, TableRow, load_reports
from knowledge.reports.check import (
    CARRY_OVER,
    COLUMN_TOTAL,
    IDENTITY,
    PROSE_TABLE,
    REMEDY_TOTAL,
    ROW_TOTAL,
    UNVERIFIABLE,
    VERSIONS,
    YEAR_CHANGE,
    Discrepancy,
    check_reports,
)

# Everything the check finds in the committed data parsed from the seed: (report, kind, seed lines).
SEED_FINDINGS = [
    ("2022年", YEAR_CHANGE, (143, 361)),  # 215 + 126 = 341 fits version A, not B's 339
    ("2022年", CARRY_OVER, (170, 385)),  # 上年结转 12; version B carried 10 forward
    ("2021年版本A", YEAR_CHANGE, (227, 471)),  # 341 − 163 = 178, but 2020 had 176
    ("2021年版本B", IDENTITY, (361, 362, 384, 385)),  # 自然人: 322 + 2 ≠ 314 + 8
    ("2021年版本B", IDENTITY, (361, 362, 384, 385)),  # 商业企业: 6 + 0 ≠ 6 + 2
    ("2021年版本B", PROSE_TABLE, (326, 363)),  # text 195 disclosed, table 187
    ("2021年版本B", VERSIONS, (262, 361)),  # new, 自然人 324 / 322
    ("2021年版本B", VERSIONS, (262, 361)),  # new, total 341 / 339
    ("2021年版本B", VERSIONS, (286, 385)),  # carried out, 自然人 12 / 8
    ("2021年版本B", VERSIONS, (286, 385)),  # carried out, 商业企业 0 / 2
    ("2021年版本B", VERSIONS, (286, 385)),  # carried out, total 12 / 10
    ("2021年版本B", VERSIONS, (227, 326)),  # text: received 341 / 339
    ("2021年版本B", VERSIONS, (227, 326)),  # text: disclosed 187 / 195
    ("2020年", YEAR_CHANGE, (467, 706)),  # 176 + 38 = 214: 2019's text, not its table's 215
    ("2019年", PROSE_TABLE, (670, 706)),  # received 214 / 215
    ("2019年", PROSE_TABLE, (670, 718)),  # 无法提供 48 / 49
    ("2019年", PROSE_TABLE, (670, 727)),  # handled 212 / 213
    ("2019年", UNVERIFIABLE, (707,)),  # no 2018 report to check 上年结转 against
    ("2014年", UNVERIFIABLE, (640,)),  # text only, no tables
]


@pytest.fixture(scope="module")
def seed_findings() -> list[Discrepancy]:
    return check_reports(load_reports())


def test_the_seed_findings_are_exactly_these(seed_findings: list[Discrepancy]) -> None:
    assert [(d.report, d.kind, d.lines) for d in seed_findings] == SEED_FINDINGS


@pytest.mark.parametrize(
    ("index", "phrases"),
    [
        (0, ["推算上年为341件", "2021年版本B报告表格为339件"]),
        (1, ["上年结转12件", "2021年版本B报告结转下年度继续办理10件", "“自然人”12与8", "“商业企业”0与2"]),
        (2, ["增加163件", "推算上年为178件", "2020年报告表格为176件"]),
        (3, ["“自然人”列本年新收322+上年结转2=324", "314+结转下年度8=322"]),
        (4, ["“商业企业”列本年新收6+上年结转0=6", "6+结转下年度2=8"]),
        (5, ["正文称予以公开195件，表格为187件"]),
        (8, ["结转下年度继续办理", "2021年版本A为12，2021年版本B为8"]),
        (13, ["推算上年为214件", "2019年报告表格为215件", "2019年正文所称214件与之相符"]),
        (14, ["正文称本年新收政府信息公开申请214件，表格为215件", "等于表中“自然人”一列"]),
        (15, ["正文称无法提供48件，表格为49件", "等于表中“自然人”一列"]),
        (16, ["正文称办理结果总计212件，表格为213件"]),
        (17, ["没有2018年的报告"]),
        (18, ["没有统计表格"]),
    ],
)
def test_seed_finding_messages(seed_findings: list[Discrepancy], index: int, phrases: list[str]) -> None:
    for phrase in phrases:
        assert phrase in seed_findings[index].message


def test_reports_check_prints_every_finding_and_the_count() -> None:
    out = io.StringIO()
    assert cmd_check(argparse.Namespace(), Config(), out) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == len(SEED_FINDINGS) + 2
    assert lines[0] == (
        "[2022年] 同比增减（第143、361行）：正文称收到215件、同比去年减少126件，推算上年为341件；"
        "而2021年版本B报告表格为339件。"
    )
    assert "[2021年版本B] 正文与表格（第326、363行）" in lines[5]
    assert lines[-2] == "另有2项无法核对（见上）。"
    assert lines[-1] == "共发现17处不一致"


# --- Synthetic reports: one consistent pair of years, then each kind of inconsistency injected. ---

_FIRST_ROW_LINE = 10
_PROSE_LINE = 5
_REMEDY_LINE = 40


def _values(person: int = 0, company: int = 0, total: int | None = None) -> tuple[int, ...]:
    return (person, company, 0, 0, 0, 0, person + company if total is None else total)


def _rows(**changes: tuple[int, ...]) -> dict[str, TableRow]:
    """A consistent 2021-format table (6 new + 1 carried in = 6 handled + 1 carried out), with changes."""
    values = {key: _values() for key in APPLICATION_ROWS if key != "other"}
    values |= {
        "new": _values(5, 1),
        "carried_in": _values(1),
        "disclosed": _values(3),
        "partly_disclosed": _values(1),
        "withheld_1": _values(1),
        "unavailable_1": _values(0, 1),
        "handled": _values(5, 1),
        "carried_out": _values(1),
    }
    values |= changes
    return {
        key: TableRow(label=APPLICATION_ROWS[key], line=_FIRST_ROW_LINE + i, values=row)
        for i, (key, row) in enumerate(values.items())
    }


def _report(
    year: int,
    *,
    version: str = "",
    rows: dict[str, TableRow] | None = None,
    remedies: tuple[int, ...] = (1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    prose: dict[str, int] | None = None,
) -> Report:
    """A report whose summarised table figures are derived from its rows, as the parser derives them."""
    report = Report(
        year=year,
        version=version,
        title=f"{year}年报告",
        copies=((1, 50),),
        table={},
        prose={key: Figure(value, _PROSE_LINE) for key, value in (prose or {"new": 6, "disclosed": 3}).items()},
        rows=_rows() if rows is None else rows,
        remedies={key: Figure(v, _REMEDY_LINE) for key, v in zip(REMEDY_CELLS, remedies, strict=True)},
    )
    keys = ("new", "carried_in", "disclosed", "partly_disclosed", "withheld", "unavailable", "not_processed")
    table = {key: figure for key in (*keys, "other", "handled", "carried_out") if (figure := report.cell(key))}
    table["reconsideration"] = report.remedies["reconsideration_total"]
    return replace(report, table=table)


def _pair(later: Report | None = None, earlier: Report | None = None) -> list[Report]:
    """2023 (carried in 1, "同比去年增加0件") after 2022 (carried out 1, 6 new)."""
    return [
        later or _report(2023, prose={"new": 6, "change": 0}),
        earlier or _report(2022),
    ]


def _found(reports: list[Report]) -> list[tuple[str, str, tuple[int, ...]]]:
    return [(d.report, d.kind, d.lines) for d in check_reports(reports)]


def _line(key: str) -> int:
    return _rows()[key].line


# The earliest year always says its 上年结转 cannot be checked: there is no year before it.
_NO_2021 = ("2022年", UNVERIFIABLE, (_line("carried_in"),))


def test_a_consistent_pair_of_years_has_no_inconsistency() -> None:
    found = check_reports(_pair())
    assert [(d.report, d.kind, d.lines) for d in found] == [_NO_2021]
    assert not any(d.is_inconsistency for d in found)
    assert "没有2021年的报告" in found[0].message


Case = Callable[[], list[Report]]
CASES: list[tuple[str, Case, list[tuple[str, str, tuple[int, ...]]]]] = [
    (
        "row total",
        # Moving one 自然人 application between rows keeps the columns right but breaks both rows' totals.
        lambda: _pair(
            _report(2023, prose={"new": 6}, rows=_rows(disclosed=_values(2, 0, 3), withheld_2=_values(1, 0, 0)))
        ),
        [("2023年", ROW_TOTAL, (_line("disclosed"),)), ("2023年", ROW_TOTAL, (_line("withheld_2"),))],
    ),
    (
        "column total",
        lambda: _pair(_report(2023, prose={"new": 6}, rows=_rows(disclosed=_values(4)))),
        [
            ("2023年", COLUMN_TOTAL, (_line("disclosed"), _line("handled"))),
            ("2023年", COLUMN_TOTAL, (_line("disclosed"), _line("handled"))),
        ],
    ),
    (
        "identity",
        lambda: _pair(_report(2023, prose={"new": 6}, rows=_rows(new=_values(6, 1)))),
        [
            ("2023年", IDENTITY, tuple(_line(k) for k in ("new", "carried_in", "handled", "carried_out"))),
            ("2023年", IDENTITY, tuple(_line(k) for k in ("new", "carried_in", "handled", "carried_out"))),
            ("2023年", PROSE_TABLE, (_PROSE_LINE, _line("new"))),
        ],
    ),
    (
        "remedy total",
        lambda: _pair(_report(2023, prose={"new": 6}, remedies=(1, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0))),
        [
            ("2023年", REMEDY_TOTAL, (_REMEDY_LINE,)),
            ("2023年", REMEDY_TOTAL, (_REMEDY_LINE,)),
        ],
    ),
    (
        "prose against table",
        lambda: _pair(_report(2023, prose={"new": 6, "disclosed": 5, "handled": 5})),
        [
            ("2023年", PROSE_TABLE, (_PROSE_LINE, _line("disclosed"))),
            ("2023年", PROSE_TABLE, (_PROSE_LINE, _line("handled"))),
        ],
    ),
    (
        "stated change against the previous year",
        lambda: _pair(_report(2023, prose={"new": 6, "change": 2})),
        [("2023年", YEAR_CHANGE, (_PROSE_LINE, _line("new")))],
    ),
    (
        "carried in against carried out",
        # 2022 stays consistent in itself (7 new, 2 carried forward); 2023 says it carried in 1.
        lambda: _pair(
            _report(2023, prose={"new": 6, "change": -1}),
            _report(2022, prose={"new": 7}, rows=_rows(new=_values(6, 1), carried_out=_values(2))),
        ),
        [("2023年", CARRY_OVER, (_line("carried_in"), _line("carried_out")))],
    ),
    (
        "versions",
        lambda: [
            _report(2022, version="A"),
            replace(
                _report(2022, version="B"),
                art20={
                    "licensing_decisions": Art20Figure("第二十条第(五)项", "行政许可", "本年处理决定数量", 7, "", 3)
                },
            ),
        ],
        [
            ("2022年版本A", UNVERIFIABLE, (_line("carried_in"),)),
            ("2022年版本B", UNVERIFIABLE, (_line("carried_in"),)),
            ("2022年版本B", VERSIONS, (3,)),
        ],
    ),
    (
        "no previous year",
        lambda: [_report(2023, prose={"new": 6, "change": 1})],
        [("2023年", UNVERIFIABLE, (_PROSE_LINE,)), ("2023年", UNVERIFIABLE, (_line("carried_in"),))],
    ),
    (
        "text-only report",
        lambda: [
            Report(2013, "", "2013年报告", ((1, 9),), table={}, prose={"new": Figure(9, 4)}),
        ],
        [("2013年", UNVERIFIABLE, (4,))],
    ),
]


@pytest.mark.parametrize(("name", "reports", "expected"), CASES, ids=[case[0] for case in CASES])
def test_each_injected_inconsistency_is_found(name: str, reports: Case, expected: list) -> None:
    found = _found(reports())
    assert [f for f in found if f != _NO_2021] == expected


def test_versions_message_names_both_values() -> None:
    a = _report(2022, version="A", prose={"new": 6})
    b = replace(_report(2022, version="B", prose={"new": 6}), rows=_rows(new=_values(5, 1, 7)))
    messages = [d.message for d in check_reports([a, b]) if d.kind == VERSIONS]
    assert messages == ["表格“本年新收政府信息公开申请数量”（总计）：2022年版本A为6，2022年版本B为7。"]


def test_column_total_message_names_the_column() -> None:
    found = check_reports(_pair(_report(2023, prose={"new": 6}, rows=_rows(disclosed=_values(4)))))
    assert found[0].message.startswith("“自然人”列各项办理结果")
    assert "之和为6，而“总计”行为5。" in found[0].message


def test_render_puts_report_kind_and_lines_first() -> None:
    finding = Discrepancy("2019年", PROSE_TABLE, "正文称……", (670, 706))
    assert finding.render() == "[2019年] 正文与表格（第670、706行）：正文称……"
    assert finding.is_inconsistency
    assert not Discrepancy("2019年", UNVERIFIABLE, "……", (707,)).is_inconsistency
