"""The `gongkai` command line: chat, ask, fee, deadline, and the staff's requests and backup.

Each command group is a module with a `register(commands)` that adds its subcommands, each with
`set_defaults(func=…)`; `main` parses, sets up the process and runs `args.func(args, config, stdout)`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from bot.cli import backup, calculators, keys, reports, requests, staff, talk, wechat
from bot.cli.common import EXIT_BROKEN_PIPE, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, CommandError
from bot.config import ConfigError, load_config
from bot.logs import OneLineFormatter, describe
from knowledge.clock import Clock, set_product_clock
from knowledge.guide import load_guide

log = logging.getLogger(__name__)

# The command groups in the order `gongkai --help` lists them.
COMMAND_GROUPS = (talk, calculators, reports, requests, staff, backup, keys, wechat)


def config_first(argv: list[str]) -> list[str]:
    """The arguments with a --config given after the subcommand ("gongkai serve --config FILE") moved before it,
    where the parser reads it; anything after "--" is left alone."""
    end = argv.index("--") if "--" in argv else len(argv)
    for i, arg in enumerate(argv[:end]):
        if arg.startswith("--config="):
            return [arg, *argv[:i], *argv[i + 1 :]]
        if arg == "--config" and i + 1 < end:
            return [arg, argv[i + 1], *argv[:i], *argv[i + 2 :]]
    return argv


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand, described with the default agency's name (the configuration is read
    after parsing)."""
    description = f"{load_guide().meta.short_name}信息公开助手"
    parser = argparse.ArgumentParser(prog="gongkai", description=description)
    parser.add_argument("--config", type=Path, help="配置文件路径（默认读取 $GONGKAI_CONFIG，否则用内置默认值）")
    commands = parser.add_subparsers(dest="command", required=True)
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


# At INFO httpx logs every request URL, which holds the bot token; at DEBUG PTB logs every parameter,
# message texts included. These stay capped whatever level the operator picks.
QUIET_LOGGERS = {"httpx": logging.WARNING, "telegram": logging.INFO}


def configure_logging(level: str) -> None:
    """Set up logging once for the whole process, keeping tokens and message texts out of it."""
    # One line per record: an exception is described, not traced back, unless the level is DEBUG.
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter(tracebacks=level == "DEBUG"))
    logging.basicConfig(level=level, handlers=[handler])
    for name, floor in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `gongkai` command."""
    args = build_parser().parse_args(config_first(sys.argv[1:] if argv is None else argv))
    # Chinese in and out, whatever the terminal's locale says.
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        config = load_config(args.config)
        configure_logging(config.log.level)
        set_product_clock(Clock(config.knowledge.timezone))
        return args.func(args, config, sys.stdout)
    except BrokenPipeError:
        # `gongkai ask … | head -1`: the reader has gone; the rest is not wanted, and no traceback either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except ConfigError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except CommandError as exc:
        # One line, whatever the message quoted from the input.
        print(" ".join(str(exc).split()), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        # Ctrl-C while a command waits (on standard input, on the database) ends it, without a traceback.
        return EXIT_INTERRUPTED
    except Exception as exc:
        # Whatever went wrong, one line, not a traceback (at [log] level = "DEBUG" the traceback is logged).
        log.debug("gongkai %s failed", args.command, exc_info=True)
        print(f"出错了，命令没有完成：{describe(exc)}", file=sys.stderr)
        return EXIT_FAILED
