"""How citizens actually ask: follow-ups in context, yes/no leads, clarifying choices, two-part questions,
numbers that do not hijack, other governments declined, through the answerer and through the engine."""

import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from bot.channels.collecting import CollectingChannel
from bot.engine import Engine
from handlers.ask import answer_replies
from handlers.context import Services
from knowledge.answer import Answer, build_answerer
from knowledge.bank import load_bank
from knowledge.context import Focus
from knowledge.guide import AGENCIES_DIR
from knowledge.semantic import VECTORS_FILE, texts_digest
from tests.evaluate import lead_matches, read_jsonl, score
from tests.test_cli import gongkai


def converse(answerer, questions):
    focus, answers = None, []
    for question in questions:
        answer = answerer.answer(question, focus)
        focus = answer.focus
        answers.append(answer)
    return answers


def assert_last_says(answerer, questions, fact, absent=None):
    """The conversation's last answer is matched, says the fact and not what must be absent."""
    last = converse(answerer, questions)[-1]
    assert last.matched
    assert fact in last.text
    if absent:
        assert absent not in last.text


@pytest.mark.parametrize(
    ("questions", "fact", "absent"),
    [
        (["档案馆在哪", "电话呢"], "0531-8655814", "88150105\n"),
        (["图书馆电话多少", "那档案馆呢"], "8655814", "81280128"),
        (["复议办公室在哪", "邮编呢"], "250000", "历山路147号"),
        (["2022年收到多少申请", "那2020年呢"], "176", "215"),
        (["2021年行政复议几件", "行政诉讼呢"], "行政诉讼", None),
        (["一个月申请35件多少钱", "40件呢"], "合计：4000元", None),
        (["复议期限是多久", "行政诉讼呢"], "6个月", None),
        (["档案馆在哪", "周六去行吗"], "不行", None),
        (["已经申请了10件", "再交一件收多少"], "100元", None),
        (["2021年区政府收到多少件申请", "比上一年多了多少"], "2020年176件", None),
        (["你们的微信公众号叫什么", "网站呢"], "lixia.gov.cn", None),
        (["图书馆在哪", "中午去行不行"], "不行", None),
        (["按件收费是怎么个收法", "那我这个月申请了40件呢"], "合计：4000元", None),
        (["2021年收到多少申请", "前一年呢"], "2020年，区政府新收政府信息公开申请176件", None),
        (["2021年收到多少申请", "前一年呢", "再往前一年呢"], "2019年", "2020年"),
        (["2014年收到几条申请", "那年有人申请行政复议吗"], "有。2014年", None),
        # Another government's office declined, then the same asked of this agency.
        (["市中区政府的政务公开办电话多少", "那历下区的呢"], "0531-88150105", None),
        # ... also after a subject of our own: the declined question is asked again, not the one before it.
        (["哪些信息是不给公开的", "市中区政务公开办电话多少", "那历下区的呢"], "0531-88150105", "国家秘密"),
        (["怎么申请信息公开", "济南市2022年行政许可多少件", "历下区自己的呢"], "71866件", "三种渠道"),
        # A detail of its own asked of this agency is that detail, not the declined question again.
        (["槐荫区政务公开办几点上班", "那历下的邮编呢"], "250000", "8:30"),
        # A time asked at one place, then of another; and then that place's number, not a yes or no.
        (["审批中心中午12点有人吗", "那图书馆呢"], "不行。工作日12:00不在历下区图书馆", "8:45"),
        (["审批中心中午12点有人吗", "那图书馆呢", "电话呢"], "81280128", "指南对这个问题"),
        # A time asked as a follow-up about one place, then of another.
        (["图书馆在哪", "礼拜天开门吗", "那审批中心呢"], "不行。历下区行政审批中心只在工作日办公", None),
        # A period asked of the office one was just given: the remedy's period, not its card again.
        (["复议办公室电话多少", "那复议的期限是多久呢"], "60日", None),
        # Whether, asked again of another year.
        (["2021年收没收信息处理费", "2014年呢"], "没有。2014年", None),
        # Two other governments declined in turn, then the first question asked of this agency.
        (["市中区政务公开办在哪", "那济南市政府呢", "历下区的呢"], "解放东路99号", None),
        # After a date counted, who approves an extension is a rule, not the date again.
        (["我10月9号交的申请，最晚哪天答复", "延长期限要谁批准"], "负责人", "第20个工作日"),
        # A bare detail after a report's figure is read with the report first: the website's figure, not its address.
        (["2022年政务新媒体公开了多少条政府信息", "那网站呢"], "2.1万", "88150105"),
        # Unsure between candidates, one of them the conversation's topic: that one (dialogues_fresh6 t11).
        (["收到收费通知后多长时间内必须交", "过期没交呢", "交了之后，答复期限从什么时候算"], "重新计算", None),
        # A bare detail after a topic about one place: that place's.
        (["当面交申请是什么流程", "几点到几点"], "8:30-12:00", None),
        # A part of the figures just given, named by its own words.
        (["2020年不予公开的有多少件", "行政执法案卷的呢"], "2020年，属于行政执法案卷1件。", None),
        (["2019年政府集中采购项目有几个", "采购金额是多少"], "2019年，采购总金额27.5951亿元。", None),
        (["2021年有几起行政复议", "维持的几件"], "2021年，维持3件。", None),
        # A rest verb in A不A form after a place's hours: yes, they close at noon.
        (["图书馆能查政府信息吗", "下午几点关门", "中午休不休息"], "是。", None),
        # "X呢" naming another rule of the same calculator asks that rule, not the rule before again.
        (["申请多长时间给答复", "那补正呢"], "7个工作日内一次性告知", None),
        (["按件怎么收费", "按量呢"], "按量计收适用于", None),
        # A yes/no follow-up read with the question before: that topic, but the claim its own words ask.
        (["如果涉及第三方，第三方多少天内要回复意见", "这段时间算进办理期限吗"], "不会。本机关征求第三方", None),
        # A day given in a follow-up naming no rule is counted with the rule talked about.
        (["补正的话他们多久内会通知我", "我3月2号交的申请，最晚哪天通知我"], "7个工作日", "第20个工作日"),
        # Whether the period counted has run out, asked at length, of the day counted from.
        (["我10月9号交的申请，最晚哪天答复", "到现在一直没有任何答复，也没人通知延期，是不是超期了"], "是。", "可以。"),
        # A story in another clause names no role of the body described.
        (["你好", "我写起诉状要写全称，受理信息公开申请的机构全称叫什么"], "政务公开办公室", "人民法院"),
        # The postcode of a letter, with the other one the guide prints.
        (["寄信的邮编写多少"], "250014", None),
        # The remedies' last day asked without a day, after a question that told one.
        (["我11月20号收到了复议决定书，对结果不服还能起诉吗", "那最晚到哪天"], "起诉的最后一天是2026年12月7日", None),
        # A festival named after a date counted: its days off that follow the day, and the date counted again.
        (["我2026年3月30号交的申请，最晚哪天答复", "清明放假算不算在里面"], "不是。2026年清明节放假3天", None),
        (["我2026年3月30号交的申请，最晚哪天答复", "清明放假算不算在里面"], "为2026年4月28日", None),
        (["我2024年12月20号在网上交的申请，当天就确认了，哪天到期", "元旦那天给扣掉了吧"], "是。2025年元旦", None),
        (["国庆前9月24号递交的，截止哪天", "中秋那天算工作日吗"], "不是。2026年中秋节放假3天", "办公时间"),
        # The one place of the topic talked about stays while answers name what is done there.
        (["去现场交申请在哪里", "需要带什么", "周末能去吗"], "不行。历下区人民政府办公室只在工作日办公", None),
        # A body named with a subject of its own, sure enough alone, is not read with the question before.
        (["答复不满意该怎么办", "复议有期限吗"], "是。申请行政复议应当自知道该行政行为之日起60日", "不能直接起诉"),
        # Working days asked of the place talked about: its hours, not a rule counting working days.
        (["行政审批中心的查阅点在哪", "工作日都开门吗"], "是。历下区行政审批中心工作日办公", "延长"),
        (["档案馆在哪", "周六开吗", "周一呢"], "是。历下区档案馆工作日办公", None),
        # A short follow-up answered by a list naming the place keeps the conversation on it.
        (["档案馆能查政府信息吗", "具体哪个房间", "下午几点关门"], "9:00—11:00 14:00—17:00", None),
        # A thing named after a yes or no: the same yes or no asked of it, the plain lead first.
        (["工商登记信息能通过政府信息公开拿到吗？", "不动产的登记资料呢"], "不能按政府信息公开申请办理", None),
        (["涉及企业商业秘密的信息会公开吗", "那企业同意公开了呢"], "会，予以公开", None),
        # Whether, after a report's contact details: no count, no lead, no crash.
        (["2022年年报上留的邮箱是什么", "2019年呢"], "2019年", None),
    ],
)
def test_follow_ups_are_read_in_context(answerer, questions, fact, absent):
    assert_last_says(answerer, questions, fact, absent)


