"""`python -m bot.bench` (`make bench`): every benchmark in turn, or only the request store's."""

from __future__ import annotations

import argparse
import statistics

from bot.bench.answers import (
    COLD_RUNS,
    DISTINCT_QUESTIONS,
    QUESTION_SEED,
    ROUNDS,
    TARGET_COLD_ASK_S,
    TARGET_WARM_ANSWER_P99_MS,
    cold_answer_times,
    cold_start_times,
    natural_questions,
    report_cold_answers,
    warm_answer_times,
)
from bot.bench.common import percentile, questions, verdict
from bot.bench.connects import BARE_CONNECTS, report_bare_connects
from bot.bench.guessing import GUESS_CLIENTS, GUESS_SECONDS, report_guessing
from bot.bench.natural import BASELINE_SECONDS, NATURAL_RATE, NATURAL_SECONDS, report_natural
from bot.bench.store import STORE_SIZE, store_bench
from bot.bench.websocket import LoadPlan, report_load
from bot.bench.wechat import WECHAT_MESSAGES, WECHAT_RATE, WECHAT_SECONDS, WECHAT_USERS, WechatPlan, report_wechat


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.bench", description="gongkai benchmarks")
    parser.add_argument("--clients", type=int, default=500, help="concurrent WebSocket clients")
    parser.add_argument("--messages", type=int, default=20, help="questions each client asks")
    parser.add_argument("--rate", type=float, default=1000, help="paced run: messages per second in all")
    parser.add_argument(
        "--distinct", type=int, default=DISTINCT_QUESTIONS, help="distinct questions for the cold in-process answers"
    )
    parser.add_argument(
        "--natural-rate", type=float, default=NATURAL_RATE, help="distinct questions per second over the WebSocket"
    )
    parser.add_argument(
        "--natural-seconds", type=float, default=NATURAL_SECONDS, help="how long the distinct-question load runs"
    )
    parser.add_argument(
        "--baseline-seconds", type=float, default=BASELINE_SECONDS, help="/healthz baseline before that load"
    )
    parser.add_argument(
        "--guess-seconds", type=float, default=GUESS_SECONDS, help="how long the clients guessing query codes run"
    )
    parser.add_argument("--wechat-users", type=int, default=WECHAT_USERS, help="WeChat users sending callbacks")
    parser.add_argument(
        "--wechat-messages", type=int, default=WECHAT_MESSAGES, help="messages each WeChat user sends"
    )
    parser.add_argument("--wechat-rate", type=float, default=WECHAT_RATE, help="distinct WeChat questions per second")
    parser.add_argument(
        "--wechat-seconds", type=float, default=WECHAT_SECONDS, help="how long the distinct WeChat questions run"
    )
    parser.add_argument("--store-size", type=int, default=STORE_SIZE, help="synthetic requests in the store bench")
    sections = parser.add_mutually_exclusive_group()
    sections.add_argument("--skip-store", action="store_true", help="leave out the request-store section")
    sections.add_argument("--only-store", action="store_true", help="run only the request-store section")
    args = parser.parse_args()
    if args.store_size < 1:
        parser.error("--store-size must be at least 1")
    if min(args.distinct, args.clients, args.wechat_users, args.wechat_messages) < 1:
        parser.error("--distinct, --clients, --wechat-users and --wechat-messages must be at least 1")
    if not (0 < args.natural_rate <= 1000 and 0 < args.natural_seconds <= 600 and 0 < args.baseline_seconds <= 60):
        parser.error(
            "--natural-rate must be in (0, 1000], --natural-seconds in (0, 600], --baseline-seconds in (0, 60]"
        )
    if not (0 < args.wechat_rate <= 1000 and 0 < args.wechat_seconds <= 600):
        parser.error("--wechat-rate must be in (0, 1000], --wechat-seconds in (0, 600]")
    if not 0 < args.guess_seconds <= 600:
        parser.error("--guess-seconds must be in (0, 600]")
    if args.natural_rate * args.natural_seconds < 1:
        parser.error("--natural-rate × --natural-seconds must make at least one question")
    if args.only_store:
        store_bench(args.store_size)
        return
    asked = questions()
    warm, warm_inferences = warm_answer_times(asked)
    print(f"answer in-process, repeated questions (embeddings cached): {len(asked)} questions × {ROUNDS} rounds")
    median_ms, p99_ms = statistics.median(warm) * 1000, percentile(warm, 0.99) * 1000
    print(
        f"  median {median_ms:.3f} ms   p99 {p99_ms:.3f} ms   "
        f"(target p99 ≤ {TARGET_WARM_ANSWER_P99_MS:g} ms: {verdict(p99_ms, TARGET_WARM_ANSWER_P99_MS)})"
    )
    print(f"  model inferences during the rounds: {warm_inferences.calls} (cache misses)")
    pool = natural_questions(args.distinct + 3)
    cold = cold_answer_times(pool[3:], warm_up=pool[:3])
    report_cold_answers(cold)
    starts = cold_start_times()
    print(f'cold `gongkai ask "电话"`: {COLD_RUNS} runs')
    print(f"  median {statistics.median(starts):.3f} s   (target ≤ {TARGET_COLD_ASK_S:g} s)")
    print(f"  max {max(starts):.3f} s   (target ≤ {TARGET_COLD_ASK_S:g} s: {verdict(max(starts), TARGET_COLD_ASK_S)})")
    print("target: ≥ 1000 messages/s with p99 ≤ 100 ms at 500 connections")
    report_load(asked, LoadPlan(clients=args.clients, messages=args.messages, rate=args.rate))
    report_load(asked, LoadPlan(clients=args.clients, messages=args.messages, rate=0))
    report_natural(args.clients, args.natural_rate, args.natural_seconds, args.baseline_seconds)
    report_guessing(GUESS_CLIENTS, args.guess_seconds, args.baseline_seconds)
    report_bare_connects(BARE_CONNECTS)
    distinct = natural_questions(max(1, round(args.wechat_rate * args.wechat_seconds)), seed=QUESTION_SEED + 3)
    report_wechat(WechatPlan(args.wechat_users, args.wechat_messages, asked, distinct, args.wechat_rate))
    if not args.skip_store:
        store_bench(args.store_size)


if __name__ == "__main__":
    main()
