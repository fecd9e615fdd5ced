"""Ranking a question against the example bank with two signals fused, and deciding how sure we are.

Each entry's lexical score (0–1) and semantic similarity (rescaled from the model's narrow cosine band to
0–1) are averaged with fixed weights. The weights and thresholds were calibrated on the dev and regression
question sets (tests/data); a held-out set measured the result. Out of scope is a separate decision: the
question's vocabulary is mostly unknown to the bank and no example is semantically close.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from knowledge.bank import ELSEWHERE, Bank, Claim, Entry, Lexical, load_lexicon, semantic_scores
from knowledge.guide import AGENCIES_DIR, Guide
from knowledge.memo import Memo
from knowledge.numbers import Edge, lengths
from knowledge.reports.words import printed_outcomes
from knowledge.semantic import VECTORS_FILE, Embedder, bank_vectors
from knowledge.understand import HOLIDAYS, Reading, names_time

LEXICAL_WEIGHT = 0.5
# Rankings kept for readings met again within a short while.
RANKINGS_KEPT = 256
# The model's cosine similarities of related Chinese questions lie in a narrow band; map it onto 0–1.
SEMANTIC_LOW, SEMANTIC_HIGH = 0.88, 0.98
# A fused score that answers; a weaker one answers only well ahead of the runner-up. A runner-up this
# close means asking instead of guessing, and so does a best score between the floors: the question
# offers the candidates within the span. Below the lowest floor the honest answer is "not in the guide".
CONFIDENCE_FLOOR = 0.42
WEAK_FLOOR = 0.30
WEAK_GAP = 0.08
CLOSE_MARGIN = 0.02
CLARIFY_FLOOR = 0.26
CLARIFY_SPAN = 0.08
# Out of scope, decided apart from the ranking: little of the question's weight is bank vocabulary and no
# example is semantically near; or an example of other services is (about) as near as any topic's.
KNOWN_SHARE_FLOOR = 0.5
SEMANTIC_SCOPE_FLOOR = 0.90
ELSEWHERE_MARGIN = 0.005
PLACE_SCOPE_MARGIN = 0.02
# The best topic's claim gives the yes/no answer when it scores at least this and not far below the topic
# (the topic banks hold yes/no phrasings too, so claims score lower); another topic's claim must be as close.
# Measured over every question set (fresh4–fresh12): 0.20 answers two more than 0.25 and loses none; 0.15 gains
# two and loses one (a claim of another topic); 0.40 missed some.
CLAIM_FLOOR = 0.20
# A word in the examples of about one topic in 16 or more (IDF log(1 + n/df) at most 2.8) tells no topic apart.
GENERIC_IDF = 2.8
# The share of a claim's examples that name a time for the claim to be about one.
TIMED_SHARE = 2 / 3
CLAIM_SLACK = 0.30
# A claim whose sentence restates this share of its topic's answer (in character pairs) is the topic's own yes or no:
# a question sure of the topic gets it however far its examples score below the topic's ("记录写错了能改不").
RESTATING_SHARE = 0.6
# Candidates this near the best that say more of the domain words a question names take its place.
NAMED_SPAN = 0.10
# A domain word this share of all topics say is the subject they share, and names none of them.
SUBJECT_SHARE = 0.25
# ... and, where the question names a place by its name, those whose answer gives that place (a stronger sign: the
# same on every question set from 0.10 to 0.20).
PLACE_NAMED_SPAN = 0.16
# Asked where, naming no place, candidates this near the best whose answers say where take its place where the best's
# does not ("主动公开的东西能在哪看到": the forms with the website, not the categories); farther, the best's subject
# is what is asked ("区政府领导分工情况在哪能查到": the category it is disclosed in).
WHERE_SPAN = 0.20
# A rule asked of as holding without exception ("一律不公开", "全都不给"), and a claim's lead saying it depends.
_WITHOUT_EXCEPTION = re.compile(r"一律|一概|全都|统统|所有的?都|全部都")
_DEPENDS = "不一定"
# Asked whether a rule has exceptions at all ("那有没有例外情况").
_EXCEPTION_ASKED = re.compile(r"例外|特殊情况|特例")
# Asked whether a thing is the only way, or needed of everyone: "是不是只有本人跑到现场才能申请",
# "申请表非得去现场领吗", "必须本人跑一趟吗".
_ONLY = re.compile(r"只有.{0,20}才|只能|只可以|只限|仅限|非得|非要|(?:必须|一定)要?(?:本人|亲自)")
# A range of pages or items a claim states ("30页以下", "31—100页", "11—30件").
_RANGE_STATED = re.compile(r"\d+(?:—\d+)?[页件](?:以下|以上)?")
# The condition of an exception a claim states after its rule, one clause ending in 的 ("不予公开；但第三方同意公开…的，
# 予以公开"), not a caveat ("但2024年1月1日起施行的…规定，…"); an example in brackets is no part of it.
_EXCEPTION = re.compile(r"但(?:是)?([^。；，]*?)的，")
_BRACKETED = re.compile(r"（[^）]*）|\([^)]*\)")
# A lead that is only the yes or no ("可以", "不需要"), not a hedge ("不一定") or a narrower answer ("不需要寄原件").
_BARE_LEAD = re.compile(r"不?(?:可以|能|会|需要|是|要|用|行)|有|没有")
# A holiday named ("国庆那几天算不算"): the class of days the rules speak of.
_HOLIDAY = re.compile("|".join(HOLIDAYS))
HOLIDAY_CLASS = "节假日"


@dataclass(frozen=True)
class Candidate:
    id: str  # the best entry of its group: a topic, a place or a claim
    group: str  # the topic or place it answers with
    score: float
    lexical: float
    semantic: float


@dataclass(frozen=True)
class Ranking:
    candidates: tuple[Candidate, ...]
    claims: dict[str, tuple[Claim, float]]
    out_of_scope: bool
    # Per topic with a claim: the weight of the question's words that its claim's examples hold and no other
    # candidate topic's claim does (what it asks of the subject they share).
    predicates: dict[str, float] = field(default_factory=dict)
    # The topics whose chosen claim the question points at: it holds words only that claim of the topic is asked
    # with, or, holding none, the claim restates the topic's answer.
    pointed: frozenset[str] = frozenset()

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def confident(self) -> bool:
        """The best candidate is clear enough to answer with, and no runner-up is as good."""
        if self.best is None or self.close:
            return False
        second = self.candidates[1].score if len(self.candidates) > 1 else 0.0
        return self.best.score >= CONFIDENCE_FLOOR or (
            self.best.score >= WEAK_FLOOR and self.best.score - second >= WEAK_GAP
        )

    @property
    def close(self) -> bool:
        """Two or three groups within the margin of each other: ask which one is meant."""
        return len(self.candidates) > 1 and self.candidates[1].score >= self.candidates[0].score - CLOSE_MARGIN

    @property
    def plausible(self) -> bool:
        """Something is worth offering as a choice, if not worth answering with."""
        return self.best is not None and self.best.score >= CLARIFY_FLOOR

    def narrowed(self, kept: tuple[Candidate, ...]) -> Ranking:
        """The ranking with only the kept candidates, and only their topics' claims."""
        groups = {c.group for c in kept}
        return replace(self, candidates=kept, claims={g: c for g, c in self.claims.items() if g in groups})

    @property
    def near(self) -> tuple[Candidate, ...]:
        """The candidates to offer: within the span of the best."""
        return tuple(c for c in self.candidates if self.best and c.score >= self.best.score - CLARIFY_SPAN)

    def claim(self) -> Claim | None:
        """The yes/no claim that fits the question: the best topic's own, or any claim about as close as it."""
        if self.best is None or not self.claims:
            return None
        # The near topics' claims compete by their own score: "能在网上直接申请吗" is the online claim, though the
        # channels topic ranks first and has a claim (about WeChat) too.
        near = [self.claims[c.group] for c in self.near if c.group in self.claims]
        if near:
            own = max(near, key=lambda found: found[1])
            # A tie goes to the best topic's own claim ("网上交申请要钱不": the fee's, not the online channel's hours).
            if self.best.group in self.claims and self.claims[self.best.group][1] >= own[1] - CLOSE_MARGIN:
                own = self.claims[self.best.group]
            # "政府信息公开申请可以网上交吗": another topic's claim sharing only the subject gives way to one
            # holding what is asked of it.
            # So does the best topic's own claim that the guide is silent ("政府信息公开可以网上申请吗" asks no phone).
            aside = own[0].topic != self.best.group or own[0].lead == "silent"
            if aside and self.predicates.get(own[0].topic, 0.0) <= 0:
                held = [found for found in near if self.predicates.get(found[0].topic, 0.0) > 0]
                own = max(held, key=lambda found: found[1]) if held else own
            if own[1] >= CLAIM_FLOOR and own[1] >= self.best.score - CLAIM_SLACK:
                return own[0]
        # A question sure of its topic and pointing at one of its claims gets that claim, however far its few examples
        # score below the topic's many ("政府那边关于我的记录写错了，能改不").
        if self.best.group in self.pointed and len(self.near) == 1 and self.claims[self.best.group][1] >= CLAIM_FLOOR:
            return self.claims[self.best.group][0]
        claim, score = max(self.claims.values(), key=lambda found: found[1])
        return claim if score >= self.best.score - CLOSE_MARGIN else None


