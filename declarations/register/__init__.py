"""The register journey: the whole register and the registers the codes name, their
filters and exports, publishing, the compliance dashboard and the interest reviews.

Other parts of the site reach it only through the names below (the navigation asks
them, so it never offers a page that refuses). Views and urls are not among them:
the site's urls include `declarations.register.urls`.

Modules: keepers (who keeps which register), filters (the filter form), queries
(filtering, search, sorting, paging, totals), named (the named registers, from each
employer's DUTIES), entries (the entries a keeper may open, the entry page, and what
happened to a gift that had to be declined), exports (CSV, XLSX, PDF), publishing (the
public snapshot, and entries withdrawn from it), dashboard and charts, reviews (annual
interest reviews), register_settings (the settings a monitoring officer keeps, such as
the token limit), sensitive (who may open a sensitive entry); views, dashboard_views,
public_views, settings_views and urls.
"""

from declarations.register.named import (
    NamedRegister,
    NoSuchRegister,
    keeps_a_named_register,
    named_registers,
)
from declarations.register.publishing import may_be_published, redact_published
from declarations.register.reviews import may_review

__all__ = [
    "NamedRegister",
    "NoSuchRegister",
    "keeps_a_named_register",
    "may_be_published",
    "may_review",
    "named_registers",
    "redact_published",
]
