"""Reading the structure of a question: places, attributes, years, quantities, dates and the question form.

Structure is found anywhere in the sentence, whatever surrounds it: stories, politeness and context words
never hide a place or a year. The words here describe how any Chinese question asks for a phone, an
address or a yes/no answer; an agency's own names (its places and their addresses, the governments it
must not answer for) come from its guide data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from knowledge.guide import Guide, Place
from knowledge.numbers import (
    CLAUSE_ENDS,
    DateError,
    Edge,
    Quantity,
    arrival_date,
    chinese_to_int,
    edges,
    elapsed_since,
    quantities,
    working_days,
)

# The statutory public holidays by their everyday names: each is one of the 节假日 the guide's rules speak of.
HOLIDAYS = ("元旦", "春节", "过年", "清明", "五一", "劳动节", "端午", "中秋", "国庆")
# Working days asked about as days to go ("工作日都开门吗", "周一到周五都开吗"); not a count of them ("20个工作日") nor
# a date ("上礼拜五我去交了申请").
_WEEKDAYS = re.compile(r"(?<![\d个几十])工作日|(?<![上下这本])(?:周|星期|礼拜)[一二三四五]")
# What a question sets aside to ask of the rest ("除了复议和起诉，还能找谁", "除了档案馆以外还有哪能查"): no place it
# names is asked about.
_SET_ASIDE = re.compile(
    r"除了([^，,。？?！!]{1,16}?)(?:之外|以外|外)?(?=[，,]?\s*(?:我们?|咱们?|你们|他们)?\s*(?:还|也|别的|其他|其它|另外))"
)
# Days when offices are closed, asked about as a day to go.
_WEEKEND = (
    *HOLIDAYS,
    "周末",
    "周六",
    "周日",
    "星期六",
    "星期天",
    "星期日",
    "礼拜六",
    "礼拜天",
    "礼拜日",
    "节假日",
    "放假",
    "假期",
)
# The attribute a question asks of a place, by the words that ask for it (longest match first).
ATTRIBUTE_WORDS: dict[str, tuple[str, ...]] = {
    # Which body it is: the card's heading names it.
    "name": (
        *("哪个机关", "哪个单位", "哪个部门", "哪个办公室", "哪个机构"),
        *("什么机构", "什么单位", "什么部门", "找谁", "写谁", "全称", "叫什么", "什么名字"),
    ),
    "phone": ("电话", "号码", "联系方式", "热线", "座机", "总机", "打过去", "打给", "致电", "咨询电话"),
    "address": (
        "地址",
        "在哪",
        "去哪",
        "上哪",
        "哪里",
        "哪儿",
        # Where to, after the verb ("寄到哪", "交到哪").
        "到哪",
        "什么地方",
        "哪个地方",
        "位置",
        "地点",
        "怎么走",
        "怎么去",
        "门牌",
        "哪条路",
        "什么路",
        "几楼",
        "几层",
        "哪层",
        "楼层",
        "哪栋",
        "坐落",
        # The room inside ("期刊阅览室是几号房间", "具体是哪个屋").
        "房间",
        "哪个屋",
        "哪间屋",
    ),
    "postcode": ("邮编", "邮政编码"),
    "hours": (
        "几点",
        "开门",
        "关门",
        "上班",
        "下班",
        "营业时间",
        "开放时间",
        "办公时间",
        "工作时间",
        "作息",
        "午休",
        "时间段",
        # The days of the week it opens ("一周哪几天开放").
        *("开放", "哪几天", "周几", "星期几", "礼拜几"),
        *_WEEKEND,
        # A part of the day ("下午呢" after the morning's hours).
        *("上午", "中午", "下午", "早上", "晚上", "傍晚"),
    ),
    "fax": ("传真",),
    "email": ("邮箱", "信箱", "电子邮件", "email", "e-mail", "邮件"),
    "online": ("网址", "网站", "网页", "链接", "入口"),
}
# 找 with 哪 asks which body to turn to, as 找谁 does ("投诉该找哪"), unless 哪 asks a room or a place ("找哪个屋").
_WHICH_BODY = re.compile(r"找哪(?![个里儿间层栋屋])")
# 哪 asking which ones, which day or which kind, not where ("申请表上哪些要写", "最晚到哪天", "归在哪一类").
_NOT_WHERE = re.compile(r"哪(?:些(?!地)|天|年|月|一?[类种项])")
# A bureau, department or commission: an agency of its own, whose guide answers for it ("教育和体育局", "公安局",
# "自然资源厅"; not a hall, "政务服务大厅").
_AGENCY_KIND = re.compile(r"局|(?<!大)厅|委员会|街道办事处")
# A body of the district named after it, by its kind ("历下区" + "婚姻登记处").
_HOME_BODY = r"区?[\u4e00-\u9fff]{2,8}?(?:办事处|登记处|中心|派出所|医院|公司|大队|中队)"
# A body named by its kind, whatever government it belongs to ("公积金中心", "派出所", "社区居委会"). A kind of
# three characters names a body by itself; a shorter one needs a name of two characters or more before it.
_BODY_KIND = re.compile(
    r"派出所|税务所|司法所|卫生院|居委会|村委会|办事处|登记处|服务站|医院|中心|公司|热线|大队|中队"
)
# Where the name before it starts: after a verb, particle or punctuation of the sentence around it.
_NAME_START = re.compile(r"[^\u4e00-\u9fff]|[的问想去在找到给向跟对是我你您他她那]")
# What no name holds: a question word or the verb 有 (not 国有, 所有), with a measure word after it ("一共有多少个街道
# 办事处" counts offices, it names none).
_NOT_IN_NAME = re.compile(r"(?:多少|几|什么|哪|啥|谁|(?<![国公私所共])有(?!限))[个家所位]?")
# An office described by what it does with applications ("收信息公开申请的那个办公室").
_RECEIVING_OFFICE = re.compile(
    r"(?:受理|接收|收)[^，。？?,]{0,8}?申请[^，。？?,]{0,3}?(?:办公室|机构|部门|单位|地方|窗口)"
    # "申请是哪个部门受理的": the same description, the verb after.
    r"|申请[^，。？?,]{0,4}?(?:办公室|机构|部门|单位)[^，。？?,]{0,2}?(?:受理|接收|负责)"
    # "要个文件，该找哪个部门受理": which body receives, the application left unsaid.
    r"|(?:哪个|哪一个|什么)(?:办公室|机构|部门|单位)[^，。？?,]{0,2}?(?:受理|接收)"
    # "收信息公开申请的电话": its contact details asked by the same description, without the office word.
    r"|(?:受理|接收|收(?!到))[^，。？?,]{0,8}?申请的?(?=电话|号码|地址|邮编|邮政编码|传真|邮箱)"
)
_UNTIL = re.compile(
    r"(?:开|办公|营业|上班|工作)到\s*(?:上午|中午|下午|晚上|傍晚)?\s*[\d一二两三四五六七八九十]{1,3}\s*[点:：]|关门|下班"
)
# Asking whether a place is closed then ("中午休息吗", "周六不开门吧"), where the plain answer is yes when it is: the
# predicate the question ends on, not a story around it ("平时上班走不开") nor A不A of opening ("开不开"); A不A of a
# rest or closing verb ("歇不歇", "休不休息", "关不关门") asks the same as "休息吗".
_CLOSED = re.compile(
    r"(?:休息?|歇|关门|闭馆|([休歇关闭])不\1[息门馆]?|(?<![开办上营走离抽分忙腾])不(?:办公|上班|开门?|营业))(?:[吗么吧不]|没有)?"
    r"[\s?？!！。~～]*$"
)
# Asking whether something is free ("是不是免费", "十件以内不用交钱？", "还免费不"), where the plain answer is yes
# when it costs nothing: a payment negated at the end of a clause, not A不A of paying ("要不要钱", "收不收费") nor a
# condition ("不交钱就…"), nor the allowance negated ("不免费了吧").
_FREE = re.compile(
    r"(?:(?<!不)免费|(?<![要收交付缴花需用])不(?:(?:用|需要?|必)?再?(?:交|付|缴|花|收|要)?[钱费]|(?:用|需要?|必)再?[交付缴]))"
    r"(?=[的了吧吗么嘛呀啊呢不没有]*(?:[\s?？!！。~～，,；;]|$))"
)
_CLOCK = re.compile(
    r"(上午|中午|下午|晚上|早上|傍晚)?\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:[:：](\d{2})|点\s*(半|\d{1,2}分?)?)"
)

# The question form. A yes/no question has a marker and no question word asking for a value.
_YES_NO = re.compile(
    r"(吗|(?<![什怎这那多要])么|嘛)[\s?？!！。~～]*$|(吗|(?<![什怎这那多要])么)[?？,，]|是否|可否|能否|(\w)[不没]\3"
    r"|有没有|对吧|对不对|行吧|[^\s]不[\s?？!！。~～]*$"
    # "得带身份证吧？", "听说…，真的假的": a guess or hearsay put to be confirmed.
    r"|吧[?？][\s!！。~～]*$|真的假的|是真是假"
    # "涉及隐私的肯定就不给了吧": a guess with a modal word, put to be confirmed without a question mark.
    r"|(?:得|要|能|会|可以|需要|必须|是|肯定|应该)[^，,。；;]*吧[\s!！。~～]*$"
    # "收过信息处理费没有", "交了没有", "寄出去了没": whether it happened, asked by a final 没 or 没有 after a
    # verb's aspect.
    r"|[过了]\S*没有?[\s?？!！。~～]*$"
)
# "有微信公众号吗", "政务公开办有没有传真": whether something exists, the thing asked about (not "没有…吗").
_EXISTS = re.compile(r"(?<!没)有(?:没有)?(?:个|专门的?)?([^\s，,。？?！!]{1,10}?)(?:吗|么|嘛|没有?)?[\s?？!！。~～]*$")
_RISING = re.compile(r"(?:得|要|能|会|可以|需要|必须|算|是)[^，,。；;]*[?？]\s*$")
# A不A asking yes or no ("是不是", "会不会", "能不能"), not "有没有" of a thing asked about.
_A_NOT_A = re.compile(r"是不是|会不会|能不能|要不要|用不用|可不可以|需不需要|得不得")
_FEW = re.compile(r"[近前这头后]几[年天个次]|几[年天个]来|好几")
# A sentence-final 吗, A不A or 不: yes or no, even around a question word ("你知道电话是多少吗" aside), which is then
# "any" ("信封上有啥讲究不", "把几年的数据汇总一下给我，行不行"); not "为什么不".
_ENDS_ASKING = re.compile(r"(?:吗|(?<![什怎这那多要])么|(\w)[不没]\1|(?<![么啥])不)[\s?？!！。]*$")
_WH_WORDS = ("多少", "几", "什么", "哪", "怎么", "如何", "为什么", "为啥", "啥", "谁", "多久", "多长")
_COST_WORDS = ("钱", "费", "价", "贵")
# "多少块", "100元": yuan as a cost ("合一块" is "together").
_YUAN = re.compile(r"(\d+|多少|几)\s*[块元]")
_WHEN_WORDS = (
    "什么时候",
    "哪天",
    "几号",
    "几月",
    "日期",
    "最晚",
    "截止",
    "到期",
    "多久",
    "多长时间",
    "几天",
    "多少天",
    "几个工作日",
    "多少个工作日",
    "多少日",
    "啥时候",
    "期限",
    "时限",
    "时间限制",
    "答复",
    "回复",
)
# "已经…10件，再…一件": a count already used, and how many more are asked about.
_MORE = re.compile(r"(?:再|又|还要|还想|另外)[^，。,；;]{0,8}?(\d+|一|两|二|三|四|五|六|七|八|九|十)\s*(件|份|个)")
# "下个月再申请5件": items of another month start the month's count again; they are not on top of this month's.
_NEXT_MONTH = re.compile(r"下一?个?月|次月|来月")
# "再多印50页": pages on top of those asked about before.
_MORE_PAGES = re.compile(r"(?:再|又|还要|另外)[^，。,；;\d]{0,4}?(?:\d+|[一二两三四五六七八九十百]+)\s*[页张]")
_EACH_PAGES = re.compile(r"(?:每[份件个]?|各)(?:申请)?[^，。,；\d]{0,3}?\d+\s*页")
_APPLICATIONS = re.compile(r"(\d+|[两二三四五六七八九十]+)\s*[份件个次](?:申请)?(?!\s*页)")
_CN_SMALL = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class Reading:
    """What a question names and asks, independent of the words around it."""

    text: str
    places: tuple[str, ...] = ()
    # The words the places were named by ("行政诉讼", "七家村19号"), and whether one was a role word only.
    place_names: tuple[str, ...] = ()
    by_role: bool = False
    # The place names that are names, not role words ("档案馆" but not "复议").
    proper_names: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    # Counts named as the edges of ranges ("超过200页的部分"): which bands are asked about, not counts to bill.
    edges: tuple[Edge, ...] = ()
    more_items: int | None = None
    # The page count is more pages on top of those before ("那再多印50页呢").
    more_pages: bool = False
    # "分三份申请，每份40页": pages of each of several applications, which are never added up.
    applications: int | None = None
    day: date | None = None
    # The time gone by that day was told by ("两个多月"), where no day was named.
    since: str | None = None
    bad_date: str | None = None
    days: int | None = None
    yes_no: bool = False
    asks_cost: bool = False
    asks_when: bool = False
    weekend: bool = False
    weekdays: bool = False
    clock: tuple[int, int] | None = None
    # The time asked is a closing time ("开到6点", "到几点下班" with a time).
    until: bool = False
    # It asks whether the place is closed then (the yes of it is "closed").
    closed: bool = False
    # It asks whether something is free (the yes of it is "no fee").
    free: bool = False
    # Its counts are of the next month ("下个月再申请5件"): the month's cumulative count starts again.
    next_month: bool = False
    foreign: str | None = None
    # The thing a yes/no question asks to exist ("有传真吗" → "传真").
    exists: str | None = None


@dataclass(frozen=True)
class PlaceName:
    text: str
    place: str
    role: bool = False


class Reader:
    """Finds an agency's places and the rest of a question's structure."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        names: list[PlaceName] = []
        for place in guide.places:
            names.extend(PlaceName(alias, place.id) for alias in (place.name, *place.aliases))
            names.extend(PlaceName(part, place.id) for part in address_parts(place))
            names.extend(PlaceName(word, place.id, role=True) for word in place.roles)
        # Longest first, so "历山路151号" wins over "历山路".
        self.names = sorted(names, key=lambda n: -len(n.text))
        self.role_words = frozenset(name.text for name in names if name.role)
        # The role words of the places other than the receiving office and its parts ("复议", "诉讼").
        home = guide.meta.default_place
        self._other_roles = tuple(
            name.text
            for name in names
            if name.role and name.place != home and guide.place(name.place).part_of != home
        )
        self.meta = guide.meta

    def read(self, text: str, *, today: date) -> Reading:
        """The structure of one (normalised) question."""
        lowered = text.lower()
        places, place_names, by_role = self._places(lowered)
        # "在啥地方", "咋走": the spoken question words for the written ones the attributes are listed with.
        plain = _NOT_WHERE.sub("", lowered.replace("啥", "什么").replace("咋", "怎么"))
        attributes = tuple(a for a, words in ATTRIBUTE_WORDS.items() if any(w in plain for w in words))
        # "找哪", or which one of the bodies a role word names ("归哪个法院"): the name of that body.
        which = any(f"哪{kind}{name}" in plain for name in place_names for kind in ("", "个", "家", "一个"))
        if (which or _WHICH_BODY.search(plain)) and "name" not in attributes:
            attributes = ("name", *attributes)
        # "近几年", "前几天": 几 as "a few", not a question word.
        wh = any(word in _FEW.sub("", text) for word in _WH_WORDS)
        yes_no = bool(_YES_NO.search(text)) and not (wh and not _ENDS_ASKING.search(text) and not _embeds_wh(text))
        # "网上申请还得上传身份证？": a statement with a modal verb put as a question, asking no value nor a choice.
        # (A day named, "周日也算工作日？", asks no value of it.)
        valued = any(a != "hours" for a in attributes)
        yes_no = yes_no or (not wh and not valued and "还是" not in text and bool(_RISING.search(text)))
        try:
            day, bad = arrival_date(text, today=today), None
        except DateError as exc:
            day, bad = None, str(exc)
        # "收到答复已经两个多月了": no day named, but one told by the time gone by since.
        gone = elapsed_since(text, today=today) if day is None and bad is None else None
        day, since = gone if gone is not None else (day, None)
        applications = _applications(text)
        next_month = _of_next_month(text) is not None
        return Reading(
            text=text,
            places=places,
            place_names=place_names,
            by_role=by_role,
            proper_names=tuple(name for name in place_names if name not in self.role_words),
            attributes=attributes,
            years=_years(text),
            quantities=_not_added_up(quantities(_of_next_month(text) or _MORE.sub("", text)), applications),
            edges=tuple(edges(text)),
            more_items=None if next_month else _more_items(text),
            next_month=next_month,
            more_pages=_MORE_PAGES.search(text) is not None,
            applications=applications,
            day=day,
            since=since,
            bad_date=bad,
            days=working_days(text),
            yes_no=yes_no,
            asks_cost=any(word in text for word in _COST_WORDS)
            or bool(_YUAN.search(text))
            or bool(re.search(r"[交收付花给要得]不?[多少收]", text))
            or _only_quantities(text),
            asks_when=any(word in text for word in _WHEN_WORDS),
            weekend=any(word in text for word in _WEEKEND),
            weekdays=_WEEKDAYS.search(text) is not None,
            clock=_clock(text),
            # A closing time asked is the time named in its own clause ("下午五点半了，现在去还来得及吗？他们几点下班"
            # asks whether one can go now, and then the closing time).
            until=any(_UNTIL.search(clause) and _clock(clause) for clause in CLAUSE_ENDS.split(text)),
            closed=bool(_CLOSED.search(text)),
            free=yes_no and bool(_FREE.search(text)),
            foreign=self._foreign(text),
            exists=_thing_asked(text) if yes_no else None,
        )

    def _places(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        described = _RECEIVING_OFFICE.search(text)
        named = any(name.text.lower() in text for name in self.names if not name.role)
        if described and not named and not self._of_other_role(text, described):
            # "受理申请的那个办公室": the office that receives applications, described by what it does ("复议申请是
            # 哪个部门受理的" is the reconsideration office's, by its role).
            return (self.meta.default_place,), (described.group(0),), False
        found: list[str] = []
        names: list[str] = []
        by_role = False
        rest = _SET_ASIDE.sub("\0", text)
        for name in self.names:
            if name.text.lower() in rest:
                if name.place not in found:
                    found.append(name.place)
                names.append(name.text)
                by_role = by_role or name.role
                rest = rest.replace(name.text.lower(), "\0")
        return tuple(found), tuple(dict.fromkeys(names)), by_role

    def _of_other_role(self, text: str, described: re.Match[str]) -> bool:
        """Whether the clause describing a receiving body names another place's role ("复议申请是哪个部门受理的"); a
        story in another clause does not ("我写起诉状要写全称，受理信息公开申请的机构叫什么")."""
        start = max((m.end() for m in CLAUSE_ENDS.finditer(text, 0, described.start())), default=0)
        end = next((m.start() for m in CLAUSE_ENDS.finditer(text, described.end())), len(text))
        return any(role in text[start:end] for role in self._other_roles)

    def elsewhere_named(self, text: str) -> str | None:
        """Another government named alone ("市中区的呢"), which in a follow-up means its version of the question."""
        if any(home in text for home in self.meta.home):
            return None
        return next((name for name in self.meta.elsewhere if name in text), None)

    def other_body(self, text: str) -> str | None:
        """A body named by its kind that is none of the guide's places ("公积金中心电话呢", "那派出所呢"), if any: a
        name sharing two characters in a row with a place's name is taken for that place ("行政审批服务中心")."""
        for kind in _BODY_KIND.finditer(text):
            start = kind.start()
            while start > 0 and kind.start() - start < 8 and not _NAME_START.match(text[start - 1]):
                start -= 1
            for word in _NOT_IN_NAME.finditer(text, start, kind.start()):
                start = word.end()
            own = text[start : kind.start()]
            if len(own) < 2 and len(kind.group()) < 3:
                continue
            pairs = [own[i : i + 2] for i in range(len(own) - 1)] or [kind.group()]
            if not any(pair in name.text for pair in pairs for name in self.names if not name.role):
                return text[start : kind.end()]
        return None

    def _foreign(self, text: str) -> str | None:
        """Another government or agency named in the question (and this agency not), if any."""
        if agency := _other_agency(text) or self._other_home_body(text):
            return agency  # "历下区教育和体育局", "历下区婚姻登记处": another agency, even of this district
        if any(home in text for home in self.meta.home):
            return None
        if wider := next((scope for scope in self.meta.wider if scope in text), None) or self._level_of_year(text):
            return wider  # "济南全市2022年收到多少申请", "济南市2022年…": the city's figures, not the district's
        for clause in CLAUSE_ENDS.split(text):
            # "青岛的政府信息公开申请怎么交", but not "我人在青岛，政府信息公开申请可以寄过去吗": where the asker is
            # is a story, unless the body is named with it.
            if any(body in clause for body in self.meta.bodies):
                for name in self.meta.elsewhere:
                    if name in clause:
                        return name
        for level in self.meta.other_levels:
            for body in self.meta.bodies:
                if level + body in text:
                    start = text.index(level + body)
                    # "城市" or "区政府…": 市 must not be the end of another word such as 城市, 都市.
                    if start == 0 or text[start - 1] not in "城都超门":
                        return text[max(0, start - 2) : start + len(level + body)]
        return None

    def _level_of_year(self, text: str) -> str | None:
        """Another level named right before a year ("济南市2022年的行政许可数量": the city's figures of that year; not
        "城市", "都市"), with the two characters before it, or None."""
        for level in self.meta.other_levels:
            found = re.search(rf"(?<![城都超门]){level}\s*(?:19|20)?\d{{2}}\s*年", text)
            if found is not None:
                return text[max(0, found.start() - 2) : found.start() + len(level)]
        return None

    def _other_home_body(self, text: str) -> str | None:
        """A body of this district named by its kind ("历下区婚姻登记处", "历下区不动产登记中心") that is none of the
        guide's places, if any."""
        for home in self.meta.home:
            for match in re.finditer(re.escape(home) + _HOME_BODY, text):
                named = match.group(0)
                if _NOT_IN_NAME.search(named, len(home)):
                    continue  # "历下区共有几个街道办事处": a count of the district's offices, naming none
                if not any(name.text in named or named in name.text for name in self.names if not name.role):
                    return named
        return None


def _other_agency(text: str) -> str | None:
    """The name of a bureau or commission in the text, from its own start to its kind ("历下区教育和体育局")."""
    kind = _AGENCY_KIND.search(text)
    if kind is None:
        return None
    start = kind.start()
    while start > 0 and kind.start() - start < 10 and not _NAME_START.match(text[start - 1]):
        start -= 1
    for word in _NOT_IN_NAME.finditer(text, start, kind.start()):
        start = word.end()
    return text[start : kind.end()] if start < kind.start() else None


def address_parts(place: Place) -> list[str]:
    """The street and the street with its number of a place's address ("历山路", "历山路151号")."""
    # Drop the province, city and district ("山东省济南市历下区"): they name the whole area, not the place.
    address = re.sub(r"^(?:[\u4e00-\u9fff]{1,3}?[省市区])+", "", place.fields.get("address", ""))
    match = re.match(r"([\u4e00-\u9fff]{2,6}?(?:东路|西路|南路|北路|路|街|村|大道))(\d+号)?", address)
    if not match:
        return []
    street, number = match.groups()
    return [street, street + number] if number else [street]


def _years(text: str) -> tuple[int, ...]:
    found: list[int] = []
    for match in re.finditer(r"(?<!\d)((?:19|20)\d{2})(?!\d)(?!\s*年?\s*\d{1,2}\s*[月/.-])", text):
        found.append(int(match.group(1)))
    for match in re.finditer(r"(?<![\d.])([12]\d)年(?!\s*\d)", text):
        found.append(2000 + int(match.group(1)))
    return tuple(dict.fromkeys(found))


def _thing_asked(text: str) -> str | None:
    """What a question asks whether there is ("有没有公众号" → "公众号"), or None."""
    match = _EXISTS.search(text)
    return match.group(1) if match else None


def set_aside(text: str) -> tuple[str, str]:
    """What a question sets aside to ask of the rest, and the rest ("复议和打官司" and "，还能往哪反映" of
    "除了复议和打官司，还能往哪反映"), or two empty strings."""
    found = _SET_ASIDE.search(text)
    return (found.group(1), text[: found.start()] + text[found.end() :]) if found else ("", "")


def without_days(text: str) -> str:
    """The text without the days it names to go on ("工作日都开门吗" → "都开门吗", "周六开吗" → "开吗")."""
    for word in _WEEKEND:
        text = text.replace(word, "")
    return _WEEKDAYS.sub("", text)


def names_time(text: str) -> bool:
    """Whether a text names a time of day or the weekend ("中午能去吗", "周六开吗")."""
    return _clock(text) is not None or any(word in text for word in _WEEKEND)


def _only_quantities(text: str) -> bool:
    """Whether the text is nothing but counts ("35件，每件300页", "-3件"): a fee is what such a message asks."""
    rest = re.sub(r"[-−]?(\d+|[零〇一二两三四五六七八九十百千万]+)\s*[件页张]|[，,、;；。\s和每各共]", "", text)
    return rest != text and len(rest) <= 1


def _applications(text: str) -> int | None:
    """How many applications a text says each have the page count it gives ("三份申请，每份40页")."""
    if not _EACH_PAGES.search(text):
        return None
    match = _APPLICATIONS.search(text)
    if not match:
        return None
    token = match.group(1)
    return int(token) if token.isdigit() else chinese_to_int(token)


def _not_added_up(found: list[Quantity], applications: int | None) -> tuple[Quantity, ...]:
    """The counts, without a page count that is the pages of each of several applications added up ("两份申请，每份25
    页，会按50页收费吗"): a sum the question supposes, which is never billed, as pages are counted per application."""
    pages = [q.value for q in found if q.unit == "pages"]
    if not applications:
        return tuple(found)
    return tuple(q for q in found if q.unit != "pages" or q.value not in {applications * each for each in pages})


def _embeds_wh(text: str) -> bool:
    """Whether an A不A question word comes before every question word, which it then embeds: "是不是得在7个工作日内
    告诉我补啥", "会不会告诉我该去找哪个单位" ask yes or no."""
    asked = _A_NOT_A.search(text)
    if asked is None:
        return False
    rest = _FEW.sub("", text[asked.end() :])
    before = _FEW.sub("", text[: asked.start()])
    return not any(word in before for word in _WH_WORDS) and any(word in rest for word in _WH_WORDS)


def _of_next_month(text: str) -> str | None:
    """The clause naming the next month ("这个月交了12件，下个月再交3件" → "下个月再交3件"), or None."""
    return next((clause for clause in CLAUSE_ENDS.split(text) if _NEXT_MONTH.search(clause)), None)


def _more_items(text: str) -> int | None:
    match = _MORE.search(text)
    if not match:
        return None
    token = match.group(1)
    return int(token) if token.isdigit() else _CN_SMALL[token]


def _clock(text: str) -> tuple[int, int] | None:
    """A time of day named in the question ("12点半", "下午3点", "13:30"; "中午" alone), as 24-hour (h, m): of several,
    the last ("我五点下班，赶到得五点半了，那个点还能查阅吗" asks of the time one arrives)."""
    match = next(reversed(list(_CLOCK.finditer(text))), None)
    if not match or re.search(r"\d\s*点\s*\d*\s*(件|页)", text):
        # "中午去行吗": the lunch hour, which every printed schedule leaves out or not.
        return (12, 30) if "中午" in text and "几点" not in text else None
    part, token = match.group(1), match.group(2)
    hour = int(token) if token.isdigit() else chinese_to_int(token)
    minute = 0
    if match.group(3):
        minute = int(match.group(3))
    elif match.group(4):
        minute = 30 if match.group(4) == "半" else int(match.group(4).rstrip("分"))
    if part in ("下午", "晚上") and hour < 12:
        hour += 12
    if part == "中午" and hour < 6:
        hour += 12
    if part is None and 1 <= hour <= 6:
        hour += 12  # "两点去": nobody visits an office at two in the night
    if hour > 23 or minute > 59:
        return None
    return hour, minute