def _states_first(say: str, edge: Edge) -> bool:
    """Whether the range of pages or items a claim's sentence states first is the one an edge names ("30页以下" for
    up to 30 pages, "31—100页" for beyond 30)."""
    unit = "页" if edge.unit == "pages" else "件"
    stated = f"{edge.last}{unit}以下" if edge.first == 1 and edge.last else f"{edge.first}—"
    first = _RANGE_STATED.search(say)
    return first is not None and first.group().startswith(stated)


def _depending(found: list[tuple[Claim, float]]) -> list[tuple[Claim, float]]:
    """Of a topic's claims with their scores, the one saying it depends at the best score, or all of them."""
    best = max(score for _, score in found)
    depends = [(claim, best) for claim, _ in found if claim.say.startswith(_DEPENDS)]
    return depends[:1] or found


def _exception(say: str) -> str:
    """The condition of the exception a claim's sentence states after its rule, or nothing."""
    match = _EXCEPTION.search(say)
    return _BRACKETED.sub("", match.group(1)) if match else ""


def _restated_share(say: str, answer: str) -> float:
    """The share of the answer's character pairs that a claim's sentence holds past a bare lead ("可以。"); none past a
    lead saying more ("不需要寄原件。": of one part of the answer)."""
    lead, _, rest = say.partition("。")
    if not _BARE_LEAD.fullmatch(lead):
        return 0.0
    pairs = {answer[i : i + 2] for i in range(len(answer) - 1)}
    held = {rest[i : i + 2] for i in range(len(rest) - 1)}
    return len(pairs & held) / len(pairs) if pairs else 0.0


