"""The filing journey: staff making and managing their own declarations.

services.py holds the commands (draft, submit and lodge, amend, end, withdraw, check)
and what each allows; answers.py how answers are stored and how a draft's come back;
presenters.py what the pages show; home.py what "Your declarations" lists, a bounded
few per status and a page at a time; forms/ the questions, one module per type; views.py
and urls.py the pages (with the home page); annual.py and annual_views.py the annual
declaration; api.py the policy-check API.

Other journeys use only the names below: the approvals pages show a declaration's
answers, history and cited clauses as the filing pages do, and the register's dashboard
counts who owes an annual return. Views and urls are not imported here, so importing
this package pulls in no page.
"""

from declarations.filing.annual import annual_return_of, required_officers
from declarations.filing.presenters import (
    citation_link,
    filed_panel,
    history,
    summary_rows,
    versions,
)

__all__ = [
    "annual_return_of",
    "citation_link",
    "filed_panel",
    "history",
    "required_officers",
    "summary_rows",
    "versions",
]
