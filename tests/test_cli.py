"""The command line as a user runs it: real subprocesses of `python -m bot`."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def gongkai(*args: str, stdin: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def test_ask_prints_a_sourced_answer():
    result = gongkai("ask", "电话")
    assert result.returncode == 0
    assert "0531-88150105" in result.stdout
    assert "来源：《济南市历下区人民政府信息公开指南》二(一)（2022年4月更新）" in result.stdout


def test_ask_jsonl_keeps_order_and_survives_bad_lines():
    lines = ['{"q": "投诉电话"}', "not json", '{"q": "推荐一部电影"}', '{"x": 1}', '{"q": "申请35件多少钱"}']
    result = gongkai("ask", "--jsonl", stdin="\n".join(lines) + "\n")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["matched"] for row in rows] == [True, False, False, False, True]
    assert "88150105" in rows[0]["answer"] and rows[0]["source"]
    assert rows[2]["source"] is None
    assert "3000元" in rows[4]["answer"]


def test_dev_question_set_scores_at_least_095(shared, tmp_path):
    questions = shared / "eval" / "dev_qa.jsonl"
    result = gongkai("ask", "--jsonl", stdin=questions.read_text(encoding="utf-8"))
    answers = tmp_path / "answers.jsonl"
    answers.write_text(result.stdout, encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(questions), str(answers)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    summary = scored.stdout.strip().splitlines()[-1]
    assert float(summary.split("overall")[1]) >= 0.95, scored.stdout
    out_scope = summary.split("out-of-scope")[1].split()[0]
    assert out_scope.split("/")[0] == out_scope.split("/")[1], scored.stdout


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (("fee", "--items", "35"), 0, "合计：3000元"),
        (("fee", "--items", "10"), 0, "合计：0元（不收费）"),
        (("fee", "--pages", "300"), 0, "合计：6700元"),
        (("fee", "--pages", "0"), 2, "页数应为1到100000之间的整数"),
        (("fee", "--items", "abc"), 2, "不是整数"),
        (("deadline", "2026-11-25"), 0, "2026年12月23日"),
        (("deadline", "2026-11-25", "--extended"), 0, "2027年1月21日"),
        (("deadline", "2026-09-30", "--days", "5"), 0, "国庆节"),
        (("deadline", "2026-02-30"), 2, "不是有效日期"),
        (("deadline", "2026-11-25", "--days", "0"), 2, "工作日"),
    ],
)
def test_calculator_commands(args, code, expected):
    result = gongkai(*args)
    assert result.returncode == code
    assert expected in (result.stdout if code == 0 else result.stderr)


def test_bad_config_is_one_line_not_a_traceback(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[store]\nsize = 1\n", encoding="utf-8")
    result = gongkai("--config", str(config), "ask", "电话")
    assert result.returncode == 2
    assert result.stderr.strip() == "配置错误：未知的配置项 store.size (unknown config key store.size)"


def test_console_chat_from_piped_stdin(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "db" / "g.db"}"\n', encoding="utf-8")
    script = "/start\n5\n３５件\n1\n\n/nope\n投诉电话\n"
    result = gongkai("--config", str(config), "chat", stdin=script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    blocks = [block for block in result.stdout.split("\n\n助手：") if block]
    assert len(blocks) >= 7
    assert "[5] 计算信息处理费" in result.stdout
    assert "请输入件数或页数" in result.stdout
    assert "合计：3000元" in result.stdout
    assert "请选择：" in result.stdout
    assert "消息是空的" in result.stdout
    assert "不认识的命令 /nope" in result.stdout
    assert "0531-88150105" in result.stdout
    assert (tmp_path / "db" / "g.db").exists()


def test_config_is_taken_after_the_subcommand_as_well_as_before(tmp_path):
    config = tmp_path / "gongkai.toml"
    config.write_text('[knowledge]\nagency = "nowhere"\n', encoding="utf-8")
    for args in (("--config", str(config), "ask", "电话"), ("ask", "电话", "--config", str(config))):
        result = gongkai(*args)
        assert result.returncode == 2 and "nowhere" in result.stderr  # the file was read, wherever it stood
    assert gongkai("ask", "电话", f"--config={config}").returncode == 2


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2008-04-30"])
def test_dates_outside_the_regulation_and_the_century_are_refused_in_chinese(day):
    result = gongkai("deadline", day)
    assert result.returncode == 2
    assert "超出可计算的范围" in result.stderr and "Traceback" not in result.stderr


def test_a_date_outside_the_range_in_a_question_is_said_not_computed():
    result = gongkai("ask", "我9999年12月31日提交的申请什么时候答复")
    assert result.returncode == 0 and "超出可计算的范围" in result.stdout and "Traceback" not in result.stderr


def test_a_closed_pipe_ends_quietly():
    lines = "".join('{"q": "电话多少"}\n' for _ in range(2000))
    command = f"{sys.executable} -m bot ask --jsonl | head -1"
    result = subprocess.run(
        ["/bin/sh", "-c", command],
        input=lines,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