def test_a_yes_no_naming_a_year_gets_no_claim_its_year_alone_points_at(answerer):
    """A year no report answered is no ground for a guide's yes or no."""
    answer = answerer.answer("2021年那边信息处理肥收了没")
    assert not answer.text.startswith(("是。", "不是。", "不会。", "会。"))


@pytest.mark.parametrize("question", ["历下区的政府信息公开申请怎么交", "历下区人民政府的信息公开申请往哪交"])
def test_the_agency_naming_itself_picks_no_topic(answerer, question):
    """The agency's own name, with or without 的, is no word of the guide's title topic."""
    answer = answerer.answer(question)
    assert answer.topic == "apply_channels", answer.text


def test_another_service_asked_mid_conversation_is_declined(answerer):
    answers = converse(answerer, ["区政府公报在哪能看", "顺便帮我看看后天济南刮不刮风"])
    assert answers[0].matched
    assert answers[-1].matched is False


def test_a_weekday_named_beside_something_else_asked_gets_no_opening_lead(answerer):
    """"周三去人多吗" asks how busy it is, which the guide does not say: no "是" of its working days."""
    answer = converse(answerer, ["档案馆在哪", "周三去人多吗"])[-1]
    assert not answer.text.startswith("是")


def test_an_aside_of_another_service_leans_on_nothing_and_leaves_the_subject(answerer):
    """"对了，顺便问下…" opens a subject of its own: asking where, after where to apply, it is not where to apply."""
    answers = converse(answerer, ["申请政府信息公开在哪交", "对了，顺便问下社保卡丢了去哪补", "电话呢"])
    assert answers[1].matched is False
    assert "88150105" in answers[2].text
    # One that is ours still follows up.
    assert "341" in converse(answerer, ["2022年收到多少申请", "对了，2021年呢"])[-1].text


@pytest.mark.parametrize(
    ("questions", "body"),
    [
        (["政务公开办电话多少", "公积金中心电话呢"], "公积金中心"),
        (["档案馆在哪", "那派出所呢"], "派出所"),
        (["复议办公室几点上班", "医保中心的电话呢"], "医保中心"),
    ],
)
def test_another_body_asked_after_a_place_is_declined_not_given_the_place(answerer, questions, body):
    """A follow-up naming a body by its kind that is none of the guide's places asks that body's details."""
    answer = converse(answerer, questions)[-1]
    assert answer.matched is False
    assert f"“{body}”" in answer.text
    assert not re.search(r"0531-\d{7,8}", answer.text.split("请查询")[0])


@pytest.mark.parametrize(("question", "phone"), [("那行政审批服务中心呢", "81288501"), ("法院呢", "81691000")])
def test_a_place_named_by_its_kind_and_part_of_its_name_is_not_declined(answerer, question, phone):
    answer = converse(answerer, ["政务公开办电话多少", question])[-1]
    assert answer.matched and phone in answer.text


def test_the_complaint_office_named_by_its_role_gives_its_phone(answerer):
    answer = answerer.answer("想投诉举报，打哪个号码")
    assert answer.matched and "88150105" in answer.text
    assert answerer.answer("隔壁工地半夜施工太吵，打哪个电话投诉").matched is False


def test_a_new_subject_replaces_the_old(answerer):
    answers = converse(answerer, ["档案馆在哪", "法院电话", "邮编呢"])
    assert answers[-1].topic == "court"
    assert "250000" in answers[-1].text


