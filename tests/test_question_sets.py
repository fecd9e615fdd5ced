"""Further question sets: does the bot generalise beyond the sample questions?

qa_extra.jsonl, qa_holdout.jsonl, qa_holdout3.jsonl, qa_fresh4–15, qa_fresh17, qa_fresh18, qa_fresh20–28 (with
dialogues_fresh4–15, dialogues_fresh17, dialogues_fresh18 and dialogues_fresh20–28) were each
written without looking at the bot's code and measured once before the answerer was changed for them; they now guard
against regressions.
qa_fresh16 with dialogues_fresh16, and dialogues_fresh19, written the same way, were development sets whose misses
were read while the answerer was changed. Every question goes through the answerer in-process and is scored by
tests/evaluate.py: the shared scorer's rule (a normal question is right when the answer is matched and every group in
"all" has an alternative in the rendered answer; an out-of-scope question when it is not matched), and for a yes/no
question also the right plain answer in its first sentence.
"""

import datetime
from pathlib import Path

import pytest

from knowledge.answer import build_answerer
from tests.evaluate import is_right, read_jsonl, score

QA_FILES = [
    "qa_extra.jsonl",
    "qa_holdout.jsonl",
    "qa_holdout3.jsonl",
    "qa_fresh4.jsonl",
    "qa_fresh5.jsonl",
    "qa_fresh6.jsonl",
    "qa_fresh7.jsonl",
    "qa_fresh8.jsonl",
    "qa_fresh9.jsonl",
    "qa_fresh10.jsonl",
    "qa_fresh11.jsonl",
    "qa_fresh12.jsonl",
    "qa_fresh13.jsonl",
    "qa_fresh14.jsonl",
    "qa_fresh15.jsonl",
    "qa_fresh16.jsonl",
    "qa_fresh17.jsonl",
    "qa_fresh18.jsonl",
    "qa_fresh20.jsonl",
    "qa_fresh21.jsonl",
    "qa_fresh22.jsonl",
    "qa_fresh23.jsonl",
    "qa_fresh24.jsonl",
    "qa_fresh25.jsonl",
    "qa_fresh26.jsonl",
    "qa_fresh27.jsonl",
    "qa_fresh28.jsonl",
]
DIALOGUE_FILES = [
    "dialogues_fresh4.jsonl",
    "dialogues_fresh5.jsonl",
    "dialogues_fresh6.jsonl",
    "dialogues_fresh7.jsonl",
    "dialogues_fresh8.jsonl",
    "dialogues_fresh9.jsonl",
    "dialogues_fresh10.jsonl",
    "dialogues_fresh11.jsonl",
    "dialogues_fresh12.jsonl",
    "dialogues_fresh13.jsonl",
    "dialogues_fresh14.jsonl",
    "dialogues_fresh15.jsonl",
    "dialogues_fresh16.jsonl",
    "dialogues_fresh17.jsonl",
    "dialogues_fresh18.jsonl",
    "dialogues_fresh19.jsonl",
    "dialogues_fresh20.jsonl",
    "dialogues_fresh21.jsonl",
    "dialogues_fresh22.jsonl",
    "dialogues_fresh23.jsonl",
    "dialogues_fresh24.jsonl",
    "dialogues_fresh25.jsonl",
    "dialogues_fresh26.jsonl",
    "dialogues_fresh27.jsonl",
    "dialogues_fresh28.jsonl",
]
TODAY = datetime.date(2026, 11, 25)
MIN_SCORE = 0.80
# Follow-ups answered in context, of the dialogue set (the target is 90%).
MIN_FOLLOW_UPS = 0.75
# A set below that when it was added keeps the floor it was measured at (dialogues_fresh17: 55/81, 67.9%;
# dialogues_fresh20: 105/141, 74.5%).
FOLLOW_UP_FLOORS = {"dialogues_fresh17.jsonl": 0.67, "dialogues_fresh20.jsonl": 0.74}
# Out-of-scope questions declined, per set (the target is 95%; the fresh sets reach 85–96%).
MIN_OUT_DECLINED = 0.85


def load_questions(name: str) -> list[dict]:
    return read_jsonl(Path(__file__).parent / "data" / name)


@pytest.fixture(scope="module", params=QA_FILES)
def results(request) -> list[tuple[dict, str, bool, bool]]:
    answerer = build_answerer(today=lambda: TODAY)
    rows = []
    for item in load_questions(request.param):
        r = answerer.answer(item["q"])
        text = r.render()
        rows.append((item, text, r.matched, is_right(item, text, r.matched)))
    return rows


def describe(rows) -> str:
    return "\n".join(f"MISS {item['id']} {item['q']} => {text[:100]!r}" for item, text, _, good in rows if not good)


@pytest.mark.parametrize("name", QA_FILES)
def test_question_file_is_well_formed(name) -> None:
    items = load_questions(name)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    for item in items:
        assert item["q"].strip()
        if item.get("out"):
            assert item["out"] is True and "all" not in item
        else:
            # A yes/no question may be right by its plain answer alone ("all": []).
            assert item["all"] or "yn" in item
            assert all(group and all(alt for alt in group) for group in item["all"])


def test_out_of_scope_questions_are_declined(results) -> None:
    out = [row for row in results if row[0].get("out")]
    misses = [row for row in out if not row[3]]
    assert len(misses) <= len(out) * (1 - MIN_OUT_DECLINED), "answered as matched:\n" + describe(misses)


def test_overall_score(results) -> None:
    right = sum(good for *_, good in results)
    score = right / len(results)
    assert score >= MIN_SCORE, f"score {right}/{len(results)} = {score:.3f} < {MIN_SCORE}\n" + describe(results)


@pytest.mark.parametrize("name", DIALOGUE_FILES)
def test_dialogue_follow_ups_are_answered_in_context(name) -> None:
    """Turns sharing a chat are one conversation; follow-ups (every turn after a chat's first) are scored."""
    answerer = build_answerer(today=lambda: TODAY)
    items = load_questions(name)
    focus: dict = {}
    answers = []
    for item in items:
        answer = answerer.answer(item["q"], focus.get(item["chat"]))
        focus[item["chat"]] = answer.focus
        answers.append({"answer": answer.render(), "matched": answer.matched})
    result = score(items, answers)
    floor = FOLLOW_UP_FLOORS.get(name, MIN_FOLLOW_UPS)
    assert result.follow_ups.right >= floor * result.follow_ups.total, "\n".join(result.misses)
