"""The agency's annual OGI reports (政府信息公开工作年度报告): their figures as data, checked, and answered.

`model` holds the figures' model and `loading` reads them from the agency's reports.toml; `check` checks the reports
against themselves and each other. A question is read by `words` (years, the figure asked, what is left to match),
`vocabulary` (its word tables), `table_words` (applicant types and rows of the applications table) and `prose`
(numbers of the reports' text); `render`, `cells` and `percent` say a report's figures, `compare` and `series` set
years against each other, `contact` says whom a report names to ask; `telling` answers a measure year by year and
`answerer` reads the question (`ReportAnswerer`), `replies` holding what an answer says and was about.
"""

from knowledge.guide import AGENCIES_DIR
from knowledge.reports.answerer import ReportAnswerer
from knowledge.reports.check import check_reports
from knowledge.reports.loading import ReportsError, load_reports, parse_reports
from knowledge.reports.model import (
    APPLICATION_ROWS,
    APPLICATION_TABLE,
    ART20_COLUMNS,
    ART20_ROWS,
    BALANCE_ROWS,
    COLUMNS,
    FIGURES,
    ORG_COLUMN,
    REMEDY_CELLS,
    REMEDY_PARTS,
    REMEDY_RESULTS,
    REMEDY_TABLE,
    TOTAL_COLUMN,
    Art20Figure,
    Contact,
    Figure,
    Printed,
    ProseFigure,
    Report,
    Statement,
    Subjects,
    TableRow,
    VersionDifference,
    version_differences,
)
from knowledge.reports.replies import REPORT_ENTRY, ReportFocus, ReportReply
from knowledge.statute import OUTCOME_GROUPS, SUB_ROW_NAMES

__all__ = [
    "AGENCIES_DIR",
    "APPLICATION_ROWS",
    "APPLICATION_TABLE",
    "ART20_COLUMNS",
    "ART20_ROWS",
    "BALANCE_ROWS",
    "COLUMNS",
    "FIGURES",
    "ORG_COLUMN",
    "OUTCOME_GROUPS",
    "REMEDY_CELLS",
    "REMEDY_PARTS",
    "REMEDY_RESULTS",
    "REMEDY_TABLE",
    "REPORT_ENTRY",
    "SUB_ROW_NAMES",
    "TOTAL_COLUMN",
    "Art20Figure",
    "Contact",
    "Figure",
    "Printed",
    "ProseFigure",
    "Report",
    "ReportAnswerer",
    "ReportFocus",
    "ReportReply",
    "ReportsError",
    "Statement",
    "Subjects",
    "TableRow",
    "VersionDifference",
    "check_reports",
    "load_reports",
    "parse_reports",
    "version_differences",
]
