"""The annual declaration line on the home page: due, done (and when), or optional."""

from __future__ import annotations

from typing import Any

from django import template

from declarations.filing import annual
from declarations.models import Officer

register = template.Library()


@register.inclusion_tag("filing/annual/_home_status.html")
def annual_status(officer: Officer) -> dict[str, Any]:
    """This year's annual declaration for `officer`, for a short line with a link."""
    year = annual.current_year()
    done = annual.declaration_for(officer, year)
    return {
        "year": year,
        "done": done,
        "due": done is None and annual.required_by_code(officer),
    }
