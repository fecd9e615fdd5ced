"""`make bench`: time to answer one question in-process, and a cold `gongkai ask` start."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from knowledge.answer import build_answerer

ROUNDS = 50
COLD_RUNS = 5
DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev_qa.jsonl"


def questions() -> list[str]:
    """The dev questions when ../shared is there, else every topic's phrasings."""
    if DEV_SET.is_file():
        return [json.loads(line)["q"] for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    answerer = build_answerer()
    return [ask for topic in answerer.guide.topics for ask in topic.ask]


def percentile(samples: list[float], share: float) -> float:
    """The value below which `share` of the sorted samples fall."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def warm_answer_times(asked: list[str]) -> list[float]:
    """Seconds per answer over ROUNDS passes, after one warm-up pass."""
    answerer = build_answerer()
    for question in asked:
        answerer.answer(question)
    samples = []
    for _ in range(ROUNDS):
        for question in asked:
            start = time.perf_counter()
            answerer.answer(question)
            samples.append(time.perf_counter() - start)
    return samples


def cold_start_times() -> list[float]:
    """Wall seconds of `gongkai ask "电话"` in a new process."""
    samples = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "ask", "电话"], check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    asked = questions()
    warm = warm_answer_times(asked)
    print(f"answer in-process: {len(asked)} questions × {ROUNDS} rounds")
    median_ms, p99_ms = statistics.median(warm) * 1000, percentile(warm, 0.99) * 1000
    print(f"  median {median_ms:.3f} ms   p99 {p99_ms:.3f} ms   (target p99 ≤ 5 ms)")
    cold = cold_start_times()
    print(f'cold `gongkai ask "电话"`: {COLD_RUNS} runs')
    print(f"  median {statistics.median(cold):.3f} s   max {max(cold):.3f} s   (target ≤ 1.5 s)")


if __name__ == "__main__":
    main()
