"""The agencies the end-to-end suites run over: Lixia, whose data ships in knowledge/agencies/lixia/, and 青禾区 of
云川市 in 东海省 (tracking prefix QH), a clearly fictional agency made from Lixia's data with every name, number and
prefix replaced and no annual reports, written into a folder outside knowledge/agencies/ and named by its path in
`[knowledge] agency`, as a second real agency would be.

A suite runs over both by importing the fixtures `agency` (over AGENCIES) and `agency_answerer` (registered as
`answerer`, in place of the session's Lixia answerer: the agency's, from the session's `answerers` in
tests/conftest.py); a test that holds only for
Lixia (its annual reports) says so with `@lixia_only`, so it runs once, over Lixia, and never over the other; one of
what the fictional agency lacks, with `@fictional_only`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import Config, KnowledgeConfig
from knowledge.bank import load_bank
from knowledge.guide import AGENCIES_DIR, Guide, Meta, load_guide
from knowledge.semantic import VECTORS_FILE, Embedder, bank_vectors, save_vectors

LIXIA = "lixia"
QINGHE = "qinghe"
# The agencies a suite runs over, as the ids of its tests ("test_x[lixia]", "test_x[qinghe]").
AGENCIES = (LIXIA, QINGHE)
# The one agency of a test that holds for one only (Lixia's annual reports; the fictional agency's having none): a
# parametrisation of `agency` replaces the fixture's own, so the test runs once, for that agency.
lixia_only = pytest.mark.parametrize("agency", [LIXIA], indirect=True)
fictional_only = pytest.mark.parametrize("agency", [QINGHE], indirect=True)


@pytest.fixture(params=AGENCIES)
def agency(request, agencies):
    """The agency a test runs over: each of AGENCIES in turn."""
    return agencies[request.param]


@pytest.fixture(name="answerer")
def agency_answerer(agency, answerers):
    """The answerer of the test's agency."""
    return answerers.of(agency)


# Lixia's words → the fictional agency's, longest first, applied to each of its data files.
REPLACED = (
    ('tracking_prefix = "LX"', 'tracking_prefix = "QH"'),
    ("88150105", "66660000"),
    ("0531", "0999"),
    ("250000", "999000"),
    ("250014", "999014"),
    ("www.lixia.gov.cn", "www.qinghe.example"),
    ("山东省", "东海省"),
    ("山东", "东海"),
    ("济南", "云川"),
    ("历下", "青禾"),
)
# The files copied (replaced): its guide, its further phrasings and its yes/no claims. No reports.toml: its report
# questions are told that no report data is held. (Its bank_vectors.npz is written by write_fictional.)
FICTIONAL_FILES = ("guide.toml", "examples.toml", "claims.toml")
# Words only one agency's texts hold: a reply of one naming the other's is the other's data leaking in.
OWN_WORDS = {
    LIXIA: ("历下", "济南", "山东", "0531", "88150105", "250000"),
    QINGHE: ("青禾", "云川", "东海", "0999", "66660000", "999000"),
}


def replaced(text: str) -> str:
    """Lixia's text in the fictional agency's words."""
    for lixia, fictional in REPLACED:
        text = text.replace(lixia, fictional)
    return text


def write_fictional(folder: Path) -> Path:
    """The fictional agency's data folder, made under `folder` from Lixia's.

    Its example bank's vectors are Lixia's, row for row (its examples are Lixia's with the names replaced), shipped
    beside its data with the digest of its own texts as `python -m knowledge.semantic` ships them: embedding its 1,800
    examples afresh would take a minute of every run without a warm cache. Where the rows do not line up (a
    replacement made two examples one), no vectors are written and test_fictional_agency.py says so."""
    agency = folder / QINGHE
    agency.mkdir()
    for name in FICTIONAL_FILES:
        (agency / name).write_text(replaced((AGENCIES_DIR / LIXIA / name).read_text(encoding="utf-8")), "utf-8")
    lixia, fictional = load_bank(LIXIA).texts(), load_bank(str(agency)).texts()
    # Row for row, an example is Lixia's replaced, or the same (the examples of questions for other governments).
    rows = zip(lixia, fictional, strict=False)
    if len(lixia) == len(fictional) and all(ours in (theirs, replaced(theirs)) for theirs, ours in rows):
        vectors = bank_vectors(lixia, AGENCIES_DIR / LIXIA / VECTORS_FILE, Embedder())
        save_vectors(agency / VECTORS_FILE, fictional, vectors)
    return agency


@dataclass(frozen=True)
class Agency:
    """An agency a test runs over: `key` names it in test ids, `name` in `[knowledge] agency`."""

    key: str
    name: str

    @property
    def guide(self) -> Guide:
        return load_guide(self.name)

    @property
    def meta(self) -> Meta:
        return self.guide.meta

    @property
    def folder(self) -> Path:
        return AGENCIES_DIR / self.name

    @property
    def has_reports(self) -> bool:
        return (self.folder / "reports.toml").is_file()

    def config(self) -> Config:
        """A configuration serving this agency."""
        return Config(knowledge=KnowledgeConfig(agency=self.name))

    def field(self, place: str, key: str) -> str:
        """A place's field as the guide prints it ("receiving_office", "phone" → "0531-88150105")."""
        return self.guide.place(place).fields[key]

    @property
    def office_phone(self) -> str:
        """The receiving office's phone, which the guide gives for its offices and for help."""
        return self.field("receiving_office", "phone")

    def number(self, year: int, serial: int) -> str:
        """A tracking number of this agency as printed ("LX2026-000123")."""
        return f"{self.meta.tracking_prefix}{year}-{serial:06d}"

    def foreign(self, text: str) -> list[str]:
        """The words of the other agency's data in `text` (none, in a reply of this one)."""
        return [word for key, words in OWN_WORDS.items() if key != self.key for word in words if word in text]


def build_agencies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Agency]:
    """Lixia by its folder's name and the fictional agency by its path, written once for the session."""
    fictional = write_fictional(tmp_path_factory.mktemp("agencies"))
    return {LIXIA: Agency(LIXIA, LIXIA), QINGHE: Agency(QINGHE, str(fictional))}
