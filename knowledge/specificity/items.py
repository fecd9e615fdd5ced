"""Several requests in one description: a numbered list, or pieces joined by ；/以及/和/、 that each stand alone."""

from __future__ import annotations

import re

from knowledge.guide import Meta
from knowledge.specificity.anchors import CJK, DOC_TYPES, blank, find_anchors, top_level_titles
from knowledge.text import normalize

_CIRCLED = {chr(0x2460 + n): f"({n + 1})" for n in range(20)}
_SEP = r"(?:^|(?<=[\s；;，,。:：、]))"
_CN_DIGITS = "一二三四五六七八九十"
_MARKER_STYLES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"{_SEP}(\d{{1,2}})\s*[.、](?!\d{{1,2}}\s*[.、])"),
    re.compile(r"[(]\s*(\d{1,2})\s*[)]"),
    re.compile(rf"{_SEP}([{_CN_DIGITS}])\s*[、.]"),
    re.compile(rf"[(]([{_CN_DIGITS}])[)]"),
    re.compile(rf"第([{_CN_DIGITS}])(?:项|个|条)?[，,、:：]"),
    re.compile(rf"{_SEP}([{_CN_DIGITS}])是"),
)
_STRONG_SPLIT = re.compile(r"[；;]|以及|另外|此外|还有|同时")
# "和" inside 和平路 or 教育和体育局, "及" in 及时, "与" in 参与 are not conjunctions of two requests.
_WEAK_SPLIT = re.compile(
    rf"和(?!平|谐|睦)(?![{CJK}]{{1,6}}(?:局|委|办公室|中心))|及(?!时|格)|(?<![参给])与(?!其|会)|、"
)
# Nouns that make a piece of a list a request of its own ("…的批复", "…名单"), as opposed to a remark.
_RECORD_NOUN = re.compile(
    rf"(?:{DOC_TYPES}|文件|决定书|名单|清单|合同|协议|记录|台账|预算|决算|许可|证书?|书|表|结果|资料|信息|数据|档案)"
)
_TRIM = "\u3000 ，,。；;：:、.()（）-—"


def _number(token: str) -> int:
    """A list marker's number, whether written 3 or 三."""
    return int(token) if token.isdigit() else _CN_DIGITS.index(token) + 1


def numbered_items(text: str) -> tuple[str, ...]:
    """The items of a numbered list (1. 2. / (1) (2) / ①② / 一、二、), or () when there is no list of two or more."""
    best: list[re.Match[str]] = []
    for style in _MARKER_STYLES:
        run: list[re.Match[str]] = []
        for match in style.finditer(text):
            expected = _number(match.group(1)) == len(run) + 1
            if expected:
                run.append(match)
            elif _number(match.group(1)) == 1:
                run = [match]
        if len(run) > len(best):
            best = run
    if len(best) < 2:
        return ()
    # The lead-in before the first number ("请公开以下信息：") belongs to no single item.
    ends = [m.start() for m in best[1:]] + [len(text)]
    items = (text[m.end() : end].strip(_TRIM) for m, end in zip(best, ends, strict=True))
    return tuple(item for item in items if item)


def _stands_alone(piece: str, meta: Meta, *, strict: bool) -> bool:
    """Whether a piece of a joined list is a request of its own rather than part of its neighbour."""
    anchors = find_anchors(piece, meta)
    if anchors.names_document:
        return True
    if len(anchors.subject) < 2 or not _RECORD_NOUN.search(piece):
        return False
    own = anchors.kinds & ({"time", "title"} if strict else {"time", "title", "body"})
    return bool(own)


def _group(pieces: list[str], meta: Meta, *, strict: bool) -> tuple[str, ...]:
    """Pieces joined into items: a piece that stands alone starts an item, the rest attach to the one before."""
    items: list[str] = []
    current = ""
    current_alone = False
    separator = ""
    for piece, following in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        alone = _stands_alone(piece, meta, strict=strict)
        if alone and current_alone:
            # The conjunction between two requests belongs to neither.
            items.append(current)
            current, current_alone, separator = "", False, ""
        current += separator + piece
        current_alone = current_alone or alone
        separator = following
    items.append(current)
    return tuple(cleaned for item in items if (cleaned := item.strip(_TRIM)))


def joined_items(text: str, meta: Meta) -> tuple[str, ...]:
    """The separate requests of a list joined by ；/以及/和/、, each with its own anchor; () when there is one."""
    for pattern, strict in ((_STRONG_SPLIT, False), (_WEAK_SPLIT, True)):
        pieces = _split_keep(pattern, text)
        if len(pieces) < 3:
            continue
        items = _group(pieces, meta, strict=strict)
        if len(items) >= 2:
            return items
    return ()


def _split_keep(pattern: re.Pattern[str], text: str) -> list[str]:
    """Split on a pattern outside 《》 titles, keeping separators at odd positions."""
    masked = blank(text, top_level_titles(text), fill="□")
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(masked):
        pieces.extend([text[last : match.start()], text[match.start() : match.end()]])
        last = match.end()
    pieces.append(text[last:])
    return pieces


def split_items(text: str, meta: Meta) -> tuple[str, ...]:
    """The separate requests a description to the agency `meta` describes holds (normalised); the description itself
    when it is a single request."""
    prepared = prepare(text)
    return numbered_items(prepared) or joined_items(prepared, meta) or (prepared,)


def prepare(text: str) -> str:
    """Normalised text, with circled numbers written as (1) so lists keep their markers."""
    return normalize("".join(_CIRCLED.get(char, char) for char in text))
