"""The specificity checker: can the agency find what a description asks for, and is it a disclosure request at all?

Rules, not a model, so every verdict can be explained to the applicant. A description is well specified when
it names a document (a title in 《》 or a 文号) or gives a subject with two of: an issuing body, a time, a place,
a "关于…的通知"-style title. Issues are flagged by the words that give them away (投诉, 是什么, 汇总, 工商登记, a
numbered list, ...), read with document titles masked out, so 《关于投诉处理工作的规定》 is a document, not a
complaint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.guide import load_guide
from knowledge.text import normalize


class IssueCode(StrEnum):
    """What is wrong with a description, in DESIGN.md's order."""

    VAGUE = "vague"
    COMPLAINT = "complaint"
    CONSULTATION = "consultation"
    ANALYSIS = "analysis"
    MULTIPLE = "multiple"
    SPECIAL_REGISTRY = "special_registry"


@dataclass(frozen=True)
class Issue:
    """One problem: what is wrong and why (message), and what to write instead (suggestion)."""

    code: IssueCode
    message: str
    suggestion: str


@dataclass(frozen=True)
class CheckResult:
    """The verdict on a description, with the separate requests it holds (one item unless it bundles several)."""

    ok: bool
    issues: tuple[Issue, ...]
    suggestions: tuple[str, ...]
    items: tuple[str, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The issue codes, in order."""
        return tuple(issue.code.value for issue in self.issues)

    def to_json(self) -> dict[str, object]:
        """The shape `gongkai check` prints."""
        return {"ok": self.ok, "issues": list(self.codes), "suggestions": list(self.suggestions)}


@dataclass(frozen=True)
class Anchors:
    """The features of a description that let a clerk search for it."""

    titles: tuple[str, ...]
    doc_numbers: tuple[str, ...]
    title_phrases: tuple[str, ...]
    bodies: tuple[str, ...]
    times: tuple[str, ...]
    places: tuple[str, ...]
    subject: str

    @property
    def names_document(self) -> bool:
        """Whether a title in 《》 or a 文号 identifies the document outright."""
        return bool(self.titles or self.doc_numbers)

    @property
    def kinds(self) -> frozenset[str]:
        """Which kinds of secondary anchor are present."""
        present = {
            "body": self.bodies,
            "time": self.times,
            "place": self.places,
            "title": self.title_phrases,
        }
        return frozenset(kind for kind, found in present.items() if found)

    @property
    def well_specified(self) -> bool:
        """A document named, or a real subject pinned down by two kinds of anchor."""
        return self.names_document or (len(self.subject) >= 2 and len(self.kinds) >= 2)


# ---------------------------------------------------------------- anchors

_CJK = "\u4e00-\u9fff"
_DOC_TYPES = (
    "实施意见|实施方案|实施办法|实施细则|工作方案|管理办法|暂行办法|通知|批复|决定|意见|办法|规定|方案|报告|复函|函|"
    "公告|通告|规划|细则|纪要|请示|答复|决议|通报|计划|规则|标准|指引|条例"
)
# "关于…的通知" names a document as well as a title in 《》 would, even without the brackets.
_TITLE_PHRASE = re.compile(rf"关于[^《》，,。；;：:！!？?]{{2,40}}?的[{_CJK}]{{0,4}}?(?:{_DOC_TYPES})")
_DOC_NUMBER = re.compile(rf"[{_CJK}]{{0,12}}[〔\[【(]\s*(?:19|20)\d{{2}}\s*[〕\]】)]\s*第?\s*\d{{1,4}}\s*号")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*(?:年度?|年代|届|[-—~～至到./](?=\s*\d))")
_TIME = re.compile(
    r"(?<!\d)\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|(?<!\d)\d{1,2}\s*日|近[一二两三四五六七八九十\d]+年|过去[一二两三四五六七八九十\d]+年|"
    r"去年|今年|前年|上半年|下半年|第[一二三四]季度|[一二三四]季度|十[一二三四五]五|[二〇零一二三四五六七八九]{4}年"
)
_BODY = re.compile(
    rf"(?:济南市|山东省|历下区|[市区省])?[{_CJK}]{{0,10}}?"
    r"(?:人民政府|政府|办公室|办事处|街道|管委会|委员会|党工委|工委|卫健委|发改委|教委|建委|居委会|村委会|"
    r"(?<![布格大结全当开邮书])局(?![面部限势])|中心|大队|支队|中队|派出所|司法所|法院|检察院|指挥部)"
    r"|历下区|全区|本区|区级"
)
_STRONG_PLACE = re.compile(rf"[{_CJK}]{{1,8}}?(?:小区|社区|片区|地块|街道|园区|广场|公园|花园|大厦|山庄|家园|新村)")
_WEAK_PLACE = re.compile(
    rf"[{_CJK}]{{2,8}}?(?:路|街(?!道)|巷|胡同|村|庄|山|河|湖|泉|桥|苑|学校|小学|中学|幼儿园|医院)(?![{_CJK}]?[局委])"
)
# Words that ask, fill or hedge: none of them tells a clerk which record is meant.
_FILLER = re.compile(
    r"请问|请求|申请|依申请|公开|提供|获取|获得|查询|查阅|复制|调取|给我|发给我|发我|寄给我|我要|我想|想要|需要|"
    r"麻烦|您好|你好|谢谢|一下|一份|帮我|能否|能不能|可否|可不可以|那个|这个|本人|我们|我家|我的|我|"
    r"政府信息|信息|文件|资料|材料|内容|情况|数据|事情|事项|东西|全文|附件|原件|复印件|"
    r"相关|有关|所有|全部|一切|任何|各类|各种|各项|等等|之类|方面|"
    r"关于|以及|及其|发布|印发|制定|出台|作出|做出|其(?!他)|及(?!时)|和(?!平)|(?<!参)与|的|请|我"
)
# Single characters that say nothing about the subject but sit inside words (中心, 在建), so they are only
# dropped when measuring what is left of the subject, never before bodies and places are read.
_STRAY = re.compile(r"[了把对由在中里该此等要给都]")
_DOC_TYPE_WORD = re.compile(rf"(?:{_DOC_TYPES}|文件|公告|决定书|名单|清单|合同|协议|记录|台账)")
# Nouns that make a piece of a list a request of its own ("…的批复", "…名单"), as opposed to a remark.
_RECORD_NOUN = re.compile(
    rf"(?:{_DOC_TYPES}|文件|决定书|名单|清单|合同|协议|记录|台账|预算|决算|许可|证书?|书|表|结果|资料|信息|数据|档案)"
)
_BLANKET = re.compile(r"一切|所有|全部|任何|相关|有关|各类|各种|各项|等等|之类")


def _top_level_titles(text: str) -> list[tuple[int, int]]:
    """Spans of 《》 titles, nested brackets counted as part of the outer title."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "《":
            if depth == 0:
                start = index
            depth += 1
        elif char == "》" and depth:
            depth -= 1
            if depth == 0 and index - start > 2:
                spans.append((start, index + 1))
    return spans


def _blank(text: str, spans: list[tuple[int, int]], *, fill: str = " ") -> str:
    """The text with the given spans replaced, keeping its length so positions still line up."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = fill * (end - start)
    return "".join(chars)


def mask_titles(text: str) -> str:
    """The text with document titles blanked out, so words inside a title are not read as the request."""
    spans = _top_level_titles(text)
    masked = _blank(text, spans, fill="□")
    return _TITLE_PHRASE.sub(lambda m: "□" * len(m.group()), masked)


def find_anchors(text: str) -> Anchors:
    """The searchable features of a description."""
    title_spans = _top_level_titles(text)
    titles = tuple(text[a:b] for a, b in title_spans)
    rest = _blank(text, title_spans)
    doc_numbers = tuple(m.group() for m in _DOC_NUMBER.finditer(rest))
    rest = _DOC_NUMBER.sub(" ", rest)
    title_phrases = tuple(m.group() for m in _TITLE_PHRASE.finditer(rest))
    times = tuple(m.group() for m in _YEAR.finditer(rest)) + tuple(m.group() for m in _TIME.finditer(rest))
    rest = _TIME.sub(" ", _YEAR.sub(" ", rest))
    # Bodies and places are read with the filler words taken out, so a match cannot swallow "请公开".
    spaced = _FILLER.sub(" ", rest)
    bodies = tuple(m.group() for m in _BODY.finditer(spaced))
    spaced = _BODY.sub(" ", spaced)
    places = tuple(m.group() for m in _STRONG_PLACE.finditer(spaced)) + tuple(
        m.group() for m in _WEAK_PLACE.finditer(spaced)
    )
    for pattern in (_STRONG_PLACE, _WEAK_PLACE):
        spaced = pattern.sub(" ", spaced)
    subject = "".join(re.findall(rf"[{_CJK}A-Za-z]", _STRAY.sub(" ", _DOC_TYPE_WORD.sub(" ", spaced))))
    subject += "".join(re.findall(rf"[{_CJK}]", "".join(title_phrases)))
    return Anchors(titles, doc_numbers, title_phrases, bodies, times, places, subject)


def meaningful_length(text: str) -> int:
    """How many letters, digits and ideographs remain once the filler words are gone."""
    return len(re.findall(rf"[{_CJK}A-Za-z0-9]", _FILLER.sub("", text)))


# ---------------------------------------------------------------- issue triggers

_COMPLAINT_WORDS = r"投诉|举报|检举|控告|信访|上访"
# A complaint word followed by a noun (投诉处理办法, 信访举报工作) names a topic of records, not a grievance.
_COMPLAINT_WORD = re.compile(
    rf"(?:{_COMPLAINT_WORDS})"
    rf"(?!{_COMPLAINT_WORDS})"
    r"(?!(?:处理|受理|办理|奖励|工作|办法|规定|制度|条例|电话|热线|渠道|平台|信箱|方式|流程|程序|案件|件|事项|"
    r"数量|统计|情况|记录|台账|答复|结果|意见|告知书|中心|办公室|局|部门|机构|人员|的处理|的答复|的办理))"
)
_ACTION_VERB = (
    r"处理|解决|查处|整治|制止|取缔|拆除|管一管|管管|调查|督促|整改|追究|赔偿|退还|介入|协调|责令|纠正|撤销|主持公道"
)
_DISCLOSURE_VERB = r"公开|提供|申请|获取|查阅|复制|出具|告知|给我|发我|发给我|寄给我"
_COMPLAINT_ACTION = re.compile(
    rf"(?:请|麻烦|希望|恳请|要求|请求|盼望?|敦促)(?:(?!{_DISCLOSURE_VERB})[^，,。；;！!？?]){{0,12}}?"
    rf"(?:{_ACTION_VERB})(?!结果|决定|意见|情况|费|办法|规定|方案|工作|依据|标准|程序)"
)
_COMPLAINT_PHRASE = re.compile(
    r"反映[^。；;！!？?]{0,30}?(?:问题|情况|诉求|无果)|多次反映|督促[^。；;！!？?]{0,20}?(?:解决|处理|整改|落实)|"
    r"尽快(?:解决|处理|整改)|恳请领导|请领导|依法查处|严肃处理|严肃查处|追究[^，,。；;]{0,10}责任|"
    r"讨(?:个|一个)?说法|给(?:个|一个|我们|我)?说法|维权|没人管|无人管|不作为"
)
_EXPLAIN = re.compile(
    r"解释|讲解|讲一讲|讲讲|解答|介绍一下|说明一下|告诉我|咨询|是什么|什么是|是啥|啥是|什么意思|啥意思|为什么|为何|凭什么|"
    r"怎么(?:办|办理|申请|弄|处理|算|计算|回事|样|查)|如何(?:办理|申请|处理|计算|认定|查询|操作|才能)|怎样(?:办理|申请|才能)|"
    r"(?:条件|标准|流程|程序|手续|材料|要求)(?:是|有)(?:什么|哪些|啥)|"
    r"(?:需要|要|得)(?:准备|带|提交)?(?:什么|哪些|啥)(?:材料|条件|手续|证件|资料)|多少钱|什么时候(?:能|可以|开始|发放|到)|"
    r"(?:一共|总共|共)有?多少|有多少|是多少|"
    r"(?:说明|告知|告诉)[^，,。；;]{0,20}?(?:原因|理由)|(?:告知|告诉我?|了解)[^，,。；;]{0,20}?(?:怎么|如何|为什么|是否|什么标准)|"
    r"(?:按|是)什么标准|怎么划分|如何划分"
)
_QUESTION = re.compile(r"请问|能不能|可不可以|能否|可否|是否可以|行不行|有没有|吗\s*[?？]?\s*$|[?？]\s*$")
# Colloquial ways of asking for a record ("我想查…", "能调阅…吗") that make a question a request.
_DISCLOSURE_REQUEST = re.compile(rf"{_DISCLOSURE_VERB}|(?:想|要|能|可以)(?:查|看|要|拿|调)|查看|索取|调阅|调取")
_ANALYSIS_WORD = re.compile(
    r"汇总|统计|分析|比较|对比|整理|计算|核算|测算|归纳|总结|梳理|汇编|排名|排序|列表|列出|制表|做成表格?|算出|算一下|"
    r"合计|加总|求和|平均"
)
# "统计公报", "分析报告", "计算依据": the word names an existing record, not work asked of the agency.
_ANALYSIS_NOUN_AFTER = re.compile(
    r"局|公报|年鉴|报表|月报|年报|快报|表|报告|结果|数据|口径|制度|工作|部门|科|办法|规定|中心|站|所|资料|调查|"
    r"依据|标准|方法|公式|方式|明细|书|单|口|范围"
)
_ANALYSIS_VERB_BEFORE = re.compile(
    rf"(?:请|帮|替|给我|把|进行|做|并|再|然后|按照?|分别|需要|要求)(?:(?!{_DISCLOSURE_VERB})[^，,。；;]){{0,12}}$"
)
_RULES_AFTER = re.compile(r"[^，,。；;]{0,8}?(?:规定|办法|流程|条件|制度|政策|通知|规范|指南|标准|细则|条例|工作)")
_REGISTRY = (
    (
        "business",
        re.compile(
            r"工商(?:注册)?登记|工商档案|工商信息|工商注册|企业(?:注册)?登记(?:资料|档案|信息|材料)|企业档案|"
            r"公司(?:注册|工商)(?:登记)?(?:资料|档案|信息)|注册登记(?:资料|档案|信息|材料)|营业执照|股东(?:信息|名册)"
        ),
    ),
    (
        "real_estate",
        re.compile(
            r"(?:不动产|房产|房屋|土地|产权)(?:权属)?登记(?!中心|机构|局|部门|工作|条例|办法|规定|暂行|收费)|"
            r"房产证|不动产权证|产权证|房屋(?:权属|产权)(?:信息|资料|档案|情况)|产权(?:档案|信息|人)|房产档案"
        ),
    ),
    (
        "household",
        re.compile(
            r"户籍(?!制度|改革|管理|政策|工作|人口)|户口(?:迁移|迁入|迁出|变更|登记)?(?:记录|信息|档案|资料|簿|本|证明)|"
            r"人口登记"
        ),
    ),
    ("marriage", re.compile(r"婚姻登记(?:档案|资料|信息|记录)|结婚登记(?:档案|资料|记录)|离婚登记(?:档案|资料|记录)")),
)


def complaint_trigger(masked: str) -> str | None:
    """The words that make the description a complaint, report or petition (Art. 39), if any."""
    asks_for_record = bool(_DISCLOSURE_REQUEST.search(masked))
    for match in _COMPLAINT_WORD.finditer(masked):
        # "对我投诉的违建作出的处理决定书": the complaint is the context of a record asked for, not the request.
        if not (asks_for_record and masked.startswith("的", match.end())):
            return match.group()
    for pattern in (_COMPLAINT_ACTION, _COMPLAINT_PHRASE):
        found = pattern.search(masked)
        if found:
            return found.group()
    return None


def consultation_trigger(masked: str) -> str | None:
    """The words that make the description a question to be answered rather than a record to be found."""
    match = _EXPLAIN.search(masked)
    if match:
        return match.group()
    # "请问能否公开…" is a polite request for a record; only a question that asks for nothing is a consultation.
    match = _QUESTION.search(masked)
    if match and not _DISCLOSURE_REQUEST.search(masked):
        return match.group()
    return None


# Asking the agency to make a document for the applicant: information that would need creating (Art. 38).
_MAKE_FOR_ME = re.compile(
    r"(?:为我|帮我|给我|替我|为本人)(?:制作|编制|做|整理|汇总|出具)|(?:制作|做|编制)(?:一|1)(?:份|张|个)"
)
# "按什么标准计算": asks how something was computed, which is a question, not work asked of the agency.
_HOW_BEFORE = re.compile(r"(?:什么|怎么|如何|怎样|哪种)[^，,。；;]{0,4}$")


def analysis_trigger(masked: str) -> str | None:
    """The words that ask the agency to compile, compute, compare or make a document (Art. 38), if any."""
    if match := _MAKE_FOR_ME.search(masked):
        return match.group()
    for match in _ANALYSIS_WORD.finditer(masked):
        if _HOW_BEFORE.search(masked[: match.start()]):
            continue
        before, after = masked[: match.start()], masked[match.end() :]
        if _ANALYSIS_VERB_BEFORE.search(before) or not _ANALYSIS_NOUN_AFTER.match(after):
            return match.group()
    return None


def registry_trigger(masked: str) -> tuple[str, str] | None:
    """Which special registry the description asks into, and the words that show it."""
    for kind, pattern in _REGISTRY:
        for match in pattern.finditer(masked):
            # "营业执照办理的相关规定" asks for the rules about a registry, which are ordinary information.
            if not _RULES_AFTER.match(masked, match.end()):
                return kind, match.group()
    return None


# ---------------------------------------------------------------- several requests in one

_CIRCLED = {chr(0x2460 + n): f"({n + 1})" for n in range(20)}
_SEP = r"(?:^|(?<=[\s；;，,。:：、]))"
_CN_DIGITS = "一二三四五六七八九十"
_MARKER_STYLES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"{_SEP}(\d{{1,2}})\s*[.、](?!\d{{1,2}}\s*[.、])"),
    re.compile(r"[(]\s*(\d{1,2})\s*[)]"),
    re.compile(rf"{_SEP}([{_CN_DIGITS}])\s*[、.]"),
    re.compile(rf"[(]([{_CN_DIGITS}])[)]"),
    re.compile(rf"第([{_CN_DIGITS}])(?:项|个|条)?[，,、:：]"),
    re.compile(rf"{_SEP}([{_CN_DIGITS}])是"),
)
_STRONG_SPLIT = re.compile(r"[；;]|以及|另外|此外|还有|同时")
# "和" inside 和平路 or 教育和体育局, "及" in 及时, "与" in 参与 are not conjunctions of two requests.
_WEAK_SPLIT = re.compile(
    rf"和(?!平|谐|睦)(?![{_CJK}]{{1,6}}(?:局|委|办公室|中心))|及(?!时|格)|(?<![参给])与(?!其|会)|、"
)
_TRIM = "\u3000 ，,。；;：:、.()（）-—"


def _number(token: str) -> int:
    """A list marker's number, whether written 3 or 三."""
    return int(token) if token.isdigit() else _CN_DIGITS.index(token) + 1


def numbered_items(text: str) -> tuple[str, ...]:
    """The items of a numbered list (1. 2. / (1) (2) / ①② / 一、二、), or () when there is no list of two or more."""
    best: list[re.Match[str]] = []
    for style in _MARKER_STYLES:
        run: list[re.Match[str]] = []
        for match in style.finditer(text):
            expected = _number(match.group(1)) == len(run) + 1
            if expected:
                run.append(match)
            elif _number(match.group(1)) == 1:
                run = [match]
        if len(run) > len(best):
            best = run
    if len(best) < 2:
        return ()
    # The lead-in before the first number ("请公开以下信息：") belongs to no single item.
    ends = [m.start() for m in best[1:]] + [len(text)]
    items = (text[m.end() : end].strip(_TRIM) for m, end in zip(best, ends, strict=True))
    return tuple(item for item in items if item)


def _stands_alone(piece: str, *, strict: bool) -> bool:
    """Whether a piece of a joined list is a request of its own rather than part of its neighbour."""
    anchors = find_anchors(piece)
    if anchors.names_document:
        return True
    if len(anchors.subject) < 2 or not _RECORD_NOUN.search(piece):
        return False
    own = anchors.kinds & ({"time", "title"} if strict else {"time", "title", "body"})
    return bool(own)


def _group(pieces: list[str], *, strict: bool) -> tuple[str, ...]:
    """Pieces joined into items: a piece that stands alone starts an item, the rest attach to the one before."""
    items: list[str] = []
    current = ""
    current_alone = False
    separator = ""
    for piece, following in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        alone = _stands_alone(piece, strict=strict)
        if alone and current_alone:
            # The conjunction between two requests belongs to neither.
            items.append(current)
            current, current_alone, separator = "", False, ""
        current += separator + piece
        current_alone = current_alone or alone
        separator = following
    items.append(current)
    return tuple(cleaned for item in items if (cleaned := item.strip(_TRIM)))


def joined_items(text: str) -> tuple[str, ...]:
    """The separate requests of a list joined by ；/以及/和/、, each with its own anchor; () when there is one."""
    for pattern, strict in ((_STRONG_SPLIT, False), (_WEAK_SPLIT, True)):
        pieces = _split_keep(pattern, text)
        if len(pieces) < 3:
            continue
        items = _group(pieces, strict=strict)
        if len(items) >= 2:
            return items
    return ()


def _split_keep(pattern: re.Pattern[str], text: str) -> list[str]:
    """Split on a pattern outside 《》 titles, keeping separators at odd positions."""
    masked = _blank(text, _top_level_titles(text), fill="□")
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(masked):
        pieces.extend([text[last : match.start()], text[match.start() : match.end()]])
        last = match.end()
    pieces.append(text[last:])
    return pieces


def split_items(text: str) -> tuple[str, ...]:
    """The separate requests a description holds (normalised); the description itself when it is a single request."""
    prepared = prepare(text)
    return numbered_items(prepared) or joined_items(prepared) or (prepared,)


# ---------------------------------------------------------------- messages

_GUIDE_DESCRIPTION = (
    "《指南》二(三)2要求所需政府信息的内容描述“指向明确”，建议详尽提供所需政府信息的名称、文号或者便于行政机关"
    "查询的其他特征性描述（《条例》第二十九条）；描述不明确的，机关会一次性通知补正，答复期限从收到补正之日起"
    "重新计算（《条例》第三十条）"
)
_VAGUE_EXAMPLE = "2021年历下区政府关于某某项目的批复文件"
_REGISTRY_NAMES = {
    "business": "工商（企业）登记资料",
    "real_estate": "不动产（房屋、土地）登记资料",
    "household": "户籍登记资料",
    "marriage": "婚姻登记资料",
}
# The guide (二(五)1(7)) says only that such records follow the laws and regulations that govern them, so the
# advice names the kind of record and that route, not offices the guide does not name.
_REGISTRY_ROUTE = "请按有关法律、行政法规规定的查询程序，向保管该登记资料的登记机关申请查询"


def _vague_issue(text: str, anchors: Anchors) -> Issue:
    """Why a description cannot be searched for, and what it lacks."""
    length = meaningful_length(text)
    blanket = _BLANKET.search(mask_titles(text))
    if blanket:
        reason = f"用了“{blanket.group()}”这类概括说法，却没有写明具体文件、发文机关或时间"
    elif length < 8:
        reason = f"描述过短（有效内容只有{length}个字），看不出要哪份信息"
    elif len(anchors.subject) < 2:
        reason = "只写了机关或时间，没有写明要的是哪方面的文件或记录"
    else:
        reason = "没有写明文件名称或文号，发文机关、时间、地点也不足以让机关检索到"
    missing = [
        label
        for label, kind in (("发文机关", "body"), ("时间", "time"), ("地点或项目名称", "place"))
        if kind not in anchors.kinds
    ]
    lacking = f"目前缺少：{'、'.join(missing)}。" if missing else ""
    return Issue(
        IssueCode.VAGUE,
        f"描述不够明确：{reason}。{_GUIDE_DESCRIPTION}。",
        f"{lacking}请写明发文机关、文件名称或文号、大致时间，例如：{_VAGUE_EXAMPLE}",
    )


def _complaint_issue(trigger: str) -> Issue:
    """A complaint sent to its own channel (Art. 39)."""
    office = load_guide().place("complaint_office")
    return Issue(
        IssueCode.COMPLAINT,
        f"这是投诉、举报或信访诉求（“{trigger}”），不是要获取已有的政府信息。《条例》第三十九条：以政府信息公开"
        "申请的形式进行信访、投诉、举报等活动的，不作为政府信息公开申请处理，机关会告知通过相应渠道提出。",
        "请通过信访渠道、12345市民服务热线或主管部门的投诉举报渠道反映问题；认为本机关未依法履行政府信息公开义务的，"
        f"可向{office.name}投诉（{office.fields['phone']}，《指南》{office.section}）。"
        "政府信息公开申请须写明要获取的已有信息，例如：2023年某某街道办事处对某某小区物业收费问题作出的处理决定",
    )


_ASKING = re.compile(
    r"请问|(?<!申)请|解释|说明一下|讲解|讲讲|介绍一下|告诉我|咨询|一下|我想|想问|问问|您好|你好|谢谢|麻烦|"
    r"是什么|什么是|是啥|什么意思|啥意思|为什么|为何|怎么|如何|怎样|办理|需要|准备|什么|哪些|多少钱|有多少|是多少|多少|"
    r"能不能|可不可以|能否|可否|可以吗|吗|呢|吧|啊|[?？!！，,。；;□]|"
    rf"并|{_DISCLOSURE_VERB}|{_BLANKET.pattern}|文件|资料"
)


def consultation_topic(masked: str) -> str:
    """What a question is about, with the asking words stripped ("公租房申请条件"), or "" if none is clear."""
    chunks = _ASKING.sub(" ", masked).replace("的", "").split()
    topic = max(chunks, key=len, default="")
    # A topic about the asker's own case ("我家拆迁补偿比邻居低") names no document anyone could write.
    if not 2 <= len(topic) <= 12 or re.search(r"[我你他她]", topic):
        return ""
    return topic


def _consultation_issue(trigger: str, masked: str) -> Issue:
    """A question pointed to the office's phone and to the document that answers it."""
    topic = consultation_topic(masked)
    if topic:
        example = f"历下区关于{topic}的规定；知道文件名称的，可写成“《……{topic}》的文件”"
    else:
        example = "历下区关于某某事项办理条件的规定（写明发文机关、文件名称和大致年份）"
    office = load_guide().place("receiving_office")
    return Issue(
        IssueCode.CONSULTATION,
        f"这是在咨询、请求解释（“{trigger}”），不是要获取已经制作或保存的政府信息。政府信息公开申请提供的是机关已有的记录，"
        "不是解答问题；不符合规定的申请，机关会说明情况或指引向相关单位咨询（《指南》二(五)3、《条例》第三十九条）。",
        f"咨询问题请致电{office.name}，电话{office.fields['phone']}，办公时间{office.fields['hours']}，"
        f"见《指南》{office.section}；或在区政府网站查阅已公开的政策文件；"
        f"如需要书面依据，可改为申请规定该事项的文件，例如：{example}",
    )


def _analysis_issue(trigger: str) -> Issue:
    """A request to compile or compute, turned into a request for the records that exist."""
    return Issue(
        IssueCode.ANALYSIS,
        f"要求机关对信息进行“{trigger}”等加工。《条例》第三十八条：需要对现有政府信息进行加工、分析的，"
        "行政机关一般不予提供（能作区分处理的除外）。",
        "请改为申请已有的记录：已形成的年度统计表、报表、政府信息公开工作年度报告中的表格或原始文件，写明年份和发文机关，"
        "例如：历下区2022年政府信息公开工作年度报告；拿到后可自行统计、比较。",
    )


def _multiple_issue(items: tuple[str, ...]) -> Issue:
    """A bundle split into one application per item."""
    listed = "；".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
    return Issue(
        IssueCode.MULTIPLE,
        f"描述里包含{len(items)}项不同的信息。《指南》二(四)1：一份申请包含多项内容的，可以按照“一事一申请”原则，"
        "以合理的最小单位拆分计算件数（按件计收信息处理费时件数会增加），各项也会分别检索和答复。",
        f"建议每项单独提交一份申请：{listed}",
    )


def _registry_issue(kind: str, trigger: str) -> Issue:
    """Registration records sent to the registry's own procedure (guide 二(五)1(7))."""
    return Issue(
        IssueCode.SPECIAL_REGISTRY,
        f"所需信息属于{_REGISTRY_NAMES[kind]}（“{trigger}”）。《指南》二(五)1(7)：所申请公开信息属于工商、不动产登记资料等"
        "信息，有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理。",
        f"{_REGISTRY_NAMES[kind]}{_REGISTRY_ROUTE}；这类资料不通过政府信息公开申请提供。",
    )


# ---------------------------------------------------------------- the checker


def prepare(text: str) -> str:
    """Normalised text, with circled numbers written as (1) so lists keep their markers."""
    return normalize("".join(_CIRCLED.get(char, char) for char in text))


def check_description(text: str) -> CheckResult:
    """Check a description of the information wanted: is it findable, and is it a disclosure request at all?"""
    prepared = prepare(text)
    masked = mask_titles(prepared)
    items = split_items(prepared)
    issues: list[Issue] = []
    if meaningful_length(prepared) < 2:
        # Nothing to read ("？？？", an empty line): only "say what you want" is useful advice.
        masked = ""
    if trigger := complaint_trigger(masked):
        issues.append(_complaint_issue(trigger))
    if trigger := consultation_trigger(masked):
        issues.append(_consultation_issue(trigger, masked))
    if trigger := analysis_trigger(masked):
        issues.append(_analysis_issue(trigger))
    if len(items) > 1:
        issues.append(_multiple_issue(items))
    if registry := registry_trigger(masked):
        issues.append(_registry_issue(*registry))
    anchors = find_anchors(prepared)
    # Vague is the fallback: a complaint or a bundle is told what to do about that, not also to add a 文号.
    if not issues and not anchors.well_specified:
        issues.append(_vague_issue(prepared, anchors))
    issues.sort(key=lambda issue: list(IssueCode).index(issue.code))
    suggestions = tuple(dict.fromkeys(issue.suggestion for issue in issues))
    return CheckResult(ok=not issues, issues=tuple(issues), suggestions=suggestions, items=items)
