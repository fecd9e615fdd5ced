"""Answers in-process: repeated questions (embeddings cached), distinct new ones through the semantic model, and
a cold `gongkai ask`."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from bot.bench.common import percentile, verdict
from bot.bench.websocket import machine_cpu
from knowledge.answer import Answerer, build_answerer
from knowledge.bank import load_bank
from knowledge.text import normalize

ROUNDS = 50
COLD_RUNS = 5
TARGET_WARM_ANSWER_P99_MS = 5.0
TARGET_COLD_ANSWER_P99_MS = 60.0
TARGET_COLD_ASK_S = 2.0


DISTINCT_QUESTIONS = 300


QUESTION_SEED = 20260101
# How people open a question in the chat: with and without a clause of their own before it.
POLITE_PREFIXES = (
    "请问，",
    "你好，我想问一下",
    "麻烦问下",
    "您好，请教一下",
    "想咨询一下，",
    "打扰了，",
    "我想了解一下",
    "老师好，问一下",
    "问个问题：",
    "帮我看看，",
    "同事让我问问",
    "我是附近的居民，",
)

POLITE_SUFFIXES = ("", "，谢谢", "，麻烦了", "，急")


def natural_questions(count: int, *, seed: int = QUESTION_SEED) -> list[str]:
    """`count` distinct questions (distinct after normalisation) made of the example bank's texts, each with a
    politeness or context phrase around it. Every example is used once before any is used again, so a question's
    own clauses are new too; only the recurring phrases ("请问") are seen again, as in real traffic."""
    examples = sorted(set(load_bank().texts()))
    random.Random(seed).shuffle(examples)
    wrappers = [(prefix, suffix) for suffix in POLITE_SUFFIXES for prefix in POLITE_PREFIXES]
    asked: list[str] = []
    seen: set[str] = set()
    for round_ in range(len(wrappers)):
        for i, example in enumerate(examples):
            prefix, suffix = wrappers[(i + round_ * 7) % len(wrappers)]
            question = f"{prefix}{example}{suffix}"
            key = normalize(question)
            if key in seen:
                continue
            seen.add(key)
            asked.append(question)
            if len(asked) == count:
                return asked
    raise ValueError(f"the example bank makes only {len(asked)} distinct questions, {count} asked for")


@dataclass
class ColdAnswers:
    first: float  # seconds of a fresh answerer's first answer: the model and the bank vectors load
    seconds: list[float]  # per distinct question
    inferences: list[int]  # model inferences per question (the whole text, and each clause read alone)
    model_seconds: list[float]  # of which in the model
    others: float | None = None  # cores other processes kept busy meanwhile (they slow the figures down)


def cold_answer_times(asked: list[str], warm_up: list[str]) -> ColdAnswers:
    """A fresh answerer's first answer, then each distinct question asked once, after `warm_up` questions (none of
    them in `asked`)."""
    answerer = build_answerer()
    start = time.perf_counter()
    answerer.answer(warm_up[0])
    first = time.perf_counter() - start
    for question in warm_up[1:]:
        answerer.answer(question)
    inferences = Inferences(answerer)
    cold = ColdAnswers(first, [], [], [])
    machine, own, began = machine_cpu(), time.process_time(), time.perf_counter()
    for question in asked:
        calls, model = inferences.calls, inferences.seconds
        start = time.perf_counter()
        answerer.answer(question)
        cold.seconds.append(time.perf_counter() - start)
        cold.inferences.append(inferences.calls - calls)
        cold.model_seconds.append(inferences.seconds - model)
    machine_now, seconds = machine_cpu(), time.perf_counter() - began
    if machine is not None and machine_now is not None:
        cold.others = max(0.0, (machine_now[0] - machine[0] - (time.process_time() - own)) / seconds)
    return cold


class Inferences:
    """Counts the embedding model's inferences (calls of its query()) and the time spent in them."""

    def __init__(self, answerer: Answerer) -> None:
        self.calls = 0
        self.seconds = 0.0
        model = answerer.ranker.embedder._loaded()
        original = model.query

        def query(texts):
            start = time.perf_counter()
            try:
                return original(texts)
            finally:
                self.calls += 1
                self.seconds += time.perf_counter() - start

        model.query = query


def warm_answer_times(asked: list[str]) -> tuple[list[float], Inferences]:
    """Seconds per answer over ROUNDS passes, after one warm-up pass; the model's inferences during the passes."""
    answerer = build_answerer()
    for question in asked:
        answerer.answer(question)
    inferences = Inferences(answerer)
    samples = []
    for _ in range(ROUNDS):
        for question in asked:
            start = time.perf_counter()
            answerer.answer(question)
            samples.append(time.perf_counter() - start)
    return samples, inferences


def cold_start_times() -> list[float]:
    """Wall seconds of `gongkai ask "电话"` in a new process."""
    samples = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "ask", "电话"], check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return samples


def report_cold_answers(cold: ColdAnswers) -> None:
    """Print the cold in-process figures, and where their time goes."""
    print(
        f"answer in-process, cold with the semantic signal: {len(cold.seconds)} distinct natural questions, "
        "each asked once (build_answerer().answer, one thread)"
    )
    print(
        f"  first answer of a fresh answerer (loads the model and bank vectors): {cold.first * 1000:.0f} ms   "
        "(no target)"
    )
    median_ms, p99_ms = statistics.median(cold.seconds) * 1000, percentile(cold.seconds, 0.99) * 1000
    target = TARGET_COLD_ANSWER_P99_MS
    print(f"  median {median_ms:.1f} ms   (target: p99 ≤ {target:g} ms)")
    print(
        f"  p99 {p99_ms:.1f} ms   max {max(cold.seconds) * 1000:.1f} ms   "
        f"(target p99 ≤ {target:g} ms: {verdict(p99_ms, target)})"
    )
    per_call = sum(cold.model_seconds) / max(1, sum(cold.inferences)) * 1000
    print(
        f"  where the time goes: {statistics.mean(cold.inferences):.2f} model inferences a question on average "
        f"(the whole text, then each new clause read alone), {per_call:.1f} ms each; "
        f"{sum(cold.model_seconds) / sum(cold.seconds):.0%} of the time is in the model"
        + ("" if cold.others is None else f"; other processes kept {cold.others:.2f} cores busy meanwhile")
    )
    by_count: dict[int, list[float]] = {}
    for seconds, calls in zip(cold.seconds, cold.inferences, strict=True):
        by_count.setdefault(calls, []).append(seconds)
    for calls, samples in sorted(by_count.items()):
        print(
            f"    {calls} inference{'' if calls == 1 else 's'}: {len(samples)} questions   "
            f"median {statistics.median(samples) * 1000:.1f} ms   p99 {percentile(samples, 0.99) * 1000:.1f} ms"
        )