def test_a_follow_up_without_context_is_not_guessed(answerer):
    assert answerer.answer("那2020年呢").matched is False


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("能发邮件申请吗", "no"),
        ("档案馆周末开门吗", "no"),
        ("中午12点半去档案馆行吗", "no"),
        ("上午10点去政务公开办公室可以吗", "yes"),
        ("申请5件要交钱吗", "no"),
        ("申请35件要交钱吗", "yes"),
        ("延期答复最长能延多久，可以延期吗", "yes"),
        ("会告诉我为什么不公开吗", "yes"),
        ("能传真申请吗", "silent"),
        ("申请要收费吗？", "no"),
        # Whether a year's figure was any, asked by a final 没有 or with the verb split ("收过费").
        ("2022年区政府收过信息处理费没有", "no"),
        ("2021年他们收过费吗", "no"),
        # A word pointing at the year named qualifies nothing counted.
        ("2022年当时有人申请信息公开吗，有多少", "yes"),
        # The guide's exception to a rule asked about: its own claim.
        ("要是不公开会损害公共利益，涉及个人隐私的也会公开吗", "yes"),
        # Whether something is required, against whether it may be done without.
        ("填申请表时文件编号一定得写吗", "no"),
        ("不清楚文号的话还能申请吗", "yes"),
        # A claim of the best topic a little below the old floor of 0.25.
        ("把几份文件里的数字给我汇总对比一下，能办吗", "no"),
        # Whether a place is closed then: yes when it is.
        ("审批中心中午休息吗", "yes"),
        ("档案馆礼拜天不开门吧", "yes"),
        ("政务公开办上午10点关门吗", "no"),
        # A place's claim about a time answers only a question naming one; the yes or no goes first.
        ("图书馆能不能查政府信息？几点开门", "yes"),
        # A clause ending in 不 asks yes or no, with an attribute clause after it.
        ("档案馆可以去查政府文件不？电话多少", "yes"),
        # Whether a detail exists: the place's printed detail, or a thing the topic's answer names.
        ("复议办公室有没有电话？是多少", "yes"),
        ("历下区法院有传真吗", "silent"),
        ("区里开新闻发布会吗，有新闻发布会吗", "yes"),
        # The exception a claim's rule names turns its answer; a rule's own exception asked against it does not.
        ("涉及公司商业秘密的，公司书面同意了可以给我吗", "yes"),
        ("企业不同意公开，政府就必定不公开了吗", "no"),
        ("我申请的信息一直没人答复，已经超期了，能不能直接起诉", "no"),
        # Asked whether a rule holds without exception: the topic's claim that it depends.
        ("个人隐私的信息一概不公开吗", "no"),
        # Pages are counted by the side of a sheet.
        ("正反面印的一张A4纸按两页算吗", "yes"),
        # Whether there is a time limit asks a length of time: the claims of topics stating none stand aside.
        ("想申请行政复议的话，有没有时间上的限制", "yes"),
        # Whether it is free: yes when it costs nothing, however the payment is negated; A不A of paying and the
        # free allowance negated ("不免费") ask whether it costs.
        ("材料二十页，是不是就不用花钱了", "yes"),
        ("一个月申请五件，应该不收费吧？", "yes"),
        ("80页是免费的吗", "no"),
        ("超过十件是不是就不免费了", "yes"),
        ("申请三件要不要钱", "no"),
        # How the form is filled in, which the guide does not say: not whether the form is needed.
        ("申请表手写的行不行", "silent"),
    ],
)
def test_yes_no_questions_get_a_direct_lead(answerer, question, lead):
    answer = answerer.answer(question)
    assert answer.matched
    assert lead_matches(lead, answer.text), answer.text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # The case told, then only what comes of it asked: the case's topic, where it is near the best.
        ("我申请里写的内容不太清楚，会怎么处理", "supplement"),
        # Or, between close candidates, the one the case alone is sure of.
        ("要是他们根本就没有我要的信息，会怎么回复", "reply_not_exist"),
        # Bodies set aside ("除了…还") are not the ones asked about: the ways of redress, not the court's card.
        ("除了复议和起诉还能找谁", "remedies"),
        # A question asking a subject of its own keeps it, whatever the story before it.
        ("答复说不予公开，我能不能直接去法院起诉", "remedies"),
    ],
)
def test_what_the_message_tells_or_sets_aside_decides_the_topic(answerer, question, topic):
    assert answerer.answer(question).topic == topic


def test_claims_as_close_as_each_other_go_to_the_best_topic_s_own(answerer):
    """"要花钱不" is the fee's question, not the online channel's hours, though both claims score alike."""
    answer = answerer.answer("在网上提交申请要花钱不")
    assert answer.topic == "fee_overview"
    assert "提交时段" not in answer.text


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("档案馆的号码能给我一下不", "8655814"),
        ("图书馆地址能发我一下吗", "十亩园街1号"),
    ],
)
def test_a_request_in_yes_no_form_gets_the_value(answerer, question, fact):
    answer = answerer.answer(question)
    assert answer.matched and fact in answer.text
    assert not lead_matches("yes", answer.text) and not lead_matches("no", answer.text)


def test_whether_it_is_free_is_not_answered_yes_where_it_depends(answerer):
    answer = answerer.answer("申请政府信息是免费的吗")
    assert answer.text.startswith("不一定")


def test_a_yes_no_question_without_a_claim_says_the_guide_is_not_explicit(answerer):
    answer = answerer.answer("决定不予公开的答复是不是书面的")
    assert answer.matched
    assert answer.text.startswith("指南对这个问题没有直接的“是”或“否”的说法")


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("档案馆和图书馆的电话", ["8655814", "81280128"]),
        ("300页多少钱，多久能拿到", ["6700元", "20个工作日"]),
        ("档案馆在哪，几点开门", ["七家村19号", "9:00"]),
    ],
)
def test_two_part_questions_get_both_answers(answerer, question, facts):
    answer = answerer.answer(question)
    assert answer.matched
    assert [fact in answer.text for fact in facts] == [True] * len(facts)


