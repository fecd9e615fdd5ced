"""Typed flow state: the session rows the code wrote before the states were typed still load, unchanged; the
router's tables are built from the flows' registrations."""

from __future__ import annotations

import json

import pytest

from handlers import menu, remedy, remedy_steps, router
from handlers.session import Parked, Session
from handlers.state import Conversation, RemedyState, StatusState, WizardState
from knowledge.context import Focus

WIZARD = (
    '{"started": "2026-11-25", "draft": {"applicant_type": "citizen", "name": "张三"}, "token": "1d75", "rev": 3, '
    '"history": ["notice", "applicant_type", "name"], "editing": null, "pending_description": null, '
    '"split_items": [], "queued_items": [], "held": null}'
)
# Rows as the code before typed state wrote them, one per flow (captured from the running chat).
ROWS = {
    "focus": '{"flow": null, "step": null, "data": {"focus": {"place": "receiving_office", "attributes": ["phone"], '
    '"question": "受理机构电话"}}, "parked": null}',
    "calc": '{"flow": "calc", "step": "fee", "data": {}, "parked": null}',
    "status": '{"flow": "status", "step": "code", "data": {"number": "LX2026-000123"}, "parked": null}',
    "apply": f'{{"flow": "apply", "step": "id_type", "data": {WIZARD}, "parked": null}}',
    "parked": '{"flow": null, "step": null, "data": {"focus": {"place": "receiving_office", "attributes": ["hours"], '
    f'"question": "办公时间是几点"}}}}, "parked": {{"flow": "apply", "step": "id_type", "data": {WIZARD}}}}}',
    "remedy": '{"flow": "remedy", "step": "kind", "data": {"remedy": {"rev": 2, "known_on": "2026-11-20", "kind": "", '
    '"letter": "", "tracking_no": "", "applied_on": "", "outcome_label": "", "details": {}, "blank": [], '
    '"asked": []}}, "parked": null}',
}
DRAFT = WizardState(
    started="2026-11-25",
    draft={"applicant_type": "citizen", "name": "张三"},
    token="1d75",
    rev=3,
    history=["notice", "applicant_type", "name"],
)
PHONE = Conversation(Focus(place="receiving_office", attributes=("phone",), question="受理机构电话"))
LOADED = {
    "focus": Session(state=PHONE),
    "calc": Session(flow="calc", step="fee"),
    "status": Session(flow="status", step="code", state=StatusState("LX2026-000123")),
    "apply": Session(flow="apply", step="id_type", state=DRAFT),
    "parked": Session(
        state=Conversation(Focus(place="receiving_office", attributes=("hours",), question="办公时间是几点")),
        parked=Parked("apply", "id_type", DRAFT),
    ),
    "remedy": Session(flow="remedy", step="kind", state=RemedyState(rev=2, known_on="2026-11-20")),
}


@pytest.mark.parametrize("name", sorted(ROWS))
def test_todays_rows_load_typed_and_are_written_back_unchanged(name):
    session = Session.from_json(ROWS[name])
    assert session == LOADED[name]
    assert session.to_json() == ROWS[name]


def test_fields_a_state_no_longer_has_are_ignored():
    row = json.loads(ROWS["apply"])
    row["data"]["retired_field"] = 1
    assert Session.from_json(json.dumps(row)) == LOADED["apply"]


@pytest.mark.parametrize(
    "row",
    [
        {"flow": "apply", "step": "name", "data": {"draft": {}}},  # a draft without its start date
        {"flow": "apply", "step": "name"},
        {"flow": "status", "step": "code", "data": ["LX2026-000123"]},
        {"flow": "no_such_flow", "step": "x", "data": {}},
        {"flow": None, "data": {}, "parked": {"flow": "apply", "step": "name", "data": {"draft": {}}}},
    ],
)
def test_a_state_that_cannot_be_read_is_a_fresh_session(row):
    assert Session.from_json(json.dumps(row)) == Session()


def test_an_unreadable_focus_is_no_focus():
    row = {"flow": None, "step": None, "data": {"focus": "archive"}, "parked": None}
    assert Session.from_json(json.dumps(row)) == Session()


def test_every_listed_command_is_routed_and_every_routed_command_listed():
    assert set(router.COMMANDS) == {name for name, _ in menu.COMMANDS}


def test_every_flow_takes_text_and_can_be_left():
    named = {flow.name for flow in router.FLOWS if flow.name is not None}
    assert set(router.TEXT) == named | {None}
    assert set(router.LEAVES) == named


def test_every_remedy_step_asks_and_takes_an_answer():
    assert remedy.STEPS.keys() == remedy_steps.ASKS.keys()
