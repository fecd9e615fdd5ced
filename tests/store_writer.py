"""A separate writer process for tests/test_store_concurrency.py; every acknowledged write goes to stdout.

python tests/store_writer.py DB TAG --requests N [--shared LX2026-000001 --shared-events K] [--go FILE]
python tests/store_writer.py DB TAG --burst

Lines printed (flushed right after the write committed):
    READY                      the store is open (migrations done); waiting for --go if given
    REQ <tracking_no>          a request was created (with its receive event)
    EVT <tracking_no> <note>   an event with that note was appended
    DONE
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from datetime import datetime
from pathlib import Path

from bot.requests.intake import InputError
from bot.requests.repository import RequestStore
from bot.store import Store
from knowledge.clock import CHINA
from knowledge.workdays import WorkCalendar

# A fixed clock, so every date below is in the past and all tracking numbers are of one year.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=CHINA)
NEW_REQUEST = {
    "applicant_type": "citizen",
    "name": "张三",
    "phone": "0531-12345678",
    "channel": "online",
    "description": "2025年某路段道路改造工程的立项批复文件",
    "received_on": "2026-11-02",
}
OWN_EVENTS = (("consult_start", "2026-11-03"), ("consult_end", "2026-11-05"), ("extend", "2026-11-10"))


def ack(*parts: str) -> None:
    print(*parts, flush=True)


def open_requests(path: Path) -> RequestStore:
    return RequestStore(Store.open(path), calendar=WorkCalendar(), now=lambda: NOW)


def add_toggle(requests: RequestStore, tracking_no: str, note: str) -> None:
    """Append consult_start or consult_end, whichever the request's current state allows."""
    for _ in range(2):
        view = requests.get(tracking_no)
        kind = "consult_end" if view.clock.status.value == "consulting" else "consult_start"
        try:
            requests.add_event(tracking_no, {"type": kind, "on": "2026-11-20", "note": note})
        except InputError:
            # The other process appended in between: the state moved, so the other kind now fits.
            continue
        ack("EVT", tracking_no, note)
        return
    raise RuntimeError(f"could not append to {tracking_no}")


def fixed_run(requests: RequestStore, tag: str, count: int, shared: str | None, shared_events: int) -> None:
    """Create `count` requests with their events, interleaving `shared_events` appends to a shared request."""
    every = max(1, count // max(1, shared_events)) if shared else 0
    done_shared = 0
    for i in range(count):
        number = requests.create(NEW_REQUEST).view.tracking_no
        ack("REQ", number)
        for k, (kind, on) in enumerate(OWN_EVENTS):
            note = f"{tag}-{i}-{k}"
            requests.add_event(number, {"type": kind, "on": on, "note": note})
            ack("EVT", number, note)
        if shared and done_shared < shared_events and i % every == 0:
            add_toggle(requests, shared, f"{tag}-shared-{done_shared}")
            done_shared += 1
    while shared and done_shared < shared_events:
        add_toggle(requests, shared, f"{tag}-shared-{done_shared}")
        done_shared += 1


def burst(requests: RequestStore, tag: str) -> None:
    """Write as fast as possible until killed: a new request every 25 events, events toggling consultation."""
    number = ""
    for n in itertools.count():
        if n % 25 == 0:
            number = requests.create(NEW_REQUEST).view.tracking_no
            ack("REQ", number)
        kind = "consult_start" if n % 25 % 2 == 0 else "consult_end"
        note = f"{tag}-{n}"
        requests.add_event(number, {"type": kind, "on": "2026-11-20", "note": note})
        ack("EVT", number, note)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("tag")
    parser.add_argument("--requests", type=int, default=0)
    parser.add_argument("--shared")
    parser.add_argument("--shared-events", type=int, default=0)
    parser.add_argument("--go", type=Path)
    parser.add_argument("--burst", action="store_true")
    args = parser.parse_args()
    requests = open_requests(args.db)
    ack("READY")
    if args.go:
        deadline = time.monotonic() + 30
        while not args.go.exists():
            if time.monotonic() > deadline:
                sys.exit("no go signal")
            time.sleep(0.005)
    if args.burst:
        burst(requests, args.tag)
    else:
        fixed_run(requests, args.tag, args.requests, args.shared, args.shared_events)
    requests.store.close()
    ack("DONE")


if __name__ == "__main__":
    main()
