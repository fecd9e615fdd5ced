"""Personal data at rest (issue 11, item 2, and the retention of item 3): private files, sealed details, scrubbed
drafts, clean uploads, details removed after the retention period."""

from __future__ import annotations

import asyncio
import io
import json
import signal
import sqlite3
import stat
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript

from bot import crypto
from bot.channels.collecting import CollectingChannel
from bot.channels.console import ConsoleChannel
from bot.cli import main
from bot.config import StoreConfig, parse_config
from bot.crypto import Vault, VaultError, key_file_for, load_vault, new_key, read_key_file, write_key_file
from bot.engine import Engine
from bot.notify import Notifier
from bot.requests.records import REMOVED
from bot.requests.repository import RequestStore
from bot.store import PERSONAL_FLOWS, Store
from handlers import remedy, wizard
from handlers.context import Services
from handlers.id_upload import UploadRefused, clean_upload
from handlers.messages import File, Incoming
from handlers.session import Session
from handlers.state import WizardState
from knowledge.answer import build_answerer
from knowledge.clock import CHINA
from knowledge.workdays import default_calendar
from tests.apply_support import ID_NUMBER, JPEG, PDF, PHONE, fill_citizen, press, upload
from tests.test_serve import free_port, start_serve, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
NAME = "张三丰"
ADDRESS = "济南市历下区泉城路1号"
# An application draft holding an ID number, as a session row keeps it.
DRAFT = {"id_number": ID_NUMBER}
# An ELF executable's first bytes: what a polyglot upload hides behind an image header.
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"/bin/sh -c payload" * 20
NOW = datetime(2026, 11, 25, 10, tzinfo=CHINA)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def raw_bytes(db: Path) -> bytes:
    """Everything SQLite keeps on disk for the database: the file, its WAL and shared memory."""
    return b"".join(part.read_bytes() for part in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if part.exists())


def applicant(**fields: str) -> dict:
    return {
        "applicant_type": "citizen",
        "name": NAME,
        "phone": PHONE,
        "id_type": "居民身份证",
        "id_number": ID_NUMBER,
        "address": ADDRESS,
        "channel": "in_person",
        "description": "2025年历下区泉城路改造工程的立项批复文件",
        **fields,
    }


def personal(data: bytes) -> list[str]:
    """Which of the test applicant's details appear in `data`."""
    return [value for value in (ID_NUMBER, PHONE, NAME, ADDRESS) if value.encode() in data]


