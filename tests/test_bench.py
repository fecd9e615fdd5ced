"""`make bench` keeps working: every section runs at a tiny size and prints its figures."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_benchmark_section_runs_and_reports():
    result = subprocess.run(
        [sys.executable, "-m", "bot.bench", "--clients", "5", "--messages", "3", "--rate", "50"]
        + ["--distinct", "10", "--natural-rate", "5", "--natural-seconds", "1", "--baseline-seconds", "0.5"]
        + ["--guess-seconds", "1", "--store-size", "3000"]
        + ["--wechat-users", "3", "--wechat-messages", "2", "--wechat-rate", "5", "--wechat-seconds", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = (
        "answer in-process, repeated",
        "answer in-process, cold with the semantic signal",
        "cold `gongkai ask",
        "websocket load, repeated questions",
        "websocket load, distinct natural questions",
        "reply latency p99",
        "/healthz every 100 ms before the load",
        "/healthz every 100 ms during the load",
        "/healthz p99 while 8 clients guess codes",
        "sessions rows written per 1,000 bare connects: 0   (target 0: met)",
        "wechat callbacks in safe mode (AES both ways, signatures checked), repeated questions",
        "wechat callbacks in safe mode, distinct natural questions: 5 at 5/s",
        "status lookup",
        "event insert",
        "overdue",
    )
    assert [figure for figure in figures if figure not in result.stdout] == []
    # Every distinct question got its answer.
    assert "answered 5, failed 0, no reply within 30 s 0" in result.stdout
    # Every WeChat callback was answered: 3 users × 2 repeated questions, then 5 distinct ones.
    assert result.stdout.count(", failed 0\n") >= 2 and "passive replies" in result.stdout
