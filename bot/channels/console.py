"""The terminal channel: `gongkai chat`, interactive on a TTY or one message a line from a pipe."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.engine import Engine
from handlers.messages import Button, Incoming, Reply

CHANNEL = "console"
PROMPT = "您："


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
        """Print replies; their buttons become the numbered choices."""
        self.buttons = []
        for reply in replies:
            print(f"助手：{reply.text}", file=self.out)
            for row in reply.buttons:
                cells = []
                for button in row:
                    self.buttons.append(button)
                    cells.append(f"[{len(self.buttons)}] {button.label}")
                print("    " + "   ".join(cells), file=self.out)
            for file in reply.files:
                print(f"    [文件] {self._save(file)}", file=self.out)
        if self.buttons:
            print("    （输入编号选择）", file=self.out)
        print(file=self.out)
        self.out.flush()

    def _save(self, file) -> Path:
        self.downloads.mkdir(parents=True, exist_ok=True)
        target = self.downloads / Path(file.name).name
        target.write_bytes(file.data if file.data is not None else Path(file.path).read_bytes())
        return target

    async def send(self, line: str) -> None:
        """Hand one typed line to the engine and print what comes back."""
        self.render(await self.engine.handle(self.to_incoming(line)))

    async def run_lines(self, lines: Iterable[str]) -> None:
        """Scripted use: every line is one message."""
        for line in lines:
            await self.send(line.rstrip("\n"))

    async def run_interactive(self) -> None:
        """A live session on a terminal until EOF or Ctrl-C."""
        await self.send("/start")
        while True:
            try:
                line = await asyncio.to_thread(input, PROMPT)
            except EOFError:
                print("\n再见！", file=self.out)
                return
            await self.send(line)
