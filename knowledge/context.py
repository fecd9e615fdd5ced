"""What a conversation was just talking about, so a follow-up ("电话呢", "那2020年呢") can be resolved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge.reports import ReportFocus


@dataclass(frozen=True)
class Focus:
    """The subject of the last answer: a place and attributes, a topic, a report measure and years, a count."""

    place: str | None = None
    # The places answered with it ("政务公开办和复议办的电话"): a follow-up ("它俩的地址呢") asks of them all.
    others: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    topic: str | None = None
    report: ReportFocus | None = None
    items: int | None = None
    # The pages of the one application a fee was last counted for ("80页"), for "那再多印50页呢".
    pages: int | None = None
    # The question that was answered, to read a short follow-up together with it.
    question: str | None = None
    # Whether it asked yes or no: "那行政执法案卷呢" after "请示报告能申请公开吗" asks the same way.
    yes_no: bool = False
    # The day a deadline was counted from, kept while the conversation asks about deadlines' rules ("能延长吗"), so
    # that "那延了最晚哪天" is counted from it again.
    day: date | None = None
    # The report figure answered before the last one, while the conversation asks figures: "加起来多少".
    earlier: ReportFocus | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the session."""
        raw: dict[str, Any] = {
            "place": self.place,
            "others": list(self.others),
            "attributes": list(self.attributes),
            "topic": self.topic,
            "items": self.items,
            "pages": self.pages,
            "question": self.question,
            "yes_no": self.yes_no or None,
            "day": self.day.isoformat() if self.day else None,
        }
        for key, report in (("report", self.report), ("earlier", self.earlier)):
            if report is not None:
                raw[key] = {"measure": report.measure, "years": list(report.years)}
        return {key: value for key, value in raw.items() if value not in (None, [])}

    @classmethod
    def from_dict(cls, raw: Any) -> Focus | None:
        """Rebuild from the session; anything unreadable is no focus."""
        if not isinstance(raw, dict):
            return None
        try:
            return cls(
                place=_text(raw.get("place")),
                others=tuple(str(p) for p in raw.get("others", ())),
                attributes=tuple(str(a) for a in raw.get("attributes", ())),
                topic=_text(raw.get("topic")),
                report=_report(raw.get("report")),
                items=int(raw["items"]) if raw.get("items") is not None else None,
                pages=int(raw["pages"]) if raw.get("pages") is not None else None,
                question=_text(raw.get("question")),
                yes_no=raw.get("yes_no") is True,
                day=date.fromisoformat(raw["day"]) if raw.get("day") is not None else None,
                earlier=_report(raw.get("earlier")),
            )
        except (KeyError, TypeError, ValueError):
            return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _report(raw: Any) -> ReportFocus | None:
    return ReportFocus(str(raw["measure"]), tuple(int(y) for y in raw["years"])) if raw else None
