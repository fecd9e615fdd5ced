"""Reading a question about report figures: its years, which figure it asks for, and what is left to match."""

from __future__ import annotations

import re

from knowledge.report_data import SUB_ROW_NAMES

# A four-digit year that is not the start of a date ("2022年4月", "2022-04-01").
# Nor a count ("2000多条", "2000件").
YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d{2})(?!\d)(?!\s*年?\s*\d{1,2}\s*[月/.-])(?!\s*[多余万亿]?\s*[件条个起次项名所家篇处页期人%])"
)
# The year of a full date ("2014年12月31日").
_DATE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
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


def requests_information(text: str) -> bool:
    """Whether the text is an application for information ("申请公开2021年…的方案"), which names years but asks no
    figure; "依申请公开" is the name of a kind of disclosure, not a request."""
    text = text.replace("依申请公开", "")
    return any(word in text for word in REQUEST_WORDS)

COUNT_WORDS = ("多少", "几件", "几个", "几起", "几次", "数量", "总数", "件数", "几")
APPLICATION_WORDS = ("收到", "申请", "新收", "受理", "收件", "接收")
HEADLINE_WORDS = ("情况", "概况", "总体", "数据", "年报", "年度报告", "报告", "统计", "汇总")
HOW_TO_WORDS = ("怎么", "如何", "怎样", "在哪", "哪里", "流程", "步骤", "材料", "条件", "需要什么")
COMPARE_WORDS = ("比", "对比", "较", "增加", "减少", "变化", "差", "增长", "下降")
WHICH_YEAR = ("哪一年", "哪年", "哪个年", "哪一个年")
SERIES_WORDS = ("历年", "每年", "各年", "逐年", "趋势", "这几年", "近几年", "每一年")
# Words where 公开 names the subject, not the outcome 予以公开.
_OPENNESS_PHRASES = ("政府信息公开", "信息公开", "政务公开", "依申请公开", "公开申请", "公开工作", "公开年报")
# "占比", "同比", "比例" hold 比 without comparing two years.
_NOT_COMPARING = ("占比", "同比", "比例", "比重", "百分比")

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
        key=lambda word: (-len(word), word),
    )
)
# The vocabulary found left to right, the longest word at each place ("信息公开申请" is 信息公开 + 申请, whichever
# word is listed first).
_VOCABULARY_WORDS = re.compile("|".join(map(re.escape, _VOCABULARY)))

