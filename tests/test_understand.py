"""Reading a question's structure: places by any name or address, attributes, the question form, numbers."""

from datetime import date

import pytest

from knowledge.context import Focus
from knowledge.guide import load_guide
from knowledge.numbers import Quantity, elapsed_since, lengths, quantities
from knowledge.places import open_lead, ranges
from knowledge.reports import ReportFocus
from knowledge.understand import Reader, address_parts

GUIDE = load_guide()
READER = Reader(GUIDE)
TODAY = date(2026, 11, 25)


def read(text: str):
    return READER.read(text, today=TODAY)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("档案馆在七家村几号", ("archive",)),
        ("我想去十亩园街那个阅览室看看文件", ("library",)),
        ("历山路151号是干什么的", ("reconsideration",)),
        ("历山路147号电话多少", ("court",)),
        ("大爷我腿脚不好，想问问政务公开办公室在哪", ("receiving_office",)),
        ("档案馆和图书馆的电话", ("archive", "library")),
        ("行政审批中心（二环东路7097号）几点关门", ("approval_center",)),
        ("怎么申请", ()),
        # What a question sets aside is not what it asks about.
        ("除了复议和起诉还能找谁", ()),
        ("除了档案馆以外，还有哪能查政府文件", ()),
        ("除了周末，档案馆还有哪天不开", ("archive",)),
        ("除了行政复议，我还能找谁", ()),  # a subject before 还 is no part of what is set aside
    ],
)
def test_places_are_found_by_name_alias_or_address_anywhere(text, places):
    assert read(text).places == places


@pytest.mark.parametrize(
    ("text", "attributes"),
    [
        ("档案馆电话多少", ("phone",)),
        ("邮编和传真呢", ("postcode", "fax")),
        ("图书馆几点开门", ("hours",)),
        ("复议办公室怎么走", ("address",)),
        ("你们邮箱是什么", ("email",)),
        # Spoken question words stand for the written ones.
        ("法院在啥地方", ("address",)),
        ("审批中心咋走", ("address",)),
        # Where one goes; 哪 asking which ones, which day or which kind asks no place.
        ("复议去哪", ("address",)),
        ("这些上哪看", ("address",)),
        ("申请表上哪些东西要写", ()),
        ("最晚到哪天", ()),
        ("归在哪一类", ()),
        ("政府信息一般发在哪些地方", ("address",)),
        # The room inside, the switchboard, a span of the day.
        ("期刊阅览室是几号房间", ("address",)),
        ("去了找哪个屋", ("address",)),
        # 找 with 哪 asks which body, unless 哪 asks a room or a place.
        ("信息公开的事儿投诉该找哪", ("name",)),
        ("法院总机多少", ("phone",)),
        ("一天里什么时间段有人", ("hours",)),
        # The days of the week it opens.
        ("一周哪几天开放", ("hours",)),
        ("档案馆礼拜几能去", ("hours",)),
        ("申请要多久", ()),
    ],
)
def test_attributes_asked(text, attributes):
    assert read(text).attributes == attributes


