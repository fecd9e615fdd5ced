"""No traceback reaches a user or the console (issue 11): JSON from outside is read within bounds, the command line
ends every failure with one line, and log records of exceptions are one line unless the level is DEBUG."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli
from bot.bounded_json import MAX_DEPTH, JsonRefused, parse_json
from bot.cli import calculators
from bot.logs import OneLineFormatter
from tests.test_cli import gongkai

ROOT = Path(__file__).resolve().parents[1]
ID_NUMBER = "110101199003071238"


# -- bounded JSON ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("[" * 1000 + "]" * 1000, "嵌套过深"),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "嵌套过深"),
        ('{"a": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1), "嵌套过深"),
        ("1" * 5000, "数值无效或过长"),
        ('{"a": NaN}', "数值无效或过长"),
        ('{"a": Infinity}', "数值无效或过长"),
        ('{"\\ud800": 1}', "无效的字符"),
        ('["ok", "\\udfff"]', "无效的字符"),
        ('{"a": ', "不是有效的 JSON（第1行第7列）"),
        ('"' + "x" * 2000 + '"', "过大（最多1 KB）"),
        (b"\xff\xfe{}", "不是 UTF-8"),
    ],
)
def test_json_beyond_the_bounds_is_refused_with_a_reason(raw, reason):
    with pytest.raises(JsonRefused) as refused:
        parse_json(raw, max_bytes=1024 if reason.startswith("过大") else 64 * 1024)
    assert reason in refused.value.zh and refused.value.en


def test_json_within_the_bounds_is_read():
    deepest = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_json(deepest, max_bytes=1024) is not None
    assert parse_json('{"q": "受理机构电话", "n": [1, 2.5, true, null]}'.encode(), max_bytes=1024) == {
        "q": "受理机构电话",
        "n": [1, 2.5, True, None],
    }


# -- the command line ---------------------------------------------------------------------------------


def test_ask_jsonl_answers_odd_lines_instead_of_a_traceback():
    lines = ["[" * 2000 + "]" * 2000, '{"q": ' + "1" * 5000 + "}", '{"q": "\\ud800"}', '{"q": "投诉电话"}']
    result = gongkai("ask", "--jsonl", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["matched"] for row in rows] == [False, False, False, True]
    assert rows[0]["answer"].startswith("第1行不是有效的")


def test_a_request_file_with_a_lone_surrogate_is_one_line(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "g.db"}"\n', encoding="utf-8")
    body = '{"applicant_type": "citizen", "name": "张\\ud800三", "phone": "13812345678", "channel": "in_person"}'
    result = gongkai("--config", str(config), "requests", "add", "--json", body)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "申请的 JSON 含有无效的字符"


def test_ctrl_c_while_a_command_waits_ends_it_quietly():
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    try:
        process.stdin.write('{"q": "投诉电话"}\n')
        process.stdin.flush()
        assert "88150105" in process.stdout.readline()  # answered: now it waits for the next line
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == cli.EXIT_INTERRUPTED and "Traceback" not in err and "KeyboardInterrupt" not in err


def test_an_unexpected_failure_is_one_line(monkeypatch, capsys):
    def broken(*_args):
        raise RuntimeError(f"secret {ID_NUMBER}")

    monkeypatch.setattr(calculators, "cmd_fee", broken)
    assert cli.main(["fee", "--items", "3"]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith("出错了，命令没有完成：RuntimeError at test_no_tracebacks.py:")
    assert len(err.splitlines()) == 1 and ID_NUMBER not in err


# -- log lines ----------------------------------------------------------------------------------------


def record_of_a_failure() -> logging.LogRecord:
    try:
        raise ValueError(f"bad ID {ID_NUMBER}")
    except ValueError:
        return logging.getLogger("bot.test").makeRecord(
            "bot.test", logging.ERROR, __file__, 1, "handling a message failed", (), sys.exc_info()
        )


def test_an_exception_is_logged_on_one_line_without_its_message():
    line = OneLineFormatter().format(record_of_a_failure())
    assert "\n" not in line and "Traceback" not in line and ID_NUMBER not in line
    described = r"\[ValueError at test_no_tracebacks\.py:\d+ in record_of_a_failure\]$"
    assert re.search(r"handling a message failed " + described, line)


def test_system_errors_keep_their_message_and_debug_keeps_the_traceback():
    try:
        Path("/nonexistent/gongkai").read_text()
    except OSError:
        record = logging.makeLogRecord({"msg": "reading failed", "exc_info": sys.exc_info()})
    assert "No such file or directory" in OneLineFormatter().format(record)
    assert "Traceback" in OneLineFormatter(tracebacks=True).format(record_of_a_failure())


def test_the_console_log_is_one_line_per_record(tmp_path):
    """The configured process logs an engine failure (a traceback before) on one line."""
    script = (
        "import logging, sys\n"
        "from bot.cli import configure_logging\n"
        "configure_logging('WARNING')\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('bot.engine').exception('handling a message of channel web failed')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60, env=dict(os.environ)
    )
    assert result.returncode == 0
    assert len(result.stderr.splitlines()) == 1 and "ZeroDivisionError at <string>:5" in result.stderr