def test_a_yes_no_clause_of_its_own_is_answered_alone_not_by_the_whole_message_s_place(answerer):
    # The whole message reads as the letter's card; the clause asks whether one may post an application at all.
    answer = answerer.answer("我在外地,跑一趟济南不容易,能不能直接邮寄申请?寄到哪里?")
    assert answer.text.startswith("可以。") and "解放东路99号" in answer.text


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("好几百件一起申请，是不是就可以不按20个工作日答复", "元"),
        ("我上礼拜五交了3份申请，你们一般多久回我", "合计"),
        ("2021年的报告是341件还是339件", "合计"),
    ],
)
def test_numbers_in_rule_questions_do_not_start_a_calculator(answerer, question, absent):
    answer = answerer.answer(question)
    assert answer.topic != "fee_calculator"
    assert absent not in answer.text


def test_the_next_item_of_the_month_costs_its_own_tier(answerer):
    answer = answerer.answer("这个月已经交了10件，再交一件收多少")
    assert "这1件（第11件）应交100元" in answer.text


@pytest.mark.parametrize(
    ("questions", "fact"),
    [
        (["这个月已经交了12件，下个月再交3件收多少钱"], "合计：0元"),
        (["我这个月申请了40件", "下个月再申请5件要钱不"], "不用交钱"),
    ],
)
def test_items_of_the_next_month_start_the_month_s_count_again(answerer, questions, fact):
    last = converse(answerer, questions)[-1]
    assert fact in last.text
    assert "下个月重新计算" in last.text


@pytest.mark.parametrize(
    "question",
    [
        "济南市政府信息公开办公室电话",
        "市中区政府信息公开申请怎么提交",
        "槐荫区档案馆电话",
        "山东省政府的政务公开办公室在哪",
        "市图书馆几点开门",
        "全市2021年一共收到多少件政府信息公开申请",
        # Another level named with a year: its figures, not the district's.
        "济南市2021年行政处罚决定有多少件",
        "山东省2022年主动公开了多少条信息",
    ],
)
def test_other_governments_are_declined_without_our_numbers(answerer, question):
    answer = answerer.answer(question)
    assert answer.matched is False
    assert "88150105" not in answer.text and "8655814" not in answer.text


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # The agency's full name, or the city the asker is in, is no part of the figure asked.
        ("济南市历下区2022年收到多少申请", "215件"),
        ("我在济南市，2022年收到多少申请", "215件"),
    ],
)
def test_the_agency_s_own_names_name_no_figure(answerer, question, fact):
    answer = answerer.answer(question)
    assert answer.matched and fact in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "身份证丢了去哪补办",
        "社保怎么转移",
        "明天天气怎么样",
        "帮我订张火车票",
        "历下区图书馆办读者证要押金吗",
        "廉租房申请需要准备什么材料",
        # A body of this district that is none of the guide's places.
        "历下区社会保险服务中心电话多少",
        "历下区人民医院周日开门吗",
        "历下区结婚登记处在哪",
    ],
)
def test_other_services_are_declined(answerer, question):
    assert answerer.answer(question).matched is False


def test_clarifying_question_offers_one_button_per_candidate(chat):
    answer = Answer("我不确定您问的是哪一项，您是想问：", matched=False, clarify=(("信息处理费", "fee_overview"),))
    [reply] = answer_replies(answer)
    assert [[b.action for b in row] for row in reply.buttons] == [["topic:fee_overview"], ["menu"]]


async def test_pressing_a_candidate_answers_it_and_becomes_the_context(chat, store):
    [reply] = await chat.press("topic:archive")
    assert "七家村19号" in reply.text
    [reply] = await chat.say("电话呢")
    assert "0531-8655814" in reply.text


async def test_a_report_figure_offered_as_a_choice_is_answered_when_pressed(chat):
    [reply] = await chat.say("2022年那批申请里最后没给办成的有多少")
    actions = [b.action for row in reply.buttons for b in row]
    assert "topic:report:outcomes:2022" in actions and all(len(a.encode()) <= 64 for a in actions)
    [reply] = await chat.press("topic:report:outcomes:2022")
    assert "无法提供44件" in reply.text
    [reply] = await chat.say("那2021年呢")  # the choice is the context
    assert "2021年" in reply.text and "无法提供" in reply.text


def test_close_candidates_are_asked_about_not_guessed(answerer):
    answer = answerer.answer("区政府会主动把哪些东西放到网上")
    assert answer.matched is False
    assert len(answer.clarify) >= 2
    assert answer.text.startswith("我不确定您问的是哪一项，您是想问：")


async def test_focus_lives_in_the_session_and_survives_a_restart(store, answerer, chat):
    await chat.say("档案馆在哪")
    assert store.load_session("test", "test").state.focus.place == "archive"
    restarted = CollectingChannel(Engine(store, Services(answerer=answerer)))
    [reply] = await restarted.say("电话呢")
    assert "8655814" in reply.text


async def test_cancel_and_flows_end_the_context(chat, store):
    await chat.say("档案馆在哪")
    await chat.press("calc:fee")
    await chat.say("/cancel")
    assert store.load_session("test", "test").state is None
    [reply] = await chat.say("电话呢")
    assert "8655814" not in reply.text