@pytest.mark.parametrize(
    ("text", "yes_no"),
    [
        ("能传真申请吗", True),
        ("周末收申请吗？", True),
        ("算不算一件", True),
        ("是不是免费", True),
        ("会告诉我为什么不公开吗", True),
        ("有没有网上申请的入口", True),
        ("电话是多少", False),
        ("怎么申请", False),
        ("多少钱", False),
        ("寄申请要附复印件吧？", True),
        ("去年收没收信息处理费", True),
        # Whether it happened: a final 没 or 没有 after the verb's aspect.
        ("材料寄出去了没", True),
        ("他们回复过没有", True),
        ("没有收到回复怎么办", False),
        ("那就寄过去吧", False),
        # A guess with a modal word, to be confirmed without a question mark.
        ("涉及隐私的肯定就不给了吧", True),
        ("超过30页才收钱是吧", True),
        ("好吧", False),
        # A statement with a modal verb put as a question; not one asking a value or a choice.
        ("寄信申请也得附身份证复印件？", True),
        ("复议要先交钱？", True),
        ("电话要打哪个？", False),
        ("传真号码也是这个？", False),
        ("要写我的名字还是公司名称？", False),
        # A不A before every question word embeds them: yes or no still.
        ("他们是不是得在7个工作日内告诉我补啥", True),
        ("会不会告诉我该去找哪个单位", True),
        ("哪个部门能不能受理", False),
        # A final A不A or 不 asks yes or no; a question word before it is then "any".
        ("帮我把几份文件的数据整理成一张表，行不行", True),
        ("网上申请要传啥材料不", True),
        ("这种情况为什么不", False),
    ],
)
def test_yes_no_form(text, yes_no):
    assert read(text).yes_no is yes_no


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年收到多少申请", (2022,)),
        ("那2020年呢", (2020,)),
        ("22年和21年比", (2022, 2021)),
        ("2022年4月更新的指南", ()),
    ],
)
def test_years(text, expected):
    assert read(text).years == expected


@pytest.mark.parametrize(
    ("text", "quantities", "more", "cost"),
    [
        ("300页多少钱", (Quantity(300, "pages"),), None, True),
        ("已经交了10件，再交一件收多少", (Quantity(10, "items"),), 1, True),
        ("好几百件是不是就可以不按20个工作日答复", (), None, False),
        # Two near digits rising say "about": three to five, not 35; three and five apart, or falling, are no range.
        ("一个月就申请三五件，要交费吗", (), None, True),
        ("申请四五页收钱吗", (), None, True),
        ("三十五件多少钱", (Quantity(35, "items"),), None, True),
    ],
)
def test_quantities_and_whether_a_cost_is_asked(text, quantities, more, cost):
    reading = read(text)
    assert (reading.quantities, reading.more_items, reading.asks_cost) == (quantities, more, cost)


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("中午12点半去行吗", (12, 30)),
        ("下午3点", (15, 0)),
        ("13:30能到吗", (13, 30)),
        ("下午一点整到", (13, 0)),
        ("两点去", (14, 0)),
        ("中午去行不行", (12, 30)),
        ("中午几点关门", None),
        ("35件", None),
    ],
)
def test_time_of_day(text, clock):
    assert read(text).clock == clock


@pytest.mark.parametrize(
    ("text", "foreign"),
    [
        ("济南市政府信息公开办公室电话", "济南市政府"),
        ("市中区政府信息公开怎么申请", "市中区"),
        ("市图书馆几点开门", "市图书馆"),
        ("济南市历下区人民政府信息公开申请", None),
        ("历下区教育和体育局的政府信息公开申请电话是多少", "历下区教育和体育局"),
        ("我想问公安局电话", "公安局"),
        ("历下区图书馆电话", None),
        ("图书馆电话", None),
        # A name holds no question word nor the verb 有: these count offices, naming none.
        ("咱们区总共有多少个街道办事处", None),
        ("历下区一共有几个街道办事处", None),
        ("国有资产监督管理委员会怎么申请公开", "国有资产监督管理委员会"),
        # A province's department, but not a hall.
        ("想问问省自然资源厅的依申请公开", "省自然资源厅"),
        ("政务大厅几点开门", None),
        # Where the asker is, told in a clause of its own, is a story; named with the body, it is another government.
        ("我人在青岛，政府信息公开申请可以寄过去吗", None),
        ("青岛的政府信息公开申请怎么交", "青岛"),
    ],
)
def test_other_governments_are_recognised(text, foreign):
    assert read(text).foreign == foreign


def test_address_parts_give_street_and_number():
    assert address_parts(GUIDE.place("archive")) == ["七家村", "七家村19号"]


