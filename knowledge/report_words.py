"""Reading a question about report figures: its years, which figure it asks for, and what is left to match."""

from __future__ import annotations

import re

# A four-digit year that is not the start of a date ("2022年4月", "2022-04-01").
# Nor a count ("2000多条", "2000件").
YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d{2})(?!\d)(?!\s*年?\s*\d{1,2}\s*[月/.-])(?!\s*[多余万亿]?\s*[件条个起次项名所家篇处页期人%])"
)
# "22年" in a question about figures means 2022; only two-digit years of the reports' century qualify.
_SHORT_YEAR = re.compile(r"(?<![\d.])([12]\d)年(?!\s*\d)")
_YEAR_WORD = re.compile(YEAR.pattern + r"(?:\s*年度?)?")
# A count of items or pages belongs to the fee calculator ("申请35件多少钱").
QUANTITY = re.compile(r"(?<!\d)\d{1,3}\s*[件页张份]")

# Report questions are short; longer texts are descriptions of wanted information or other questions.
MAX_QUESTION_CHARS = 40
# A follow-up that names only a figure ("行政诉讼呢", "那人大建议呢") is shorter still.
MAX_FOLLOW_UP_CHARS = 16
# Phrases of an application for information ("申请公开2021年…的方案"), which names years but asks no figure.
REQUEST_WORDS = ("请公开", "申请公开", "要求公开", "申请获取", "请提供", "《", "〔")

COUNT_WORDS = ("多少", "几件", "几个", "几起", "几次", "数量", "总数", "件数", "几")
APPLICATION_WORDS = ("收到", "申请", "新收", "受理", "收件", "接收")
HEADLINE_WORDS = ("情况", "概况", "总体", "数据", "年报", "年度报告", "报告", "统计", "汇总")
HOW_TO_WORDS = ("怎么", "如何", "怎样", "在哪", "哪里", "流程", "步骤", "材料", "条件", "需要什么")
COMPARE_WORDS = ("比", "对比", "较", "增加", "减少", "变化", "差", "增长", "下降")
WHICH_YEAR = ("哪一年", "哪年", "哪个年", "哪一个年")
SERIES_WORDS = ("历年", "每年", "各年", "逐年", "趋势", "这几年", "近几年", "每一年")
# Words where 公开 names the subject, not the outcome 予以公开.
_OPENNESS_PHRASES = ("政府信息公开", "信息公开", "政务公开", "依申请公开", "公开申请", "公开工作", "公开年报")
# "占比" and "同比" hold 比 without comparing two years.
_NOT_COMPARING = ("占比", "同比")

# Topic → the phrases that ask for it, checked in this order (the first match wins).
TOPIC_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("art20_licensing", ("行政许可",)),
    ("art20_penalties", ("行政处罚",)),
    ("art20_enforcement", ("行政强制",)),
    ("art20_fees", ("行政事业性收费",)),
    ("art20_documents", ("规范性文件", "规章")),
    ("reconsideration", ("复议",)),
    # Suing the agency, said plainly: "把区政府告到法院", "告上法庭", "当被告".
    ("litigation", ("诉讼", "起诉", "官司", "法院", "法庭", "告到", "告上", "被告")),
    ("withheld", ("不予公开", "不公开", "拒绝公开", "不同意公开")),
    ("disclosed", ("部分公开",)),
    ("outcomes", ("无法提供", "不予处理", "其他处理", "办理结果", "答复结果", "处理结果", "办结")),
    ("carried", ("结转",)),
    ("fee", ("信息处理费", "收费", "收取")),
)
UNKNOWN = "unknown"
# Words that name the figures the topics answer: a question left with nothing else asks for a topic.
_VOCABULARY = tuple(
    sorted(
        {
            *(word for _, words in TOPIC_WORDS for word in words),
            *APPLICATION_WORDS,
            *HEADLINE_WORDS,
            *_OPENNESS_PHRASES,
            *("行政复议", "行政诉讼", "予以公开", "公开", "新收申请", "申请数", "申请量", "上年结转", "结转下年"),
            # The agency itself, which every figure is of.
            *("历下区", "历下", "区政府", "全区", "我区", "本区", "政府"),
        },
        key=len,
        reverse=True,
    )
)

