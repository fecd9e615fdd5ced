"""The annual report's table 收到和处理政府信息公开申请情况, computed from the request store for one calendar year.

`bot.report_output` renders it as text, CSV or JSON for `gongkai reports generate YEAR` and
GET /admin/api/report/{year}.

What counts where (dates are the denormalised columns RequestStore rewrites from the events on every write):

- 一、本年新收: received (the `receive` event's date, requests.received_on) within the year.
- 二、上年结转: received before 1 January of the year and not closed before it.
- 三、本年度办理结果: closed (requests.closed_on) within the year, by how it was closed:
  a reply counts under its outcome (knowledge.statute's OUTCOMES codes, in the table's order); a request the applicant
  withdrew counts under 其他处理：其他; a request deemed abandoned counts under 其他处理：申请人无正当理由逾期不补正
  when it was waiting for a supplement when abandoned (its event before `abandon` is `request_supplement`), under
  其他处理：申请人逾期未按收费通知要求缴纳费用 when it was waiting for a payment (`fee_notice` before `abandon`),
  and under 其他处理：其他 otherwise. (While the clock waits for the applicant the only events the lifecycle
  accepts are the one ending the wait and the closing ones, so the event before `abandon` says which wait was open.)
  （七）总计 is the sum of the outcome rows.
- 四、结转下年度继续办理: received by 31 December of the year and not closed by then.
- Requests never received (no `receive` event: submitted online, not yet confirmed) count nowhere.

The store knows only two applicant types; the published table splits 法人或其他组织 into 商业企业, 科研机构,
社会公益组织, 法律服务机构 and 其他, so here that column is their sum, and every output says so.

The table's identity 一 + 二 = 三（七）+ 四 is checked per column; a violation (which consistent data cannot
produce) is printed, never smoothed over, and so are rows the query could not place (unknown outcome or applicant
type, closed before received, a final status without a closing date or the reverse).

Cost: one pass over `requests` with no new index, and a per-row events lookup (through the events_request index)
only for requests abandoned within the year. On the bench's 1,000,000-request store the table takes about 0.8 s;
the scan itself is ~0.2 s and the rest is evaluating the CASE and sorting the in-scope rows for GROUP BY. A
covering index, CREATE INDEX requests_report ON requests (received_on, closed_on, applicant_type, status, outcome),
was measured and gave nothing (0.85 s), so none is created; it would only pay off once the store holds many
years whose rows it lets the query skip, and would then belong in bot/store.py's migrations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.requests.repository import RequestStore
from knowledge.lifecycle import EventType, Status
from knowledge.statute import (
    CARRIED_IN_ROW,
    CARRIED_OUT_ROW,
    GROUP_OF,
    NEW_ROW,
    OUTCOME_GROUPS,
    OUTCOME_TABLE,
    OUTCOMES,
    RESULTS_HEADING,
    TOTAL_ROW,
)

MIN_YEAR, MAX_YEAR = 2000, 2100

# The table's applicant columns: the store's applicant types, in the table's order, and the total.
COLUMNS: tuple[tuple[str, str], ...] = (("citizen", "自然人"), ("organisation", "法人或其他组织"))
TOTAL_LABEL = "总计"
ORGANISATION_NOTE = (
    "“法人或其他组织”一列为商业企业、科研机构、社会公益组织、法律服务机构和其他的合计："
    "申请登记只区分自然人和法人或其他组织，未作细分。"
)
CLOSING_NOTE = (
    "其他处理的归类：视为放弃申请时正在等待补正的，计入“申请人无正当理由逾期不补正”；正在等待缴费的，计入"
    "“申请人逾期未按收费通知要求缴纳费用”；其余视为放弃的，以及申请人撤回的，计入“其他”。"
)

# How a request closed within the year, as the query reports it, to the outcome row it counts under.
WITHDRAWN = "withdrawn"
ABANDONED_PREFIX = "abandoned:"
ABANDON_ROWS: dict[str, str] = {
    EventType.REQUEST_SUPPLEMENT.value: "other_no_supplement",
    EventType.FEE_NOTICE.value: "other_fee_unpaid",
}
WITHDRAW_ROW = "other"
ABANDON_DEFAULT_ROW = "other"

_NUMERALS = "一二三四五六七八九十"
_FINAL = (Status.ANSWERED.value, Status.WITHDRAWN.value, Status.ABANDONED.value)
_WAITING = (Status.AWAITING_SUPPLEMENT.value, Status.AWAITING_PAYMENT.value)
_FINAL_SQL = ", ".join(f"'{s}'" for s in _FINAL)
_WAITING_SQL = ", ".join(f"'{s}'" for s in _WAITING)

# One pass over the requests received by the year's end, grouped by applicant type and how (if at all) the
# request closed within the year. Bound parameters only; the status literals are the Status enum's values.
_QUERY = f"""
SELECT
    r.applicant_type,
    CASE WHEN r.closed_on BETWEEN :start AND :end THEN
        CASE r.status
            WHEN '{Status.ANSWERED.value}' THEN COALESCE(r.outcome, '')
            WHEN '{Status.WITHDRAWN.value}' THEN '{WITHDRAWN}'
            WHEN '{Status.ABANDONED.value}' THEN '{ABANDONED_PREFIX}' || COALESCE(
                (SELECT e.type FROM events e WHERE e.request_id = r.id AND e.type <> '{EventType.ABANDON.value}'
                 ORDER BY e.id DESC LIMIT 1), '')
            ELSE 'status:' || r.status
        END
    END AS closing,
    COUNT(*) AS n,
    COUNT(*) FILTER (WHERE r.received_on >= :start) AS new,
    COUNT(*) FILTER (WHERE r.received_on < :start AND (r.closed_on IS NULL OR r.closed_on >= :start)) AS carried_in,
    COUNT(*) FILTER (WHERE r.closed_on IS NULL OR r.closed_on > :end) AS carried_out,
    COUNT(*) FILTER (WHERE r.closed_on < r.received_on) AS backwards,
    COUNT(*) FILTER (WHERE (r.closed_on IS NULL) = (r.status IN ({_FINAL_SQL}))) AS mismatched,
    COUNT(*) FILTER (WHERE r.closed_on IS NULL AND r.status IN ({_WAITING_SQL})
        AND r.applicant_deadline < :cutoff) AS lapsed
