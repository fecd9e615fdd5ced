"""The sentences of an annual report's text, kept so that what a report says in words can be quoted: read by
`report_parser`.

A passage is a sentence of a text line (not a table row), split at 。；！？ and line ends, without the page's font-size
control and its QR-code line, headings that are only a numbered title, and fragments too short to say anything.
"""

from __future__ import annotations

import re

from knowledge.reports.model import Statement
from tools.report_blocks import Block, text_lines

# A sentence: up to and including its closing mark (text_lines folds ；！？ to ;!?).
_SENTENCE = re.compile(r"[^。;!?]+[。;!?]?")
# The page's font-size control, printed before the first sentence ("大 中 小根据…").
_PAGE_CONTROL = re.compile(r"^\s*(?:字号:)?\s*大\s*中\s*小\s*")
# A heading: a numbered title without a sentence of its own ("(三)政府信息管理", "二、主动公开政府信息情况").
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、])[^,，。;:]{0,24}$")
# The page's own words after the report, not the report's.
_PAGE_TEXT = ("扫码使用手机浏览本页内容",)
# A fragment shorter than this (in characters, marks left out) says too little to quote.
MIN_CHARS = 10


def passages(block: Block) -> tuple[Statement, ...]:
    """The report's sentences with their seed lines, in printed order."""
    found = []
    for line_no, line in text_lines(block).items():
        text = _PAGE_CONTROL.sub("", line).strip()
        if not text or _HEADING.match(text) or text in _PAGE_TEXT:
            continue
        for match in _SENTENCE.finditer(text):
            sentence = match.group().strip().rstrip("。;!?").strip()
            if len(re.sub(r"[\W_]", "", sentence)) >= MIN_CHARS:
                found.append(Statement(text=sentence, line=line_no))
    return tuple(found)
