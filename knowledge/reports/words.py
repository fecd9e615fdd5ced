"""Reading a question about report figures: its years, which figure it asks for, and what is left to match."""

from __future__ import annotations

import os
import re

from knowledge.reports.table_words import asks_disclosed, row_named, sub_row_group
from knowledge.reports.vocabulary import (
    APPLICATION_WORDS,
    COMPARE_WORDS,
    COUNT_WORDS,
    HEADLINE_WORDS,
    HOW_TO_WORDS,
    NOT_COMPARING,
    ROW_TOPICS,
    SAME,
    SAME_WORDS,
    SERIES_WORDS,
    TOPIC_WORDS,
    UNKNOWN,
    WHICH_YEAR,
)

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
    # "这里面不予公开的", "其中部分公开的": a part of the total just said, pointed back to.
    r"|这其中|其中|这里面|里面|当中"
    r"|那么|那|呢|吗|呀|啊|吧|了|的|是否|有没有|是不是|有无|年度|全年|数量|总数|件数|情况如何|怎么样"
    # "A和B分别是多少", "各承办多少件": the count is of each part.
    r"|分别|各自|各(?=[\u4e00-\u9fff]{0,3}(?:多少|几))"
)
_COMPARE_PHRASES = re.compile(
    "|".join(("相比|对比|比较|相差|差距|比|较|增加|减少|变化|增长|下降|差|多|少", *SAME_WORDS))
)
# What a follow-up naming only years ("那2020年呢", "2019年的呢", "2022呢") may hold besides the years.
_FILLER = re.compile(
    r"那么|那|呢|的|吗|呀|啊|吧|了|和|与|跟|及|还有|又|年度报告|年报|报告|这一?项|这个数|这两个数|这些数|份|年|再|看看|说说"
    r"|怎么样|情况|呢|[\s,，、。?？!！~]"
)
# Words pointing at the year named ("2014年那会儿", "当时"): they qualify nothing counted.
_THEN = re.compile(r"那会儿?|那时候?|当时|当年|那年")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# The words a question is matched by: Chinese runs, and numbers long enough to name something ("12345热线").
_QUERY_RUN = re.compile(r"[\u4e00-\u9fff]{2,}|(?<![\d.])\d{5,}(?![\d.])")
# "比上年", "比去年": the year before the one named.
_PREVIOUS_YEAR = ("比上年", "比去年", "比上一年", "较上年", "较去年", "较上一年", "比前一年")


# A verb with its object split by an aspect word ("收过费", "交了费"): the figure's word is the verb's whole.
_SPLIT_VERB = re.compile(r"([收缴交])[过了](费)")


# Outcomes said as people say them, in the table's words: carried over ("转到下一年", "留到下一年度"), disclosure
# given or not ("给公开了的", "不给公开的"), not the agency's to answer ("不归区政府管的"), and a case not yet decided
# ("还没判完的").
_SPOKEN_OUTCOMES = (
    (re.compile(r"(?:转|留|顺延)(?:到|入|至)下一?年度?"), "结转下年"),
    (re.compile(r"不(?:会|能|肯|愿意?)?(?:给予?|对外|让)?公开"), "不予公开"),
    (re.compile(r"不归(?:本行政机关|本机关|区政府|区里|政府|你们|他们|咱们|这边)?管"), "不属于本行政机关"),
    (re.compile(r"(?:还)?没(?:有)?(?:判|审)(?:完|结)|没结案"), "尚未审结"),
    (re.compile(r"给(?:予)?公开"), "予以公开"),
)


def normalise(text: str) -> str:
    """The question with two-digit years written out ("19年" → "2019年"), split verbs joined ("收过费") and outcomes
    said as the table does (printed_outcomes)."""
    return _SPLIT_VERB.sub(r"\1\2", _SHORT_YEAR.sub(r"20\1年", printed_outcomes(text.strip())))


def printed_outcomes(text: str) -> str:
    """The text with the outcomes of applications said as the guide and the reports print them ("转到下一年" →
    "结转下年", "不给公开" → "不予公开", "不归区政府管" → "不属于本行政机关")."""
    for spoken, printed in _SPOKEN_OUTCOMES:
        text = spoken.sub(printed, text)
    return text


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


def change_only(text: str) -> bool:
    """Whether a follow-up asks a change and names nothing else ("涨了多少", "差多少", "两年相差多少"): the change on
    the year before, of the figure just answered."""
    return compares(text) and not _SUM_FILLER.sub("", _COMPARE_PHRASES.sub("", query(text)).replace("还是", "")).strip()


