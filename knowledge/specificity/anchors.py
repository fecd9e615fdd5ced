"""What lets a clerk search for a description: titles in 《》, 文号, "关于…的通知" phrases, bodies, times and places,
and the subject left once they and the filler words are taken out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from knowledge.guide import Meta


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


CJK = "\u4e00-\u9fff"
DOC_TYPES = (
    "实施意见|实施方案|实施办法|实施细则|工作方案|管理办法|暂行办法|通知|批复|决定|意见|办法|规定|方案|报告|复函|函|"
    "公告|通告|规划|细则|纪要|请示|答复|决议|通报|计划|规则|标准|指引|条例"
)
# "关于…的通知" names a document as well as a title in 《》 would, even without the brackets.
_TITLE_PHRASE = re.compile(rf"关于[^《》，,。；;：:！!？?]{{2,40}}?的[{CJK}]{{0,4}}?(?:{DOC_TYPES})")
_DOC_NUMBER = re.compile(rf"[{CJK}]{{0,12}}[〔\[【(]\s*(?:19|20)\d{{2}}\s*[〕\]】)]\s*第?\s*\d{{1,4}}\s*号")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*(?:年度?|年代|届|[-—~～至到./](?=\s*\d))")
_TIME = re.compile(
    r"(?<!\d)\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|(?<!\d)\d{1,2}\s*日|近[一二两三四五六七八九十\d]+年|过去[一二两三四五六七八九十\d]+年|"
    r"去年|今年|前年|上半年|下半年|第[一二三四]季度|[一二三四]季度|十[一二三四五]五|[二〇零一二三四五六七八九]{4}年"
)
# A public body: its kind, led by a place (the agency's city, province or district among them), or the district alone.
_BODY = (
    rf"(?:{{city}}|{{province}}|{{district}}|[市区省])?[{CJK}]{{{{0,10}}}}?"
    r"(?:人民政府|政府|办公室|办事处|街道|管委会|委员会|党工委|工委|卫健委|发改委|教委|建委|居委会|村委会|"
    r"(?<![布格大结全当开邮书])局(?![面部限势])|中心|大队|支队|中队|派出所|司法所|法院|检察院|指挥部)"
    r"|{district}|全区|本区|区级"
)
_STRONG_PLACE = re.compile(rf"[{CJK}]{{1,8}}?(?:小区|社区|片区|地块|街道|园区|广场|公园|花园|大厦|山庄|家园|新村)")
_WEAK_PLACE = re.compile(
    rf"[{CJK}]{{2,8}}?(?:路|街(?!道)|巷|胡同|村|庄|山|河|湖|泉|桥|苑|学校|小学|中学|幼儿园|医院)(?![{CJK}]?[局委])"
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
_DOC_TYPE_WORD = re.compile(rf"(?:{DOC_TYPES}|文件|公告|决定书|名单|清单|合同|协议|记录|台账)")
BLANKET = re.compile(r"一切|所有|全部|任何|相关|有关|各类|各种|各项|等等|之类")


def top_level_titles(text: str) -> list[tuple[int, int]]:
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


def blank(text: str, spans: list[tuple[int, int]], *, fill: str = " ") -> str:
    """The text with the given spans replaced, keeping its length so positions still line up."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = fill * (end - start)
    return "".join(chars)


def mask_titles(text: str) -> str:
    """The text with document titles blanked out, so words inside a title are not read as the request."""
    spans = top_level_titles(text)
    masked = blank(text, spans, fill="□")
    return _TITLE_PHRASE.sub(lambda m: "□" * len(m.group()), masked)


@cache
def _body(meta: Meta) -> re.Pattern[str]:
    """The public bodies a description to this agency may name."""
    names = {key: re.escape(getattr(meta, key)) for key in ("city", "province", "district")}
    return re.compile(_BODY.format(**names))


def find_anchors(text: str, meta: Meta) -> Anchors:
    """The searchable features of a description to the agency `meta` describes."""
    body = _body(meta)
    title_spans = top_level_titles(text)
    titles = tuple(text[a:b] for a, b in title_spans)
    rest = blank(text, title_spans)
    doc_numbers = tuple(m.group() for m in _DOC_NUMBER.finditer(rest))
    rest = _DOC_NUMBER.sub(" ", rest)
    title_phrases = tuple(m.group() for m in _TITLE_PHRASE.finditer(rest))
    times = tuple(m.group() for m in _YEAR.finditer(rest)) + tuple(m.group() for m in _TIME.finditer(rest))
    rest = _TIME.sub(" ", _YEAR.sub(" ", rest))
    # Bodies and places are read with the filler words taken out, so a match cannot swallow "请公开".
    spaced = _FILLER.sub(" ", rest)
    bodies = tuple(m.group() for m in body.finditer(spaced))
    spaced = body.sub(" ", spaced)
    places = tuple(m.group() for m in _STRONG_PLACE.finditer(spaced)) + tuple(
        m.group() for m in _WEAK_PLACE.finditer(spaced)
    )
    for pattern in (_STRONG_PLACE, _WEAK_PLACE):
        spaced = pattern.sub(" ", spaced)
    subject = "".join(re.findall(rf"[{CJK}A-Za-z]", _STRAY.sub(" ", _DOC_TYPE_WORD.sub(" ", spaced))))
    subject += "".join(re.findall(rf"[{CJK}]", "".join(title_phrases)))
    return Anchors(titles, doc_numbers, title_phrases, bodies, times, places, subject)


def meaningful_length(text: str) -> int:
    """How many letters, digits and ideographs remain once the filler words are gone."""
    return len(re.findall(rf"[{CJK}A-Za-z0-9]", _FILLER.sub("", text)))
