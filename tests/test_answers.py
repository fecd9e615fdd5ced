"""Answers per topic: the right entry, the specific fact, the source; and honest unknowns."""

import pytest

from knowledge.guide import load_guide
from knowledge.ranking import CONFIDENCE_FLOOR, Candidate, Ranking

GUIDE = load_guide()


@pytest.mark.parametrize(
    ("question", "topic", "fact"),
    [
        ("电话多少", "receiving_office", "0531-88150105"),
        # The longest wait, the extension added: the sum said, not left to the reader.
        ("算上延期最长一共要等多少个工作日", "extension", "合计40个工作日"),
        ("政务公开办公室的传真", "receiving_office", "传真：0531-88150105"),
        ("受理机构邮编多少", "receiving_office", "250014"),
        ("当面递交申请去哪个地方", "in_person_point", "历下大厦"),
        ("邮寄申请寄到哪里", "letter", "人民政府办公室（收）"),
        ("信封上要写什么字", "letter_envelope", "左下角"),
        ("在线怎么申请", "online", "依申请公开"),
        ("可以发电子邮件申请吗", "email_not_accepted", "不受理"),
        ("申请表在哪下载", "form", "下载打印"),
        ("要带身份证吗", "id_requirements", "有效身份证件"),
        ("收费标准是什么", "fee_overview", "超额累进"),
        ("按页怎么收费", "fee_by_page_rule", "10元/页"),
        ("收到收费通知后不交钱会怎样", "fee_payment", "视为放弃申请"),
        ("多长时间能回复我", "time_limit", "20个工作日"),
        ("可以延期答复吗", "extension", "最长不得超过20个工作日"),
        ("答复分哪几种", "reply_types", "不予重复处理"),
        ("房产登记信息能申请公开吗", "special_registry", "法律、行政法规"),
        ("哪些信息不会公开", "exemptions", "国家秘密"),
        ("涉及个人隐私的信息公开吗", "exemption_third_party", "第三方同意公开"),
        ("人事管理信息公开吗", "exemption_internal", "内部事务"),
        ("讨论记录能公开吗", "exemption_process", "过程性信息"),
        ("对答复不服怎么办", "remedies", "行政诉讼"),
        ("复议要在多少天内提出", "remedy_deadlines", "60日"),
        ("法院电话", "court", "0531-81691000"),
        ("复议办公室在哪", "reconsideration", "历山路151号"),
        ("投诉地址", "complaint_office", "解放路99号"),
        # 找 with 哪 asks which body to turn to, as 找谁 does.
        ("认为区里没依法公开信息，投诉该找哪", "complaint_office", "政务公开办公室"),
        ("档案馆在哪里", "archive", "七家村19号"),
        ("图书馆几点开门", "library", "08:30—11:15"),
        ("政府主动公开哪些信息", "proactive_categories", "人事信息"),
        ("历下头条是什么", "proactive_forms", "lixiatoutiao"),
        # Asked by what means, not which kinds: where one finds it, as asked where.
        ("区里主动公开的信息都走哪些途径", "proactive_forms", "新闻发布会"),
        ("信息形成后多久主动公开", "proactive_time_limit", "20个工作日"),
        ("需要补正怎么办", "supplement", "7个工作日"),
        # A period asked after something done: the rule counting it again from that event.
        ("材料补齐以后，二十个工作日从哪天开始重新算", "supplement", "重新计算20个工作日"),
        ("钱交完之后，答复时间咋算", "fee_payment", "完成缴费次日起重新计算"),
        ("邮寄的申请哪天算收到", "receipt_date", "签收之日"),
        ("我想投诉物业", "petition", "信访"),
        ("我的信息记录有错误怎么办", "correction", "更正申请"),
    ],
)
def test_question_reaches_its_topic_with_the_fact(answerer, question, topic, fact):
    answer = answerer.answer(question)
    assert (answer.topic, answer.matched) == (topic, True)
    assert fact in answer.text
    topics = {t.id: t for t in GUIDE.topics}
    # Every answer names its source: the guide's section, or only the Regulation or law where the guide is silent.
    expected = GUIDE.cite_topic(topics[topic]) if topic in topics else GUIDE.cite(GUIDE.place(topic).section)
    assert answer.source == expected


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("受理机构电话", ["联系电话"]),
        ("受理机构地址", ["地址", "联系电话"]),
        ("法院几点上班", ["办公时间", "联系电话"]),
        ("行政复议办公室", ["地址", "邮政编码", "办公时间", "联系电话"]),
    ],
)
def test_place_answers_what_was_asked_and_the_phone(answerer, question, labels):
    lines = answerer.answer(question).text.splitlines()[1:]
    assert [line.split("：")[0] for line in lines if "：" in line and not line.startswith("（")] == labels


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("档案馆电话", "只有7位"),
        ("政务公开办公室邮编", "250014"),
        ("投诉受理机构地址", "解放东路99号"),
    ],
)
def test_guide_inconsistencies_are_stated_not_fixed(answerer, question, note):
    assert note in answerer.answer(question).text


