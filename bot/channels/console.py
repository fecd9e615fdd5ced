"""The terminal channel: `gongkai chat`, interactive on a TTY or one message a line from a pipe."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.engine import Engine
from bot.private import write_private
from handlers.messages import Button, Incoming, Reply

CHANNEL = "console"
PROMPT = "您："
QUIT_COMMANDS = frozenset({"/quit", "/exit"})
QUIT_HINT = "（输入 /quit 或按 Ctrl-C 结束对话；/cancel 只退出当前操作。）"
GOODBYE = "再见！"


def display_width(text: str) -> int:
    """The columns `text` takes on a terminal: wide and full-width characters (汉字, ：) take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def align(rows: list[list[str]]) -> list[str]:
    """Rows of cells as lines whose columns line up on a terminal."""
    widths: dict[int, int] = {}
    for row in rows:
        for column, cell in enumerate(row):
            widths[column] = max(widths.get(column, 0), display_width(cell))
    lines = []
    for row in rows:
        padded = [cell + " " * (widths[column] - display_width(cell)) for column, cell in enumerate(row)]
        lines.append("   ".join(padded).rstrip())
    return lines


class ConsoleChannel:
    """Prints replies with numbered buttons; typing a button's number presses it."""

    def __init__(self, engine: Engine, *, chat_id: str, out: TextIO, downloads: Path) -> None:
        self.engine = engine
        self.chat_id = chat_id
        self.out = out
        self.downloads = downloads
        self.buttons: list[Button] = []

    def to_incoming(self, line: str) -> Incoming:
        """A typed line as a message: a shown button's number presses it."""
        choice = line.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(self.buttons):
            return Incoming(CHANNEL, self.chat_id, action=self.buttons[int(choice) - 1].action)
        return Incoming(CHANNEL, self.chat_id, text=line)

    def render(self, replies: list[Reply]) -> None:
        """Print replies; their buttons become the numbered choices, in aligned columns."""
        self.buttons = []
        numbers = len(str(sum(len(row) for reply in replies for row in reply.buttons)))
        for reply in replies:
            print(f"助手：{reply.text}", file=self.out)
            rows = []
            for row in reply.buttons:
                cells = []
                for button in row:
                    self.buttons.append(button)
                    cells.append(f"[{len(self.buttons)}]".rjust(numbers + 2) + f" {button.label}")
                rows.append(cells)
            for line in align(rows):
                print("    " + line, file=self.out)
            for file in reply.files:
                print(f"    [文件] {self._save(file)}", file=self.out)
        if self.buttons:
            print("    （输入编号选择）", file=self.out)
        print(file=self.out)
        self.out.flush()

    def _save(self, file) -> Path:
        # A filled form carries the applicant's ID number and phone: readable by this user only.
        target = self.downloads / Path(file.name).name
        write_private(target, file.data if file.data is not None else Path(file.path).read_bytes())
        return target

    async def send(self, line: str) -> None:
        """Hand one typed line to the engine and print what comes back."""
        self.render(await self.engine.handle(self.to_incoming(line)))

    async def run_lines(self, lines: Iterable[str]) -> None:
        """Scripted use: every line is one message, until /quit."""
        for line in lines:
            if line.strip().lower() in QUIT_COMMANDS:
                return
            await self.send(line.rstrip("\n"))

    async def run_interactive(self) -> None:
        """A live session on a terminal until /quit, EOF or Ctrl-C; says how to leave when it starts."""
        await self.send("/start")
        print(QUIT_HINT, file=self.out)
        while True:
            try:
                line = await asyncio.to_thread(input, PROMPT)
            except EOFError:
                print(f"\n{GOODBYE}", file=self.out)
                return
            if line.strip().lower() in QUIT_COMMANDS:
                print(GOODBYE, file=self.out)
                return
            await self.send(line)
