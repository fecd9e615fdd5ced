"""`gongkai requests ...` and `gongkai backup` as staff run them: real subprocesses over a SQLite file.

The subprocesses use today's real date (China time), so every date here is relative to it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.requests.repository import RequestStore
from bot.store import Store
from knowledge.clock import CHINA
from knowledge.tracking import CODE_ALPHABET
from knowledge.workdays import default_calendar, format_date

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


def china_today() -> date:
    return datetime.now(CHINA).date()


def days_ago(n: int) -> str:
    return (china_today() - timedelta(days=n)).isoformat()


def applicant(**fields) -> dict:
    body = {
        "applicant_type": "citizen",
        "name": "张三",
        "phone": "13812345678",
        "channel": "in_person",
        "description": "2025年历下区泉城路改造工程的立项批复文件",
        "received_on": days_ago(10),
    }
    body.update(fields)
    return {key: value for key, value in body.items() if value is not None}


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "data" / "gongkai.db"


@pytest.fixture
def config(tmp_path, db) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[store]\npath = "{db.as_posix()}"\n', encoding="utf-8")
    return path


@pytest.fixture
def gongkai(config, tmp_path):
    """Run `python -m bot --config CONFIG ...` in a subprocess."""

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bot", "--config", str(config), *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        )

    return run


@pytest.fixture
def number(db) -> str:
    """A request received ten days ago, registered in the database file directly."""
    store = Store.open(db)
    try:
        return RequestStore(store, calendar=default_calendar()).create(applicant()).view.tracking_no
    finally:
        store.close()


def rows(db: Path) -> tuple[int, int]:
    """Requests and events in the file: what a refused command must leave unchanged."""
    with closing(sqlite3.connect(db)) as conn:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("requests", "events"))


def assert_one_chinese_line(result: subprocess.CompletedProcess, code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    message = result.stderr.strip()
    assert message and "\n" not in message and CJK.search(message), result.stderr
    assert "Traceback" not in result.stderr
    return message


def test_add_prints_number_and_query_code_once(gongkai, db):
    result = gongkai("requests", "add", "--json", json.dumps(applicant(), ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"已登记申请 LX{china_today().year}-000001"
    code = lines[1].removeprefix("查询码（只显示这一次）：")
    assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)
    assert "答复期限" in lines[2]

    shown = gongkai("requests", "show", f"LX{china_today().year}-000001", "--json")
    exported = gongkai("requests", "export", "--format", "json")
    for later in (shown, exported, gongkai("requests", "list", "--json")):
        assert later.returncode == 0 and code not in later.stdout
    assert rows(db) == (1, 1)


def test_add_from_a_file_and_from_stdin(gongkai, tmp_path, db):
    body = tmp_path / "request.json"
    body.write_text(json.dumps(applicant(name="李四"), ensure_ascii=False), encoding="utf-8")
    assert gongkai("requests", "add", "--file", str(body)).returncode == 0
    piped = gongkai("requests", "add", stdin=json.dumps(applicant(name="王五", received_on=None), ensure_ascii=False))
    assert piped.returncode == 0, piped.stderr
    assert "尚未记录收到日期" in piped.stdout
    listed = [json.loads(line) for line in gongkai("requests", "list", "--json").stdout.splitlines()]
    assert sorted(row["applicant"]["name"] for row in listed) == ["李四", "王五"]


def test_event_moves_the_request_and_prints_status_and_due_date(gongkai, number, db):
    result = gongkai("requests", "event", number, "--type", "extend", "--on", days_ago(1), "--note", "需调取档案")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "状态：办理中（已延长答复期限）（extended）"
    assert result.stdout.splitlines()[2].startswith("答复期限：")

    fee = gongkai("requests", "event", number.lower(), "--type", "fee_notice", "--on", days_ago(1), "--amount", "100")
    assert fee.returncode == 0, fee.stderr
    assert "前缴费" in fee.stdout
    paid = gongkai("requests", "event", number, "--type", "fee_paid", "--on", days_ago(0))
    assert "状态：办理中（已延长答复期限）（extended）" in paid.stdout
    reply = gongkai("requests", "event", number, "--type", "reply", "--on", days_ago(0), "--outcome", "disclosed")
    assert reply.returncode == 0, reply.stderr
    assert f"已于{format_date(china_today())}办结：予以公开" in reply.stdout
    assert rows(db) == (1, 5)


def test_show_summarises_in_chinese(gongkai, number):
    gongkai("requests", "event", number, "--type", "extend", "--on", days_ago(1), "--note", "需调取\n档案")
    result = gongkai("requests", "show", number)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith(f"申请 {number}\n状态：办理中（已延长答复期限）（extended）\n")
    assert "申请人：张三（公民）；电话：13812345678" in text
    assert "提交渠道：当面提交" in text
    assert "期限说明：" in text and "收到申请，自次日起第20个工作日为答复期限" in text
    assert f"  {days_ago(10)} 收到申请（receive）\n" in text
    assert f"  {days_ago(1)} 延长答复期限（extend）：备注“需调取 档案”\n" in text


def test_show_json_is_the_admin_view(gongkai, number):
    view = json.loads(gongkai("requests", "show", number, "--json").stdout)
    assert (view["tracking_no"], view["status"], view["received_on"]) == (number, "processing", days_ago(10))
    assert [event["type"] for event in view["events"]] == ["receive"]
    assert view["due_explanation"] and view["due_on"]


def test_list_one_line_per_request_with_filters(gongkai, db):
    store = Store.open(db)
    requests = RequestStore(store, calendar=default_calendar())
    overdue = requests.create(applicant(received_on=days_ago(60))).view.tracking_no
    recent = requests.create(applicant(received_on=days_ago(1))).view.tracking_no
    waiting = requests.create(applicant(received_on=None)).view.tracking_no
    store.close()

    everything = gongkai("requests", "list").stdout.splitlines()
    assert [line.split()[0] for line in everything] == [overdue, recent, waiting]
    assert everything[0].endswith("逾期  办理中") and "期限 —" in everything[2]
    assert [line.split()[0] for line in gongkai("requests", "list", "--overdue").stdout.splitlines()] == [overdue]
    assert gongkai("requests", "list", "--status", "submitted").stdout.split()[0] == waiting
    assert gongkai("requests", "list", "--due-within", "60").stdout.split()[0] == recent
    empty = gongkai("requests", "list", "--status", "answered")
    assert (empty.returncode, empty.stdout) == (0, "")
    rows_json = [json.loads(line) for line in gongkai("requests", "list", "--overdue", "--json").stdout.splitlines()]
    assert [(row["tracking_no"], row["overdue"]) for row in rows_json] == [(overdue, True)]


def test_export_csv_has_no_personal_data(gongkai, number, tmp_path):
    result = gongkai("requests", "export")
    assert result.returncode == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0]) == [
        "tracking_no",
        "status",
        "received_on",
        "due_on",
        "overdue",
        "outcome",
        "channel",
        "applicant_type",
        "created_at",
    ]
    assert [(row["tracking_no"], row["status"], row["received_on"], row["overdue"]) for row in table] == [
        (number, "processing", days_ago(10), "false")
    ]
    assert (table[0]["channel"], table[0]["applicant_type"], table[0]["outcome"]) == ("in_person", "citizen", "")
    for private in ("张三", "13812345678", "泉城路"):
        assert private not in result.stdout

    output = tmp_path / "exports" / "requests.csv"
    written = gongkai("requests", "export", "--output", str(output))
    assert written.returncode == 0 and output.read_text(encoding="utf-8") == result.stdout


def test_export_json_to_a_file(gongkai, number, tmp_path):
    output = tmp_path / "requests.json"
    result = gongkai("requests", "export", "--format", "json", "--output", str(output))
    assert (result.returncode, result.stdout.strip()) == (0, f"已导出到 {output}")
    (row,) = json.loads(output.read_text(encoding="utf-8"))["requests"]
    assert (row["tracking_no"], row["applicant"]["name"], row["description"][:4]) == (number, "张三", "2025")
    assert not any("code" in key for key in row)


def test_backup_is_a_sound_copy_and_never_overwrites_by_accident(gongkai, number, tmp_path):
    target = tmp_path / "backups" / "gongkai-backup.db"
    result = gongkai("backup", str(target))
    assert (result.returncode, result.stdout.strip()) == (0, f"已备份到 {target}")
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT tracking_no FROM requests").fetchall() == [(number,)]
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert list(target.parent.iterdir()) == [target]

    before = target.read_bytes()
    refused = gongkai("backup", str(target))
    assert "已存在" in assert_one_chinese_line(refused, 2)
    assert target.read_bytes() == before

    gongkai("requests", "event", number, "--type", "extend", "--on", days_ago(1))
    forced = gongkai("backup", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 2


def test_backup_of_a_database_open_in_another_process(gongkai, number, db, tmp_path):
    live = Store.open(db)
    try:
        RequestStore(live, calendar=default_calendar()).add_event(number, {"type": "extend", "on": days_ago(1)})
        # The server still holds the file open, its last write only in the WAL: the copy must have it.
        assert (db.parent / f"{db.name}-wal").stat().st_size > 0
        result = gongkai("backup", str(tmp_path / "online.db"))
    finally:
        live.close()
    assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(tmp_path / "online.db")) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT type FROM events ORDER BY id").fetchall() == [("receive",), ("extend",)]


def test_backup_over_a_non_database_file_with_force(gongkai, number, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("not a database", encoding="utf-8")
    assert gongkai("backup", str(target), "--force").returncode == 0
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_without_a_database_says_so(gongkai, tmp_path):
    result = gongkai("backup", str(tmp_path / "copy.db"))
    assert "数据库文件不存在" in assert_one_chinese_line(result, 1)
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.parametrize("command", ["show", "event"])
def test_unknown_number_exits_1(gongkai, number, db, command):
    extra = ["--type", "extend", "--on", days_ago(1)] if command == "event" else []
    result = gongkai("requests", command, "LX2020-000999", *extra)
    assert assert_one_chinese_line(result, 1) == "找不到申请 LX2020-000999"
    assert rows(db) == (1, 1)


BAD_COMMANDS = {
    "add missing fields": ["add", "--json", '{"applicant_type": "citizen"}'],
    "add not json": ["add", "--json", "name=张三"],
    "add json array": ["add", "--json", "[]"],
    "add sql-looking type": ["add", "--json", '{"applicant_type": "citizen\'; DROP TABLE requests; --"}'],
    "add impossible date": ["add", "--json", json.dumps(applicant(received_on="2026-02-30"))],
    "add missing file": ["add", "--file", "no-such-file.json"],
    "event unknown type": ["event", "{number}", "--type", "explode", "--on", days_ago(1)],
    "event impossible date": ["event", "{number}", "--type", "extend", "--on", "2026-02-30"],
    "event backwards": ["event", "{number}", "--type", "extend", "--on", days_ago(20)],
    "event amount not a number": ["event", "{number}", "--type", "fee_notice", "--on", days_ago(1), "--amount", "一百"],
    "event negative amount": ["event", "{number}", "--type", "fee_notice", "--on", days_ago(1), "--amount", "-5"],
    "event unknown outcome": ["event", "{number}", "--type", "reply", "--on", days_ago(1), "--outcome", "maybe"],
    "event fee_paid without notice": ["event", "{number}", "--type", "fee_paid", "--on", days_ago(1)],
    "list bad status": ["list", "--status", "lost"],
    "list due-within too far": ["list", "--due-within", "99"],
    "list due-within not a number": ["list", "--due-within", "soon"],
}


@pytest.mark.parametrize("args", BAD_COMMANDS.values(), ids=BAD_COMMANDS.keys())
def test_bad_input_is_one_chinese_line_and_writes_nothing(gongkai, number, db, args):
    result = gongkai("requests", *[number if arg == "{number}" else arg for arg in args])
    assert_one_chinese_line(result, 2)
    assert rows(db) == (1, 1)


@pytest.mark.parametrize("kind", ["add", "event"])
def test_dates_in_the_future_are_refused(gongkai, number, db, kind):
    future = (china_today() + timedelta(days=5)).isoformat()
    if kind == "add":
        result = gongkai("requests", "add", "--json", json.dumps(applicant(received_on=future)))
    else:
        result = gongkai("requests", "event", number, "--type", "extend", "--on", future)
    assert "晚于今天" in assert_one_chinese_line(result, 2)
    assert rows(db) == (1, 1)


def test_a_receipt_date_before_the_regulation_is_refused(gongkai):
    result = gongkai("requests", "add", stdin=json.dumps(applicant(received_on="0001-01-01"), ensure_ascii=False))
    assert result.returncode != 0 and "超出可计算的范围" in result.stderr
    assert gongkai("requests", "list").stdout.strip() in ("", "没有申请。")