@pytest.mark.parametrize(
    "question",
    ["今天天气怎么样", "怎么做红烧肉", "北京到上海的高铁票", "哈哈哈", "😀", "asdfgh", "你好"],
)
def test_out_of_scope_is_unmatched_with_the_phone(answerer, question):
    answer = answerer.answer(question)
    assert (answer.matched, answer.source) == (False, None)
    assert GUIDE.meta.help_phone in answer.text


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("一个月申请35件多少钱", ["第31—35件：5件 × 200元 = 1000元", "合计：3000元"]),
        ("申请三十五件要多少钱", ["合计：3000元"]),
        ("２０件收多少钱", ["合计：1000元"]),
        ("120页收费多少", ["第101—120页：20页 × 20元 = 400元", "合计：1100元"]),
        ("35件，每件300页", ["合计：3000元", "合计：6700元", "不得同时按两种标准"]),
        ("11月25日提交的申请最晚什么时候答复", ["2026年12月23日", "2027年1月21日", "元旦", "仅供参考"]),
        ("2026年9月30日收到申请，5个工作日后是哪天", ["国庆节", "2026年10月13日"]),
        ("今天提交什么时候答复", ["自2026年11月25日"]),
    ],
)
def test_calculators_in_chat(answerer, question, facts):
    answer = answerer.answer(question)
    assert answer.matched
    assert [fact in answer.text for fact in facts] == [True] * len(facts)


def test_every_topic_and_place_is_reachable_by_its_own_title(answerer):
    unreachable = [t.id for t in GUIDE.topics if answerer.answer(t.title).topic != t.id]
    # Several places are roles of one office under one name: its first role answers for the name.
    first = {p.name: p.id for p in reversed(GUIDE.places)}
    unreachable += [p.id for p in GUIDE.places if answerer.answer(p.name).topic != first[p.name]]
    assert unreachable == []


def test_every_answer_fits_one_message(answerer):
    longest = max(len(answerer.entry(e).render()) for e in answerer.ranker.bank.entries if e != "elsewhere")
    assert longest <= 4096


def test_confidence_floor_is_a_share():
    assert 0 < CONFIDENCE_FLOOR < 1


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("这个月已经申请了8件，再申请5件要交多少钱", ["8+5=13件", "合计：300元"]),
        ("2022年行政许可处理决定多少件", ["行政许可本年处理决定数量71866件"]),
        ("2022年行政事业性收费多少", ["11609.06万元"]),
    ],
)
def test_cumulative_items_and_art20_figures(answerer, question, facts):
    answer = answerer.answer(question)
    assert answer.matched
    assert [fact in answer.text for fact in facts] == [True] * len(facts)


