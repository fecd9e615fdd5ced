"""Parse the annual reports in the seed text into per-report figures, and write them as reviewable TOML.

Run as `python -m tools.report_parser SEED_PATH OUT_TOML`. Only this tool reads the seed; the bot
reads the TOML it writes. Its parts: `report_blocks` (the seed's report copies), `report_applications` (the
applications table), `report_tables` (the remedy and Art. 20 tables, the contact details), `report_prose` (the
figures the text states), `report_passages` (the text's sentences).
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from knowledge.reports.model import CONTACT_FIELDS, FIGURES, Report, version_differences
from tools.report_applications import application_table
from tools.report_blocks import REPORT_START, Block, ParseError, split_reports
from tools.report_passages import passages
from tools.report_prose import prose_figures, prose_notes, text_figures
from tools.report_tables import art20_table, contact, remedy_table
from tools.report_toml import render_toml

_YEAR = re.compile(r"统计期限(?:为|自)(\d{4})年1月1日")
_TITLE = "济南市历下区人民政府{year}年政府信息公开工作年度报告"


@dataclass(frozen=True)
class Parsed:
    """What one block yields, before copies are merged."""

    report: Report
    notes: tuple[str, ...]
    broken_at: int | None = None  # the seed line where the copy's text breaks off inside a table


def _year(block: Block) -> int:
    for _, line in block.numbered():
        if match := _YEAR.search(line):
            return int(match.group(1))
    raise ParseError(f"report at line {block.start}: no statistics period (统计期限) found")


def _title(block: Block, year: int) -> tuple[str, list[str]]:
    title = _TITLE.format(year=year)
    if any(title in line for line in block.lines):
        return title, []
    return title, ["报告标题未出现在种子文本中，按其他年份报告的标题格式拟定。"]


def parse_block(block: Block) -> Parsed:
    """The figures of one report copy, as a one-copy report."""
    year = _year(block)
    title, notes = _title(block, year)
    applications = application_table(block)
    remedies, remedy_cells, remedy_notes = remedy_table(block)
    table = applications.figures | remedies
    found = prose_figures(block, has_remedy_table=bool(remedies))
    prose = found.figures
    text = text_figures(block, found)
    if not table:
        notes.append("该年报告没有统计表格，只有正文所述的数字；正文未提及的数字缺失（不是0）。")
    notes += applications.notes + remedy_notes + prose_notes(table, prose)
    report = Report(
        year=year,
        version="",
        title=title,
        copies=((block.start, block.end),),
        table={key: table[key] for key in FIGURES if key in table},
        prose=prose,
        rows=applications.rows,
        remedies=remedy_cells,
        art20=art20_table(block),
        subjects=text.subjects,
        fee_statement=text.fee_statement,
        prose_figures=text.numbers,
        contact=contact(block),
        passages=passages(block),
    )
    return Parsed(report=report, notes=tuple(notes), broken_at=applications.broken_at)


def _values(report: Report) -> dict[tuple[str, str], int | str]:
    figures: dict[tuple[str, str], int | str] = {("table", k): f.value for k, f in report.table.items()}
    figures |= {("prose", k): f.value for k, f in report.prose.items()}
    if report.contact:  # copies that print other contact details are not the same report
        figures |= {("contact", k): report.contact.detail(k) for k in CONTACT_FIELDS}
    return figures | {("printed", k): p.value for k, p in report.printed().items()}


def _same_report(a: Report, b: Report) -> bool:
    """Whether two copies agree on every figure both have, and one's figures include the other's."""
    va, vb = _values(a), _values(b)
    shared = va.keys() & vb.keys()
    nested = va.keys() <= vb.keys() or vb.keys() <= va.keys()
    return nested and all(va[key] == vb[key] for key in shared)


def merge_copies(parsed: list[Parsed]) -> list[Report]:
    """Collapse copies that agree into one report, keeping the first (complete) copy's line numbers."""
    kept: list[tuple[Parsed, list[Parsed]]] = []
    for item in parsed:
        for i, (first, copies) in enumerate(kept):
            if first.report.year == item.report.year and _same_report(first.report, item.report):
                copies.append(item)
                if len(_values(item.report)) > len(_values(first.report)):
                    kept[i] = (item, [first, *copies[:-1]])
                break
        else:
            kept.append((item, []))
    reports = []
    for first, copies in kept:
        notes = list(first.notes)
        for copy in copies:
            start, end = copy.report.copies[0]
            missing = len(first.report.printed().keys() - copy.report.printed().keys())
            if missing:
                where = f"在第{copy.broken_at}行中断，" if copy.broken_at else ""
                notes.append(f"第{start}–{end}行的副本不完整（{where}缺{missing}个数字），其已有数字与本副本一致。")
        all_copies = first.report.copies + tuple(c.report.copies[0] for c in copies)
        reports.append(replace(first.report, copies=all_copies, notes=tuple(notes)))
    return _label_versions(reports)


