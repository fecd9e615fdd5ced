"""Score question sets and dialogues the way the issue measures them.

    python tests/evaluate.py QA.jsonl ANSWERS.jsonl

QA lines: {"id", "q", "all": [[alternatives], ...]} or {"id", "q", "out": true}; optional "chat" (turns of one
dialogue share it, in order) and "yn": "yes" | "no" | "silent" (the direct answer a yes/no question needs).
ANSWERS lines: what `gongkai ask --jsonl` prints ({"answer", "matched", "clarify"?}), in the same order.

An in-scope question is right when the answer is matched and holds an alternative of every group (spaces and
dashes ignored, "：" read as ":"), and, for a yes/no question, its first sentence gives the expected answer. It
is confidently wrong when matched but not right; a clarifying question or an honest no is neither. An
out-of-scope question is right when not matched. A follow-up is every turn of a dialogue after its first.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

_YES = ("可以", "是", "会", "需要", "要", "能", "行", "对", "有", "算", "收", "计入", "必须", "应当")
_SILENT = ("没有规定", "没有明确", "未规定", "没有写", "没有说明", "没有提到")


def norm(text: str) -> str:
    return re.sub(r"[\s\-－—–‐]", "", text).replace("：", ":")


def lead_of(answer: str) -> str:
    """The answer's first sentence."""
    return re.split(r"[。！!\n]", answer.strip(), maxsplit=1)[0]


def lead_matches(expected: str, answer: str) -> bool:
    lead = lead_of(answer)
    if expected == "silent":
        return any(word in lead for word in _SILENT)
    if any(word in lead for word in _SILENT):
        return False
    negative = lead.startswith(("不", "没有", "否", "无需", "无须", "免"))
    if expected == "no":
        return negative
    return not negative and lead.startswith(_YES)


def is_right(item: dict, answer: str, matched: bool) -> bool:
    if item.get("out"):
        return matched is False
    text = norm(answer)
    if not matched or not all(any(norm(alt) in text for alt in group) for group in item["all"]):
        return False
    return "yn" not in item or lead_matches(item["yn"], answer)


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, good: bool) -> None:
        self.right += good
        self.total += 1

    def __str__(self) -> str:
        share = self.right / self.total if self.total else 0.0
        return f"{self.right}/{self.total} ({share:.1%})"


@dataclass
class Scores:
    in_scope: Tally
    wrong: Tally  # confidently wrong among in-scope questions
    out_of_scope: Tally
    follow_ups: Tally
    yes_no: Tally
    misses: list[str]

    def summary(self) -> str:
        return (
            f"in-scope right {self.in_scope}; confidently wrong {self.wrong}; out-of-scope declined "
            f"{self.out_of_scope}; follow-ups right {self.follow_ups}; yes/no leads right {self.yes_no}"
        )


def score(items: list[dict], answers: list[dict]) -> Scores:
    """Tally every measure over items and their answers (same order)."""
    if len(items) != len(answers):
        raise ValueError(f"{len(answers)} answers for {len(items)} questions")
    scores = Scores(Tally(), Tally(), Tally(), Tally(), Tally(), [])
    seen_chats: set[str] = set()
    for item, reply in zip(items, answers, strict=True):
        answer, matched = reply.get("answer") or "", bool(reply.get("matched"))
        good = is_right(item, answer, matched)
        chat = item.get("chat")
        if chat is not None:
            if chat in seen_chats:
                scores.follow_ups.add(good)
            seen_chats.add(chat)
        if item.get("out"):
            scores.out_of_scope.add(good)
        else:
            scores.in_scope.add(good)
            scores.wrong.add(matched and not good)
            if "yn" in item:
                scores.yes_no.add(matched and lead_matches(item["yn"], answer))
        if not good:
            flag = "WRONG" if matched and not item.get("out") else "MISS"
            scores.misses.append(f"{flag} {item['id']} {item['q']} => {answer[:100]!r}")
    return scores


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


if __name__ == "__main__":
    result = score(read_jsonl(Path(sys.argv[1])), read_jsonl(Path(sys.argv[2])))
    if "-q" not in sys.argv:
        print("\n".join(result.misses))
    print(result.summary())
