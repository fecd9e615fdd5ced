"""What a year's report says in words: the report's sentences kept as passages, and the passage quoted where a
question names a year and no figure answers it."""

from __future__ import annotations

import datetime

import pytest

from knowledge.answer import Answerer, build_answerer
from knowledge.reports import load_reports

# (question, year, words the quoted passage holds): facts the reports state in words, not numbers.
SAID = [
    ("2022年政务公开考核细则从哪些方面明确考核目标", 2022, "从组织管理、制度建设等方面明确考核的目标清单"),
    ("2020年打造的指尖政务微平台叫什么", 2020, "“历马办”微平台"),
    ("2021年政务公开重点工作要点文号", 2021, "历下政办公开发〔2021〕1号"),
    ("2019年政务公开纳入综合考核的分值各是多少", 2019, "分值分别为3分和10分"),
    ("2014年制定了什么内容保障目录", 2014, "《历开系统内容保障目录表》"),
    # Words the applications table is named by, but no count asked: what the text says of them.
    ("2019年申请的内容主要涉及哪些方面", 2019, "征地补偿、房屋拆迁、棚户区改造"),
]


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return build_answerer(today=lambda: datetime.date(2026, 11, 25))


def test_every_report_keeps_its_sentences_with_their_lines() -> None:
    for report in load_reports():
        assert len(report.passages) > 40
        lines = [passage.line for passage in report.passages]
        assert lines == sorted(lines)
        assert all(not passage.text.endswith("。") and "|" not in passage.text for passage in report.passages)


@pytest.mark.parametrize(("question", "year", "words"), SAID)
def test_a_year_named_quotes_that_years_passage(answerer: Answerer, question: str, year: int, words: str) -> None:
    answer = answerer.answer(question)
    assert answer.matched and answer.topic == "report_passage"
    assert answer.text.startswith(f"{year}年报告正文：“") and words in answer.text
    source = answer.source or ""
    assert f"{year}年政府信息公开工作年度报告" in source and "行）" in source
    assert answer.focus is not None and answer.focus.report is not None and answer.focus.report.years == (year,)


def test_a_follow_up_year_asks_the_same_of_that_years_report(answerer: Answerer) -> None:
    first = answerer.answer("2020年打造的指尖政务微平台叫什么")
    then = answerer.answer("那2022年呢", first.focus)
    assert then.text.startswith("2022年的年度报告没有写到这一点")


def test_what_no_report_says_stays_unanswered(answerer: Answerer) -> None:
    answer = answerer.answer("2022年区政府食堂伙食怎么样")
    assert not answer.matched and "报告正文" not in answer.text


def test_a_year_without_a_report_is_told_so(answerer: Answerer) -> None:
    answer = answerer.answer("2018年制定了什么内容保障目录")
    assert not answer.matched and answer.topic == "report_missing_year"
    assert "没有2018年的年度报告数据" in answer.text


def test_no_year_needs_a_name_only_one_report_prints(answerer: Answerer) -> None:
    named = answerer.answer("历开系统内容保障目录表是哪年制定的")
    assert named.matched and named.text.startswith("2014年报告正文：“")
    assert not answerer.answer("营业执照在哪办理").matched  # printed in a passage, but no name of the report's


# (question, plain answer): whether a thing happened in a year, answered by the passage saying so, or that it did not.
WHETHER = [
    ("2020年收到过有关政府信息公开工作的举报投诉吗", "没有。"),
    ("2020年有人举报投诉政府信息公开工作吗", "没有。"),  # "有人" asks whether anyone did; it is not what happened
    ("2014年各单位发布的政府信息有没有涉密内容", "没有。"),
    ("2020年有没有打造指尖政务微平台", "有。"),
    ("2019年申请的内容有没有涉及房屋拆迁", "有。"),
]


@pytest.mark.parametrize(("question", "lead"), WHETHER)
def test_whether_it_happened_is_led_by_the_passages_plain_answer(answerer: Answerer, question: str, lead: str) -> None:
    answer = answerer.answer(question)
    assert answer.matched and answer.topic == "report_passage"
    assert answer.text.startswith(f"{lead}{question[:4]}年报告正文：“")


def test_a_passage_is_not_led_where_nothing_is_asked_whether(answerer: Answerer) -> None:
    answer = answerer.answer("2020年打造的指尖政务微平台叫什么")
    assert answer.text.startswith("2020年报告正文：“")