_SUM = re.compile(r"加起来|加一起|加在一起|加一块|加到一起|合起来|合计|总和|一共|总共|共计")
_SUM_FILLER = re.compile(r"[两二俩](?:个|项|年|样)?|这|那|都|是|算|又")


# "2019年到2022年", "2019至2022年": every year between the two.
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?度?\s*(?:到|至|—|~|～)\s*((?:19|20)\d{2})")


def asks_sum(text: str) -> bool:
    """Whether the text asks figures added up ("2021和2022两年…加起来多少", "人大代表建议和政协提案一共多少")."""
    return _SUM.search(text) is not None


def without_sum(text: str) -> str:
    """The text without the words asking figures added up, which name no figure."""
    return _SUM.sub("", text)


def year_range(text: str) -> list[int]:
    """The years of a range the text names, in order ("2019年到2022年" → 2019–2022); empty where it names none."""
    found = _YEAR_RANGE.search(text)
    if found is None:
        return []
    first, last = sorted(int(year) for year in found.groups())
    return list(range(first, last + 1))


def sum_only(text: str) -> bool:
    """Whether a follow-up asks the figures just given added up and names nothing else ("加起来多少", "两年加起来")."""
    if not _SUM.search(text):
        return False
    return not _SUM_FILLER.sub("", query(_SUM.sub("", text)))


def without_years(text: str) -> str:
    """The text with its years (and the 年 or 年度 after them) taken out."""
    return _SHORT_YEAR.sub(" ", _YEAR_WORD.sub(" ", text))


def compares(text: str) -> bool:
    """Whether the text compares (比, 增加, 差, ...), not counting 占比 and 同比."""
    for phrase in NOT_COMPARING:
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
    """Whether the text names years and nothing else ("那2020年呢", "2019年的呢", "21年那会儿呢", "2021年比2020年
    呢")."""
    rest = _FILLER.sub("", _THEN.sub("", YEAR.sub("", text)))
    return not _COMPARE_PHRASES.sub("", rest)


_SEGMENT = re.compile(r"[^，。；、（）\n]+")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def parts_named(text: str, said: str, asked: str) -> list[str]:
    """The parts of an answer just given that a follow-up names by its own words ("纠正的有几件" after "…（维持3件，
    纠正3件，其他结果4件）": "纠正3件"): the segments with a figure that share the most of the follow-up's characters
    (in runs of two or more), in the order said; none where no segment shares any that the question answered
    (`asked`) did not say ("网上申请呢" after "收到多少申请" names no part of the applications)."""
    best, most = [], 0
    for segment in _SEGMENT.findall(said):
        if not any(char.isdigit() for char in segment):
            continue
        covered = "".join(_shared(run, segment) for run in _HAN.findall(text))
        shared = len(covered) if any(char not in asked for char in covered) else 0
        if shared > most:
            best, most = [segment.strip()], shared
        elif shared == most and best:
            best.append(segment.strip())
    return best


def _shared(run: str, segment: str) -> str:
    """The characters of `run` that lie in parts of two or more characters also found in `segment`."""
    covered: set[int] = set()
    for start in range(len(run) - 1):
        for end in range(len(run), start + 1, -1):
            if run[start:end] in segment:
                covered.update(range(start, end))
                break
    return "".join(run[at] for at in sorted(covered))


# "满意率", "金额", "其中政务新媒体": a figure named and nothing else, asked as "…呢" would be.
BARE_NOUN_CHARS = 7
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def follow_up_shape(text: str) -> bool:
    """Whether a text without years reads as a follow-up naming a figure ("行政诉讼呢", "复议多少件")."""
    if len(text) > MAX_FOLLOW_UP_CHARS or asks_how(text):
        return False
    bare_noun = len(text) <= BARE_NOUN_CHARS and _CJK_ONLY.fullmatch(text) is not None
    return text.rstrip("?？。!！ ").endswith("呢") or counts(text) or bare_noun


def sibling_widened(text: str, measure: str) -> str:
    """A text with a figure named by the part of its name that tells it from its siblings, written in full: "强制呢"
    after 行政处罚 asks 行政强制, the prefix the figures of one family share left unsaid."""
    family = measure.partition("_")[0]
    named = [(name, word) for name, words in TOPIC_WORDS if name.partition("_")[0] == family for word in words]
    for name, full in named:
        shared = max((len(os.path.commonprefix([full, word])) for other, word in named if other != name), default=0)
        own = full[shared:]
        if shared >= 2 and len(own) >= 2 and full not in text and own in text:
            return text.replace(own, full, 1)
    return text