def _runs_into_subject(match: re.Match[str]) -> bool:
    """Whether the agency's own name found runs into "(的)信息公开", its 政府 a part of the subject "政府信息公开"."""
    return match.string.startswith(("信息", "的信息"), match.end())


def _unnamed(match: re.Match[str]) -> str:
    """The agency's own name taken out of a question, but not the 政府 of "政府信息公开" it runs into."""
    return "政府" if _runs_into_subject(match) else " "


class Ranker:
    """Ranks the bank's entries for a question."""

    def __init__(self, bank: Bank, lexical: Lexical, *, guide: Guide, agency: str) -> None:
        self.bank = bank
        self.lexical = lexical
        self.guide = guide
        self.embedder = Embedder()
        self._vectors_path = AGENCIES_DIR / agency / VECTORS_FILE
        self._vectors: np.ndarray | None = None
        self._memo: Memo[Ranking] = Memo(RANKINGS_KEPT)
        # The agency naming itself ("历下区政府信息公开申请怎么交", "历下区的政府…"): no topic's word, as the places'
        # names are not.
        meta = guide.meta
        self._own_name = re.compile(
            f"(?:{re.escape(meta.province)})?(?:{re.escape(meta.city)}|{re.escape(meta.city.rstrip('市'))})?"
            f"(?:{re.escape(meta.district)}|{re.escape(meta.district.rstrip('区县市'))})的?(?:人民)?政府"
        )
        # A place's claims whose examples name a time ("图书馆中午能查阅吗"; most of them, as some say it in words
        # the reader does not take for one, "午休时间") answer only a question naming one.
        self._timed = frozenset(
            claim.id
            for claim in bank.claims.values()
            if sum(map(names_time, claim.ask)) >= TIMED_SHARE * len(claim.ask)
        )

        # What each topic says and how people ask it, for the domain words a question names.
        said: dict[str, list[str]] = {}
        for entry_id, text in bank.examples:
            said.setdefault(self.topic_of(entry_id), []).append(text)
        for topic in guide.topics:
            said.setdefault(topic.id, []).extend((topic.title, topic.answer))
        self._said = {group: "\n".join(texts) for group, texts in said.items()}
        self._places_of = {topic.id: topic.places for topic in guide.topics}
        # The domain words that name a topic: not the subject that a good share of all topics say ("政府信息公开").
        self._domain_words = [word for word in load_lexicon()[0] if not self._subject(word)]
        words: dict[str, set[str]] = {}
        for entry_id, feats in zip(lexical.entry_ids, lexical.features, strict=True):
            if entry_id in bank.claims:
                words.setdefault(entry_id, set()).update(feats)
        self._claim_words = {claim_id: frozenset(found) for claim_id, found in words.items()}
        # The words of each claim's exception that its own questions never use: a question naming them asks the
        # exception, not the rule.
        self._exception_words = {
            claim.id: lexical.features_of(_exception(claim.say)) - self._claim_words.get(claim.id, frozenset())
            for claim in bank.claims.values()
        }
        self._limits = frozenset(c.id for c in bank.claims.values() if any(n.within for n in lengths(c.say)))
        self._siblings: dict[str, list[str]] = {}
        # Each topic's claim answering whether a thing is the only way.
        self._only: dict[str, Claim] = {}
        for claim in bank.claims.values():
            if claim.only:
                self._only[claim.topic] = claim
            else:
                self._siblings.setdefault(claim.topic, []).append(claim.id)
        # Each topic's claim restating most of its answer, if one restates enough.
        shares = {
            claim.id: _restated_share(claim.say, topic.answer)
            for topic in guide.topics
            for claim in (bank.claims[c] for c in self._siblings.get(topic.id, ()))
        }
        most = [max(claims, key=shares.__getitem__) for claims in self._siblings.values() if claims[0] in shares]
        self._restating = frozenset(c for c in most if shares[c] >= RESTATING_SHARE)

    def _subject(self, word: str) -> bool:
        """Whether a word is said by so many topics that it is the subject they share, naming none of them."""
        return sum(word in text for text in self._said.values()) > SUBJECT_SHARE * len(self._said)

    def named_first(self, ranking: Ranking, reading: Reading) -> Ranking:
        """The near candidates that say the most of the domain words the question names, where some say fewer
        ("补正之后答复期限从哪天开始算" names 补正, which the fee payment's restart never says)."""
        best = ranking.best
        named = [word for word in self._domain_words if word in reading.text]
        places = () if reading.by_role else reading.places
        if best is None or not (named or places) or self.bank.entries[best.group].kind != "topic":
            return ranking
        span = PLACE_NAMED_SPAN if places else NAMED_SPAN
        near = [
            c for c in ranking.candidates if c.score >= best.score - span and self.bank.entries[c.group].kind == "topic"
        ]
        # A place named by its name counts before any domain word: "档案馆能查主动公开的文件吗" is of the topic whose
        # answer gives the archive (a role, "复议", names a subject of several).
        says = {
            c.group: (
                sum(place in self._places_of.get(c.group, ()) for place in places),
                sum(word in self._said.get(c.group, "") for word in named),
            )
            for c in near
        }
        most = max(says.values())
        kept = tuple(c for c in near if says[c.group] == most)
        # Never surer than before: a weak best stays for the question back or the honest no.
        if len(kept) == len(near) or kept[0].score < CONFIDENCE_FLOOR:
            return ranking
        # A best saying the most already leaves out the near ones saying fewer ("历下区政府公报网上在哪能看到" is the
        # forms', which name 政府公报, not the guide's), but not for a yes or no, whose claims they may hold.
        if says[best.group] == most and reading.yes_no:
            return ranking
        # The left-out topics' claims go with them ("图书馆能查主动公开的文件吗" asks no claim of the categories).
        return ranking.narrowed(kept)

    def speaks_of(self, group: str, text: str) -> bool:
        """Whether every content word of a short text is one the group's answer, title or examples say ("那网上提交的呢"
        of the date of receipt, whose rule names each way of applying)."""
        words = self.content_words(text)
        return bool(words) and self.words_said(group, text) == len(words)

    def words_said(self, group: str, text: str) -> int:
        """How many of a text's content words the group's answer, title or examples say."""
        said = self._said.get(group, "")
        return sum(w in said for w in self.content_words(text))

    def generic(self, text: str) -> bool:
        """Whether every word of the text that the examples know is common to many topics ("会怎么处理", "他们会怎么
        回我"), so that it says nothing of which one is meant."""
        known = (w for w in self.content_words(text) if w in self.lexical.known)
        return all(self.lexical.weight(w) <= GENERIC_IDF for w in known)

    def content_words(self, text: str) -> list[str]:
        return [w for w in self.lexical.tokenizer.lcut(text) if len(w) > 1 and w not in self.lexical.stopwords]

    def warm(self) -> None:
        """Load the model and the bank's vectors and run one inference, so that the first question costs what any
        other does."""
        self.embedder.embed(self.bank.texts()[:1])
        self.vectors()

    def vectors(self) -> np.ndarray:
        if self._vectors is None:
            self._vectors = bank_vectors(self.bank.texts(), self._vectors_path, self.embedder)
        return self._vectors

    def topic_of(self, entry_id: str) -> str:
        claim = self.bank.claims.get(entry_id)
        return claim.topic if claim else entry_id

    def unsaid(self, claim: Claim, text: str) -> list[str]:
        """The content words of a text of which neither the claim nor its topic says any two characters in a row."""
        said = "\n".join((self._said.get(claim.topic, ""), claim.say, *claim.ask))
        return [
            w for w in self.content_words(text) if not any(w[i : i + 2] in said for i in range(len(w) - 1))
        ]

    def restating(self, topic: str) -> Claim | None:
        """The topic's claim restating most of its answer, if one restates enough."""
        return next((self.bank.claims[c] for c in self._siblings.get(topic, ()) if c in self._restating), None)

    def label(self, entry_id: str) -> str:
        return self.bank.entries[self.topic_of(entry_id)].title

    def _place_asked(self, place: str, entry: Entry, reading: Reading) -> bool:
        """Whether a place's entries may answer: its yes/no claims a yes/no question (naming a time where the claim's
        examples do), the rest only where the place is named and asked about ("在哪能看到" names no office,
        "图书馆借书证怎么办" asks nothing of one)."""
        if entry.kind == "claim":
            return reading.yes_no and (entry.id not in self._timed or bool(reading.weekend or reading.clock))
        return place in reading.places and bool(reading.attributes)

    def rank(self, reading: Reading) -> Ranking:
        """Every group's best entry, best first, with the yes/no claims per group and the scope decision.

        A question may be ranked twice while it is answered (a role word's scope check, then its topics)."""
        return self._memo.get(reading, lambda: self._rank(reading))

    def _rank(self, reading: Reading) -> Ranking:
        # The places are read structurally; their names would only pull the rules of one place's claims forward.
        text = reading.text if HOLIDAY_CLASS in reading.text else _HOLIDAY.sub(HOLIDAY_CLASS, reading.text)
        # "不给公开", "不归区政府管": the outcomes as the guide says them.
        text = printed_outcomes(text)
        unnamed = text
        for name in reading.proper_names:
            unnamed = unnamed.replace(name, " ")
        unnamed = self._own_name.sub(_unnamed, unnamed)
        feats = self.lexical.features_of(unnamed)
        lexical = self.lexical.scores(feats)
        # "历下区政府信息公开申请在哪交": the model would take the agency's name run into the subject for the guide's
        # title, so it reads "政府信息公开申请在哪交".
        subject = self._own_name.sub(lambda m: "政府" if _runs_into_subject(m) else m.group(0), text)
        semantic = semantic_scores(self.bank, self.vectors(), self.embedder.embed_one(subject))
        groups: dict[str, Candidate] = {}
        claims: dict[str, list[tuple[Claim, float]]] = {}
        for entry_id, entry in self.bank.entries.items():
            group = self.topic_of(entry_id)
            if self.bank.entries[group].kind == "place" and not self._place_asked(group, entry, reading):
                continue
            lex, sem = lexical.get(entry_id, 0.0), semantic.get(entry_id, 0.0)
            rescaled = min(1.0, max(0.0, (sem - SEMANTIC_LOW) / (SEMANTIC_HIGH - SEMANTIC_LOW)))
            score = LEXICAL_WEIGHT * lex + (1 - LEXICAL_WEIGHT) * rescaled
            if entry.kind == "claim":
                if not reading.yes_no:
                    # A yes/no phrasing still tells which topic is meant; only its lead is left out.
                    entry_id = group
                else:
                    claims.setdefault(group, []).append((self.bank.claims[entry_id], score))
            current = groups.get(group)
            if current is None or score > current.score:
                groups[group] = Candidate(entry_id, group, score, lex, sem)
        ranked = sorted(groups.values(), key=lambda c: c.score, reverse=True)
        # Places are compared by topic only: "图书馆借书证怎么办" is near the library's examples, yet no OGI question. A
        # place named and asked about counts too, by a margin over other services ("投诉举报打哪个电话", but not
        # "楼上装修太吵了打哪个电话投诉"), as its examples are short and near any question naming it.
        asked = {c.group for c in ranked}
        top_semantic = max(
            (
                v if self.bank.entries[k].kind != "place" else v - PLACE_SCOPE_MARGIN
                for k, v in semantic.items()
                if k != ELSEWHERE and (self.bank.entries[k].kind != "place" or self.topic_of(k) in asked)
            ),
            default=0.0,
        )
        unknown = self.lexical.known_share(feats) < KNOWN_SHARE_FLOOR and top_semantic < SEMANTIC_SCOPE_FLOOR
        nearer_elsewhere = semantic.get(ELSEWHERE, 0.0) >= top_semantic - ELSEWHERE_MARGIN
        elsewhere = nearer_elsewhere or (bool(ranked) and ranked[0].group == ELSEWHERE)
        kept = tuple(c for c in ranked if c.group != ELSEWHERE)[:3]
        words = feats & frozenset(self.lexical.tokenizer.lcut(unnamed))
        if any(length.within for length in lengths(reading.text)):
            # "行政复议是不是得3个月内提": a time limit named asks the claims stating one, where any does.
            limits = {group: [f for f in found if f[0].id in self._limits] for group, found in claims.items()}
            claims = {group: found for group, found in limits.items() if found} or claims
        if len(reading.edges) == 1:
            # "没超过30页是不是就不用交钱": a count named as the edge of a range asks, of each topic, the claim stating
            # that range first (the claim of 31—100页 also says 30页以下 is free).
            edge = reading.edges[0]
            stating = {group: [f for f in found if _states_first(f[0].say, edge)] for group, found in claims.items()}
            claims = {group: stating[group] or found for group, found in claims.items()}
        if _WITHOUT_EXCEPTION.search(reading.text):
            # "是不是一律不公开": asked whether a rule holds without exception, a topic's claim that it depends, as
            # near as the topic's nearest claim.
            claims = {group: _depending(found) for group, found in claims.items()}
        excepted = _EXCEPTION_ASKED.search(reading.text) is not None
        chosen = {group: self._by_predicate(found, feats, words, excepted) for group, found in claims.items()}
        pointed = frozenset(
            group
            for group, (claim, _) in chosen.items()
            if claim.id in self._restating
            or (len(self._siblings[group]) > 1 and self._predicate_weight(claim, words) > 0)
        )
        if _ONLY.search(reading.text):
            chosen = self._only_answering(chosen, groups)
        return Ranking(
            candidates=kept,
            claims=chosen,
            out_of_scope=unknown or elsewhere,
            predicates=self._predicates(chosen, kept, feats),
            pointed=pointed,
        )

    def _only_answering(
        self, chosen: dict[str, tuple[Claim, float]], groups: dict[str, Candidate]
    ) -> dict[str, tuple[Claim, float]]:
        """The claims for a question asking whether a thing is the only way ("是不是只有本人跑到现场才能申请"): of each
        topic with one, its claim answering that (it has no questions of its own), as near as the topic's nearest
        claim, or as the topic."""
        answering = {
            group: (self._only[group], chosen[group][1] if group in chosen else candidate.score)
            for group, candidate in groups.items()
            if group in self._only
        }
        return {**chosen, **answering}

    def _predicates(
        self, chosen: dict[str, tuple[Claim, float]], kept: tuple[Candidate, ...], feats: frozenset[str]
    ) -> dict[str, float]:
        """Ranking.predicates for the candidates' chosen claims."""
        words = {c.group: self._claim_words.get(chosen[c.group][0].id, frozenset()) for c in kept if c.group in chosen}
        weights = {}
        for group, own in words.items():
            others = frozenset().union(*(found for other, found in words.items() if other != group))
            weights[group] = sum(self.lexical.weight(f) for f in feats & (own - others))
        return weights

    def _by_predicate(
        self, found: list[tuple[Claim, float]], feats: frozenset[str], words: frozenset[str], excepted: bool
    ) -> tuple[Claim, float]:
        """A topic's claim for the question: the best scoring, unless the question holds none of the words only that
        claim is asked with (its predicate) while it holds some of another claim's of the topic ("报纸、电台也算主动公开
        的方式吗" shares only the subject of "政府文件属于主动公开吗", and names a form, as the forms' claim does)."""
        best = max(found, key=lambda each: each[1])
        if self._predicate_weight(best[0], words) <= 0:
            held = [each for each in found if self._predicate_weight(each[0], words) > 0]
            # Holding none, the question asks what the topic says: its restating claim ("在网上能交申请不").
            held = held or [each for each in found if each[0].id in self._restating]
            best = max(held, key=lambda each: each[1]) if held else best
        return self._excepted(best, found, feats, excepted)

    def _excepted(
        self, chosen: tuple[Claim, float], found: list[tuple[Claim, float]], feats: frozenset[str], asked: bool
    ) -> tuple[Claim, float]:
        """The claim of the opposite answer where the question names the chosen one's exception ("本人同意了能公开不":
        the third party's consent, which turns "不予公开" into "予以公开"), if one of the topic is asked with it; where
        it asks whether there is an exception at all (asked: "那有没有例外情况"), any of the topic's."""
        if asked and _exception(chosen[0].say):
            turned = [each for each in found if {each[0].lead, chosen[0].lead} == {"yes", "no"}]
            return max(turned, key=lambda each: each[1]) if turned else chosen
        named = feats & self._exception_words[chosen[0].id]
        turned = [
            each
            for each in found
            if {each[0].lead, chosen[0].lead} == {"yes", "no"} and named & self._claim_words[each[0].id]
        ]
        return max(turned, key=lambda each: each[1]) if turned else chosen

    def _predicate_weight(self, claim: Claim, feats: frozenset[str]) -> float:
        """The weight of the question's words that the claim's examples hold and no other claim's of its topic do."""
        others = frozenset().union(*(self._claim_words[c] for c in self._siblings[claim.topic] if c != claim.id))
        return sum(self.lexical.weight(f) for f in feats & (self._claim_words[claim.id] - others))
