"""JSON from outside — WebSocket frames, admin API bodies, request files on the command line — read within bounds:
its size, its nesting and valid Unicode. Anything else is refused with a reason in Chinese and English, never with
an exception from deep inside the parser (a frame nested 1,000 deep, a 5,000-digit number, a lone surrogate)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line reads JSON without loading aiohttp
    from aiohttp import StreamReader

# Deeper than any message or request body needs (they are flat objects), shallow enough to walk without recursion.
MAX_DEPTH = 16
# The largest document taken anywhere: an admin API body, a request file, a line of `ask --jsonl`. Far above any
# honest one (the longest field, a description, is 5,000 characters).
MAX_DOCUMENT_BYTES = 64 * 1024


async def read_at_most(stream: StreamReader, limit: int) -> bytes | None:
    """An HTTP body whole, or None as soon as it runs over `limit` bytes (the rest is not read): chunked bodies meet
    the limit too."""
    chunks, size = [], 0
    async for chunk in stream.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class JsonRefused(ValueError):
    """Input that is not JSON within the bounds; `zh` and `en` say why, without a subject ("过大…", "too large…")."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} ({en})")
        self.zh = zh
        self.en = en


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: str | bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of `raw` (UTF-8 when bytes), if it is at most `max_bytes` long, nested at most `max_depth`
    deep and every string is valid Unicode; else JsonRefused."""
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        limit = f"{max_bytes // 1024} KB" if max_bytes >= 1024 else f"{max_bytes} 字节"
        raise JsonRefused(f"过大（最多{limit}）", f"too large (at most {max_bytes} bytes)")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonRefused("不是 UTF-8 编码的文本", "not UTF-8 encoded text") from None
    try:
        value = json.loads(raw, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        where = f"第{exc.lineno}行第{exc.colno}列"
        raise JsonRefused(f"不是有效的 JSON（{where}）", f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise _too_deep(max_depth) from None
    except ValueError:
        # A number too long to convert (over 4,300 digits), NaN or Infinity.
        raise JsonRefused("不是有效的 JSON（数值无效或过长）", "not valid JSON: a bad or overlong number") from None
    _check(value, max_depth)
    return value


def _too_deep(max_depth: int) -> JsonRefused:
    return JsonRefused(f"嵌套过深（最多{max_depth}层）", f"nested too deeply (at most {max_depth} levels)")


def _check(value: Any, max_depth: int) -> None:
    """Refuse nesting beyond `max_depth` and strings that are not valid Unicode (lone surrogates from \\ud800)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise JsonRefused("含有无效的字符", "not valid Unicode (a lone surrogate)") from None
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > max_depth:
            raise _too_deep(max_depth)
        children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children)