FROM requests r
WHERE r.received_on IS NOT NULL AND r.received_on <= :end
    -- Requests closed before the year began count nowhere, unless their columns are inconsistent.
    AND (r.closed_on IS NULL OR r.closed_on >= :start OR r.closed_on < r.received_on OR r.status NOT IN ({_FINAL_SQL}))
GROUP BY r.applicant_type, closing
"""


@dataclass(frozen=True)
class Line:
    """One line of the table: a row key (None for a heading), its label, and how deep it is indented."""

    key: str | None
    label: str
    csv_label: str
    level: int


def _line(key: str | None, label: str, level: int) -> Line:
    """A line whose CSV label is its label: every line but a numbered sub-row."""
    return Line(key, label, label, level)


def _table_lines() -> tuple[Line, ...]:
    """The table's lines in the published order, the outcome rows as knowledge.statute's OUTCOME_TABLE has them."""
    lines = [
        _line("new", f"一、{NEW_ROW}", 0),
        _line("carried_in", f"二、{CARRIED_IN_ROW}", 0),
        _line(None, f"三、{RESULTS_HEADING}", 0),
    ]
    for number, outcome in enumerate(OUTCOME_TABLE):
        heading = f"（{_NUMERALS[number]}）{outcome.name}"
        lines.append(_line(None if outcome.rows else outcome.key, heading, 1))
        for i, row in enumerate(outcome.rows, start=1):
            lines.append(Line(row.code, f"{i}.{row.label}", f"{heading} {i}.{row.label}", 2))
    lines.append(_line("handled", f"（{_NUMERALS[len(OUTCOME_TABLE)]}）{TOTAL_ROW}", 1))
    lines.append(_line("carried_out", f"四、{CARRIED_OUT_ROW}", 0))
    return tuple(lines)


LINES = _table_lines()
ROW_KEYS = tuple(line.key for line in LINES if line.key)


def closing_row(closing: str) -> str | None:
    """The outcome row a closing (as the query reports it) counts under, or None if it fits none."""
    if closing in OUTCOMES:
        return closing
    if closing == WITHDRAWN:
        return WITHDRAW_ROW
    if closing.startswith(ABANDONED_PREFIX):
        return ABANDON_ROWS.get(closing.removeprefix(ABANDONED_PREFIX), ABANDON_DEFAULT_ROW)
    return None


@dataclass(frozen=True)
class IdentityCheck:
    """一 + 二 = 三（七）+ 四 for one column."""

    column: str
    label: str
    new: int
    carried_in: int
    handled: int
    carried_out: int

    @property
    def holds(self) -> bool:
        return self.new + self.carried_in == self.handled + self.carried_out

    def describe(self) -> str:
        left, right = self.new + self.carried_in, self.handled + self.carried_out
        sums = f"{self.label}：{self.new}+{self.carried_in}={left}，{self.handled}+{self.carried_out}={right}"
        return f"{sums}，相符" if self.holds else f"{sums}，不符（相差{left - right}）"

    def to_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "label": self.label,
            "new": self.new,
            "carried_in": self.carried_in,
            "handled": self.handled,
            "carried_out": self.carried_out,
            "holds": self.holds,
        }


@dataclass
class YearTable:
    """The table for one year: counts[row key][applicant type], with what the computation noticed."""

    year: int
    as_of: date
    counts: dict[str, dict[str, int]]
    # Requests the query could not place in the table: (Chinese, English) descriptions.
    anomalies: list[tuple[str, str]] = field(default_factory=list)
    # Requests still waiting for the applicant whose deadline passed before the year's end, or before as_of if the
    # year is not over (not recorded as abandoned, so counted as carried over).
    lapsed: int = 0

    @classmethod
    def empty(cls, year: int, as_of: date) -> YearTable:
        return cls(year, as_of, {key: {column: 0 for column, _ in COLUMNS} for key in ROW_KEYS})

    @property
    def complete(self) -> bool:
        """Whether the year had ended on the day the table was computed."""
        return self.as_of > date(self.year, 12, 31)

    def value(self, key: str, column: str = "total") -> int:
        """A row's count (ROW_KEYS: new, carried_in, an OUTCOMES code, handled, carried_out) in one column
        (citizen, organisation or total). "other" is the row 3.其他; the 其他处理 subtotal is group("other")."""
        cells = self.counts[key]
        return sum(cells.values()) if column == "total" else cells[column]

    def group(self, key: str, column: str = "total") -> int:
        """An outcome group's subtotal (OUTCOME_GROUPS: withheld, unavailable, not_processed, other) in one column,
        for the subtotals the published reports' prose quotes (不予公开 15 件, ...)."""
        if key not in OUTCOME_GROUPS:
            raise KeyError(key)
        return sum(self.value(code, column) for code, group in GROUP_OF.items() if group == key)

    def identity(self) -> list[IdentityCheck]:
        """The identity for each applicant column and the total."""
        columns = [*COLUMNS, ("total", TOTAL_LABEL)]
        return [
            IdentityCheck(
                column,
                label,
                self.value("new", column),
                self.value("carried_in", column),
                self.value("handled", column),
                self.value("carried_out", column),
            )
            for column, label in columns
        ]

    def violations(self) -> list[IdentityCheck]:
        """The columns whose identity fails."""
        return [check for check in self.identity() if not check.holds]

    @property
    def consistent(self) -> bool:
        """No identity violation and no request the table could not place."""
        return not self.violations() and not self.anomalies

    def notes(self) -> list[str]:
        """What a reader must know about these figures (Chinese)."""
        notes = [ORGANISATION_NOTE, CLOSING_NOTE]
        if not self.complete:
            notes.append(f"{self.year}年尚未结束：数据截至{self.as_of.isoformat()}，不是全年数字。")
        if self.lapsed:
            notes.append(
                f"另有{self.lapsed}件申请至今仍在等待申请人补正或缴费，期限已在{self._lapse_cutoff()}前届满，"
                "但尚未记录“视为放弃申请”，"
                "计入了结转下年度；记录后才会计入其他处理。"
            )
        return notes

    def _lapse_cutoff(self) -> str:
        return f"{self.year}年底" if self.complete else self.as_of.isoformat()

    def problems(self) -> list[str]:
        """Every identity violation and unplaced request, in Chinese with the English after it."""
        found = [
            f"勾稽关系不符（identity violated）：{check.describe()}"
            f" (new {check.new} + carried in {check.carried_in} ≠ handled {check.handled}"
            f" + carried out {check.carried_out})"
            for check in self.violations()
        ]
        found += [f"数据异常：{zh} ({en})" for zh, en in self.anomalies]
        return found