# What a question says besides the figure it asks for: left out before its words are matched to the text.
_QUESTION_PHRASES = re.compile(
    r"几月份|哪一个月|哪个月|哪月|什么月份"
    r"|(?:是|有|一共|总共|共计|合计)?(?:多少|几)(?:[件条个起次项名所家篇页期人]|处(?!理))?"
    r"|一共|总共|共计|合计|请问|大概|大约|具体|到底|一下|告诉我|想知道|知道|查询|查查|看看"
    r"|哪一个年|哪个年|哪一年|哪年|历年|每一年|每年|各年|逐年|趋势|这几年|近几年|最多|最少|最高|最低"
    r"|去年|今年|前年|明年|上一年|下一年|前一年|后一年|上年度|本年度|上年|本年|当年"
    # The report itself ("2022年那份年报里…"): where a figure is asked, not what it counts.
    r"|[那这]?份?(?:年度报告|年报)[里中上]?|报告[里中上]"
    r"|怎么说的?|怎么写的?"
    r"|那么|那|呢|吗|呀|啊|吧|了|的|是否|有没有|是不是|有无|年度|全年|数量|总数|件数|情况如何|怎么样"
    # "A和B分别是多少", "各承办多少件": the count is of each part.
    r"|分别|各自|各(?=[\u4e00-\u9fff]{0,3}(?:多少|几))"
)
_COMPARE_PHRASES = re.compile(r"相比|对比|比较|相差|差距|比|较|增加|减少|变化|增长|下降|差|多|少")
# What a follow-up naming only years ("那2020年呢", "2019年的呢", "2022呢") may hold besides the years.
_FILLER = re.compile(
    r"那么|那|呢|的|吗|呀|啊|吧|了|和|与|跟|及|还有|又|年度报告|年报|报告|这一?项|这个数|这两个数|这些数|份|年|再|看看|说说"
    r"|怎么样|情况|呢|[\s,，、。?？!！~]"
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# The words a question is matched by: Chinese runs, and numbers long enough to name something ("12345热线").
_QUERY_RUN = re.compile(r"[\u4e00-\u9fff]{2,}|(?<![\d.])\d{5,}(?![\d.])")
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
    if not found and counts(text):
        # "截至2014年12月31日…累计有多少条": a count as of a date is of that date's year.
        found = list(dict.fromkeys(int(match.group(1)) for match in _DATE_YEAR.finditer(text)))
    if len(found) == 1 and any(word in text for word in _PREVIOUS_YEAR):
        found.append(found[0] - 1)
    return found


def than_previous_year(text: str) -> bool:
    """Whether the text compares with the year before ("比上一年多了多少")."""
    return any(word in text for word in _PREVIOUS_YEAR)


def without_years(text: str) -> str:
    """The text with its years (and the 年 or 年度 after them) taken out."""
    return _SHORT_YEAR.sub(" ", _YEAR_WORD.sub(" ", text))


def compares(text: str) -> bool:
    """Whether the text compares (比, 增加, 差, ...), not counting 占比 and 同比."""
    for phrase in _NOT_COMPARING:
        text = text.replace(phrase, "")
    return any(word in text for word in COMPARE_WORDS)


def counts(text: str) -> bool:
    """Whether the text asks how many."""
    return any(word in text for word in COUNT_WORDS)


def asks_account(text: str) -> bool:
    """Whether the text asks for an account of how something went ("标准化建设情况") rather than a figure."""
    return _ACCOUNT.search(text) is not None and not counts(text)


_ACCOUNT = re.compile(r"情况|进展|怎么样|如何")


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
    if asks_how(text.replace("怎么样", "")):  # "…情况怎么样" asks how it went, not how to
        return None
    # 收费标准 and the like are the guide's, not the reports'; 标准化 is a work item, counted in the text.
    if _STANDARD.search(text) or ("标准" in text and not counted):
        return None
    if "主动公开" in text:  # proactive disclosure is not 予以公开; its counts are in the text, if anywhere
        return UNKNOWN if counted else None
    for name, words in TOPIC_WORDS:
        if any(word in text for word in words):
            return name
    outcome = _ROW_TOPICS.get(_row_named(text) or sub_row_group(text) or "")
    if outcome is not None:
        return outcome  # "说区里不掌握这个信息的有多少", "重复申请的有几件": a row of the table, by its printed words
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
# A measure word, not the start of a word ("多少处理费" counts no 处).
_ASKED_UNIT = re.compile(r"(?:多少|几)([件条个起次项名所家篇页期]|处(?!理)|人次)")


def asked_unit(text: str) -> str:
    """The measure word a question counts in ("多少所学校" → "所"), or ""."""
    match = _ASKED_UNIT.search(text)
    return match.group(1) if match else ""


def query(text: str, *, comparing: bool = False) -> str:
    """The words of the question left to match against the reports' text, as space-separated runs."""
    rest = _QUESTION_PHRASES.sub(" ", without_years(text))
    if comparing:
        rest = _COMPARE_PHRASES.sub(" ", rest)
    return " ".join(_QUERY_RUN.findall(rest))


def remainder(query_text: str) -> str:
    """The query without the words that name the topics' figures ("上级政府信息协助调查函" of "收到…调查函")."""
    return " ".join(_CJK_RUN.findall(_VOCABULARY_WORDS.sub(" ", query_text)))


# Words that turn a count of applications into a count of some of them ("不归区政府管的", "没办完的").
_NEGATION = re.compile(r"[不没未无非]")
_CLAUSE = re.compile(r"[，,；;。？?！!：:]")
# Characters that qualify nothing on their own.
_FUNCTION_CHARS = re.compile(r"[是的了过在个些把被给让说人也都就还又才]")
# A count of applications that says this much more about them asks for some of them, not the total.
UNEXPLAINED_CHARS = 3


def says_more(text: str) -> bool:
    """Whether a clause asking how many qualifies what it counts with words no figure explains ("有多少是不归区政府
    管的", "申请量同比涨了多少件"): then the total is not what it asks. A story told in another clause ("我是记者，…")
    qualifies nothing."""
    clauses = _CLAUSE.split(text)
    for clause in [c for c in clauses if counts(c) or yes_no(c)] or clauses:  # "哪一年没办完的申请最多": all of it
        rest = _FUNCTION_CHARS.sub("", remainder(query(clause)).replace(" ", ""))
        if len(rest) >= UNEXPLAINED_CHARS or _NEGATION.search(rest):
            return True
    return False


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
_COUNT_PHRASE = re.compile(r"(?:多少|几)(?:人次|[件条个起次项名所家篇页期]|处(?!理))?")


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


# The applications table's applicant-type columns ([report.rows] values, COLUMNS order) and the everyday words that
# name each, the more specific first: "社会公益组织" before "组织", "法人或其他组织" before "其他". "法人或其他组织" is
# the five organisation columns together (report_data.ORG_COLUMN).
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
_NOT_APPLICANTS = ("个人信息", "个人隐私", "个人资料", "群众满意", "居民小区")


def columns(text: str) -> tuple[str, ...]:
    """The applicant types a question names ("律师事务所这类法律服务机构" → ("法律服务机构",)), in the order named;
    () if none."""
    for phrase in _NOT_APPLICANTS:
        text = text.replace(phrase, " " * len(phrase))
    found: dict[str, int] = {}
    for column, names in COLUMN_WORDS:
        for name in names:
            at = text.find(name)
            if at >= 0:
                found[column] = min(at, found.get(column, at))
                text = text.replace(name, " " * len(name))
    return tuple(sorted(found, key=found.__getitem__))


def names_column(text: str) -> bool:
    """Whether the question names a column by its printed name ("法律服务机构"), not an everyday word ("律所")."""
    return any(name in text for name in COLUMN_NAMES)


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
_ROW_TOPICS = {
    "withheld": "withheld",
    **dict.fromkeys(("partly_disclosed", "disclosed"), "disclosed"),
    **dict.fromkeys(("unavailable", "not_processed", "other", "handled"), "outcomes"),
    **dict.fromkeys(("carried_in", "carried_out"), "carried"),
}
# A sub-row is named when a question shares this many characters in a row with its printed name (or a whole
# two-character word of it), once the words every row shares (申请, 信息, 政府, 公开, 属于…) are left out of both.
SUB_ROW_SHARED = 3
_SHARED_BY_ROWS = re.compile(r"信息|相关|机关|行政|属于|其他|要求|提供|不予|处理|[三四]类|申请人|内容")


def sub_row_group(text: str) -> str | None:
    """The outcome whose sub-row a question about applications or their disclosure names by the table's printed words
    ("申请里重复申请的有几件" → not_processed, "因为过程性信息没公开的" → withheld), or None ("信访多少件")."""
    if "申请" not in text and not _asks_disclosed(text):
        return None
    asked = _own_words(text)
    for group, names in SUB_ROW_NAMES.items():
        for name in names:
            if any(_shares(asked, segment) for segment in _own_words(name).split("|")):
                return group
    return None


def _shares(asked: str, segment: str) -> bool:
    """Whether a question holds a segment of a sub-row's name: the whole of a two-character one ("重复"), else
    SUB_ROW_SHARED characters of it in a row ("过程性")."""
    if len(segment) < SUB_ROW_SHARED:
        return len(segment) == SUB_ROW_SHARED - 1 and segment in asked
    return any(segment[i : i + SUB_ROW_SHARED] in asked for i in range(len(segment) - SUB_ROW_SHARED + 1))


def _own_words(text: str) -> str:
    """A text without the words every row shares, the gaps marked so that no run spans them."""
    return _SHARED_BY_ROWS.sub("|", _VOCABULARY_WORDS.sub("|", text))


def _row_named(text: str) -> str | None:
    """The ROW_WORDS key a question names, or None."""
    return next((key for key, names in ROW_WORDS if any(name in text for name in names)), None)


def row(text: str) -> str | None:
    """The applications-table row a question names: a ROW_WORDS key, "disclosed" for 公开 as an outcome, "new" for
    applications named without an outcome ("企业申请了几件"), or None where it names none ("那企业呢")."""
    named = _row_named(text)
    if named is not None:
        return named
    if _asks_disclosed(text):
        return "disclosed"
    if any(word in text for word in (*APPLICATION_WORDS, "提交", "提出")):
        return "new"
    return None


# A percentage asked: of a change ("降幅", "增长了百分之几") or a share ("占比", "比例").
_PERCENT = re.compile(
    r"百分之(?:几|多少)?|百分比(?:是|为)?(?:多少)?|(?:多少|几)个?百分点|[增降涨跌减]幅(?:度)?|幅度|几成|[%％]"
)
_SHARE = re.compile(r"占|比例|比重")
_CHANGE = re.compile(r"[增降涨跌减]幅|幅度|增长|增加|下降|减少|上升|降低|提高|涨|跌|变化")


def asks_percent(text: str) -> bool:
    """Whether the question asks for a percentage ("降幅是多少", "增长了百分之几", "予以公开占比多少")."""
    return bool(_PERCENT.search(text) or _SHARE.search(text))


def asks_share(text: str) -> bool:
    """Whether the percentage asked is a share of a whole ("予以公开占比多少", "企业申请的比例", "是百分之多少"), not a
    change ("增长了百分之几", "比2020年多百分之几")."""
    if _SHARE.search(text):
        return True
    return bool(_PERCENT.search(text)) and not _CHANGE.search(text) and not compares(text)


def asks_change_percent(text: str) -> bool:
    """Whether the question asks by what percentage a figure changed ("降幅", "增长了百分之几")."""
    return asks_percent(text) and not asks_share(text) and bool(_CHANGE.search(text))


def without_percent(text: str) -> str:
    """The question with its percentage words read as a count ("增长了百分之几" → "增长了多少"), so that the figure it
    is about is read as in any other question."""
    return _PERCENT.sub("多少", text)


# A comparison's base year: "比2020年", "较2020年", "与2020年相比", "和2020年比较".
_BASE_YEAR = re.compile(
    r"(?:比|较)\s*((?:19|20)\d{2})|(?:与|和|跟|同)\s*((?:19|20)\d{2})\s*年?度?(?:的\S{0,8}?)?(?:相比|比较|对比|比)"
)


def compared_years(text: str, found: list[int]) -> tuple[int, int]:
    """The two years a comparison sets against each other, the one compared first and its base second:
    "2021年比2020年多吗" → (2021, 2020), "与2020年相比，2021年多了吗" → (2021, 2020). Where no base is marked, the
    years in the order named."""
    first, second = found[0], found[1]
    match = _BASE_YEAR.search(text)
    if match:
        base = int(match.group(1) or match.group(2))
        if base == first:
            return second, first
    return first, second


# Which way a yes/no comparison asks: more ("是不是比2020年多", "增加了吗") or fewer ("减少了吗", "少了没有").
_NOT_DIRECTION = re.compile(r"多少|至少|最多|最少|多久|差不多|是不是|是否|有没有")
_MORE = re.compile(r"多|增|高|上升|涨|超过|大于")
_FEWER = re.compile(r"少|减|低|降|跌|小于|不如")
_ASKING_CLAUSE = re.compile(r"[^,，?？;；!！。]+")


def direction(text: str) -> int:
    """+1 where a comparison asks whether a figure is more, -1 whether fewer, 0 where it asks neither: the first
    word of either kind after 比 (or anywhere where there is none) decides."""
    after = text.rpartition("比")[2] if "比" in text else text
    rest = _NOT_DIRECTION.sub(" ", after)
    more, fewer = _MORE.search(rest), _FEWER.search(rest)
    if more and (not fewer or more.start() < fewer.start()):
        return 1
    if fewer:
        return -1
    return 0


def asks_whether(text: str) -> bool:
    """Whether a clause of the question asks yes or no ("是不是比2020年多？多了多少", "2022年比2021年少了吗")."""
    return any(yes_no(clause) for clause in _ASKING_CLAUSE.findall(text))