def test_a_figure_stated_only_in_a_reports_text_is_answered(answerer):
    answer = answerer.answer("2021年承办人大代表建议多少件")
    assert answer.matched
    assert "96件" in answer.text


def test_a_pasted_email_address_is_read_as_email(answerer):
    answer = answerer.answer("能发邮件到 jnlxzfbxxzx@jn.shandong.cn 申请吗")
    assert answer.topic == "email_not_accepted"


def test_a_topic_knows_the_places_its_answer_gives_the_details_of():
    topics = {topic.id: topic for topic in load_guide().topics}
    assert topics["in_person"].places == ("in_person_point",)
    assert topics["time_limit"].places == ()


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("春节放假期间我能去现场递交申请吗", "不行。"),
        ("礼拜天去窗口当面交申请可以吗", "不行。"),
        ("下午三点去现场当面提交申请来得及吗", "可以。"),
        ("中午十二点半去窗口当面交申请行吗", "不行。"),
    ],
)
def test_going_at_a_time_to_the_place_a_topic_sends_one_to_is_answered_by_its_hours(answerer, question, lead):
    answer = answerer.answer(question)
    assert answer.matched and answer.text.startswith(lead)
    assert "历下区人民政府办公室" in answer.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("对答复有意见想申请行政复议的话，得在多长时间内提出", "60日"),
        ("要到法院去告区政府，最晚多长时间内得起诉", "6个月"),
    ],
)
def test_a_period_asked_of_a_remedy_is_the_remedy_s_not_the_answer_period(answerer, question, fact):
    answer = answerer.answer(question)
    assert answer.matched and fact in answer.text
    assert not answer.text.startswith("能够当场答复的")


def test_a_third_party_s_reply_is_counted_with_its_own_period(answerer):
    answer = answerer.answer("第三方是2026年11月9日收到征求意见书的，它最晚哪天要回复")
    assert answer.matched and "15个工作日" in answer.text and "2026年11月30日" in answer.text


@pytest.mark.parametrize("form", ["新闻发布会", "报纸和电视", "政务微博"])
def test_each_listed_form_of_proactive_disclosure_is_a_yes(answerer, form):
    answer = answerer.answer(f"{form}也是政府主动公开信息的一种途径吗")
    assert answer.matched and answer.text.startswith("是。指南列出的主动公开形式")


def test_between_close_topics_the_one_of_the_way_of_applying_named_answers(answerer):
    # What to show is in the identity rules and in going in person alike; the way named decides.
    answer = answerer.answer("当面申请需要带点啥")
    assert (answer.topic, answer.matched) == ("in_person", True)
    assert "有效身份证件" in answer.text


@pytest.mark.parametrize(
    ("question", "lead", "facts"),
    [
        ("复议办公室跟法院在一条街上吗，是同一条路吧", "是，在同一条路上（历山路）。", ["151号", "147号"]),
        ("政务公开办和投诉举报的电话一样吗", "是，是同一个联系电话（0531-88150105）。", []),
        ("档案馆跟图书馆的电话是同一个吗", "不是，两处的联系电话不同。", ["8655814", "81280128"]),
    ],
)
def test_whether_two_places_share_a_detail_leads_yes_or_no_then_both_cards(answerer, question, lead, facts):
    answer = answerer.answer(question)
    assert answer.text.startswith(lead)
    assert all(fact in answer.text for fact in facts)


def test_close_candidates_saying_fewer_of_the_domain_words_named_are_left_out(answerer):
    # Two topics close on their scores: only the forms of disclosure say 政府公报, which the question names.
    reading = answerer.reader.read("政府公报网上在哪能看到", today=answerer.today())
    close = Ranking(
        candidates=(
            Candidate("proactive_forms", "proactive_forms", 0.51, 0.3, 0.95),
            Candidate("guide_overview", "guide_overview", 0.50, 0.4, 0.94),
        ),
        claims={},
        out_of_scope=False,
    )
    assert [c.group for c in answerer.ranker.named_first(close, reading).candidates] == ["proactive_forms"]


