"""A second, fictional agency run end to end: its guide is Lixia's with every name, number and prefix replaced (and
no annual reports), served from a folder outside knowledge/agencies/ through `[knowledge] agency`. What it answers,
the wizard's form, the tracking numbers and the status check are its own."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.channels.collecting import CollectingChannel
from bot.config import Config, KnowledgeConfig
from bot.engine import Engine
from bot.services import build_services, open_requests
from bot.store import Store
from knowledge.clock import CHINA, Clock
from knowledge.guide import AGENCIES_DIR, load_guide
from tests.apply_support import labels, press

# Lixia's words → the fictional agency's (青禾区 of 云川市 in 东海省), longest first.
REPLACED = (
    ('tracking_prefix = "LX"', 'tracking_prefix = "QH"'),
    ("88150105", "66660000"),
    ("0531", "0999"),
    ("250000", "999000"),
    ("250014", "999014"),
    ("www.lixia.gov.cn", "www.qinghe.example"),
    ("山东省", "东海省"),
    ("山东", "东海"),
    ("济南", "云川"),
    ("历下", "青禾"),
)
OFFICE_PHONE = "0999-66660000"
FORM_TITLE = "云川市青禾区人民政府信息公开申请表"
NOW = datetime(2026, 11, 25, 10, tzinfo=CHINA)


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fictional agency's folder (a path, where Lixia's is a name under knowledge/agencies/)."""
    text = (AGENCIES_DIR / "lixia" / "guide.toml").read_text(encoding="utf-8")
    for lixia, fictional in REPLACED:
        text = text.replace(lixia, fictional)
    folder = tmp_path_factory.mktemp("agencies") / "qinghe"
    folder.mkdir()
    (folder / "guide.toml").write_text(text, encoding="utf-8")
    return str(folder)


@pytest.fixture
def user(agency: str, tmp_path: Path) -> CollectingChannel:
    config = Config(knowledge=KnowledgeConfig(agency=agency))
    store = Store.in_memory()
    clock = Clock(instant=lambda: NOW)
    requests = open_requests(config, store, clock=clock)
    return CollectingChannel(Engine(store, build_services(config, requests=requests, clock=clock)))


def test_the_fixture_holds_nothing_of_lixia(agency: str):
    text = (Path(agency) / "guide.toml").read_text(encoding="utf-8")
    assert not any(word in text for word in ("历下", "济南", "88150105", '"LX"'))
    assert not (Path(agency) / "reports.toml").exists()
    meta = load_guide(agency).meta
    assert (meta.agency, meta.tracking_prefix, meta.help_phone) == ("云川市青禾区人民政府", "QH", OFFICE_PHONE)


async def test_an_answer_names_its_own_office_and_phone(user: CollectingChannel):
    [reply] = await user.say("受理机构电话多少")
    assert OFFICE_PHONE in reply.text and "0531" not in reply.text
    [welcome] = await user.say("/start")
    assert "云川市青禾区人民政府信息公开助手" in welcome.text and "历下" not in welcome.text


async def test_the_wizard_fills_its_own_form(user: CollectingChannel):
    [notice] = await user.say("/apply")
    assert f"《{FORM_TITLE}》" in notice.text and "历下" not in notice.text
    await press(user, "同意，开始填写")
    await press(user, "公民")
    await user.say("张三")
    await press(user, "居民身份证")
    await user.say("370102199003071238")
    [prompt] = await press(user, "跳过")  # work unit
    assert OFFICE_PHONE in prompt.text
    [refused] = await user.say("6666000")
    assert "云川为0999" in refused.text


async def test_tracking_numbers_use_its_prefix_and_status_works(user: CollectingChannel, agency: str):
    [asked] = await user.say("/status")
    assert "QH2026-000123" in asked.text
    requests = user.engine.services.requests
    created = requests.create(
        {
            "applicant_type": "citizen",
            "name": "张三",
            "phone": "13812345678",
            "channel": "in_person",
            "description": "2025年青禾区某某路改造工程的立项批复文件",
            "received_on": "2026-11-20",
        }
    )
    number = created.view.tracking_no
    assert number.startswith("QH2026-")
    [reply] = await user.say(f"/status {number.lower()} {created.query_code}")
    assert number in reply.text and "订阅进度通知" in labels(reply)


async def test_a_report_question_says_no_reports_are_held(user: CollectingChannel):
    [reply] = await user.say("2022年收到多少政府信息公开申请")
    assert reply.text.startswith("暂无年度报告数据") and "历下" not in reply.text
    [charts] = await user.say("/stats")
    assert "暂无年度报告数据" in charts.text
