"""Separate OS processes writing one database file: no "database is locked", nothing lost, SIGKILL-safe."""

from __future__ import annotations

import json
import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.requests.repository import RequestStore
from bot.store import MIGRATIONS, Store
from knowledge.workdays import WorkCalendar

WRITER = Path(__file__).with_name("store_writer.py")
sys.path.insert(0, str(WRITER.parent))
from store_writer import NEW_REQUEST, NOW  # noqa: E402

PER_PROCESS = 25
SHARED_EVENTS = 6
OWN_EVENTS = 4  # receive at creation, then consult_start, consult_end, extend


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def read_lines(proc: subprocess.Popen[str], until: str, *, count: int = 1, timeout: float = 15) -> list[str]:
    """Lines from the writer until `count` of them start with `until` (or the writer ends)."""
    lines: list[str] = []
    seen = 0
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while seen < count:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                raise AssertionError(f"writer gave {seen} of {count} {until!r} lines in {timeout}s")
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"writer ended early: {proc.wait()} {proc.stderr.read()}")
            lines.append(line.rstrip("\n"))
            seen += line.startswith(until)
    return lines


def acknowledged(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Tracking numbers and (tracking number, note) pairs the writer reported as committed."""
    numbers = [line.split()[1] for line in lines if line.startswith("REQ ")]
    events = [tuple(line.split()[1:3]) for line in lines if line.startswith("EVT ") and len(line.split()) == 3]
    return numbers, events


def stored_events(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(tracking number, type, note) of every stored event, in insertion order."""
    rows = conn.execute(
        "SELECT r.tracking_no, e.type, e.data FROM events e JOIN requests r ON r.id = e.request_id ORDER BY e.id"
    ).fetchall()
    return [(number, kind, json.loads(data).get("note", "")) for number, kind, data in rows]


def expected_numbers(count: int) -> list[str]:
    return [f"LX2026-{n:06d}" for n in range(1, count + 1)]


def test_two_processes_write_one_file(tmp_path: Path) -> None:
    path = tmp_path / "gongkai.db"
    setup = RequestStore(Store.open(path), calendar=WorkCalendar(), now=lambda: NOW)
    shared = setup.create(NEW_REQUEST).view.tracking_no
    setup.store.close()
    go = tmp_path / "go"
    common = [
        "--requests",
        str(PER_PROCESS),
        "--shared",
        shared,
        "--shared-events",
        str(SHARED_EVENTS),
        "--go",
        str(go),
    ]
    writers = {tag: spawn(str(path), tag, *common) for tag in ("A", "B")}
    try:
        for proc in writers.values():
            assert read_lines(proc, "READY") == ["READY"]
        go.touch()
        outputs = {tag: proc.communicate(timeout=60) for tag, proc in writers.items()}
    finally:
        for proc in writers.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for tag, (out, err) in outputs.items():
        assert "database is locked" not in err, err
        assert writers[tag].returncode == 0, err
        assert out.splitlines()[-1] == "DONE"

    acks = {tag: acknowledged(out.splitlines()) for tag, (out, _) in outputs.items()}
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        numbers = [row[0] for row in conn.execute("SELECT tracking_no FROM requests ORDER BY id")]
        events = stored_events(conn)
    finally:
        conn.close()

    total = 1 + 2 * PER_PROCESS
    assert numbers == expected_numbers(total)  # unique, sequential, no gaps
    created = {tag: ack[0] for tag, ack in acks.items()}
    assert len(created["A"]) == len(created["B"]) == PER_PROCESS
    assert sorted(created["A"] + created["B"]) == expected_numbers(total)[1:]
    # The two really ran at the same time: their numbers interleave rather than come in two blocks.
    assert created["A"][0] < created["B"][-1] and created["B"][0] < created["A"][-1]

    # Every acknowledged event is stored exactly once, on its request.
    stored = [(number, note) for number, _, note in events if note]
    for tag in ("A", "B"):
        assert len(acks[tag][1]) == PER_PROCESS * (OWN_EVENTS - 1) + SHARED_EVENTS
        for pair in acks[tag][1]:
            assert stored.count(pair) == 1, pair
    assert len(events) == total * 1 + 2 * PER_PROCESS * (OWN_EVENTS - 1) + 2 * SHARED_EVENTS
    # The shared request's history is one valid alternation, whatever the interleaving of the two writers.
    shared_kinds = [kind for number, kind, _ in events if number == shared]
    assert shared_kinds[0] == "receive"
    assert shared_kinds[1:] == ["consult_start", "consult_end"] * SHARED_EVENTS
    shared_notes = {note for number, _, note in events if number == shared and note}
    assert {note.split("-")[0] for note in shared_notes} == {"A", "B"}


def kill_during_burst(path: Path, tag: str, after: int) -> list[str]:
    """Run a bursting writer, SIGKILL it once it has acknowledged `after` events; every line it printed."""
    proc = spawn(str(path), tag, "--burst")
    try:
        lines = read_lines(proc, "EVT ", count=after)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        # Lines already in the pipe were printed after their commit, so they count as acknowledged too.
        rest = proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return lines + [line for line in rest.splitlines(keepends=True) if line.endswith("\n")]


def test_sigkill_during_a_burst_loses_no_acknowledged_write(tmp_path: Path) -> None:
    path = tmp_path / "gongkai.db"
    lines: list[str] = []
    # Each later writer opens the file with the killed writer's WAL still there (recovery), and is killed too;
    # the thresholds differ so the kills land at different points of the write cycle.
    for round_no, after in enumerate((120, 77, 151)):
        lines += kill_during_burst(path, f"round{round_no}", after=after)
    numbers, events = acknowledged([line.rstrip("\n") for line in lines])
    assert len(numbers) >= 3 and len(events) >= 348

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored_numbers = [row[0] for row in conn.execute("SELECT tracking_no FROM requests ORDER BY id")]
        stored = {(number, note) for number, _, note in stored_events(conn)}
        orphans = conn.execute(
            "SELECT COUNT(*) FROM events WHERE request_id NOT IN (SELECT id FROM requests)"
        ).fetchone()[0]
    finally:
        conn.close()
    assert set(numbers) <= set(stored_numbers)
    assert stored_numbers == expected_numbers(len(stored_numbers))  # a killed transaction leaves no gap
    missing = [pair for pair in events if pair not in stored]
    assert not missing, missing[:5]
    assert orphans == 0

    # The file is fully usable afterwards: the next request gets the next number and the derived columns agree.
    requests = RequestStore(Store.open(path), calendar=WorkCalendar(), now=lambda: NOW)
    try:
        assert requests.create(NEW_REQUEST).view.tracking_no == expected_numbers(len(stored_numbers) + 1)[-1]
        for number in numbers:
            view = requests.get(number)
            row = requests.conn.execute("SELECT status FROM requests WHERE tracking_no = ?", [number]).fetchone()
            assert row[0] == view.clock.status.value
    finally:
        requests.store.close()


def test_two_processes_create_a_new_file_together(tmp_path: Path) -> None:
    path = tmp_path / "new" / "gongkai.db"
    writers = [spawn(str(path), tag, "--requests", "3") for tag in ("A", "B")]
    try:
        outputs = [proc.communicate(timeout=30) for proc in writers]
    finally:
        for proc in writers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (out, err) in zip(writers, outputs, strict=True):
        assert proc.returncode == 0 and "database is locked" not in err, err
        assert out.splitlines()[-1] == "DONE"
    store = Store.open(path)
    try:
        assert store.schema_version == len(MIGRATIONS)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        numbers = [row[0] for row in store.conn.execute("SELECT tracking_no FROM requests ORDER BY id")]
    finally:
        store.close()
    assert numbers == expected_numbers(6)