def test_ask_jsonl_chat_lines_share_a_conversation():
    lines = [
        {"q": "档案馆在哪", "chat": "a"},
        {"q": "图书馆在哪", "chat": "b"},
        {"q": "电话呢", "chat": "a"},
        {"q": "电话呢", "chat": "b"},
        {"q": "电话呢"},
    ]
    result = gongkai("ask", "--jsonl", stdin="".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert ["8655814" in rows[2]["answer"], "81280128" in rows[3]["answer"]] == [True, True]
    assert "88150105" in rows[4]["answer"]  # no chat: the office that receives applications


def test_ask_jsonl_reports_clarifying_candidates():
    result = gongkai("ask", "--jsonl", stdin='{"q": "区政府会主动把哪些东西放到网上"}\n')
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["matched"] is False
    assert len(row["clarify"]) >= 2


def test_dev_dialogues(answerer):
    items = read_jsonl(Path(__file__).parent / "data" / "dialogues_dev.jsonl")
    answers = []
    focus: dict = {}
    for item in items:
        answer = answerer.answer(item["q"], focus.get(item["chat"]))
        focus[item["chat"]] = answer.focus
        answers.append({"answer": answer.render(), "matched": answer.matched})
    result = score(items, answers)
    assert result.follow_ups.right == result.follow_ups.total, "\n".join(result.misses)


def test_shipped_bank_vectors_match_the_examples():
    bank = load_bank()
    with np.load(AGENCIES_DIR / "lixia" / VECTORS_FILE) as data:
        digest, rows = str(data["digest"]), data["vectors"].shape[0]
    assert (digest, rows) == (texts_digest(bank.texts()), len(bank.texts())), (
        "examples changed: rebuild with `.venv/bin/python -m knowledge.semantic lixia`"
    )


def test_every_claim_begins_with_its_plain_answer():
    leads = {"yes": r"^(可以|是|会|需要|要|能|有)", "no": r"^(不|没有)", "silent": r"^指南没有规定"}
    wrong = [c.id for c in load_bank().claims.values() if not re.match(leads[c.lead], c.say)]
    assert wrong == []


def test_repeated_questions_are_answered_from_memory_per_focus_and_day():
    today = [date(2026, 11, 25)]
    answerer = build_answerer(today=lambda: today[0])
    first = answerer.answer("今天提交什么时候答复")
    assert answerer.answer("今天提交什么时候答复") is first
    today[0] = date(2026, 11, 26)
    later = answerer.answer("今天提交什么时候答复")
    assert "自2026年11月26日" in later.text  # a new day counts from the new today
    with_focus = answerer.answer("电话呢", Focus(place="archive"))
    assert "8655814" in with_focus.text


def test_pages_of_several_applications_are_charged_each_not_added(answerer):
    answer = answerer.answer("我分三份申请交的，每份40页，那一共要交多少？")
    assert "3件申请各40页，每件100元，共3×100=300元" in answer.text


def test_an_elliptical_follow_up_to_a_yes_no_question_gets_a_lead_too(answerer):
    first, second = converse(answerer, ["部门的请示报告能申请公开吗？", "那行政执法案卷呢"])
    assert lead_matches("no", first.text) and lead_matches("no", second.text)


@pytest.mark.parametrize("thing", ["那行政执法案卷呢", "磋商信函这类呢"])
def test_a_thing_the_answer_before_lists_asked_with_呢_is_asked_whether_it_is_one_of_them(answerer, thing):
    first, second = converse(answerer, ["哪些信息属于不予公开的范围", thing])
    assert second.matched and lead_matches("no", second.text) and "过程性信息" in second.text


def test_a_clause_alone_does_not_override_a_choice_between_what_its_story_asks(answerer):
    answer = answerer.answer("文件里有的能公开有的不能，会咋处理")
    assert not answer.matched and answer.clarify


def test_whether_something_exists_asked_beside_a_request_still_leads_with_its_answer(answerer):
    answer = answerer.answer("档案馆有没有电话？给我说一下")
    assert answer.matched and answer.text.startswith("有。") and "0531-8655814" in answer.text


def test_of_several_times_of_day_the_last_is_asked_of(answerer):
    answer = answerer.answer("我上午十点到，赶到审批中心得十二点了，还能查吗")
    assert answer.matched and answer.text.startswith("不行。工作日12:00")


def test_a_year_without_a_report_is_said_not_answered_from_a_clause(answerer):
    answer = answerer.answer("2018年历下区政府信息公开年报里，依申请公开收了多少件")
    assert answer.matched is False
    assert answer.text.startswith("没有2018年的年度报告数据")


@pytest.mark.parametrize(
    ("questions", "facts", "absent"),
    [
        # The period of the rule asked about, not always the 20 working days of an answer.
        (
            ["2025年9月26日他们收到我的申请，要是要补正，最晚哪天得通知我"],
            ["7个工作日", "2025年10月13日"],
            "第20个工作日",
        ),
        (["第三方2025年10月9号收到征求意见书，最晚哪天得回"], ["15个工作日", "2025年10月29日"], "第20个工作日"),
        (["收费通知是2025年5月6日收到的，最晚哪天交钱"], ["缴纳信息处理费", "2025年6月4日"], "延长答复期限"),
        # The answer period from the day a supplement came, though the question names 补正.
        (["我补正材料是2025年3月3日送到的，那最晚哪天答复"], ["2025年3月31日"], "7个工作日"),
        # Then the answer period from the same day.
        (["2025年9月26日收到申请，要补正的话最晚哪天通知", "那正常答复最晚哪天"], ["2025年10月30日"], "第7个工作日"),
        # Reconsideration and lawsuits: calendar days and months, moved past rest days; reconsideration first.
        (
            ["2025年3月10日我收到的不予公开告知书，申请复议最晚到哪天"],
            ["2025年5月9日", "必须先申请行政复议"],
            "第20个工作日",
        ),
        (["我2025年2月14号拿到答复，要是打官司，起诉期限到哪天为止"], ["2025年8月14日", "历山路147号"], "第20个工作日"),
        (
            ["复议决定书我是2025年6月3日收到的，去法院起诉的最后一天是哪天"],
            ["2025年6月18日", "第四十五条"],
            "第20个工作日",
        ),
        # Another day for the rule asked before, however long the message; and the remedies after their topic.
        (
            [
                "申请写得不清楚要补正，机关最晚多久内通知我",
                "要是2025年9月26号收到的申请呢，最晚哪天",
                "那2025年10月9号呢",
            ],
            ["7个工作日", "2025年10月17日"],
            "第20个工作日",
        ),
        (
            ["对答复不满意去法院起诉，期限多长", "我是2025年2月14号收到答复的，那最迟哪天"],
            ["2025年8月14日"],
            "第20个工作日",
        ),
    ],
)
def test_a_date_is_counted_with_the_period_of_the_rule_asked(answerer, questions, facts, absent):
    answer = converse(answerer, questions)[-1]
    assert answer.matched
    assert [fact in answer.text for fact in facts] == [True] * len(facts)
    assert absent not in answer.text


async def test_an_answer_about_the_remedies_offers_to_count_their_last_days(chat):
    [reply] = await chat.say("对答复不满意怎么办")
    actions = [b.action for row in reply.buttons for b in row]
    assert "remedy:start" in actions and "点下面的“算复议/诉讼最后期限”" in reply.text
    [reply] = await chat.say("档案馆电话多少")
    assert "remedy:start" not in [b.action for row in reply.buttons for b in row]


@pytest.mark.parametrize(
    ("question", "fact"),
    [("二〇二〇年区政府网站主动公开的信息是多少条", "18396条"), ("二二年区里新收了多少件申请", "215件")],
)
def test_years_in_chinese_digits_are_years(answerer, question, fact):
    answer = answerer.answer(question)
    assert answer.matched and fact in answer.text


@pytest.mark.parametrize("question", ["历下区行政审批中心电话多少", "历下区政府网站网址是多少"])
def test_the_district_s_own_places_are_not_another_body(answerer, question):
    assert answerer.answer(question).matched


def test_the_agency_naming_itself_is_no_topic_word(answerer):
    answer = answerer.answer("历下区政府这边信息公开申请要怎么提交")
    assert answer.topic == "apply_channels"


def test_asked_how_long_a_topic_stating_a_length_answers(answerer):
    answer = answerer.answer("区政府发的信息一般几天内会主动公开")
    assert answer.topic == "proactive_time_limit" and "20个工作日" in answer.text


@pytest.mark.parametrize(
    ("question", "address"), [("想申请复议，找哪个单位", "历山路151号"), ("寄信的话收件人写谁", "解放东路99号")]
)
def test_which_body_to_turn_to_gives_where_it_is(answerer, question, address):
    answer = answerer.answer(question)
    assert answer.matched and f"地址：济南市历下区{address}" in answer.text


@pytest.mark.parametrize("question", ["政府信息公开申请是由哪个单位接收的", "我要查个文件，该找哪个部门受理"])
def test_the_receiving_office_described_with_the_verb_after(answerer, question):
    answer = answerer.answer(question)
    assert answer.topic == "receiving_office" and "政务公开办公室" in answer.text


@pytest.mark.parametrize(
    ("question", "place"), [("复议申请是哪个部门受理的", "reconsideration"), ("起诉的申请哪个单位受理", "court")]
)
def test_a_body_described_as_receiving_with_another_role_is_that_role_s(answerer, question, place):
    """Receiving, said of a reconsideration or a lawsuit, describes the body of that role, not the receiving office."""
    answer = answerer.answer(question)
    assert answer.topic == place and "88150105" not in answer.text


@pytest.mark.parametrize(
    ("questions", "lead", "absent"),
    [
        # A yes/no question after a counted date asks the rule first (the date counted again follows).
        (["2025年4月7日交的申请，最晚哪天给答复", "可以往后延吗"], "yes", None),
        (["2025年9月22日交的申请，最晚哪天给答复", "中秋那几天也要算上吗"], "no", None),
        (["这个月17号收到延期答复的告知书，这样合法吗"], "yes", "第20个工作日为"),
        # A yes/no question about the page basis that names applications, not pages: the rule.
        (["按页收钱的话，我递了两份申请，两份的页数加一起算吗"], "no", "合计"),
    ],
)
def test_a_yes_no_question_after_or_with_a_count_asks_the_rule(answerer, questions, lead, absent):
    answer = converse(answerer, questions)[-1]
    assert answer.matched
    assert lead_matches(lead, answer.text)
    if absent:
        assert absent not in answer.text


def test_the_day_counted_from_stays_while_a_deadline_s_rules_are_asked(answerer):
    answers = converse(answerer, ["2025年4月7日交的申请，最晚哪天给答复", "可以往后延吗", "延了的话最晚到哪天"])
    assert answers[-1].focus is not None and answers[-1].focus.day == date(2025, 4, 7)
    assert "2025年6月4日" in answers[-1].text or "延长" in answers[-1].text
    assert answers[0].text.split("\n")[0] in answers[-1].text


@pytest.mark.parametrize(
    ("questions", "fact"),
    [
        # The agency's contact details asked by its own name, alone or after another government's were declined.
        (["历下区政府信息公开这块的邮箱是啥"], "@"),
        (["天桥区政府办公室的信息公开电话多少", "那换成历下区的呢"], "0531-88150105"),
        (["槐荫区政府信息公开申请去哪递交", "历下区的呢"], "解放东路99号"),
        # A pronoun for the place just talked about, however much else the follow-up says.
        (["档案馆在哪", "它下午一般几点关门"], "14:00—17:00"),
    ],
)
def test_the_agency_s_own_details_and_pronouns_for_a_place(answerer, questions, fact):
    assert_last_says(answerer, questions, fact)


def test_another_district_s_service_named_with_a_contact_is_still_declined(answerer):
    assert answerer.answer("历下区城管的电话，小区门口有人乱摆摊").matched is False


@pytest.mark.parametrize(
    ("questions", "fact", "absent"),
    [
        # A bare detail after the ways to apply, all at one office: that office's.
        (["信息公开申请可以怎么递交", "下午几点下班"], "13:00-17:00", "第20个工作日"),
        # A period asked after the reconsideration office: reconsideration's own, not another rule's.
        (["对答复不服想复议，找哪个单位", "要在多久以内提出来"], "60日", "15个工作日"),
        # More pages on top of those counted before.
        (["一份申请要复印90页，多少钱", "要是另外再加20页呢"], "110页", None),
        # Whether it costs anything, asked beside how much: the plain answer leads the count.
        (["申请的文件大概150页，收费不？收多少"], "要收费", None),
    ],
)
def test_follow_ups_keep_the_office_the_period_and_the_pages(answerer, questions, fact, absent):
    assert_last_says(answerer, questions, fact, absent)


@pytest.mark.parametrize(
    ("questions", "fact", "absent"),
    [
        # A place named by its name goes to the topic whose answer gives it, and stays the place of the chat.
        (["区档案馆能查政府主动公开的文件不？在哪块", "电话呢"], "8655814", "88150105\n"),
        (["区图书馆能查到主动公开的政府文件吗"], "历下区图书馆", "政策法规"),
    ],
)
def test_a_place_named_leads_to_the_topic_that_gives_it(answerer, questions, fact, absent):
    assert_last_says(answerer, questions, fact, absent)


@pytest.mark.parametrize(
    ("questions", "lead"),
    [
        (["这个月申请25件要多少钱", "那就是1500块对吧"], "是的，合计1500元。"),
        (["这个月申请25件要多少钱", "也就是1000元是不是"], "不是，合计1500元。"),
        (["这个月一共申请8件，要交钱吗", "那就是免费对吧"], "是的，不收费。"),
        (["我11月2号当面交的申请，最晚哪天答复", "也就是最晚11月30号对吧"], "是的，最晚为2026年11月30日。"),
        (["我11月2号当面交的申请，最晚哪天答复", "那最晚就是12月1号是吧"], "不是，最晚为2026年11月30日。"),
        # The day it starts from named first, counted with the rule asked before.
        (["收到收费通知以后多久内得交钱", "我11月9号收到的通知，那就是最晚12月7号对吧"], "是的，最晚为2026年12月7日。"),
        (["收到收费通知以后多久内得交钱", "我11月9号收到的，那就是最晚12月4号对吧"], "不是，最晚为2026年12月7日。"),
    ],
)
def test_a_result_said_back_is_confirmed_or_corrected(answerer, questions, lead):
    """A date or an amount said back after a count is checked against the count, not counted from anew."""
    last = converse(answerer, questions)[-1]
    assert last.matched and last.text.startswith(lead)


@pytest.mark.parametrize(
    ("questions", "fact", "absent"),
    [
        # A period asked after a rule with a period of its own is that rule's, pronoun or not.
        (["涉及别的公司的信息，你们会征求那家公司的意见吗", "人家得在多长时间内回复"], "15个工作日", "60日"),
        (["申请写得不明白会怎么样", "一般多少天内会通知我"], "7个工作日", "60日"),
        # ... unless it names the agency's reply, whose period is the answer period.
        (["申请写得不明白会怎么样", "我12月1号把补正材料交了，那最晚哪天答复"], "第20个工作日", None),
        # After a counted date, what happens if nothing is paid or answered is a rule, not the date again.
        (["8月3号收到的收费通知，最晚哪天交钱", "要是过了期限还没交会咋样"], "放弃", "第20个工作日为"),
        (["11月2号当面交的申请，最晚哪天答复", "那要是到期了还没答复呢"], "仍未答复", "第20个工作日为"),
        # A period asked of the place talked about two turns before: its calculator's period, not another topic's.
        (["不服答复想申请复议，复议办公室在哪", "电话多少", "有时间限制吗"], "60日", "提交时段"),
        # The agency addressed as 你们, and a year after a place named by its role, which asks the reports.
        (["你们那边传真号多少"], "传真", None),
        (["政务公开办电话多少", "对了，2021年行政复议有几起"], "2021年，政府信息公开行政复议10件", None),
    ],
)
def test_periods_pronouns_and_years_after_a_subject(answerer, questions, fact, absent):
    assert_last_says(answerer, questions, fact, absent)


def test_a_reason_asked_after_a_topic_gets_its_rule(answerer):
    last = converse(answerer, ["请示报告这种材料能申请公开吗", "这是为什么呀"])[-1]
    assert last.matched and last.topic == "exemption_process"
    assert "过程性信息" in last.text


def test_a_question_offering_its_own_choice_is_not_read_with_the_one_before(answerer):
    """"那去现场的时候要带什么" after the online entry: its own candidates (going in person, the ID) are asked
    about, not the online entry its words would pull forward together with the question before."""
    last = converse(answerer, ["网上申请是在哪个网站", "那去现场的时候要带什么"])[-1]
    assert last.topic != "online"
    assert {topic for _, topic in last.clarify} >= {"in_person", "id_requirements"}


def test_a_contact_asked_of_a_topic_that_gives_none_is_the_receiving_office_s(answerer):
    assert_last_says(answerer, ["申请公开的信息涉及别人的商业秘密怎么办", "这种情况打哪个电话咨询"], "0531-88150105")


def test_an_elliptical_case_of_the_subject_before_stays_on_it(answerer):
    """"那X呢" naming a case the previous topic's rule speaks of asks that rule of it, not X's own topic."""
    assert_last_says(answerer, ["挂号信寄出去的申请，哪天算他们收到", "那网上提交的呢"], "确认之日")


@pytest.mark.parametrize(
    ("questions", "fact"),
    [
        # A part of the day after a place's hours: the same place's.
        (["图书馆几点开门", "那傍晚呢"], "14:00—17:00"),
        # One of the places a topic's answer lists, named alone: that place in full.
        (["政府信息在哪些地方能现场查", "档案馆呢", "那图书馆呢"], "十亩园街1号"),
    ],
)
def test_a_part_of_the_day_or_a_listed_place_followed_up(answerer, questions, fact):
    assert_last_says(answerer, questions, fact)


def test_a_yes_no_about_a_counted_deadline_s_rule_counts_the_date_again(answerer):
    answers = converse(answerer, ["2025年9月22日交的申请，最晚哪天给答复", "国庆那几天也算进去吗"])
    assert lead_matches("no", answers[-1].text)
    assert answers[0].text.split("\n")[0] in answers[-1].text


def test_an_opening_interjection_does_not_hide_a_follow_up(answerer):
    assert_last_says(answerer, ["天桥区政府的信息公开申请往哪递", "嗯，那历下区的呢"], "解放东路99号")
    assert answerer.answer("好几百件一起申请，是不是就可以不按20个工作日答复").topic != "fee_calculator"


@pytest.mark.parametrize(
    ("questions", "lead", "fact"),
    [
        # A day named, asked whether it is a working day: the calendar's answer, in the year talked about.
        (["2023年6月15号交的申请，最晚哪天答复", "6月25号是礼拜天，这天也算上班？"], "是", "2023年6月25日"),
        (["2025年10月1日是工作日吗"], "不是", "国庆节"),
        (["2025年9月30号放假吗"], "不是", "2025年9月30日"),
    ],
)
def test_whether_a_named_day_is_a_working_day(answerer, questions, lead, fact):
    answer = converse(answerer, questions)[-1]
    assert answer.matched
    assert answer.text.startswith(lead + "。")
    assert fact in answer.text


def test_unsure_after_a_count_the_rule_of_what_was_counted_answers(answerer):
    answers = converse(answerer, ["2025年1月20日交的申请，最晚哪天答复", "元旦那天给扣掉了吧", "要是再延期呢"])
    assert answers[1].topic == "time_limit"
    assert answers[-1].matched and "如经批准延长答复期限" in answers[-1].text


def test_a_posted_application_is_counted_from_the_day_it_was_signed_for(answerer):
    answer = answerer.answer("2026年11月2日寄的挂号信，11月4日他们签收的，最晚哪天答复")
    assert "第20个工作日为2026年12月2日" in answer.text


@pytest.mark.parametrize(
    ("questions", "fact"),
    [
        (["审批中心的电话", "顺便问问公积金贷款额度咋算", "那里几点上班"], "8:45-11:45"),
        (["2020年因为信息公开打官司的有几起", "法官是谁", "复议呢"], "2020年，政府信息公开行政复议5件"),
    ],
)
def test_a_question_the_guide_cannot_answer_leaves_the_subject_as_it_was(answerer, questions, fact):
    answers = converse(answerer, questions)
    assert not answers[1].matched
    assert answers[-1].matched and fact in answers[-1].text


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # Asked where, the topic near the best whose answer says where.
        ("政府主动公开的东西能在哪看到", "lixia.gov.cn"),
        ("申请表去哪儿下载", "门户网站"),
        # Far below, it is not: the best's subject is what is asked.
        ("区政府领导分工情况在哪能查到", "领导及分工"),
    ],
)
def test_asked_where_a_near_topic_that_says_where_answers(answerer, question, fact):
    answer = answerer.answer(question)
    assert answer.matched and fact in answer.text


