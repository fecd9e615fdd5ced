"""The checker: a description's issues, in order, with the advice and the separate requests it holds."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.guide import Guide
from knowledge.specificity.anchors import find_anchors, mask_titles, meaningful_length
from knowledge.specificity.issues import (
    Issue,
    IssueCode,
    analysis_issue,
    complaint_issue,
    consultation_issue,
    multiple_issue,
    registry_issue,
    vague_issue,
)
from knowledge.specificity.items import prepare, split_items
from knowledge.specificity.triggers import analysis_trigger, complaint_trigger, consultation_trigger, registry_trigger


@dataclass(frozen=True)
class CheckResult:
    """The verdict on a description, with the separate requests it holds (one item unless it bundles several)."""

    ok: bool
    issues: tuple[Issue, ...]
    suggestions: tuple[str, ...]
    items: tuple[str, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The issue codes, in order."""
        return tuple(issue.code.value for issue in self.issues)

    def to_json(self) -> dict[str, object]:
        """The shape `gongkai check` prints."""
        return {"ok": self.ok, "issues": list(self.codes), "suggestions": list(self.suggestions)}


def check_description(text: str, guide: Guide) -> CheckResult:
    """Check a description of the information wanted from the agency of `guide`: is it findable, and is it a
    disclosure request at all?"""
    meta = guide.meta
    prepared = prepare(text)
    masked = mask_titles(prepared)
    items = split_items(prepared, meta)
    issues: list[Issue] = []
    if meaningful_length(prepared) < 2:
        # Nothing to read ("？？？", an empty line): only "say what you want" is useful advice.
        masked = ""
    if trigger := complaint_trigger(masked):
        issues.append(complaint_issue(trigger, guide))
    if trigger := consultation_trigger(masked):
        issues.append(consultation_issue(trigger, masked, guide))
    if trigger := analysis_trigger(masked):
        issues.append(analysis_issue(trigger, meta))
    if len(items) > 1:
        issues.append(multiple_issue(items))
    if registry := registry_trigger(masked):
        issues.append(registry_issue(*registry))
    anchors = find_anchors(prepared, meta)
    # Vague is the fallback: a complaint or a bundle is told what to do about that, not also to add a 文号.
    if not issues and not anchors.well_specified:
        issues.append(vague_issue(prepared, anchors, meta))
    issues.sort(key=lambda issue: list(IssueCode).index(issue.code))
    suggestions = tuple(dict.fromkeys(issue.suggestion for issue in issues))
    return CheckResult(ok=not issues, issues=tuple(issues), suggestions=suggestions, items=items)