def check_year(year: int) -> None:
    """Refuse a year outside MIN_YEAR..MAX_YEAR (ValueError with Chinese and English)."""
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"年份必须是 {MIN_YEAR} 到 {MAX_YEAR} 之间的整数 (year must be {MIN_YEAR}..{MAX_YEAR})")


def yearly_table(requests: RequestStore, year: int) -> YearTable:
    """The table for calendar year `year`, computed from the store as of the store's today."""
    check_year(year)
    table = YearTable.empty(year, requests.today())
    end = date(year, 12, 31)
    # Lapsed: the applicant's deadline passed before the year's end (or before today, in a year not yet over).
    cutoff = min(end, table.as_of)
    params = {"start": f"{year:04d}-01-01", "end": end.isoformat(), "cutoff": cutoff.isoformat()}
    unknown_types: dict[str, int] = {}
    unplaced: dict[str, int] = {}
    backwards = mismatched = 0
    for applicant_type, closing, n, new, carried_in, carried_out, back, mismatch, lapsed in requests.conn.execute(
        _QUERY, params
    ):
        backwards += back
        mismatched += mismatch
        if applicant_type not in table.counts["new"]:
            unknown_types[str(applicant_type)] = unknown_types.get(str(applicant_type), 0) + n
            continue
        table.lapsed += lapsed
        counts = table.counts
        counts["new"][applicant_type] += new
        counts["carried_in"][applicant_type] += carried_in
        counts["carried_out"][applicant_type] += carried_out
        if closing is None:
            continue
        row = closing_row(closing)
        if row is None:
            unplaced[closing] = unplaced.get(closing, 0) + n
            continue
        counts[row][applicant_type] += n
    for column, _ in COLUMNS:
        table.counts["handled"][column] = sum(table.counts[code][column] for code in OUTCOMES)
    for kind, n in sorted(unknown_types.items()):
        table.anomalies.append(
            (
                f"{n}件申请的申请人类型“{kind[:40]}”无法归入任何一列，未计入本表",
                f"{n} requests of unknown applicant type",
            )
        )
    for closing, n in sorted(unplaced.items()):
        table.anomalies.append(
            (
                f"{n}件本年办结的申请无法归入任何办理结果（记录为“{closing[:60]}”），未计入第三项",
                f"{n} requests closed in the year could not be placed in an outcome row ({closing[:60]!r})",
            )
        )
    if backwards:
        table.anomalies.append(
            (f"{backwards}件申请的办结日期早于收到日期", f"{backwards} requests closed before they were received")
        )
    if mismatched:
        table.anomalies.append(
            (
                f"{mismatched}件申请的状态与办结日期不一致（已办结却无办结日期，或有办结日期却未办结）",
                f"{mismatched} requests whose status and closing date disagree",
            )
        )
    return table