def test_where_to_go_for_a_remedy_after_a_refusal_is_the_office_s_address(answerer):
    last = converse(answerer, ["申请信息被他们拒了，我想告他们，咋整", "复议去哪", "多长时间内得申请"])
    assert "60日" in last[-1].text
    assert "历山路151号" in last[1].text


@pytest.mark.parametrize(
    ("question", "lead", "due"),
    [
        ("12月1号交申请的话，年底前能有答复吗", "能。", "最晚2026年12月29日"),
        ("我12月10号交的申请，年底前能出结果吗", "不一定。", "最晚2027年1月8日"),
        ("11月3号交的，12月10号之前能给我答复吗", "能。", "最晚2026年12月1日"),
    ],
)
def test_whether_a_reply_comes_by_a_day_counts_the_answer_period(answerer, question, lead, due):
    answer = answerer.answer(question)
    assert answer.text.startswith(lead)
    assert due in answer.text.split("\n")[0]


@pytest.mark.parametrize(
    "questions",
    [
        ["区里的文件出来以后多少天内得公开", "在哪能查到"],
        ["区政府领导分工的信息是主动公开的吗", "去哪看"],
    ],
)
def test_where_to_look_after_a_topic_that_says_no_where_is_its_near_topic_that_does(answerer, questions):
    # Where to look, not where an office is: the forms of disclosure with the website, not the receiving office.
    assert_last_says(answerer, questions, "lixia.gov.cn", "解放东路99号")


