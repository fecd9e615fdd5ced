"""Ranking a question against the guide's topics and places by the content terms they share."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from knowledge.guide import Guide, Place, Topic
from knowledge.lexicon import Lexicon

# A question must be this well explained by one entry (share of its term weight) to be answered.
CONFIDENCE_FLOOR = 0.55
# How much the single phrasing closest to the question adds to an entry's score.
PHRASE_WEIGHT = 0.3


@dataclass(frozen=True)
class Entry:
    """A rankable unit: a topic or a place, with the terms people use to ask about it."""

    id: str
    terms: frozenset[str]
    phrases: tuple[frozenset[str], ...]
    topic: Topic | None = None
    place: Place | None = None


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float
    coverage: float
    question_terms: tuple[str, ...]


class Ranker:
    """Scores entries by the IDF-weighted share of the question's terms they contain."""

    def __init__(self, guide: Guide, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # Topics first: on a tie, the guide's explanation beats a bare address card.
        entries = []
        for topic in guide.topics:
            phrases = self._phrases(topic.ask, topic.title)
            entries.append(Entry(id=topic.id, terms=frozenset().union(*phrases), phrases=phrases, topic=topic))
        for place in guide.places:
            phrases = self._phrases(place.aliases, place.name)
            # Every place can be asked for by what it is ("受理机构") and for the fields it has ("电话").
            fields = {word for word, field in lexicon.attributes.items() if field == "name" or field in place.fields}
            terms = frozenset().union(*phrases, fields)
            entries.append(Entry(id=place.id, terms=terms, phrases=phrases, place=place))
        self.entries = tuple(entries)
        df = Counter(t for e in entries for t in e.terms)
        n = len(entries)
        self.idf = {t: math.log(1 + n / count) for t, count in df.items()}
        # A word no entry knows weighs as much as the rarest known word: it is what the question is about.
        self.unknown_idf = math.log(1 + n)

    def _phrases(self, texts: tuple[str, ...], title: str) -> tuple[frozenset[str], ...]:
        phrases = (frozenset(self.lexicon.terms(text)) for text in (*texts, title))
        return tuple(p for p in phrases if p)

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id, if any."""
        return next((e for e in self.entries if e.id == entry_id), None)

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)

    def rank(self, question: str) -> list[Match]:
        """Entries sharing terms with the question, best first."""
        q_terms = tuple(self.lexicon.terms(question))
        q_weight = sum(self.weight(t) for t in q_terms)
        if not q_weight:
            return []
        matches = []
        for order, entry in enumerate(self.entries):
            shared = entry.terms.intersection(q_terms)
            if not shared:
                continue
            coverage = sum(self.weight(t) for t in shared) / q_weight
            closest = max(self._phrase_fit(phrase, q_terms, q_weight) for phrase in entry.phrases)
            matches.append((coverage + PHRASE_WEIGHT * closest, -order, entry, coverage))
        matches.sort(key=lambda m: (m[0], m[1]), reverse=True)
        return [Match(entry=e, score=s, coverage=c, question_terms=q_terms) for s, _, e, c in matches]

    def _phrase_fit(self, phrase: frozenset[str], q_terms: tuple[str, ...], q_weight: float) -> float:
        """F1 of a phrasing against the question: both must be mostly explained by the other."""
        shared = sum(self.weight(t) for t in phrase.intersection(q_terms))
        if not shared:
            return 0.0
        recall = shared / q_weight
        precision = shared / sum(self.weight(t) for t in phrase)
        return 2 * recall * precision / (recall + precision)

    def best(self, question: str) -> Match | None:
        """The top entry if it clears the confidence floor."""
        ranked = self.rank(question)
        if ranked and ranked[0].coverage >= CONFIDENCE_FLOOR:
            return ranked[0]
        return None