# What a question says besides the figure it asks for: left out before its words are matched to the text.
_QUESTION_PHRASES = re.compile(
    r"几月份|哪一个月|哪个月|哪月|什么月份"
    r"|(?:是|有|一共|总共|共计|合计)?(?:多少|几)[件条个起次项名所家篇处页期人]?"
    r"|一共|总共|共计|合计|请问|大概|大约|具体|到底|一下|告诉我|想知道|知道|查询|查查|看看"
    r"|哪一个年|哪个年|哪一年|哪年|历年|每一年|每年|各年|逐年|趋势|这几年|近几年|最多|最少|最高|最低"
    r"|去年|今年|前年|明年|上一年|下一年|前一年|后一年|上年度|本年度|上年|本年|当年"
    r"|那么|那|呢|吗|呀|啊|吧|了|的|是否|有没有|是不是|有无|年度|全年|数量|总数|件数|情况如何|怎么样"
    # "A和B分别是多少", "各承办多少件": the count is of each part.
    r"|分别|各自|各(?=[\u4e00-\u9fff]{0,3}(?:多少|几))"
)
_COMPARE_PHRASES = re.compile(r"相比|对比|比较|相差|差距|比|较|增加|减少|变化|增长|下降|差|多|少")
# What a follow-up naming only years ("那2020年呢", "2019年的呢", "2022呢") may hold besides the years.
_FILLER = re.compile(
    r"那么|那|呢|的|吗|呀|啊|吧|了|和|与|跟|及|还有|又|年|再|看看|说说|怎么样|情况|呢|[\s,，、。?？!！~]"
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# "比上年", "比去年": the year before the one named.
_PREVIOUS_YEAR = ("比上年", "比去年", "比上一年", "较上年", "较去年", "较上一年", "比前一年")


def normalise(text: str) -> str:
    """The question with two-digit years written out ("19年" → "2019年")."""
    return _SHORT_YEAR.sub(r"20\1年", text.strip())


def years(text: str) -> list[int]:
    """The distinct years named in the text, in order; "比上年" adds the year before a single named year."""
    found: list[int] = []
    for match in YEAR.finditer(text):
        year = int(match.group(1))
        if year not in found:
            found.append(year)
    if len(found) == 1 and any(word in text for word in _PREVIOUS_YEAR):
        found.append(found[0] - 1)
    return found


def than_previous_year(text: str) -> bool:
    """Whether the text compares with the year before ("比上一年多了多少")."""
    return any(word in text for word in _PREVIOUS_YEAR)


def without_years(text: str) -> str:
    """The text with its years (and the 年 or 年度 after them) taken out."""
    return _YEAR_WORD.sub(" ", text)


def compares(text: str) -> bool:
    """Whether the text compares (比, 增加, 差, ...), not counting 占比 and 同比."""
    for phrase in _NOT_COMPARING:
        text = text.replace(phrase, "")
    return any(word in text for word in COMPARE_WORDS)


def counts(text: str) -> bool:
    """Whether the text asks how many."""
    return any(word in text for word in COUNT_WORDS)


def asks_how(text: str) -> bool:
    """Whether the text asks how to do something rather than for a figure."""
    return any(word in text for word in HOW_TO_WORDS) and not counts(text)


def across_years(text: str) -> bool:
    """Whether the text asks over all years: which year, or the series."""
    return any(word in text for word in WHICH_YEAR + SERIES_WORDS)


def bare(text: str) -> bool:
    """Whether the text names years and nothing else ("那2020年呢", "2019年的呢", "2021年比2020年呢")."""
    rest = _FILLER.sub("", YEAR.sub("", text))
    return not _COMPARE_PHRASES.sub("", rest)


def follow_up_shape(text: str) -> bool:
    """Whether a text without years reads as a follow-up naming a figure ("行政诉讼呢", "复议多少件")."""
    if len(text) > MAX_FOLLOW_UP_CHARS or asks_how(text):
        return False
    return text.rstrip("?？。!！ ").endswith("呢") or counts(text)


def _asks_disclosed(text: str) -> bool:
    for phrase in _OPENNESS_PHRASES:
        text = text.replace(phrase, "")
    return "公开" in text


def topic(text: str) -> str | None:
    """Which figure the question asks for, UNKNOWN for a count of something else, or None if it asks for none."""
    counted = counts(text)
    if any(word in text for word in HOW_TO_WORDS) and not counted:
        return None
    # 收费标准 and the like are the guide's, not the reports'; 标准化 is a work item, counted in the text.
    if _STANDARD.search(text) or ("标准" in text and not counted):
        return None
    if "主动公开" in text:  # proactive disclosure is not 予以公开; its counts are in the text, if anywhere
        return UNKNOWN if counted else None
    for name, words in TOPIC_WORDS:
        if any(word in text for word in words):
            return name
    if _asks_disclosed(text):
        return "disclosed"
    headline = any(word in text for word in HEADLINE_WORDS)
    if headline and not counted:
        return "headline"
    # "2021年比2020年多多少": comparisons between years are of new applications.
    if any(word in text for word in APPLICATION_WORDS) or (counted and compares(text)):
        return "applications"
    if counted:
        # A count of something no topic answers ("人大代表建议多少件"): for the text's figures, if any.
        return UNKNOWN
    return "headline" if headline else None


_STANDARD = re.compile(r"标准(?!化)")
_ASKED_UNIT = re.compile(r"(?:多少|几)([件条个起次项名所家篇处页期]|人次)")


def asked_unit(text: str) -> str:
    """The measure word a question counts in ("多少所学校" → "所"), or ""."""
    match = _ASKED_UNIT.search(text)
    return match.group(1) if match else ""


def query(text: str, *, comparing: bool = False) -> str:
    """The words of the question left to match against the reports' text, as space-separated runs."""
    rest = _QUESTION_PHRASES.sub(" ", without_years(text))
    if comparing:
        rest = _COMPARE_PHRASES.sub(" ", rest)
    return " ".join(_CJK_RUN.findall(rest))


def remainder(query_text: str) -> str:
    """The query without the words that name the topics' figures ("上级政府信息协助调查函" of "收到…调查函")."""
    for word in _VOCABULARY:
        query_text = query_text.replace(word, " ")
    return " ".join(_CJK_RUN.findall(query_text))


# A question answered by yes or no: "收过信息处理费吗", "有没有…", "是不是…", "收不收…", "公开没公开…".
_YES_NO = re.compile(r"有没有|是不是|有无|是否|([\u4e00-\u9fff]{1,2})[不没]\1")
_ENDS_WITH_MA = re.compile(r"吗[\s?？!！。~～]*$")


def yes_no(text: str) -> bool:
    """Whether the question asks yes or no; one ending in 吗 that asks how many ("多少…吗") does not."""
    return bool(_YES_NO.search(text)) or (bool(_ENDS_WITH_MA.search(text)) and not counts(text))


# A contact detail the reports print in their preamble (the guide answers those), not a figure.
_CONTACT = re.compile(r"电话|邮箱|电子邮件|邮件地址|邮编|邮政编码|传真|网址|联系方式|联系人|地址|怎么联系|如何联系")


def asks_contact(text: str) -> bool:
    """Whether the question asks for a phone number, email, address and the like ("年报上留的联系电话是多少"),
    not a count ("2022年电话咨询多少次" counts in 次)."""
    return bool(_CONTACT.search(text)) and not asked_unit(text)


_MONTH_WORDS = ("几月", "哪个月", "哪一个月", "哪月", "什么月份")


def asks_month(text: str) -> bool:
    """Whether the question asks in which month ("开放月定在几月")."""
    return any(word in text for word in _MONTH_WORDS)


# Where a question's clauses end, and where the things one clause asks about are joined.
_CLAUSE_BREAK = re.compile(r"[,，?？;；!！。\s]+")
_COORDINATION = re.compile(r"以及|和|、|及")
_COUNT_PHRASE = re.compile(r"(?:多少|几)(?:人次|[件条个起次项名所家篇处页期])?")


def parts(text: str) -> list[list[str]]:
    """The parts of a question that asks several counts, clause by clause, each a question by itself, years left out.

    Each clause that asks a count (or a month) is split where it joins things with 和, 、 or 及: where several
    pieces ask a count ("多少所学校、多少家卫生机构") each is a part; where one does, the others share its count
    ("人大代表建议和政协提案分别是多少件" → "人大代表建议多少件", "政协提案分别是多少件"). Clauses that ask nothing
    ("我看了年报") are left out."""
    found: list[list[str]] = []
    for clause in _CLAUSE_BREAK.split(without_years(text)):
        if not _asks(clause):
            continue
        pieces = [piece for piece in _COORDINATION.split(clause) if _CJK_RUN.search(piece)]
        asking = [piece for piece in pieces if _asks(piece)]
        if len(asking) != 1:
            found.append(asking or [clause])
            continue
        phrase = _COUNT_PHRASE.search(asking[0])
        shared = phrase.group() if phrase else "多少"
        pieces[0] = _shared_words_left_out(pieces[0]) if len(pieces) > 1 else pieces[0]
        found.append([piece if _asks(piece) else piece + shared for piece in pieces])
    return found


def _asks(text: str) -> bool:
    """Whether a clause or piece of a question asks how many or which month."""
    return counts(text) or asks_month(text)


def _shared_words_left_out(piece: str) -> str:
    """The first of several things asked with one count, without the words before it that qualify them all:
    "全区承办的人大代表建议" → "人大代表建议", "政府系统承办了多少件人大代表建议" → "多少件人大代表建议"."""
    *_, after = piece.rpartition("的")
    phrase = _COUNT_PHRASE.search(after)
    if phrase and _CJK_RUN.match(after[phrase.end() :]):
        after = after[phrase.start() :]
    return after if _CJK_RUN.search(after) else piece


# A question about the contact details a report prints in its closing sentence ("如对本报告有疑问,请与…联系(地址:…)")
# names the report; one that does not is the guide's.
_REPORT = re.compile(r"年报|报告")
# Email words first: "邮件地址" asks for an email, not an address.
_EMAIL = re.compile(r"电子(?:邮箱|邮件)地址|(?:邮箱|邮件)地址|电子邮箱|电子邮件|邮箱|邮件|电邮|信箱|e-?mail", re.I)
# Detail → the words that ask for it ("floor": the building and floor of the address), in CONTACT_FIELDS order.
_CONTACT_DETAILS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("floor", re.compile(r"几层|几楼|哪层|哪一层|哪个楼层|楼层|哪一楼")),
    ("address", re.compile(r"地址|门牌|办公地点|(?:办公室|单位|部门|机关)设?在哪|在什么地方|[哪什][个么]大厦|哪栋楼")),
    ("postcode", re.compile(r"邮编|邮政编码")),
    ("phone", re.compile(r"电话|号码|手机|座机|致电|打给")),
    ("email", _EMAIL),
)
# Asking how to reach whom the report names: every detail it prints.
_EVERY_DETAIL = re.compile(
    r"联系方式|联系信息|联络方式|联系渠道|(?:怎么|怎样|如何)联系|联系人"
    r"|(?:联系|找|问)(?:谁|哪里|哪儿|哪个(?:部门|单位|机关|办公室)|什么(?:部门|单位|机关))"
)
EVERY_DETAIL = ("address", "postcode", "phone", "email")
# "2020年的年报有没有写邮箱": whether the report prints the detail at all.
_PRINTS = re.compile(r"有没有|有无|是否(?:有|留|写|提供|公布|印)|[写留印]没[写留印]|有没[写留印]")


def contact_asked(text: str, *, follow_up: bool = False) -> tuple[str, ...] | None:
    """The contact details a question asks of a report ("2019年年报上留的联系电话是多少" → ("phone",); "怎么联系"
    → every detail), in printed order; None where it does not name a report or asks no contact detail.

    A follow-up to an answer about a report's contact details ("那邮箱呢") need not name the report, but must be short.
    "floor" (the building and floor: "办公室在历下大厦第几层") stands for the address. A count ("2022年报告电话咨询多少
    次") is no contact detail."""
    named = len(text) <= MAX_FOLLOW_UP_CHARS if follow_up else bool(_REPORT.search(text))
    if not named or asked_unit(text):
        return None
    if _EVERY_DETAIL.search(text):
        return EVERY_DETAIL
    rest = _EMAIL.sub(" ", text)
    asked = [key for key, pattern in _CONTACT_DETAILS if pattern.search(text if key == "email" else rest)]
    if "floor" in asked and "address" in asked:
        asked.remove("address")  # "地址在几楼": the floor's answer gives the address
    return tuple(asked) or None


def asks_printed(text: str) -> bool:
    """Whether the question asks if a report prints a detail at all ("2020年的年报有没有写邮箱")."""
    return bool(_PRINTS.search(text))