@pytest.mark.parametrize(
    ("questions", "lead", "due"),
    [
        (["我11月11号交的申请，到现在还没答复，超期了吗"], "没有。", "最晚2026年12月9日"),
        (["10月9号交的申请，是不是已经过期了"], "是。", "最晚应在2026年11月5日"),
        # The day counted before, asked again of today.
        (["上个月10号去交的申请，什么时候到期", "那现在是不是已经超期了"], "是。", "最晚应在2026年11月6日"),
    ],
)
def test_whether_the_answer_period_has_run_out_is_counted_to_today(answerer, questions, lead, due):
    last = converse(answerer, questions)[-1]
    assert last.text.startswith(lead)
    assert due in last.text.split("\n")[0]


@pytest.mark.parametrize(
    ("questions", "fact", "absent"),
    [
        (["现场申请要带什么", "寄信呢"], "身份证件复印件", None),
        (["现场申请要带什么", "网上交的呢"], "扫描件或照片", None),
        (["网上申请的话期限从哪天开始算", "当面交的呢"], "以提交之日为收到之日", "申请入口"),
    ],
)
def test_another_way_of_applying_asks_the_question_before_of_it(answerer, questions, fact, absent):
    assert_last_says(answerer, questions, fact, absent)


def test_a_time_to_go_naming_no_place_is_asked_of_the_place_talked_about(answerer):
    """"中午12点去能查吗" is near visits to several places; after the approval center it is the center's hours."""
    last = converse(answerer, ["行政审批中心的查阅点周末开吗", "中午12点去能查吗", "地址发我下"])
    assert last[1].text.startswith("不行。工作日12:00不在历下区行政审批中心的办公时间内")
    assert "二环东路7097号" in last[2].text


