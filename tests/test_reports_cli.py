"""`gongkai reports generate` and `gongkai reports check` as a staff member runs them."""

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def gongkai(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "g.db"}"\n', encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_generate_prints_the_table_of_a_year(tmp_path):
    year = str(date.today().year)
    added = gongkai(
        tmp_path,
        "requests",
        "add",
        "--json",
        '{"applicant_type": "citizen", "name": "张三", "phone": "13812345678", "channel": "in_person",'
        f' "description": "《某某通知》", "received_on": "{date.today().isoformat()}"}}',
    )
    assert added.returncode == 0, added.stderr
    text = gongkai(tmp_path, "reports", "generate", year)
    assert text.returncode == 0, text.stderr
    assert "一、本年新收政府信息公开申请数量" in text.stdout
    rows = list(csv.reader(io.StringIO(gongkai(tmp_path, "reports", "generate", year, "--format", "csv").stdout)))
    assert rows[0] == ["项目", "自然人", "法人或其他组织", "总计"]
    assert rows[1][1:] == ["1", "0", "1"]


def test_generate_refuses_a_year_out_of_range(tmp_path):
    result = gongkai(tmp_path, "reports", "generate", "1999")
    assert result.returncode == 2 and result.stdout == ""


def test_check_lists_every_discrepancy_of_the_published_reports(tmp_path):
    result = gongkai(tmp_path, "reports", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "共发现17处不一致"
    assert "正文称" in result.stdout and "第670" in result.stdout