@pytest.mark.parametrize(
    ("place", "weekend", "clock", "lead"),
    [
        ("archive", True, None, "不行"),
        ("archive", False, (12, 30), "不行"),
        ("archive", False, (9, 30), "可以"),
        ("library", False, (11, 30), "不行"),
        ("receiving_office", False, (13, 0), "可以"),
        ("letter", False, (10, 0), None),  # no hours printed for the letter address
    ],
)
def test_open_lead_from_printed_hours(place, weekend, clock, lead):
    result = open_lead(GUIDE.place(place), weekend=weekend, clock=clock)
    assert (result.split("。")[0] if result else None) == lead


def test_working_days_asked_get_the_place_s_working_days():
    library, letter = GUIDE.place("library"), GUIDE.place("letter")
    assert (open_lead(library, weekend=False, clock=None, weekdays=True) or "").startswith("是。历下区图书馆工作日")
    assert (open_lead(library, weekend=False, clock=None, weekdays=True, closed=True) or "").startswith("不是")
    assert open_lead(letter, weekend=False, clock=None, weekdays=True) is None


@pytest.mark.parametrize(
    ("text", "weekdays"),
    [
        ("工作日都开门吗", True),
        ("周一到周五都开吗", True),
        ("星期三去行不行", True),
        ("是不是20个工作日内答复", False),
        ("上礼拜五交的申请，什么时候到期", False),
    ],
)
def test_working_days_named_as_days_to_go(text, weekdays):
    assert read(text).weekdays is weekdays


def test_hours_ranges_read_from_the_printed_text():
    assert ranges("周一至周五 工作日9:00—11:00 14:00—17:00") == [(540, 660), (840, 1020)]


def test_focus_survives_the_session_round_trip():
    focus = Focus(
        place="archive",
        others=("library",),
        attributes=("phone",),
        report=ReportFocus("applications", (2022,)),
        items=10,
    )
    assert Focus.from_dict(focus.to_dict()) == focus
    chained = Focus(report=ReportFocus("litigation", (2021,)), earlier=ReportFocus("reconsideration", (2021,)))
    assert Focus.from_dict(chained.to_dict()) == chained
    assert Focus.from_dict({"report": {"measure": 1}}) is None
    assert Focus.from_dict("garbage") is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("我上礼拜五交的申请", date(2026, 11, 20)),
        ("这周一提交的", date(2026, 11, 23)),
        ("下星期三去交", date(2026, 12, 2)),
        ("上周日", date(2026, 11, 22)),
    ],
)
def test_weekdays_of_last_this_and_next_week(text, day):
    assert read(text).day == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("上个月10号是周六，我那天去交的申请", date(2026, 10, 10)),
        ("这个月3号交的", date(2026, 11, 3)),
        ("下个月1号去交", date(2026, 12, 1)),
        ("上上个月5日", date(2026, 9, 5)),
    ],
)
def test_days_of_last_this_and_next_month(text, day):
    assert read(text).day == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026年11月2日寄的挂号信，11月4日他们签收的，最晚哪天答复", date(2026, 11, 4)),
        ("12月30日寄出，1月4日才寄到，哪天答复", date(2027, 1, 4)),
        # Only a clause telling of arrival moves the day; a date the text names once is that date.
        ("11月2日寄的，11月5日打电话问了，最晚哪天答复", date(2026, 11, 2)),
        ("11月4日签收的申请最晚哪天答复", date(2026, 11, 4)),
    ],
)
def test_by_post_the_day_of_receipt_is_the_day_it_arrived(text, day):
    assert read(text).day == day


@pytest.mark.parametrize("text", ["立案需要准备什么", "这是怎么", "要那么多"])
def test_what_and_how_are_no_yes_no_particle(text):
    assert read(text).yes_no is False


@pytest.mark.parametrize(
    "text",
    [
        "收信息公开申请的那个办公室全称叫啥",
        "受理申请那个办公室邮编多少",
        "接收信息公开申请的传真是多少",
        "受理申请的地址发我",
        # Where it takes them: the place or the window.
        "收申请的地方在哪条街",
        "接收申请的窗口传真号给一下",
    ],
)
def test_the_receiving_office_described_by_what_it_does(text):
    assert read(text).places == ("receiving_office",)