def test_whether_something_may_be_requested_is_answered_with_how_to_submit_it(answerer):
    answer = answerer.answer("我能不能申请公开区里的棚改补偿文件")
    assert answer.text.startswith("可以。")
    assert all(way in answer.text for way in ("当面提交", "邮寄信函", "依申请公开"))


def test_another_topic_s_claim_sharing_only_the_subject_gives_way_to_one_holding_what_is_asked(answerer):
    # "可以申请公开什么" ranks near on the subject alone and its claim says anyone may apply; the question asks a way.
    answer = answerer.answer("政府信息公开申请可以网上交吗")
    assert answer.topic == "online" and answer.text.startswith("可以。") and "依申请公开" in answer.text


def test_a_date_in_its_own_clause_leaves_the_rest_to_say_which_rule_counts(answerer):
    answer = answerer.answer("他们是2026年11月16日收到的申请，要是要我补正材料，最晚哪天得通知我")
    assert answer.matched and "7个工作日" in answer.text and "2026年11月25日" in answer.text


def test_an_original_id_is_not_sent_by_post(answerer):
    answer = answerer.answer("信函申请的话，身份证原件也得装进信封寄过去吗")
    assert answer.matched and answer.text.startswith("不需要") and "复印件" in answer.text


def test_the_answer_period_counted_again_from_a_supplement(answerer):
    answer = answerer.answer("我12月1号把补正材料交上去了，重新算的话最晚到哪天")
    assert answer.matched and "20个工作日" in answer.text and "2026年12月29日" in answer.text


def test_going_at_a_time_to_an_office_ranked_first_is_answered_by_its_hours(answerer):
    answer = answerer.answer("礼拜天去区政府递申请行不行")
    assert answer.matched and answer.text.startswith("不行。")


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("补正完了，答复期限从哪天起算", "supplement"),
        ("叫我补正材料，交上去以后期限从哪天开始算", "supplement"),
        ("缴费完了，答复期限从哪天起算", "fee_payment"),
    ],
)
def test_the_domain_word_a_question_names_picks_the_rule_that_says_it(answerer, question, topic):
    answer = answerer.answer(question)
    assert (answer.topic, answer.matched) == (topic, True)


@pytest.mark.parametrize(
    ("question", "floor"),
    [
        ("政务公开办公室在历下大厦第几层", True),
        ("去当面递交申请的受理点，在大厦哪层", True),
        ("法院立案庭在几楼", False),
    ],
)
def test_a_floor_asked_of_a_place_is_the_one_a_report_prints_at_its_street_number(answerer, question, floor):
    answer = answerer.answer(question)
    assert answer.matched and ("历下大厦2层" in answer.text) == floor
    assert ("年度报告》正文第" in (answer.source or "")) == floor


def test_each_clause_asking_another_report_figure_is_answered(answerer):
    answer = answerer.answer("2021年政协提案办了多少件？人大代表建议呢")
    assert answer.matched and "108件" in answer.text and "96件" in answer.text


def test_a_claim_matched_by_its_topic_alone_gives_way_to_one_whose_own_words_the_question_holds(answerer):
    answer = answerer.answer("广播电台也算区政府主动公开的方式吗")
    assert answer.matched and answer.text.startswith("是。指南列出的主动公开形式")


def test_pages_of_several_applications_supposed_added_up_are_billed_each(answerer):
    answer = answerer.answer("四份申请，每份20页，会按80页收费吗")
    assert answer.matched and answer.text.startswith("不用交钱") and "多件申请不累加" in answer.text


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("涉及第三方要征求意见的话，它多少天内要回复", "这段时间算进答复的20个工作日吗"),
        ("要征求第三方意见，对方几天内得给回复", "这段时间也算在答复的20个工作日里吗"),
    ],
)
def test_a_follow_up_pointing_back_is_read_with_the_subject_before(answerer, first, then):
    answer = answerer.answer(then, answerer.answer(first).focus)
    assert answer.matched and answer.topic == "third_party" and "不计入" in answer.text



