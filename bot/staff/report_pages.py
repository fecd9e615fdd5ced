"""The staff console's yearly table (as the published report's table, with its identity check), the published
annual reports' charts, and the audit trail."""

from __future__ import annotations

from aiohttp import web


def register(router: web.UrlDispatcher) -> None:
    """Add these pages' routes to the staff application's router."""
