"""What a test needs from outside the checkout: missing, it skips with the reason, except under CI, where it fails.

CI (`CI=true`, as GitHub Actions and most runners set it, or any value but "" / "0" / "false") installs
everything the suite uses and has `../shared` beside the checkout, so anything missing there is a broken run,
not a reason to test less.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

# The eval and seed files live beside the checkout, not in it.
SHARED = Path(__file__).resolve().parents[2] / "shared"
# The seed's text, whose annual reports tools/report_parser.py turns into knowledge/agencies/lixia/reports.toml.
SEED_FILE = "000_6460700eaa6e9ee9.txt"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def unavailable(reason: str) -> NoReturn:
    """Skip the test with `reason`; under CI fail it instead."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set: a missing requirement fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def shared_path(*parts: str) -> Path:
    """A file or folder of ../shared, or a skip (a failure under CI) naming the path that is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        unavailable(f"{path} not found: the eval and seed files of ../shared live beside the checkout")
    return path