@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # Holding no word only one of the topic's claims is asked with: the claim restating the topic's answer.
        ("在网上能交申请不", "可以。申请人可通过互联网"),
        ("能不能在网上直接申请，我不方便出门", "可以。申请人可通过互联网"),
        # Holding the word only one claim is asked with ("一律"): that claim, though its few examples score low.
        ("涉及别人隐私的是不是一律不公开", "不一定。"),
    ],
)
def test_a_question_sure_of_its_topic_gets_the_claim_it_points_at(answerer, question, lead):
    answer = answerer.answer(question)
    assert answer.matched and answer.text.startswith(lead)


@pytest.mark.parametrize(
    ("question", "plain", "stated"),
    [
        # Asked whether a thing is the only way, or needed of everyone: the topic's claim answering that, whatever
        # the topic's other claims say ("可以" to going in person, "需要" to the form).
        ("难道只能亲自去办公室交吗", "不是。", "互联网"),
        ("网上申请是唯一渠道吗？只能在网站提交？", "不是。", "邮政寄送"),
        ("那个申请表格非要去政府拿吗", "不是。", "下载打印"),
        ("是不是只有济南本地的人才可以申请信息公开", "不是。", "公民、法人或者其他组织"),
        # Asked plainly, the topics answer as before.
        ("可以亲自去办公室交吗", "可以。", "解放东路99号"),
        ("申请要用申请表吗", "需要。", "下载打印"),
    ],
)
def test_whether_a_thing_is_the_only_way_is_answered_as_such(answerer, question, plain, stated):
    answer = answerer.answer(question)
    assert answer.matched and answer.text.startswith(plain) and stated in answer.text


@pytest.mark.parametrize(
    ("question", "topic", "lead", "stated"),
    [
        # The ways of redress besides the two set aside: the topic listing them all, not the two's time limits.
        ("除了行政复议和行政诉讼，我还能找哪里说理", "remedies", "", "投诉"),
        # A yes or no asked of the rest: whether one may complain, not whether one may sue.
        ("除了复议和诉讼，还能投诉吗", "complaint_office", "可以。", "投诉"),
        # The best answer not about what is set aside stays: what else goes in the envelope.
        ("信封里除了申请表还得放啥", "letter_envelope", "", "复印件"),
    ],
)
def test_what_a_question_sets_aside_is_not_what_it_asks(answerer, question, topic, lead, stated):
    assert_answered(answerer, question, topic, lead, stated)


def assert_answered(answerer, question: str, topic: str, lead: str, stated: str) -> None:
    """The question is answered from the topic, its first words the lead, saying what is stated."""
    answer = answerer.answer(question)
    assert answer.matched and answer.topic == topic
    assert answer.text.startswith(lead) and stated in answer.text


@pytest.mark.parametrize(
    ("question", "topic", "lead"),
    [
        # Outcomes said as people say them are ranked as the guide prints them: 不予公开, 不属于本行政机关.
        ("哪些信息是他们不肯公开的", "exemptions", ""),
        ("哪类文件政府不对外公开", "exemptions", ""),
        ("要是我申请的材料不归区里管，会怎么答复", "reply_not_responsible", ""),
        # Asked whether a rule has exceptions at all: the claim of the exception, not the rule's.
        ("涉及商业秘密的不给公开，有没有特殊情况", "exemption_third_party", "会，予以公开。"),
    ],
)
def test_outcomes_said_as_people_say_them_reach_the_guide_s_topic(answerer, question, topic, lead):
    answer = answerer.answer(question)
    assert answer.matched and answer.topic == topic and answer.text.startswith(lead)


