"""The statute's facts the code counts with: the statutory periods, and the annual report's table
收到和处理政府信息公开申请情况 with the outcome codes staff record a reply under.

Periods (DESIGN.md): answer within 20 working days of receipt, at most 20 more on extension (《条例》第三十三条);
ask for a supplement within 7 working days of receipt (第三十条); pay a fee within 20 working days from the day
after the notice (国办函〔2020〕109号). Periods an agency's guide states (a third party's 15 working days) are the
agency's data, not these.

The table is the standard one of 国办公开办函〔2021〕30号 (seed lines 165–193); the 2019 format has the same rows
except a single 其他处理 row. The request store counts recorded outcomes into it (`bot.report_table`), the
annual reports' figures are read against it (`reports.model`), and the build tool parses the seed by it
(`tools.report_parser`).
"""

from __future__ import annotations

from dataclasses import dataclass

ANSWER_DAYS = 20
EXTENSION_DAYS = 20
SUPPLEMENT_NOTICE_DAYS = 7
PAYMENT_DAYS = 20


@dataclass(frozen=True)
class OutcomeRow:
    """A numbered sub-row of an outcome group: the code a reply is recorded under, the row's name as the standard
    table prints it, and the shorter name a recorded reply and the store's table show, where there is one."""

    code: str
    name: str
    short: str = ""

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass(frozen=True)
class Outcome:
    """One outcome line of part 三 of the table: a single row (its key is its code) or a group of sub-rows."""

    key: str
    name: str
    rows: tuple[OutcomeRow, ...] = ()


# Part 三, 本年度办理结果, in printed order; the total row follows it.
OUTCOME_TABLE: tuple[Outcome, ...] = (
    Outcome("disclosed", "予以公开"),
    Outcome("partly_disclosed", "部分公开"),
    Outcome(
        "withheld",
        "不予公开",
        (
            OutcomeRow("withheld_state_secret", "属于国家秘密"),
            OutcomeRow("withheld_prohibited", "其他法律行政法规禁止公开"),
            OutcomeRow("withheld_security_stability", "危及“三安全一稳定”"),
            OutcomeRow("withheld_third_party", "保护第三方合法权益"),
            OutcomeRow("withheld_internal_affairs", "属于三类内部事务信息"),
            OutcomeRow("withheld_process", "属于四类过程性信息"),
            OutcomeRow("withheld_enforcement_file", "属于行政执法案卷"),
            OutcomeRow("withheld_administrative_query", "属于行政查询事项"),
        ),
    ),
    Outcome(
        "unavailable",
        "无法提供",
        (
            OutcomeRow("unavailable_not_held", "本机关不掌握相关政府信息"),
            OutcomeRow("unavailable_needs_creation", "没有现成信息需要另行制作"),
            OutcomeRow("unavailable_unclear", "补正后申请内容仍不明确"),
        ),
    ),
    Outcome(
        "not_processed",
        "不予处理",
        (
            OutcomeRow("not_processed_petition", "信访举报投诉类申请"),
            OutcomeRow("not_processed_duplicate", "重复申请"),
            OutcomeRow("not_processed_publication", "要求提供公开出版物"),
            OutcomeRow("not_processed_excessive", "无正当理由大量反复申请"),
            OutcomeRow("not_processed_reconfirm", "要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    Outcome(
        "other",
        "其他处理",
        (
            OutcomeRow(
                "other_no_supplement",
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "申请人无正当理由逾期不补正",
            ),
            OutcomeRow(
                "other_fee_unpaid",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "申请人逾期未按收费通知要求缴纳费用",
            ),
            OutcomeRow("other", "其他"),
        ),
    ),
)

# The table's other lines: parts 一, 二 and 四, part 三's heading, and the total row closing part 三.
NEW_ROW = "本年新收政府信息公开申请数量"
CARRIED_IN_ROW = "上年结转政府信息公开申请数量"
RESULTS_HEADING = "本年度办理结果"
TOTAL_ROW = "总计"
CARRIED_OUT_ROW = "结转下年度继续办理"


def _outcome_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for outcome in OUTCOME_TABLE:
        if not outcome.rows:
            labels[outcome.key] = outcome.name
        for row in outcome.rows:
            labels[row.code] = f"{outcome.name}：{row.label}"
    return labels


# The outcome codes a reply is recorded under, with their labels ("不予公开：属于国家秘密"), in the table's order.
OUTCOMES = _outcome_labels()
# The outcome groups (the lines with sub-rows), and their sub-rows' names as the standard table prints them.
OUTCOME_GROUPS: dict[str, str] = {outcome.key: outcome.name for outcome in OUTCOME_TABLE if outcome.rows}
SUB_ROW_NAMES: dict[str, tuple[str, ...]] = {
    outcome.key: tuple(row.name for row in outcome.rows) for outcome in OUTCOME_TABLE if outcome.rows
}
# The group of each outcome code in a group (withheld_process → withheld).
GROUP_OF: dict[str, str] = {row.code: outcome.key for outcome in OUTCOME_TABLE for row in outcome.rows}