def names_figure_only(text: str, vocabulary: re.Pattern[str]) -> bool:
    """Whether a short text names a figure and nothing else ("这里面不予公开的", "部分公开的", "里面予以公开的"): read
    after a figure of the same table, it asks that figure of the same year."""
    if len(text) > MAX_FOLLOW_UP_CHARS or asks_how(text):
        return False
    return topic(text, vocabulary) not in (None, UNKNOWN) and not remainder(query(text), vocabulary)


def topic(text: str, vocabulary: re.Pattern[str]) -> str | None:
    """Which figure the question asks for, UNKNOWN for a count of something else, or None if it asks for none;
    `vocabulary` is the agency's (vocabulary_words)."""
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
    outcome = ROW_TOPICS.get(row_named(text) or sub_row_group(text, vocabulary) or "")
    if outcome is not None:
        return outcome  # "说区里不掌握这个信息的有多少", "重复申请的有几件": a row of the table, by its printed words
    if asks_disclosed(text):
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


def remainder(query_text: str, vocabulary: re.Pattern[str]) -> str:
    """The query without the words that name the topics' figures ("上级政府信息协助调查函" of "收到…调查函")."""
    return " ".join(_CJK_RUN.findall(vocabulary.sub(" ", query_text)))


# Words that turn a count of applications into a count of some of them ("不归区政府管的", "没办完的").
_NEGATION = re.compile(r"[不没未无非]")
_CLAUSE = re.compile(r"[，,；;。？?！!：:]")
# Characters that qualify nothing on their own.
_FUNCTION_CHARS = re.compile(r"[是的了过在个些把被给让说人也都就还又才]")
# A count of applications that says this much more about them asks for some of them, not the total.
UNEXPLAINED_CHARS = 3



def says_more(text: str, vocabulary: re.Pattern[str], *, negated_only: bool = False) -> bool:
    """Whether a clause asking how many qualifies what it counts with words no figure explains ("有多少是不归区政府
    管的", "申请量同比涨了多少件"): then the total is not what it asks. A story told in another clause ("我是记者，…")
    qualifies nothing. With negated_only, only a negation counts ("有多少是不归区政府管的" names no figure at all)."""
    clauses = _CLAUSE.split(text)
    for clause in [c for c in clauses if counts(c) or yes_no(c)] or clauses:  # "哪一年没办完的申请最多": all of it
        # "和2021年一样多吗": the words setting two years against each other qualify nothing counted.
        asked = query(_THEN.sub("", clause), comparing=len(years(clause)) >= 2 and compares(clause))
        rest = _FUNCTION_CHARS.sub("", remainder(asked, vocabulary).replace(" ", ""))
        if (len(rest) >= UNEXPLAINED_CHARS and not negated_only) or _NEGATION.search(rest):
            return True
    return False


# A question answered by yes or no: "收过信息处理费吗", "有没有…", "是不是…", "收不收…", "公开没公开…".
_YES_NO = re.compile(r"有没有|是不是|有无|是否|([\u4e00-\u9fff]{1,2})[不没]\1")
_ENDS_WITH_MA = re.compile(r"吗[\s?？!！。~～]*$")


def yes_no(text: str) -> bool:
    """Whether the question asks yes or no; one ending in 吗 that asks how many ("多少…吗") does not."""
    return bool(_YES_NO.search(text)) or (bool(_ENDS_WITH_MA.search(text)) and not counts(text))


_MONTH_WORDS = ("几月", "哪个月", "哪一个月", "哪月", "什么月份")


def asks_month(text: str) -> bool:
    """Whether the question asks in which month ("开放月定在几月")."""
    return any(word in text for word in _MONTH_WORDS)


# Where a question's clauses end, and where the things one clause asks about are joined.
_CLAUSE_BREAK = re.compile(r"[,，?？;；!！。\s]+")
_COORDINATION = re.compile(r"以及|和|、|及|跟|与(?![其之])")
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
    """+1 where a comparison asks whether a figure is more, -1 whether fewer, SAME whether the two are the same, 0
    where it asks neither: the first word of either kind after 比 (or anywhere where there is none) decides."""
    after = text.rpartition("比")[2] if "比" in text else text
    if any(word in after for word in SAME_WORDS):
        return SAME
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