def _label_versions(reports: list[Report]) -> list[Report]:
    """Name differing versions of one year A, B, ... in order of appearance, each listing how it differs."""
    versions = {}
    for report in reports:
        same_year = [r for r in reports if r.year == report.year]
        if len(same_year) > 1:
            versions[id(report)] = "ABCDEFGH"[same_year.index(report)]
    labelled = []
    for report in reports:
        if id(report) not in versions:
            labelled.append(report)
            continue
        same_year = [r for r in reports if r.year == report.year]
        others = "、".join(f"第{r.copies[0][0]}–{r.copies[0][1]}行" for r in same_year if r is not report)
        note = f"{report.year}年报告有{len(same_year)}个数字不同的版本；另见{others}。"
        differences = tuple(
            difference
            for other in same_year
            if other is not report
            for difference in version_differences(report, other, versions[id(other)])
        )
        labelled.append(
            replace(report, version=versions[id(report)], notes=(note, *report.notes), differences=differences)
        )
    return labelled


def _carry_notes(report: Report, following: list[Report], *, versions: int) -> list[str]:
    """Whether this report's 结转下年度 matches the next year's 上年结转 (stated when it decides a version)."""
    carried_out = report.table.get("carried_out")
    notes = []
    for later in following:
        if carried_out is None or "carried_in" not in later.table:
            continue
        value = later.table["carried_in"].value
        if value != carried_out.value or versions > 1:
            verdict = "一致" if value == carried_out.value else "不一致"
            notes.append(f"本报告结转下年度{carried_out.value}件，{later.label}报告的上年结转为{value}件：{verdict}。")
    return notes


def _change_notes(report: Report, earlier: list[Report]) -> list[str]:
    """Whether the text's 同比去年增加/减少 N件 fits the previous year's report."""
    change, new = report.prose.get("change"), report.prose.get("new")
    if not (change and new and earlier):
        return []
    implied = new.value - change.value
    compared = []
    for previous in earlier:
        table_new, stated = previous.table.get("new"), previous.prose.get("new")
        for where, figure in (("表格", table_new), ("正文", stated)):
            if figure is None or (where == "正文" and table_new and table_new.value == figure.value):
                continue
            verdict = "相符" if figure.value == implied else "不符"
            compared.append(f"{previous.label}{where}{figure.value}件（{verdict}）")
    verb = "增加" if change.value > 0 else "减少"
    return [
        f"正文称同比去年{verb}{abs(change.value)}件，由本报告正文{new.value}件推算上年为{implied}件；"
        + "，".join(compared)
        + "。"
    ]


def _chain_notes(reports: list[Report]) -> list[Report]:
    """Cross-check each report against its neighbours: carried-over counts and the stated change."""
    by_year: dict[int, list[Report]] = {}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
    checked = []
    for report in reports:
        versions = len(by_year[report.year])
        notes = _carry_notes(report, by_year.get(report.year + 1, []), versions=versions)
        notes += _change_notes(report, by_year.get(report.year - 1, []))
        checked.append(replace(report, notes=report.notes + tuple(notes)))
    return checked


def parse_seed(text: str) -> tuple[Report, ...]:
    """Every report in the seed text, copies merged, versions labelled, sorted by year (newest first)."""
    blocks = split_reports(text.splitlines())
    if not blocks:
        raise ParseError(f"no report found (no line {REPORT_START!r})")
    reports = _chain_notes(merge_copies([parse_block(block) for block in blocks]))
    return tuple(sorted(reports, key=lambda r: (-r.year, r.version)))


def generate(seed_path: Path) -> str:
    """The TOML text for the seed file at seed_path."""
    data = seed_path.read_bytes()
    reports = parse_seed(data.decode("utf-8"))
    return render_toml(reports, seed_name=seed_path.name, seed_sha256=hashlib.sha256(data).hexdigest())


def main(argv: list[str] | None = None) -> int:
    """Write OUT_TOML from SEED_PATH."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m tools.report_parser SEED_PATH OUT_TOML", file=sys.stderr)
        return 2
    seed_path, out_path = Path(args[0]), Path(args[1])
    out_path.write_text(generate(seed_path), encoding="utf-8")
    print(f"wrote {out_path} from {seed_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
