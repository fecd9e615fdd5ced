"""Follow-ups in a conversation about the annual reports' figures: a year set against the one answered, a year a
movement goes to, another figure of the same table pointed back to, whether something the report counts happened,
and the applications qualified by words only the text's numbers explain."""

import re

import pytest

from tests.test_conversation import assert_last_says, converse


@pytest.mark.parametrize(
    ("questions", "fact", "absent"),
    [
        # The year answered against a year named, of the same measure, or of the measure named.
        (["2021年行政复议有几件", "比2019年多了几件"], "2021年比2019年多7件", None),
        (["2022年收到多少申请", "跟2020年比多了多少"], "2022年比2020年多39件", None),
        (["2019年收到多少申请", "那年的行政诉讼比2020年少吗"], "2019年比2020年少2件", None),
        (["2021年复议多少件", "比2019年诉讼多几件"], "政府信息公开行政诉讼：2021年4件，2019年1件", None),
        # 多了 and 少了 set the two years just answered against each other as 多 and 少 alone (of 多少) do not.
        (["2021年予以公开多少件", "2022年呢", "少了多少"], "2022年比2021年少50件", None),
        (["2019年门户网站主动公开多少条", "2020年呢", "多了多少"], "2020年比2019年多804条", None),
        # A count naming nothing in the message that named the figure, or after its share, is of that figure.
        (["2020年依申请公开这块咋样，收了多少件", "比上一年少了多少"], "2020年比2019年少39件", "按件"),
        (["2022年不属于本机关的占比多少", "2021年呢", "件数呢"], "不属于本行政机关99件", "按件"),
        # The change in percent of the two years just set against each other.
        (["2021年收到多少申请", "比2020年多了多少", "增长了百分之几"], "2021年比2020年按版本A算增加93.8%", None),
        # Another year of a number of the text is the one in the measure word it was given in, not one in another.
        (["2022年重点领域信息有多少条", "2020年呢"], "2020年：2027条", "八个"),
        # A figure of the proactive-disclosure table named in full without a year: of the year talked about; a rule
        # of the guide asked with a count is still the guide's.
        (["2022年行政处罚多少件", "规范性文件现行有效几件"], "2022年，行政规范性文件本年制发3件", None),
        (["2021年收到多少申请", "一个月申请多少件以内不收费"], "10件以下（含）不收费", "年度报告"),
        # A share asked after an answer giving several rows is of the row its question named, also in other years.
        (["2022年部分公开的有多少件", "占比呢"], "部分公开20件，占办理结果总计219件的9.1%", "62.6%"),
        (["2022年部分公开多少", "占比多少", "2020年呢"], "2020年，部分公开20件，占办理结果总计176件", "予以公开90件"),
        # A year a movement goes to names the measure, not the year asked.
        (["2020年法人或其他组织申请了几件", "结转至下一年度的有几件"], "2020年", "2021年"),
        # Another figure of the table just answered, pointed back to or only named.
        (["2020年收到多少申请", "这里面不予公开的"], "2020年，不予公开13件", None),
        (["2022年一共接到几件申请", "里面予以公开的"], "2022年，予以公开137件", None),
        # Whether what the report counts happened that year, asked in the past tense.
        (["2022年行政诉讼有几件", "收过费没"], "没有。2022年", "按件"),
        (["2021年收到多少申请", "有人起诉过没"], "有。2021年", None),
        # Another year's count naming no figure of its own: the figure just answered.
        (["2022年新收了几件依申请", "19年总共收了多少"], "2019年，区政府新收政府信息公开申请215件", None),
        # A sibling figure named by what tells it from the one answered, the shared 行政 left unsaid.
        (["2022年行政处罚多少", "许可呢"], "行政许可本年处理决定数量71866件", "1451"),
        (["2022年行政处罚多少", "强制呢", "2021年的强制呢"], "2021年，行政强制本年处理决定数量40件", None),
        (["2020年行政处罚决定有多少", "19年的许可"], "2019年，行政许可本年处理决定数量43141件", None),
        # Another year of a number of the text, found by the words the text printed it with the year before.
        (["2022年收到了几件上级发来的协助调查函", "那2021年有多少件"], "2021年：11件", None),
        (["2020年网站主动公开了多少条信息", "那2019年是多少条"], "2019年：17592条", None),
        # Another year of the part just named, and the year after by "第二年".
        (["2019年信息公开的行政复议有几件", "其中纠正的", "那2020年纠正的呢"], "2020年，纠正1件。", None),
        (["2020年集中采购了多少项目", "金额呢", "19年的金额"], "2019年，采购总金额27.5951亿元", None),
        (["2019年行政许可决定多少件", "第二年呢"], "2020年，行政许可本年处理决定数量67556件", None),
        # A year pointed at with "那会儿" asks the same figure of it.
        (["2022年行政复议几件", "20年那会儿呢"], "2020年，政府信息公开行政复议", None),
        # A yes/no naming nothing of its own is asked of the figure just given, and the subject stays.
        (["2014年有信息公开的行政复议吗", "处理完了吗"], "尚未审结1件", None),
        (["2014年有信息公开的行政复议吗", "处理完了吗", "收费了没"], "没有。2014年", None),
        # A change asked and nothing else: on the year before, of the figure just answered.
        (["2020年行政许可决定多少件", "涨了多少"], "2020年比2019年多24415件", None),
        # A number of the text found in the words another year prints it with is set against the year before too.
        (["2020年网站公开了多少条", "比上年多了多少"], "2020年比2019年多804条", None),
        # Of another year named with the year before it: the same figure (two years named ask a question of their own).
        (["2019年门户网站主动公开多少条", "那2020年比上年又多了多少"], "2020年比2019年多804条", None),
        # The last two figures added up, or set against each other.
        (["2021年信息公开行政复议多少件", "行政诉讼呢", "这俩加起来多少"], "合计14件", None),
        (["2022年行政处罚决定多少", "2021年的呢", "两年一共多少"], "合计2734件", None),
        (["2021年人大代表建议承办多少件", "政协提案呢", "差多少"], "相差12件", None),
        (["2022年重点领域信息公开了多少条", "21年的呢", "差了多少"], "2022年比2021年多10123条", None),
        (["2020年行政许可决定多少件", "2019年呢", "俩相差多少"], "2020年比2019年多24415件", None),
        # Two figures of one year, then another year named alone: both figures of that year, and so on.
        (["2022年信息公开行政复议几件", "诉讼呢", "那2021年呢"], "2021年，政府信息公开行政诉讼4件", None),
        (["2022年信息公开行政复议几件", "诉讼呢", "那2021年呢"], "2021年，政府信息公开行政复议10件", None),
        (["2021年人大代表建议承办多少件", "政协提案呢", "2020年呢", "19年呢"], "承办政协提案129件", None),
        # Disclosure given or not, said as people say it; a change asked with 降; the year before named, not the one
        # answered before it.
        (["2020年有多少申请是给公开了的", "不给公开的呢"], "2020年，不予公开13件", None),
        (["2019年收到多少申请", "2020年呢", "降了多少"], "2020年比2019年少39件", None),
        (["22年收到多少信息公开申请", "那2021年呢", "比前一年多了多少"], "2021年比2020年", None),
        # A case not yet decided, said as people say it.
        (["2022年行政复议结果维持了几件", "还没审完的呢"], "2022年，尚未审结2件", None),
        # Carried over to the next year, said as people say it.
        (["2019年一共收了多少申请", "转到下一年的呢"], "结转下年度继续办理2件", None),
        # A figure of the text named and nothing else, as "…呢" would ask it.
        (["2020年12345热线工单有多少", "满意率"], "99.68%", None),
        # A case a topic of the guide describes, pointed back to: the reports' row that counts it.
        (["要是我申请的信息不归区政府管，会怎么处理", "21年这种情况有多少件"], "本机关不掌握相关政府信息99件", None),
        (["重复申请的话会怎么处理", "2021年这类的有几件"], "重复申请1件", None),
    ],
)
def test_report_follow_ups(answerer, questions, fact, absent):
    assert_last_says(answerer, questions, fact, absent)


