"""The terminal chat: how to leave it, and its numbered buttons in columns that line up on a terminal."""

from __future__ import annotations

import builtins
import io
import re

import pytest

from bot.channels.console import GOODBYE, QUIT_HINT, ConsoleChannel, display_width
from handlers.menu import MENU_ITEMS

BUTTON = re.compile(r"\[\d+\] ")


@pytest.fixture
def out() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def console(engine, out, tmp_path) -> ConsoleChannel:
    return ConsoleChannel(engine, chat_id="console-test", out=out, downloads=tmp_path)


def typing(monkeypatch: pytest.MonkeyPatch, *lines: str) -> list[str]:
    """Answer `input()` with `lines`, then end of input; returns the prompts shown."""
    pending, prompts = list(lines), []

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        if not pending:
            raise EOFError
        return pending.pop(0)

    monkeypatch.setattr(builtins, "input", fake_input)
    return prompts


def columns(line: str) -> list[int]:
    """The terminal column where each button's label starts."""
    return [display_width(line[: match.end()]) for match in BUTTON.finditer(line)]


def test_display_width_counts_wide_characters_twice():
    assert display_width("abc") == 3
    assert display_width("收费标准") == 8
    assert display_width("[1] 电话：0531") == 4 + 4 + 2 + 4


async def test_start_says_how_to_quit_and_quit_ends_the_chat(console, out, monkeypatch):
    prompts = typing(monkeypatch, "/quit", "不会被读到")
    await console.run_interactive()
    text = out.getvalue()
    assert QUIT_HINT in text and "/quit" in QUIT_HINT and "Ctrl-C" in QUIT_HINT
    # The hint comes after the welcome, right above the first prompt.
    assert text.index("信息公开助手") < text.index(QUIT_HINT)
    assert text.rstrip().endswith(GOODBYE)
    assert len(prompts) == 1


async def test_end_of_input_says_goodbye(console, out, monkeypatch):
    typing(monkeypatch, "投诉电话")
    await console.run_interactive()
    text = out.getvalue()
    assert "0531-88150105" in text and text.rstrip().endswith(GOODBYE)


async def test_piped_lines_stop_at_quit(console, out):
    await console.run_lines(["/start\n", "/quit\n", "投诉电话\n"])
    assert "信息公开助手" in out.getvalue() and "0531-88150105" not in out.getvalue()


async def test_menu_columns_line_up_by_display_width(console, out):
    await console.send("/start")
    lines = [line for line in out.getvalue().splitlines() if BUTTON.search(line)]
    assert len(lines) == (len(MENU_ITEMS) + 1) // 2
    # Numbers 1–9 are right-aligned to 10 and more, and the second column starts after the widest first label.
    widest = columns(lines[0])
    assert len(widest) == 2
    assert all(columns(line) == widest[: len(columns(line))] for line in lines)
    assert all(line == line.rstrip() for line in lines)


async def test_typed_number_presses_the_aligned_button(console, out):
    await console.send("/start")
    await console.send("4")  # 收费标准
    assert "超额累进" in out.getvalue()