def test_a_follow_up_after_two_places_asks_of_both(answerer):
    last = converse(answerer, ["政务公开办和复议办的电话各是多少", "那它俩的地址呢", "那档案馆呢"])
    assert "解放东路99号" in last[1].text and "历山路151号" in last[1].text
    assert "七家村19号" in last[2].text and "历山路151号" not in last[2].text


def test_the_agency_addressed_as_you_over_there_is_the_receiving_office(answerer):
    answer = answerer.answer("你们那儿办公时间是几点到几点？我下班后才有空")
    assert answer.matched and "8:30-12:00" in answer.text


def test_what_to_fill_in_after_where_to_get_the_form_is_the_form_s_contents(answerer):
    assert_last_says(answerer, ["申请表在哪下载", "表上都要填些啥"], "联系方式", "附件1")


def test_very_many_applications_asked_by_their_number_are_the_excessive_requests_rule(answerer):
    answer = answerer.answer("要是有人一个月递了好几百件申请，区政府还得一件件办吗")
    assert answer.matched and "说明理由" in answer.text


def test_a_follow_up_to_a_counted_date_asking_a_rule_without_a_period_gets_that_rule(answerer):
    # The day counted before does not say when an ordinary letter counts as received.
    counted = answerer.answer("我11月16号当面交的申请，最晚哪天答复")
    answer = answerer.answer("要是改成寄平信，哪天算收到", counted.focus)
    assert answer.matched and "确认之日" in answer.text and "起算第20个工作日" not in answer.text