def test_a_detail_of_receiving_an_application_names_no_office():
    assert read("收到申请的电话通知什么时候来").places == ()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("这个月交了12份申请", [Quantity(12, "items")]),
        ("复印3份材料要钱吗", []),
        ("两份申请各40页", [Quantity(2, "items"), Quantity(40, "pages")]),
    ],
)
def test_applications_counted_in_fen_are_items(text, found):
    assert quantities(text) == found


@pytest.mark.parametrize(
    ("text", "applications", "found"),
    [
        ("四份申请，每份20页，会按80页收费吗", 4, [Quantity(4, "items"), Quantity(20, "pages")]),
        ("两份申请各35页，合起来70页收多少", 2, [Quantity(2, "items"), Quantity(35, "pages")]),
        ("两份申请，每份20页，另外一份100页", 2, [Quantity(2, "items"), Quantity(20, "pages"), Quantity(100, "pages")]),
    ],
)
def test_the_pages_of_several_applications_added_up_are_no_count_of_their_own(text, applications, found):
    reading = read(text)
    assert (reading.applications, list(reading.quantities)) == (applications, found)


@pytest.mark.parametrize(
    ("text", "until"),
    [
        ("法院开到下午6点吗", True),
        ("档案馆5点关门吗", True),
        ("现在下午四点多，赶过去来得及吗？那边几点下班", False),
        ("几点下班", False),
    ],
)
def test_a_closing_time_asked_is_the_time_named_in_its_own_clause(text, until):
    assert read(text).until is until


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("周六休不休息", True),
        ("档案馆中午关不关门", True),
        ("午饭时间他们歇吗", True),
        # A final 不 asks as 吗 does.
        ("中午休息不", True),
        ("周六开不开", False),
        ("下午两点去行吗", False),
        # "走不开" is the asker's own day, not the place closed.
        ("周六上午过去行不行？平时上班走不开", False),
        ("周六不开门吧", True),
    ],
)
def test_asking_whether_a_place_rests_then_in_either_form(text, closed):
    assert read(text).closed is closed


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("法院有没有传真", "传真"),
        ("区政府有官方微博吗", "官方微博"),
        ("你们有专门的邮箱吗", "邮箱"),
        ("没有电话吗", None),
        ("邮箱地址是多少", None),
    ],
)
def test_the_thing_a_question_asks_to_exist(text, thing):
    assert read(text).exists == thing


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("是不是得3个月内提", [(3, "months", True)]),
        ("第三方两周以内回复吗", [(14, "days", True)]),
        ("起诉是不是半年之内", [(6, "months", True)]),
        ("这段时间算不算在20个工作日内", [(20, "working_days", False)]),
        ("5月20日交的，一个月申请15件", [(1, "months", False)]),
        ("三四天能好吗", []),
    ],
)
def test_lengths_of_time_and_whether_each_is_a_limit_asked(text, found):
    assert [(n.value, n.unit, n.within) for n in lengths(text)] == found


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("收到答复已经两个多月了", (date(2026, 9, 24), "两个多月")),
        ("交了申请才俩礼拜", (date(2026, 11, 11), "俩礼拜")),
        ("都十多天了还没回", (date(2026, 11, 14), "十多天")),
        ("是不是得3个月内提", None),
        ("一个月申请15件要钱吗", None),
    ],
)
def test_the_day_a_time_gone_by_began(text, since):
    assert elapsed_since(text, today=date(2026, 11, 25)) == since


@pytest.mark.parametrize(
    ("text", "named"),
    [("打官司归哪个法院", True), ("找哪个单位复议", True), ("法院在哪", False), ("复议机关叫啥", True)],
)
def test_which_body_a_role_word_names_or_what_it_is_called_asks_its_name(text, named):
    assert ("name" in read(text).attributes) is named


@pytest.mark.parametrize(("text", "asked"), [("寄到哪", True), ("申请交到哪", True), ("最晚到哪天", False)])
def test_where_to_after_a_verb_asks_an_address(text, asked):
    assert ("address" in read(text).attributes) is asked