def jpeg_with_location(*, orientation: int = 1) -> bytes:
    """A photo as a phone takes it: camera model, time and GPS position in its EXIF."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "SecretCam 9"
    exif[ExifTags.Base.DateTime] = "2026:11:20 09:30:00"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 40.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (117.0, 2.0, 33.25)
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (180, 160, 140)).save(out, "JPEG", exif=exif, comment=b"taken at home")
    return out.getvalue()


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "data" / "gongkai.db"


@pytest.fixture
def file_store(db):
    store = Store.open(db)
    yield store
    store.close()


@pytest.fixture
def requests(file_store, tmp_path) -> RequestStore:
    return RequestStore(file_store, calendar=default_calendar(), now=lambda: NOW, uploads=tmp_path / "data" / "uploads")


@pytest.fixture
def user(file_store, requests) -> CollectingChannel:
    services = Services(answerer=build_answerer(today=lambda: NOW.date()), requests=requests)
    return CollectingChannel(Engine(file_store, services))


# -- file modes ---------------------------------------------------------------------------------------------------


async def test_first_start_makes_a_private_folder_database_wal_and_key_and_says_so_once(tmp_path):
    data = tmp_path / "data"
    port = free_port()
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{data / "gongkai.db"}"\n[web]\nport = {port}\n', encoding="utf-8")

    async def start_and_stop() -> str:
        process = start_serve("--config", str(config))
        try:
            await wait_healthy(f"http://127.0.0.1:{port}/healthz")
            files = {path.name: mode(path) for path in data.iterdir()}
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=20)
        finally:
            process.kill()
        assert files == {"gongkai.db": 0o600, "gongkai.db-wal": 0o600, "gongkai.db-shm": 0o600, "gongkai.key": 0o600}
        return err

    first = await start_and_stop()
    assert mode(data) == 0o700
    assert first.count("已生成加密密钥") == 1 and str(data / "gongkai.key") in first
    assert "已生成加密密钥" not in await start_and_stop()


def test_backup_and_export_are_private_and_so_are_the_folders_they_create(tmp_path, db):
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{db}"\n', encoding="utf-8")
    cli = ["--config", str(config)]
    assert main([*cli, "requests", "add", "--json", json.dumps(applicant())]) == 0
    backup = tmp_path / "backups" / "nightly" / "g.db"
    export = tmp_path / "exports" / "all.json"
    assert main([*cli, "backup", str(backup)]) == 0
    assert main([*cli, "requests", "export", "--format", "json", "--output", str(export)]) == 0
    assert main([*cli, "requests", "export", "--output", str(tmp_path / "exports" / "all.csv")]) == 0
    for path in (db, backup, export, tmp_path / "exports" / "all.csv", key_file_for(db)):
        assert mode(path) == 0o600, path
    for folder in (db.parent, backup.parent, backup.parent.parent, export.parent):
        assert mode(folder) == 0o700, folder
    # The export is for staff: the real details. The backup holds them sealed, like the database.
    assert json.loads(export.read_text(encoding="utf-8"))["requests"][0]["applicant"]["id_number"] == ID_NUMBER
    assert personal(backup.read_bytes()) == []


def test_forms_saved_by_the_terminal_chat_are_private(tmp_path, file_store):
    channel = ConsoleChannel(
        Engine(file_store, Services(answerer=None)), chat_id="t", out=io.StringIO(), downloads=tmp_path / "downloads"
    )
    for content in (b"first", b"second"):
        saved = channel._save(File(name="政府信息公开申请表.docx", mime="application/octet-stream", data=content))
        assert saved.read_bytes() == content and mode(saved) == 0o600 and mode(saved.parent) == 0o700
    assert [path.name for path in saved.parent.iterdir()] == ["政府信息公开申请表.docx"]


def test_files_of_older_versions_are_tightened_on_open(db):
    db.parent.mkdir(mode=0o700)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE t (x)")
    db.chmod(0o644)
    Store.open(db).close()
    assert mode(db) == 0o600


# -- sealed details -----------------------------------------------------------------------------------------------


def test_applicant_details_are_ciphertext_in_the_files_and_real_for_staff(requests, db, tmp_path, capsys):
    number = requests.create(applicant()).view.tracking_no
    assert personal(raw_bytes(db)) == []
    [stored] = requests.conn.execute("SELECT applicant FROM requests").fetchone()
    assert stored.startswith("gAAAAA")
    view = requests.get(number)
    assert view.applicant["id_number"] == ID_NUMBER and view.applicant["phone"] == PHONE
    assert view.to_json()["applicant"]["name"] == NAME
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{db}"\n', encoding="utf-8")
    assert main(["--config", str(config), "requests", "show", number]) == 0
    assert f"申请人：{NAME}" in capsys.readouterr().out
    assert personal(raw_bytes(db)) == []


async def test_a_draft_is_sealed_in_the_session_row_and_masked_in_the_chat(user, db, file_store):
    await fill_citizen(user)
    assert "3701**********1238" in user.last.text and ID_NUMBER not in user.last.text
    assert personal(raw_bytes(db)) == []
    state = json.loads(file_store.conn.execute("SELECT state FROM sessions").fetchone()[0])
    assert (state["flow"], state["step"]) == ("apply", "review") and state["data"].startswith("gAAAAA")
    assert file_store.load_session("test", "test").state.draft["id_number"] == ID_NUMBER


def test_rows_from_before_sealing_are_read_and_sealed_by_reencrypt(requests, file_store, db):
    plain = json.dumps({"name": NAME, "phone": PHONE}, ensure_ascii=False)
    number = requests.create(applicant()).view.tracking_no
    file_store.conn.execute("UPDATE requests SET applicant = ?", [plain])
    file_store.conn.execute(
        "INSERT INTO sessions VALUES ('web', 'old', ?, '2026-11-25T10:00:00+08:00')",
        [json.dumps({"flow": "apply", "step": "phone", "data": {"started": "2026-11-25", "draft": DRAFT}})],
    )
    assert requests.get(number).applicant == {"name": NAME, "phone": PHONE}
    assert requests.reseal_applicants() == 1 and file_store.reseal_sessions() == 1
    assert requests.get(number).applicant == {"name": NAME, "phone": PHONE}
    assert file_store.load_session("web", "old").state.draft == DRAFT
    assert personal(raw_bytes(db)) == []


# -- keys ---------------------------------------------------------------------------------------------------------


def test_a_missing_key_is_generated_0600_and_announced_once(tmp_path, capsys):
    key_file = tmp_path / "keys" / "g.key"
    vault = load_vault(key_file)
    assert mode(key_file) == 0o600 and mode(key_file.parent) == 0o700
    assert "已生成加密密钥" in capsys.readouterr().err
    assert load_vault(key_file).open(vault.seal("甲")) == "甲"
    assert capsys.readouterr().err == ""


def test_keys_from_the_environment_win_and_bad_keys_stop_with_a_chinese_line(tmp_path, capsys):
    key = new_key()
    config = parse_config({"store": {"path": str(tmp_path / "g.db")}}, environ={"GONGKAI_KEY": key})
    assert config.store.key == key
    store = Store.from_config(config.store)
    store.close()
    assert not key_file_for(tmp_path / "g.db").exists()
    settings = tmp_path / "c.toml"
    settings.write_text(f'[store]\npath = "{tmp_path / "g.db"}"\nkey = "not-a-key"\n', encoding="utf-8")
    assert main(["--config", str(settings), "requests", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("加密密钥错误") and err.count("\n") == 1


def test_rotation_keeps_old_keys_for_reading_and_reseals_everything_with_the_new_one(tmp_path, db, capsys):
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{db}"\n', encoding="utf-8")
    store = Store.open(db)
    requests = RequestStore(store, calendar=default_calendar(), now=lambda: NOW)
    number = requests.create(applicant()).view.tracking_no
    drafting = WizardState(started="2026-11-25", draft=DRAFT)
    store.save_session("web", "a", Session(flow="apply", step="phone", state=drafting))
    [old] = read_key_file(key_file_for(db))

    assert main(["--config", str(config), "key", "rotate"]) == 0
    assert "1 件申请" in capsys.readouterr().out
    new, kept = read_key_file(key_file_for(db))
    assert kept == old and mode(key_file_for(db)) == 0o600
    # The open store noticed the changed key file: it reads rows sealed with the new key.
    assert requests.get(number).applicant["id_number"] == ID_NUMBER
    store.close()
    [sealed] = sqlite3.connect(db).execute("SELECT applicant FROM requests").fetchone()
    [state] = sqlite3.connect(db).execute("SELECT state FROM sessions").fetchone()
    assert json.loads(Vault([new]).open(sealed))["phone"] == PHONE
    assert json.loads(Vault([new]).open(json.loads(state)["data"]))["draft"] == DRAFT
    with pytest.raises(VaultError):
        Vault([old]).open(sealed)


def test_a_vault_looks_at_its_key_file_once_a_second_and_at_once_for_a_value_it_cannot_open(tmp_path, monkeypatch):
    key_file = tmp_path / "g.key"
    old, new = new_key(), new_key()
    write_key_file(key_file, [old])
    vault = Vault.from_file(key_file)
    looked: list[Path] = []
    stamp = crypto._stamp
    monkeypatch.setattr(crypto, "_stamp", lambda path: looked.append(path) or stamp(path))
    now = [1000.0]
    monkeypatch.setattr(crypto.time, "monotonic", lambda: now[0])
    vault._checked = now[0]
    sealed = [vault.seal(f"值{i}") for i in range(50)]
    assert [vault.open(token) for token in sealed] == [f"值{i}" for i in range(50)] and looked == []
    # Another process rotates: a value sealed with the new key opens at once.
    write_key_file(key_file, [new, old])
    assert vault.open(Vault([new.encode()]).seal("新")) == "新" and looked == [key_file]
    # After a second without a look, sealing looks again; within it, sealing does not.
    write_key_file(key_file, [new_key(), new, old])
    first = read_key_file(key_file)[0]
    vault.seal("不看")
    assert looked == [key_file]
    now[0] += crypto.KEY_FILE_CHECK_SECONDS
    assert Vault([first]).open(vault.seal("再看")) == "再看" and looked == [key_file, key_file]


def test_keys_from_the_environment_are_rotated_by_hand_then_reencrypted(tmp_path, db, capsys, monkeypatch):
    old, new = new_key(), new_key()
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{db}"\n', encoding="utf-8")
    monkeypatch.setenv("GONGKAI_KEY", old)
    assert main(["--config", str(config), "requests", "add", "--json", json.dumps(applicant())]) == 0
    number = capsys.readouterr().out.split()[1]
    assert main(["--config", str(config), "key", "rotate"]) == 2
    assert "gongkai key reencrypt" in capsys.readouterr().err
    monkeypatch.setenv("GONGKAI_KEY", f"{new},{old}")
    assert main(["--config", str(config), "key", "reencrypt"]) == 0
    [sealed] = sqlite3.connect(db).execute("SELECT applicant FROM requests").fetchone()
    assert json.loads(Vault([new.encode()]).open(sealed))["id_number"] == ID_NUMBER
    monkeypatch.setenv("GONGKAI_KEY", old)
    capsys.readouterr()
    # With the old key alone the request still shows, its applicant marked as unreadable.
    assert main(["--config", str(config), "requests", "show", number]) == 0
    assert "申请人：无法解密个人信息" in capsys.readouterr().out


def test_a_new_key_is_printed(capsys):
    assert main(["key", "new"]) == 0
    key = capsys.readouterr().out.strip()
    assert Vault([key.encode()]).open(Vault([key.encode()]).seal("x")) == "x"


# -- scrubbing a draft from the files ------------------------------------------------------------------------------


def sealed_values(store: Store) -> list[bytes]:
    """The sealed parts of every session row, as bytes to look for in the files."""
    found = []
    for (state,) in store.conn.execute("SELECT state FROM sessions"):
        parsed = json.loads(state)
        found += [parsed[key].encode() for key in ("data", "parked") if isinstance(parsed.get(key), str)]
    return found


async def test_cancel_scrubs_every_version_of_the_draft_from_the_database_and_its_wal(user, file_store, db):
    seen: list[bytes] = []
    await user.say("/apply")
    await press(user, "同意，开始填写")
    await press(user, "公民")
    await user.say(NAME)
    seen += sealed_values(file_store)
    await press(user, "居民身份证")
    await user.say(ID_NUMBER)
    seen += sealed_values(file_store)
    await user.say(PHONE)
    seen += sealed_values(file_store)
    files = raw_bytes(db)
    assert all(value in files for value in seen[-1:]) and personal(files) == []

    await user.say("/cancel")
    assert "草稿已删除" in user.last.text
    files = raw_bytes(db)
    assert Path(f"{db}-wal").stat().st_size == 0
    assert [value for value in seen if value in files] == [] and personal(files) == []


async def test_an_expired_draft_is_scrubbed_too(user, file_store, db):
    await fill_citizen(user)
    seen = sealed_values(file_store)
    file_store.conn.execute("UPDATE sessions SET updated_at = '2000-01-01T00:00:00+00:00'")
    assert file_store.purge_idle_flows(7) == 1
    files = raw_bytes(db)
    assert [value for value in seen if value in files] == [] and Path(f"{db}-wal").stat().st_size == 0


def test_secure_delete_is_on_and_the_personal_flows_are_the_handlers():
    store = Store.in_memory()
    assert store.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert PERSONAL_FLOWS == {wizard.FLOW, remedy.FLOW}


# -- uploads ------------------------------------------------------------------------------------------------------


def test_exif_and_location_are_stripped_from_photos():
    original = jpeg_with_location()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    cleaned = clean_upload("id.jpg", original)
    assert cleaned.mime == "image/jpeg"
    image = Image.open(io.BytesIO(cleaned.data))
    assert image.format == "JPEG" and image.size == (60, 40) and dict(image.getexif()) == {}
    assert b"Exif" not in cleaned.data and b"SecretCam" not in cleaned.data and b"taken at home" not in cleaned.data


def test_a_sideways_photo_is_turned_upright_before_its_exif_goes():
    cleaned = clean_upload("id.jpg", jpeg_with_location(orientation=6))
    assert Image.open(io.BytesIO(cleaned.data)).size == (40, 60)


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "36.67N 117.04E")
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    cleaned = clean_upload("id.png", out.getvalue())
    assert cleaned.mime == "image/png" and b"36.67N" not in cleaned.data
    assert Image.open(io.BytesIO(cleaned.data)).size == (20, 20)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff\xe0" + ELF,  # a JPEG header followed by an executable
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + ELF,
        b"\x89PNG\r\n\x1a\n" + ELF,
        ELF,
        b"GIF89a" + b"\0" * 40,
        b"",
    ],
    ids=["jpeg-header-elf", "jfif-header-elf", "png-header-elf", "elf", "gif", "empty"],
)
def test_non_images_are_refused(data):
    with pytest.raises(UploadRefused) as refused:
        clean_upload("id.jpg", data)
    assert str(refused.value).startswith("无法识别该文件")


def test_a_program_appended_to_a_real_photo_is_not_kept():
    cleaned = clean_upload("id.jpg", JPEG + ELF)
    assert b"ELF" not in cleaned.data and b"/bin/sh" not in cleaned.data


def test_a_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("L", (8000, 6000)).save(out, "PNG", optimize=True)
    with pytest.raises(UploadRefused, match="像素过多"):
        clean_upload("id.png", out.getvalue())


def pdf_with(action: str | None = None, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": NAME})
    if action:
        writer.add_open_action(JavaScript(action))
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n" + ELF, b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", PDF[: len(PDF) // 3]],
    ids=["elf", "no-pages", "truncated"],
)
def test_bad_pdfs_are_refused(data):
    with pytest.raises(UploadRefused):
        clean_upload("id.pdf", data)


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(UploadRefused, match="密码"):
        clean_upload("id.pdf", pdf_with(password="secret"))


def test_a_pdf_is_rewritten_from_its_pages_without_scripts_or_metadata():
    original = pdf_with("app.alert('hi')")
    assert all(name in original for name in (b"/JavaScript", b"/JS", b"/Author"))
    cleaned = clean_upload("id.pdf", original)
    assert cleaned.mime == "application/pdf" and len(PdfReader(io.BytesIO(cleaned.data)).pages) == 1
    assert not any(name in cleaned.data for name in (b"/JavaScript", b"/JS", b"/Author"))


async def test_the_wizard_stores_the_clean_photo_and_refuses_the_polyglot(user, requests, tmp_path):
    await fill_citizen(user)
    await press(user, "网上提交")
    await press(user, "确认提交")
    [refused] = (await user.engine.handle(upload(user, b"\xff\xd8\xff\xe0" + ELF)))[:1]
    assert "无法识别该文件" in refused.text and list(requests.export()) == []
    replies = await user.engine.handle(upload(user, jpeg_with_location()))
    assert "已网上提交" in replies[0].text
    [stored] = (tmp_path / "data" / "uploads").iterdir()
    assert mode(stored) == 0o600 and b"SecretCam" not in stored.read_bytes()
    assert dict(Image.open(stored).getexif()) == {}


# -- retention ----------------------------------------------------------------------------------------------------


def close_request(requests: RequestStore, received: date, replied: date) -> str:
    view = requests.submit_online(
        applicant(), File(name="id.jpg", mime="image/jpeg", data=JPEG), channel="web", chat_id="c"
    ).view
    requests.add_event(view.tracking_no, {"type": "receive", "on": received.isoformat()})
    requests.add_event(view.tracking_no, {"type": "reply", "on": replied.isoformat(), "outcome": "disclosed"})
    return view.tracking_no


def test_retention_replaces_personal_details_with_a_marker_and_deletes_the_id_image(file_store, db, tmp_path, capsys):
    clock = {"now": NOW}
    uploads = tmp_path / "data" / "uploads"
    requests = RequestStore(file_store, calendar=default_calendar(), now=lambda: clock["now"], uploads=uploads)
    old = close_request(requests, date(2026, 11, 2), date(2026, 11, 20))
    clock["now"] = NOW + timedelta(days=300)
    recent = close_request(requests, date(2027, 9, 1), date(2027, 9, 10))
    still_open = requests.create(applicant(received_on="2027-09-15")).view.tracking_no
    assert len(list(uploads.iterdir())) == 2

    clock["now"] = NOW + timedelta(days=366)
    notifier = Notifier(requests, {}, retain_personal_days=365, upload_retention_days=400)
    assert notifier.daily()
    assert requests.get(old).applicant == {REMOVED: (NOW + timedelta(days=366)).date().isoformat()}
    assert [path.name for path in uploads.iterdir()] == [f"{recent}-id.jpg"]
    assert requests.get(recent).applicant["id_number"] == ID_NUMBER
    assert requests.get(still_open).applicant["id_number"] == ID_NUMBER
    assert requests.get(old).clock.outcome == "disclosed" and requests.get(old).description
    assert requests.purge_personal(365) == 0
    assert Path(f"{db}-wal").stat().st_size == 0

    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{db}"\n', encoding="utf-8")
    assert main(["--config", str(config), "requests", "show", old]) == 0
    assert "个人信息已于" in capsys.readouterr().out


def test_retention_is_configured_in_days():
    assert StoreConfig().retain_personal_days == 365
    config = parse_config({"store": {"retain_personal_days": 730, "key_file": "/srv/keys/g.key"}}, environ={})
    assert config.store.retain_personal_days == 730 and config.store.key_file == Path("/srv/keys/g.key")


async def test_incoming_upload_is_cleaned_off_the_event_loop(user, monkeypatch):
    import handlers.apply as apply

    threads = []
    real = asyncio.to_thread

    async def spy(function, *args):
        threads.append(function.__name__)
        return await real(function, *args)

    monkeypatch.setattr(apply.asyncio, "to_thread", spy)
    await fill_citizen(user)
    await press(user, "网上提交")
    await press(user, "确认提交")
    await user.engine.handle(Incoming("test", "test", upload=File(name="a.pdf", mime="x", data=PDF)))
    assert threads == ["clean_upload"]
