"""Ranking a question against the guide's topics and places by the content terms they share."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from knowledge.guide import Guide, Place, Topic
from knowledge.lexicon import Lexicon

# A question must be this well explained by one entry (share of its term weight) to be answered.
CONFIDENCE_FLOOR = 0.5
# How much a more specific entry (more of its own terms asked for) is preferred among equals.
SPECIFICITY_WEIGHT = 0.2


@dataclass(frozen=True)
class Entry:
    """A rankable unit: a topic or a place, with the terms people use to ask about it."""

    id: str
    terms: frozenset[str]
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
        entries = []
        for place in guide.places:
            terms = {t for text in (*place.aliases, place.name) for t in lexicon.terms(text)}
            # Every place can be asked for by what it is ("受理机构") and for the fields it has ("电话").
            terms |= {word for word, field in lexicon.attributes.items() if field == "name" or field in place.fields}
            entries.append(Entry(id=place.id, terms=frozenset(terms), place=place))
        for topic in guide.topics:
            terms = {t for text in (*topic.ask, topic.title) for t in lexicon.terms(text)}
            entries.append(Entry(id=topic.id, terms=frozenset(terms), topic=topic))
        self.entries = tuple(entries)
        df = Counter(t for e in entries for t in e.terms)
        n = len(entries)
        self.idf = {t: math.log(1 + n / count) for t, count in df.items()}
        # A word no entry knows weighs as much as the rarest known word: it is what the question is about.
        self.unknown_idf = math.log(1 + n)

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
            got = sum(self.weight(t) for t in shared)
            coverage = got / q_weight
            specificity = got / sum(self.weight(t) for t in entry.terms)
            matches.append((coverage + SPECIFICITY_WEIGHT * specificity, -order, entry, coverage))
        matches.sort(key=lambda m: (m[0], m[1]), reverse=True)
        return [Match(entry=e, score=s, coverage=c, question_terms=q_terms) for s, _, e, c in matches]

    def best(self, question: str) -> Match | None:
        """The top entry if it clears the confidence floor."""
        ranked = self.rank(question)
        if ranked and ranked[0].coverage >= CONFIDENCE_FLOOR:
            return ranked[0]
        return None
