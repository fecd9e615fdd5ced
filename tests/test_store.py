"""The SQLite store: sessions survive reopening, the schema is versioned."""

from bot.store import MIGRATIONS, Store
from handlers.session import Session


def test_session_round_trip_in_a_real_file(tmp_path):
    path = tmp_path / "nested" / "gongkai.db"
    store = Store.open(path)
    store.save_session("console", "42", Session(flow="calc", step="fee", data={"x": "一"}))
    store.close()

    reopened = Store.open(path)
    assert reopened.load_session("console", "42") == Session(flow="calc", step="fee", data={"x": "一"})
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
