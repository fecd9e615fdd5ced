"""The specificity checker: can the agency find what a description asks for, and is it a disclosure request at all?

Rules, not a model, so every verdict can be explained to the applicant. A description is well specified when
it names a document (a title in 《》 or a 文号) or gives a subject with two of: an issuing body, a time, a place,
a "关于…的通知"-style title. Issues are flagged by the words that give them away (投诉, 是什么, 汇总, 工商登记, a
numbered list, ...), read with document titles masked out, so 《关于投诉处理工作的规定》 is a document, not a
complaint.

`anchors` finds what lets a clerk search (titles, 文号, bodies, times, places, the subject) and masks titles;
`triggers` the words that make a description a complaint, a question, work asked of the agency or a special
registry; `items` the separate requests a description bundles; `issues` what each issue says and advises; `check`
puts them together (`check_description`).
"""

from knowledge.specificity.check import CheckResult, check_description
from knowledge.specificity.issues import Issue, IssueCode
from knowledge.specificity.items import split_items

__all__ = ["CheckResult", "Issue", "IssueCode", "check_description", "split_items"]
