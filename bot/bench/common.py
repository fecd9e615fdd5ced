"""What every benchmark shares: the questions asked, percentiles and the verdict on a target."""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.answer import build_answerer
from knowledge.guide import load_guide

# The agency the benches serve (the default one): its tracking numbers' prefix, and the area code of the
# synthetic applicants' phones.
PREFIX = load_guide().meta.tracking_prefix
AREA_CODE = load_guide().meta.area_code
DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev_qa.jsonl"


def questions() -> list[str]:
    """The dev questions when ../shared is there, else every topic's phrasings."""
    if DEV_SET.is_file():
        return [json.loads(line)["q"] for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    answerer = build_answerer()
    return [ask for topic in answerer.guide.topics for ask in topic.ask]


def percentile(samples: list[float], share: float) -> float:
    """The value below which `share` of the sorted samples fall."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "MISSED"