def test_another_year_s_count_is_not_answered_with_a_number_that_year_does_not_print(answerer):
    """"2014年接了多少" after 2020's 满意率: 2014's text prints no 满意率, so the count asked is not known."""
    assert answerer.answer("2014年接了多少", converse(answerer, ["2020年热线满意率是多少"])[-1].focus).matched is False


def test_a_figure_named_without_a_report_focus_is_the_guide_s(answerer):
    assert answerer.answer("予以公开的").focus.report is None


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # Words no topic explains qualify the applications: the text's number for them, not the table's total.
        ("2021年有多少件申请不属于本机关负责公开", "99件"),
        ("2020年申请里不属于本行政机关公开范围的有几件", "46件"),
        # ... said as people say it.
        ("2022年那些申请里有多少件是因为不归本机关管", "44件"),
        # A count of the district's offices, which the report states; no other agency is named.
        ("2020年咱们区一共有多少个街道办事处", "13个"),
    ],
)
def test_numbers_of_the_text_answer_what_the_table_does_not_count(answerer, question, fact):
    answer = answerer.answer(question)
    assert answer.matched
    assert fact in answer.text


def test_a_fee_asked_of_a_year_is_not_matched_by_its_other_words(answerer):
    answer = answerer.answer("2022年在办理申请时收过信息处理费吗")
    assert answer.text.startswith("没有。")
    assert "不予办理" not in answer.text


def test_every_row_a_topic_is_reported_as_is_counted_in_the_reports(answerer):
    """A topic's `reported_as` must name a row the reports count, or its pointing back finds nothing."""
    named = {topic.reported_as for topic in answerer.guide.topics if topic.reported_as}
    assert named
    for row in named:
        answer = answerer.answer(f"2022年{row}的有多少件")
        assert answer.focus is not None and answer.focus.report is not None, row
        # A row counted once at least is said by name; one counted none is inside its outcome's 0件.
        assert re.sub("不予公开$|无法提供$", "", row) in answer.text or "0件" in answer.text, row
