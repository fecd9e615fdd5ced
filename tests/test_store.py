"""The SQLite store: sessions survive reopening, the schema is versioned."""

import json

from bot.crypto import Vault
from bot.store import MIGRATIONS, Store
from handlers.session import Session
from handlers.state import WizardState


def drafting(**draft: str) -> Session:
    return Session(flow="apply", step="phone", state=WizardState(started="2026-11-25", draft=draft))


def test_session_round_trip_in_a_real_file(tmp_path):
    path = tmp_path / "nested" / "gongkai.db"
    store = Store.open(path)
    session = drafting(name="一")
    store.save_session("console", "42", session)
    store.close()

    reopened = Store.open(path)
    assert reopened.load_session("console", "42") == session
    assert reopened.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert reopened.schema_version == len(MIGRATIONS)
    reopened.close()


def test_unknown_chat_gets_a_fresh_session(store):
    assert store.load_session("console", "nobody") == Session()


def test_sessions_are_keyed_by_channel_and_chat(store):
    store.save_session("web", "1", Session(flow="calc", step="fee"))
    assert store.load_session("console", "1") == Session()


def test_unreadable_session_row_is_a_fresh_session(store):
    store.db.execute("INSERT INTO sessions VALUES ('web', '9', '{not json', '2026-01-01')")
    assert store.load_session("web", "9") == Session()


def test_session_data_is_sealed_and_flow_and_step_stay_readable(store):
    store.save_session("web", "1", drafting(name="张三"))
    [state] = store.conn.execute("SELECT state FROM sessions").fetchone()
    stored = json.loads(state)
    assert (stored["flow"], stored["step"], stored["parked"]) == ("apply", "phone", None)
    assert "张三" not in state and json.loads(store.vault.open(stored["data"]))["draft"] == {"name": "张三"}


def test_a_session_no_key_opens_starts_afresh(store):
    sealed = Vault.ephemeral().seal('{"draft": {}}')
    store.db.execute("INSERT INTO sessions VALUES ('web', '9', ?, '2026-01-01')", [json.dumps({"data": sealed})])
    assert store.load_session("web", "9") == Session()


def test_leaving_a_draft_checkpoints_the_wal_to_nothing(tmp_path):
    store = Store.open(tmp_path / "g.db")
    wal = tmp_path / "g.db-wal"
    store.save_session("web", "1", drafting(name="张三"))
    store.save_session("web", "1", Session(flow="calc", step="fee"))
    assert wal.stat().st_size == 0
    store.save_session("web", "1", Session(flow="status", step="number"))
    assert wal.stat().st_size > 0
    store.close()


def test_the_planner_statistics_are_made_once_and_refreshed_on_demand(store: Store) -> None:
    assert store.analyze(unless_done=True) is True
    assert store.analyze(unless_done=True) is False
    assert store.analyze() is True
