"""Reading the agency's annual-report figures from its data file (knowledge/agencies/<agency>/reports.toml)."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from knowledge.guide import AGENCIES_DIR, DEFAULT_AGENCY
from knowledge.reports.model import (
    APPLICATION_ROWS,
    ART20_COLUMNS,
    ART20_ROWS,
    COLUMNS,
    CONTACT_FIELDS,
    FIGURES,
    REMEDY_CELLS,
    Art20Figure,
    Contact,
    Figure,
    ProseFigure,
    Report,
    Statement,
    Subjects,
    TableRow,
    VersionDifference,
)


class ReportsError(ValueError):
    """The reports data file is malformed."""


def _figures(raw: dict[str, Any], where: str) -> dict[str, Figure]:
    unknown = set(raw) - set(FIGURES)
    if unknown:
        raise ReportsError(f"{where}: unknown figures {sorted(unknown)}")
    return {key: Figure(**raw[key]) for key in FIGURES if key in raw}


def _number(raw: int | str) -> int | Decimal:
    # Amounts with decimals are stored as strings so that 11609.06 stays exactly what was printed.
    if isinstance(raw, str):
        try:
            return Decimal(raw)
        except InvalidOperation as exc:
            raise ReportsError(f"a decimal figure must be digits, got {raw!r}") from exc
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ReportsError(f"a figure's value must be an integer or a decimal string, got {raw!r}")
    return raw


def _rows(raw: dict[str, Any], where: str) -> dict[str, TableRow]:
    unknown = set(raw) - set(APPLICATION_ROWS)
    if unknown:
        raise ReportsError(f"{where}: unknown rows {sorted(unknown)}")
    rows = {key: TableRow(label=r["label"], line=r["line"], values=tuple(r["values"])) for key, r in raw.items()}
    for key, row in rows.items():
        if len(row.values) != len(COLUMNS) or not all(isinstance(v, int) for v in row.values):
            raise ReportsError(f"{where}: row {key} needs {len(COLUMNS)} integers, got {row.values}")
    return rows


def _remedies(raw: dict[str, Any], where: str) -> dict[str, Figure]:
    unknown = set(raw) - set(REMEDY_CELLS)
    if unknown:
        raise ReportsError(f"{where}: unknown cells {sorted(unknown)}")
    return {key: Figure(**raw[key]) for key in REMEDY_CELLS if key in raw}


def _art20(raw: dict[str, Any], where: str) -> dict[str, Art20Figure]:
    cells = {}
    for key, c in raw.items():
        column = re.sub(r"\(单位:.*?\)", "", c["column"])
        if c["row"] not in ART20_ROWS or column not in ART20_COLUMNS:
            raise ReportsError(f"{where}: unknown row or column in {key}: {c['row']!r}, {c['column']!r}")
        cells[key] = Art20Figure(c["item"], c["row"], c["column"], _number(c["value"]), c["unit"], c["line"])
    return cells


def _prose_figure(f: dict[str, Any]) -> ProseFigure:
    key = f.get("key", "")
    if key and key not in FIGURES:
        raise ReportsError(f"prose figure on line {f['line']}: unknown key {key!r}")
    return ProseFigure(
        label=f["label"],
        value=_number(f["value"]),
        unit=f["unit"],
        line=f["line"],
        clause=f.get("clause", ""),
        printed=f.get("printed", ""),
        context=f.get("context", ""),
        key=key,
    )


def _contact(raw: dict[str, Any] | None, where: str) -> Contact | None:
    if raw is None:
        return None
    unknown = set(raw) - {"body", "text", "line", *CONTACT_FIELDS}
    if unknown:
        raise ReportsError(f"{where}: unknown contact fields {sorted(unknown)}")
    contact = Contact(**raw)
    texts = (contact.body, contact.text, *(contact.detail(key) for key in CONTACT_FIELDS))
    line_ok = isinstance(contact.line, int) and not isinstance(contact.line, bool)
    if not line_ok or not all(isinstance(t, str) for t in texts):
        raise ReportsError(f"{where}: contact details must be strings and line an integer, got {raw}")
    return contact


def _passage(raw: dict[str, Any], where: str) -> Statement:
    text, line = raw.get("text"), raw.get("line")
    if not isinstance(text, str) or not isinstance(line, int) or isinstance(line, bool) or set(raw) - {"text", "line"}:
        raise ReportsError(f"{where}: a passage needs a text and a line, got {raw}")
    return Statement(text, line)


def _report(r: dict[str, Any]) -> Report:
    where = f"{r['year']}{r['version']}"
    subjects, fee = r.get("subjects"), r.get("fee_statement")
    return Report(
        year=r["year"],
        version=r["version"],
        title=r["title"],
        copies=tuple((start, end) for start, end in r["copies"]),
        table=_figures(r.get("table", {}), f"{where} table"),
        prose=_figures(r.get("prose", {}), f"{where} prose"),
        notes=tuple(r.get("notes", ())),
        rows=_rows(r.get("rows", {}), f"{where} rows"),
        remedies=_remedies(r.get("remedies", {}), f"{where} remedies"),
        art20=_art20(r.get("art20", {}), f"{where} art20"),
        subjects=Subjects(tuple(subjects["items"]), subjects["text"], subjects["line"]) if subjects else None,
        fee_statement=Statement(fee["text"], fee["line"]) if fee else None,
        prose_figures=tuple(_prose_figure(f) for f in r.get("prose_figures", ())),
        differences=tuple(VersionDifference(**d) for d in r.get("differences", ())),
        contact=_contact(r.get("contact"), f"{where} contact"),
        passages=tuple(_passage(p, where) for p in r.get("passages", ())),
    )


def parse_reports(raw: dict[str, Any]) -> tuple[Report, ...]:
    """Build the reports from the parsed TOML."""
    try:
        reports = tuple(_report(r) for r in raw["report"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportsError(f"reports data is missing or has a wrong key: {exc}") from exc
    labels = [(r.year, r.version) for r in reports]
    if len(set(labels)) != len(labels):
        raise ReportsError("a year and version appear twice")
    return reports


@cache
def load_reports(agency: str = DEFAULT_AGENCY) -> tuple[Report, ...]:
    """The reports of an agency, read from knowledge/agencies/<agency>/reports.toml; none for an agency that has no
    such file (its report questions are told that no report data is held)."""
    path = AGENCIES_DIR / agency / "reports.toml"
    if not path.is_file():
        return ()
    with path.open("rb") as fh:
        return parse_reports(tomllib.load(fh))
