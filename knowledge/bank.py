"""The example bank: many ways people ask about each topic, place and yes/no claim, with two ways to compare.

Lexical: jieba words and Chinese character bigrams, IDF-weighted across entries, scored against each
example (how much of the example the question contains, and how much of the question it explains).
Semantic: cosine similarity of sentence embeddings (knowledge.semantic). An entry scores as its best example.
"""

from __future__ import annotations

import logging
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jieba
import numpy as np

from knowledge.guide import AGENCIES_DIR, DEFAULT_AGENCY, Guide, load_guide

jieba.setLogLevel(logging.WARNING)

LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.toml"
ELSEWHERE_PATH = Path(__file__).parent / "data" / "elsewhere.toml"
# The entry of questions no guide answers (other public services, everyday matters).
ELSEWHERE = "elsewhere"
LEADS = ("yes", "no", "silent")
_CJK = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")
# ASCII only: \w would swallow the Chinese text around an address.
_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[a-z0-9./?=&%#_:~+-]+")


@dataclass(frozen=True)
class Claim:
    """A yes/no fact: the plain answer to questions of one kind, grounded in the guide or the Regulation."""

    id: str
    topic: str
    lead: str
    say: str
    source: str
    ask: tuple[str, ...]
    # Whether it answers if a thing is the only way, or needed of everyone ("只能当面申请吗", "非得去现场领表吗"): such
    # a claim has no questions of its own; a question asking that is answered by it where its topic has one.
    only: bool = False


@dataclass(frozen=True)
class Entry:
    """Something a question can be about: a topic, a place or a claim."""

    id: str
    kind: str  # "topic", "place", "claim" or "elsewhere"
    title: str


@dataclass(frozen=True)
class Bank:
    entries: dict[str, Entry]
    examples: tuple[tuple[str, str], ...]  # (entry id, example text), grouped by entry
    claims: dict[str, Claim]

    def texts(self) -> list[str]:
        return [text for _, text in self.examples]


class BankError(ValueError):
    """The agency's examples or claims file is malformed."""


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _claims(raw: dict[str, Any], guide: Guide) -> dict[str, Claim]:
    ids = {t.id for t in guide.topics} | {p.id for p in guide.places}
    claims = {}
    for item in raw.get("claim", []):
        try:
            claim = Claim(
                id=item["id"],
                topic=item["topic"],
                lead=item["lead"],
                say=item["say"].strip(),
                source=item["source"],
                ask=tuple(item.get("ask", ())),
                only=bool(item.get("only", False)),
            )
        except KeyError as exc:
            raise BankError(f"claim {item.get('id')!r}: missing {exc}") from exc
        if claim.topic not in ids or claim.lead not in LEADS or bool(claim.ask) == claim.only:
            raise BankError(
                f"claim {claim.id!r}: unknown topic, lead not one of {LEADS}, no questions, or questions of its own "
                "though it answers whether a thing is the only way"
            )
        claims[claim.id] = claim
    return claims


@cache
def load_bank(agency: str = DEFAULT_AGENCY) -> Bank:
    """Every entry of an agency with its examples: the guide's phrasings, examples.toml and claims.toml."""
    guide = load_guide(agency)
    folder = AGENCIES_DIR / agency
    extra = _read_toml(folder / "examples.toml").get("examples", {})
    claims = _claims(_read_toml(folder / "claims.toml"), guide)
    entries: dict[str, Entry] = {}
    grouped: dict[str, list[str]] = {}
    for topic in guide.topics:
        entries[topic.id] = Entry(topic.id, "topic", topic.title)
        grouped[topic.id] = [topic.title, *topic.ask]
    for place in guide.places:
        entries[place.id] = Entry(place.id, "place", place.name)
        grouped[place.id] = [place.name, *place.aliases]
    unknown = set(extra) - set(entries)
    if unknown:
        raise BankError(f"examples for unknown ids: {sorted(unknown)}")
    for entry_id, texts in extra.items():
        grouped[entry_id].extend(texts)
    for claim in claims.values():
        if claim.only:
            continue  # no questions of its own: it answers through its topic (ranking._ONLY)
        entries[claim.id] = Entry(claim.id, "claim", claim.say)
        grouped[claim.id] = list(claim.ask)
    entries[ELSEWHERE] = Entry(ELSEWHERE, ELSEWHERE, "其他事项")
    grouped[ELSEWHERE] = list(_read_toml(ELSEWHERE_PATH)["examples"])
    examples = tuple((entry_id, text) for entry_id, texts in grouped.items() for text in dict.fromkeys(texts))
    return Bank(entries=entries, examples=examples, claims=claims)


class Lexical:
    """IDF-weighted word and bigram overlap between a question and the examples."""

    def __init__(self, bank: Bank, *, stopwords: frozenset[str]) -> None:
        self.tokenizer = tokenizer()
        self.stopwords = stopwords
        self.entry_ids = [entry_id for entry_id, _ in bank.examples]
        self.features = [self.features_of(text) for _, text in bank.examples]
        per_entry: dict[str, set[str]] = {}
        for entry_id, feats in zip(self.entry_ids, self.features, strict=True):
            per_entry.setdefault(entry_id, set()).update(feats)
        df = Counter(f for feats in per_entry.values() for f in feats)
        n = len(per_entry)
        self.idf = {f: math.log(1 + n / count) for f, count in df.items()}
        self.unknown_idf = math.log(1 + n)
        self.known = frozenset(df)

    def features_of(self, text: str) -> frozenset[str]:
        """Content words and the character bigrams of the text's Chinese runs."""
        # An address someone pastes is about email or the website, not a dozen unknown words.
        lowered = _URL.sub(" 网址 ", _EMAIL.sub(" 邮箱 ", text.lower()))
        feats = set()
        for token in self.tokenizer.lcut(lowered):
            token = token.strip()
            if len(token) > 1 and token not in self.stopwords and _CJK.fullmatch(token):
                feats.add(token)
        for run in _CJK.findall(lowered):
            chars = [ch for ch in run if ch not in self.stopwords]
            feats.update("".join(pair) for pair in zip(chars, chars[1:], strict=False))
        return frozenset(feats)

    def weight(self, feature: str) -> float:
        return self.idf.get(feature, self.unknown_idf)

    def known_share(self, feats: frozenset[str]) -> float:
        """How much of the question's weight is vocabulary the bank knows at all."""
        total = sum(self.weight(f) for f in feats)
        return sum(self.weight(f) for f in feats if f in self.known) / total if total else 0.0

    def scores(self, feats: frozenset[str]) -> dict[str, float]:
        """Each entry's best example score: the harmonic mean of example recall and question coverage."""
        q_weight = sum(self.weight(f) for f in feats)
        best: dict[str, float] = {}
        if not q_weight:
            return best
        for entry_id, ex in zip(self.entry_ids, self.features, strict=True):
            shared = sum(self.weight(f) for f in feats & ex)
            if not shared:
                continue
            recall = shared / sum(self.weight(f) for f in ex)
            coverage = shared / q_weight
            score = 2 * recall * coverage / (recall + coverage)
            if score > best.get(entry_id, 0.0):
                best[entry_id] = score
        return best


def semantic_scores(bank: Bank, vectors: np.ndarray, question: np.ndarray) -> dict[str, float]:
    """Each entry's best example cosine similarity."""
    sims = vectors @ question
    best: dict[str, float] = {}
    for (entry_id, _), sim in zip(bank.examples, sims.tolist(), strict=True):
        if sim > best.get(entry_id, -1.0):
            best[entry_id] = sim
    return best


@cache
def tokenizer() -> jieba.Tokenizer:
    """One jieba tokenizer for the whole process, keeping whole the lexicon's domain words and the names of every
    agency's places. All are added at once: a word added later would shift how everything else is cut."""
    words, _ = load_lexicon()
    names = (
        name
        for agency in sorted(path.parent.name for path in AGENCIES_DIR.glob("*/guide.toml"))
        for place in load_guide(agency).places
        for name in (place.name, *place.aliases)
    )
    shared = jieba.Tokenizer()
    for word in dict.fromkeys((*words, *names)):
        shared.add_word(word, freq=200_000)
    return shared


@cache
def load_lexicon() -> tuple[tuple[str, ...], frozenset[str]]:
    """The domain words jieba keeps whole and the function words that carry no topic."""
    raw = _read_toml(LEXICON_PATH)
    return tuple(raw["words"]), frozenset(raw["stopwords"])