def test_a_claim_that_only_restates_part_of_an_answer_is_not_the_topic_s_own(answerer):
    # "不需要寄原件" restates most of the ID rules but answers only the post's original; "要带身份证吗" asks them all.
    answer = answerer.answer("要带身份证吗", answerer.answer("当面交申请去哪").focus)
    assert answer.matched and not answer.text.startswith("不需要")


@pytest.mark.parametrize(
    ("question", "lead", "stated"),
    [
        ("是不是15个工作日内答复我", "不是15个工作日。", "20个工作日"),
        ("复议得在两个月内申请吗", "不是两个月。", "60日"),
        ("第三方是不是20个工作日内给意见", "不是20个工作日。", "15个工作日"),
        ("第三方是不是15个工作日内给意见", "是。", "15个工作日"),
        # Calendar days named as such are not working days; days said plainly are counted as people count them.
        ("答复是不是得在20个自然日以内", "不是20个自然日。", "20个工作日"),
        ("是不是20天内答复我", "是。", "20个工作日"),
        # A length said as what the limit is, without 内.
        ("打官司的期限是3个月吧？", "不是3个月。", "6个月"),
        ("信息公开答复的时限是不是10天", "不是10天。", "20个工作日"),
    ],
)
def test_a_time_limit_named_in_a_yes_or_no_is_checked_against_the_rule(answerer, question, lead, stated):
    answer = answerer.answer(question)
    assert answer.matched and answer.text.startswith(lead) and stated in answer.text


@pytest.mark.parametrize(
    ("question", "lead", "last"),
    [
        ("收到不给公开的答复都两个多月了，还能去复议吗", "不能了：按您说的“两个多月”推算", "2026年11月23日"),
        ("收到答复才二十天，还能申请复议吗", "可以，还在期限内：按您说的“二十天”推算", "2027年1月4日"),
        ("我9月1号收到不予公开的答复，还能申请复议吗", "不能了：申请行政复议的60日期限", "2026年11月2日"),
    ],
)
def test_whether_it_is_still_time_for_reconsideration_is_answered_first(answerer, question, lead, last):
    answer = answerer.answer(question)
    assert answer.matched and answer.text.startswith(lead) and last in answer.text.split("\n")[0]


def test_a_time_gone_by_since_applying_tells_whether_the_answer_period_has_run_out(answerer):
    answer = answerer.answer("申请递上去才一个礼拜，是不是已经超期了")
    assert answer.matched and answer.text.startswith("没有。按您说的“一个礼拜”推算")


def test_a_day_told_roughly_counts_no_date(answerer):
    answer = answerer.answer("申请交上去都10天了，最晚哪天答复")
    assert answer.matched and "起算第20个工作日" not in answer.text and "20个工作日" in answer.text


@pytest.mark.parametrize("question", ["政府信息公开能在网上申请不", "政府信息公开可不可以网上申请"])
def test_the_domain_s_own_name_picks_no_topic_and_a_silent_claim_gives_way_to_one_asked(answerer, question):
    # "政府信息公开" is said by many topics; the channels' claim that no phone application is provided is not asked.
    answer = answerer.answer(question)
    assert answer.matched and answer.text.startswith("可以。申请人可通过互联网")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("信息公开申请能寄过去不", "可以。申请人可通过邮政寄送方式提交申请"),
        ("申请政府信息公开能在网上交吗", "可以。申请人可通过互联网"),
        # More than the way asked: the fee is the question, the way only its subject.
        ("网上交申请要钱不", "不一定收费"),
        # The way set aside is not asked.
        ("我在外地打工回不了济南，不跑一趟能申请政府信息公开吗", "可以。公民、法人或者其他组织"),
    ],
)
def test_a_yes_no_asking_a_way_of_applying_gets_that_way_s_claim(answerer, question, lead):
    # "申请政府信息公开" pulls every such question towards who may apply; the way named is what is asked.
    answer = answerer.answer(question)
    assert answer.matched and answer.text.startswith(lead)


