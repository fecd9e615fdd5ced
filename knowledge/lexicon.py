"""The vocabulary questions are read with: jieba plus a domain dictionary, synonyms and stopwords."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba

LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.toml"
# ASCII only: \w would swallow the Chinese text around an address.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./?=&%#_:~+-]+")

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class Lexicon:
    """Maps free text to the canonical content terms the ranking compares."""

    canonical: dict[str, str]
    stopwords: frozenset[str]
    attributes: dict[str, str]
    tokenizer: jieba.Tokenizer

    @classmethod
    def load(cls, path: Path = LEXICON_PATH, *, extra_words: Iterable[str] = ()) -> Lexicon:
        """Read the lexicon file and teach jieba its words and every synonym variant."""
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        canonical: dict[str, str] = {}
        for canon, variants in raw["synonyms"].items():
            canonical[canon.lower()] = canon
            for variant in variants:
                canonical[variant.lower()] = canon
        tokenizer = jieba.Tokenizer()
        for word in [*raw["words"], *canonical, *extra_words]:
            if len(word) > 1:
                tokenizer.add_word(word, freq=200_000)
        return cls(
            canonical=canonical,
            stopwords=frozenset(raw["stopwords"]),
            attributes=dict(raw["attributes"]),
            tokenizer=tokenizer,
        )

    def terms(self, text: str) -> list[str]:
        """The canonical content terms of a text, in order of first appearance, without repeats."""
        # An address someone pastes is about email or the website, not a dozen unknown words.
        lowered = _URL.sub(" 网址 ", _EMAIL.sub(" 邮箱 ", text.lower()))
        found: list[str] = []
        for token in self.tokenizer.lcut(lowered):
            token = token.strip()
            if not token or token in self.stopwords or token.isdigit() or not any(ch.isalnum() for ch in token):
                continue
            term = self.canonical.get(token, token)
            # Outside the lexicon, a lone character ("考") or a pronoun-led fragment ("我交") is noise.
            if token not in self.canonical and (len(token) == 1 or token[0] in "我你您咱"):
                continue
            found.append(term)
        return list(dict.fromkeys(found))
