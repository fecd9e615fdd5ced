"""The words questions about report figures use: for the figures the topics answer, for the applications table's
applicant types and rows, and for what a question is (a count, a comparison, a series), as tables read in order."""

from __future__ import annotations

import re
from functools import cache

COUNT_WORDS = ("多少", "几件", "几个", "几起", "几次", "数量", "总数", "件数", "几")
APPLICATION_WORDS = ("收到", "申请", "新收", "受理", "收件", "接收")
HEADLINE_WORDS = ("情况", "概况", "总体", "数据", "年报", "年度报告", "报告", "统计", "汇总")
HOW_TO_WORDS = ("怎么", "如何", "怎样", "在哪", "哪里", "流程", "步骤", "材料", "条件", "需要什么")
# Two figures asked to be the same ("2021年和2022年的一样多吗"), and the direction of such a comparison.
SAME_WORDS = ("一样", "相同", "持平", "相等", "没变", "不变")
SAME = 2
COMPARE_WORDS = (
    *("比", "对比", "较", "增加", "减少", "变化", "差", "增长", "下降", "涨", "跌", "降"),
    *SAME_WORDS,
    # 多 and 少 moved ("少了多少"), which alone are the count's 多少.
    *("多了", "少了", "多出", "少出"),
)
WHICH_YEAR = ("哪一年", "哪年", "哪个年", "哪一个年")
SERIES_WORDS = ("历年", "每年", "各年", "逐年", "趋势", "这几年", "近几年", "每一年")
# Words where 公开 names the subject, not the outcome 予以公开.
OPENNESS_PHRASES = ("政府信息公开", "信息公开", "政务公开", "依申请公开", "公开申请", "公开工作", "公开年报")
# "占比", "同比", "比例" hold 比 without comparing two years.
NOT_COMPARING = ("占比", "同比", "比例", "比重", "百分比")

# Topic → the phrases that ask for it, checked in this order (the first match wins).
TOPIC_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("art20_licensing", ("行政许可",)),
    ("art20_penalties", ("行政处罚",)),
    ("art20_enforcement", ("行政强制",)),
    ("art20_fees", ("行政事业性收费",)),
    ("art20_procurement", ("集中采购",)),
    ("art20_documents", ("规范性文件", "规章")),
    # "未经复议直接起诉" is a kind of lawsuit, though it names 复议.
    ("litigation", ("直接起诉", "未经复议")),
    ("reconsideration", ("复议",)),
    # Suing the agency, said plainly: "把区政府告到法院", "告上法庭", "当被告".
    ("litigation", ("诉讼", "起诉", "官司", "法院", "法庭", "告到", "告上", "被告")),
    ("withheld", ("不予公开", "不公开", "拒绝公开", "不同意公开")),
    ("disclosed", ("部分公开",)),
    ("outcomes", ("无法提供", "不予处理", "其他处理", "办理结果", "答复结果", "处理结果", "办结")),
    ("carried", ("结转",)),
    ("fee", ("信息处理费", "处理费", "收费", "收取")),
)
UNKNOWN = "unknown"
# A count of applications qualified by words no figure explains: which figure is asked is not known.
UNSURE = "unsure"
# Words that name the figures the topics answer: a question left with nothing else asks for a topic.
_VOCABULARY = frozenset(
    {
        *(word for _, words in TOPIC_WORDS for word in words),
        *APPLICATION_WORDS,
        *HEADLINE_WORDS,
        *OPENNESS_PHRASES,
        *("行政复议", "行政诉讼", "予以公开", "公开", "新收申请", "申请数", "申请量", "上年结转", "结转下年"),
        # The agency itself, which every figure is of; its own names are its data (vocabulary_words).
        *("区政府", "全区", "我区", "本区", "政府"),
    }
)


@cache
def vocabulary_words(own: tuple[str, ...]) -> re.Pattern[str]:
    """The vocabulary with the agency's own names (its district and short names: "历下区", "历下") found left to
    right, the longest word at each place ("信息公开申请" is 信息公开 + 申请, whichever word is listed first)."""
    ordered = sorted({*_VOCABULARY, *own}, key=lambda word: (-len(word), word))
    return re.compile("|".join(map(re.escape, ordered)))


# The applications table's applicant-type columns ([report.rows] values, COLUMNS order) and the everyday words that
# name each, the more specific first: "社会公益组织" before "组织", "法人或其他组织" before "其他". "法人或其他组织" is
# the five organisation columns together (model.ORG_COLUMN).
COLUMN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("法律服务机构", ("法律服务机构", "法律服务", "律师事务所", "律所", "律师")),
    (
        "社会公益组织",
        ("社会公益组织", "公益组织", "公益机构", "公益团体", "基金会", "慈善组织", "慈善机构", "社会组织", "社会团体"),
    ),
    ("科研机构", ("科研机构", "科研院所", "科研单位", "研究机构", "研究所", "研究院", "大学", "高校", "院校")),
    ("商业企业", ("商业企业", "企业", "公司", "商户", "商家")),
    ("法人或其他组织", ("法人或者其他组织", "法人或其他组织", "法人", "其他组织")),
    ("自然人", ("自然人", "公民", "个人", "老百姓", "百姓", "群众", "市民", "居民")),
    ("其他", ("其他申请人", "其他类型的申请人", "其他类型申请人", "其他类申请人")),
)
# The columns' own names, which name a column in any question about the table.
COLUMN_NAMES = frozenset(("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "法人或其他组织"))
# Words holding a column's word without naming an applicant: "个人信息" is what is asked for, not who asks.
NOT_APPLICANTS = ("个人信息", "个人隐私", "个人资料", "群众满意", "居民小区")


# The applications table's rows a question may ask of an applicant type, with the words that name each, checked in
# this order (不予公开 before 公开, 上年结转 before 结转). Where none is named, a question naming applications asks for
# the new ones ("企业申请了几件").
ROW_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("partly_disclosed", ("部分公开",)),
    ("withheld", ("不予公开", "不公开", "拒绝公开", "不同意公开")),
    ("unavailable", ("无法提供", "不掌握", "信息不存在")),
    ("not_processed", ("不予处理", "不予办理")),
    ("other", ("其他处理",)),
    ("carried_in", ("上年结转", "结转上年")),
    ("carried_out", ("结转下年", "转下年", "结转")),
    ("handled", ("办结", "办理结果", "答复结果", "处理结果")),
    ("disclosed", ("予以公开", "同意公开")),
)
# Outcome rows: a share of these is a share of all applications handled (办理结果总计).
OUTCOME_ROWS = ("disclosed", "partly_disclosed", "withheld", "unavailable", "not_processed", "other")
# The topic whose answer gives a row (with its sub-rows).
ROW_TOPICS = {
    "withheld": "withheld",
    **dict.fromkeys(("partly_disclosed", "disclosed"), "disclosed"),
    **dict.fromkeys(("unavailable", "not_processed", "other", "handled"), "outcomes"),
    **dict.fromkeys(("carried_in", "carried_out"), "carried"),
}
# A sub-row is named when a question shares this many characters in a row with its printed name (or a whole
# two-character word of it), once the words every row shares (申请, 信息, 政府, 公开, 属于…) are left out of both.
SUB_ROW_SHARED = 3
SHARED_BY_ROWS = re.compile(r"信息|相关|机关|行政|属于|其他|要求|提供|不予|处理|[三四]类|申请人|内容")