@pytest.mark.parametrize(
    ("question", "phone"),
    [
        ("在图书馆查阅政府信息的时候可以录像吗", "历下区图书馆（0531-81280128）"),
        ("去档案馆查阅政府信息要不要带身份证", "历下区档案馆（0531-8655814）"),
    ],
)
def test_a_visit_asked_of_what_the_guide_never_says_is_not_allowed_by_the_visit_s_claim(answerer, question, phone):
    # "可以查阅" answers whether one may look there, not what is asked of the visit.
    answer = answerer.answer(question)
    assert answer.matched and answer.text.startswith(f"指南没有写到这一点，如需确认，请致电{phone}")
    assert "政府信息查阅点" in answer.text


def test_a_visit_asked_of_what_its_topic_says_keeps_the_claim(answerer):
    answer = answerer.answer("在行政审批中心能查到政府文件吗")
    assert answer.matched and answer.text.startswith("可以。")


def test_a_range_named_by_its_edge_gets_the_claim_stating_that_range(answerer):
    # The claim of 31—100页 also says that 30页以下 is free; the one stating 30页以下 first answers "up to 30".
    answer = answerer.answer("页数没超过30页的话是不是就免费")
    assert answer.matched and answer.text.startswith("对，不需要。按量计收的，每件申请30页以下")


def test_a_year_alone_does_not_answer_with_the_guide_s_edition(answerer):
    # The guide's overview says "2022年4月更新"; nothing else of the question is said by it.
    answer = answerer.answer("2022年这样的有多少件")
    assert not answer.matched and "lixia.gov.cn" not in answer.text


def test_a_year_with_what_the_guide_s_overview_says_is_still_answered(answerer):
    answer = answerer.answer("2022年版的信息公开指南在哪能看到")
    assert answer.matched and "lixia.gov.cn" in answer.text


@pytest.mark.parametrize(
    ("question", "due"),
    [
        ("我12月3号把补正材料送过去了，期限到哪天", "第20个工作日为2026年12月31日"),
        # Of two days, the one the supplement was handed in: the answer period counts again from it.
        ("3月2号交的申请，让我补正，3月9号我补齐了，那最晚哪天", "自2026年3月9日（不计当日）起算第20个工作日"),
    ],
)
def test_a_supplement_handed_in_on_a_day_counts_the_answer_period_again_from_it(answerer, question, due):
    answer = answerer.answer(question)
    assert answer.matched and due in answer.text


def test_a_reply_named_in_a_remedy_question_asks_no_period(answerer):
    # "答复" names what one is dissatisfied with; no time is asked, so the remedies' periods do not answer.
    answer = answerer.answer("不服他们的答复，能去申请复议不")
    assert answer.matched and answer.text.startswith("可以。") and "行政复议办公室" in answer.text


@pytest.mark.parametrize("question", ["她们那有传真吗，号码多少", "他们有传真号码吗"])
def test_a_pronoun_for_the_agency_is_no_subject_of_its_own(answerer, question):
    answer = answerer.answer(question)
    assert answer.matched and answer.text.startswith("有。") and "传真：0531-88150105" in answer.text


@pytest.mark.parametrize(
    ("question", "topic", "lead", "stated"),
    [
        # The guide's fact that counting by items holds whatever the reply was: a claim of its own.
        ("答复结果是信息不存在的话，那一件也照样按件收钱吗", "fee_by_item_rule", "是。", "所有政府信息公开申请"),
        # The account the guide prints for its WeChat channel, asked as an account: where it is published.
        ("想关注一下历下头条公众号，它的微信号是多少", "proactive_forms", "", "lixiatoutiao"),
    ],
)
def test_facts_the_guide_prints_have_their_questions(answerer, question, topic, lead, stated):
    assert_answered(answerer, question, topic, lead, stated)
