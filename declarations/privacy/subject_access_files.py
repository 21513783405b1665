"""The subject-access copy as one ZIP: `data.json` for machines, `index.html` for
people (a plain page, no scripts, its style in its head, readable offline) and
`README.txt` saying what it is, when and for whom it was made, and who asked.

The page is a Django template (templates/privacy/subject_access_copy.html), so every
value is escaped: an officer's answers cannot become markup in the page.
"""

from __future__ import annotations

import datetime
import json
import zipfile
from typing import IO, Any

from django.template.loader import render_to_string
from django.utils import timezone

from declarations.privacy.subject_access import SECTIONS

TEMPLATE = "privacy/subject_access_copy.html"

# What each section of the page is called and says, in the order the page shows them.
TITLES: dict[str, tuple[str, str]] = {
    "decisions_made": (
        "Decisions you made on others' declarations",
        "Approval steps you decided, with your reasons. Those declarations belong to other "
        "officers, so only their reference and type are given.",
    ),
    "delegations": (
        "Delegations",
        "Times you passed your approvals to a delegate (with your reason), or held "
        "someone's (their reason is theirs, so it is not given).",
    ),
    "annual_declarations": ("Annual declarations", "Your yearly confirmations."),
    "interest_reviews_made": (
        "Interest reviews you made",
        "Reviews you made of others' interests: only their reference and type are given.",
    ),
    "roles": ("Roles", "Organisation-wide roles you hold or held."),
    "security_log": ("Security log: what you did", "Sign-ins, changes and downloads made as you."),
    "security_log_about_you": (
        "Security log: about you",
        "Events others caused about you: failed sign-ins giving your username, copies of "
        "your data asked for, openings of your entries by the register's keepers.",
    ),
    "sign_in_identities": (
        "Single sign-on identities",
        "Your identities at your employer's sign-in service.",
    ),
    "sessions": ("Sessions", "The sessions you have been signed in with that are still recorded."),
    "second_factors": ("Second factors", "Never the secret or the codes themselves."),
    "register_setting_changes": ("Register setting changes", "Settings of a register you changed."),
    "exports": ("Register exports", "Register files you asked for: what and when, not their rows."),
    "subject_access_copies": (
        "Copies of your data",
        "Copies like this one, and those you asked for.",
    ),
    "publications_listing_you": (
        "Publications that listed you",
        "Each published register that listed you, with your rows only.",
    ),
    "publications_made": ("Publications you made", "Registers you published."),
    "withholdings_asked": (
        "Your requests to withhold an entry from publication",
        "Each request you made, your reason, and the monitoring officer's decision.",
    ),
    "withholdings_decided": (
        "Requests to withhold you decided",
        "Other officers' requests you decided, with your reasons: only the entry's "
        "reference and type are given.",
    ),
    "approvals_waiting": (
        "Approvals waiting for you",
        "Steps on others' declarations waiting for you, or for your delegate while you are "
        "away: only their reference and type are given.",
    ),
    "events_on_others": (
        "What you did on others' declarations",
        "Each thing you did on another officer's declaration, as its history records it: "
        "only its reference and type are given, not the note.",
    ),
    "register_keeper_of": (
        "Registers you keep",
        "Others' declarations that name you as their register keeper: reference and type.",
    ),
    "sign_in_attempts": (
        "Sign-in attempts",
        "The sign-in protection's records of attempts to sign in with your username: when, "
        "from which address and browser.",
    ),
    "admin_actions": (
        "Changes you made in the admin site",
        "When, to what kind of record and how: not the record's name.",
    ),
}


def words(key: str) -> str:
    """A data key as a heading: "valid_from" -> "Valid from"."""
    return key.replace("_", " ").capitalize()


def text(value: Any) -> str:
    """A value as the page shows it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        if isinstance(value, list) and all(isinstance(each, str) for each in value):
            return ", ".join(value)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def rows_of(record: dict[str, Any], leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(words(key), text(value)) for key, value in record.items() if key not in leave_out]


def _table(records: list[dict[str, Any]]) -> dict[str, Any]:
    headings = list(records[0]) if records else []
    return {
        "headings": [words(key) for key in headings],
        "rows": [[text(record.get(key)) for key in headings] for record in records],
    }


NESTED = ("id", "detail", "events", "approval_steps", "interest_reviews")


def page_context(data: dict[str, Any], *, made_for: str, asked_by: str) -> dict[str, Any]:
    """What the page shows: the profile, each entry's versions, then one table a section."""
    entries = [
        {
            "reference": entry["reference"] or "Draft (no reference yet)",
            "versions": [
                {
                    "title": version["reference_with_version"],
                    "rows": rows_of(version, NESTED),
                    "detail": rows_of(version["detail"]),
                    "events": _table(version["events"]),
                    "steps": _table(version["approval_steps"]),
                    "reviews": _table(version["interest_reviews"]),
                }
                for version in entry["versions"]
            ],
        }
        for entry in data["declarations"]
    ]
    sections = [
        {"key": key, "title": TITLES[key][0], "intro": TITLES[key][1], **_table(data[key])}
        for key in SECTIONS
        if key in TITLES
    ]
    return {
        "made_for": made_for,
        "asked_by": asked_by,
        "made_at": data["made_at"],
        "profile": rows_of(data["profile"]),
        "entries": entries,
        "sections": sections,
    }


def readme(*, made_for: str, asked_by: str, made_at: datetime.datetime) -> str:
    local = timezone.localtime(made_at)
    return (
        "A copy of everything the conduct register holds about one officer\n"
        "(a subject access request, UK GDPR article 15).\n\n"
        f"Made for: {made_for}\n"
        f"Asked for by: {asked_by}\n"
        f"Made on: {local:%d %B %Y at %H:%M} ({local.tzname()})\n\n"
        "index.html  the copy to read, in any web browser (it works offline)\n"
        "data.json   the same data for a computer to read (UTF-8 JSON)\n\n"
        "Where you acted on another officer's declaration, only its reference and type\n"
        "are given: the rest is that officer's data.\n"
        "Keep this file safe: it holds personal data.\n"
    )


def write_zip(data: dict[str, Any], output: IO[bytes], *, made_for: str, asked_by: str) -> None:
    """Write the copy's ZIP to `output` (a binary file open for writing)."""
    made_at = datetime.datetime.fromisoformat(data["made_at"])
    page = render_to_string(TEMPLATE, page_context(data, made_for=made_for, asked_by=asked_by))
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt", readme(made_for=made_for, asked_by=asked_by, made_at=made_at)
        )
        archive.writestr(
            "data.json", json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        )
        archive.writestr("index.html", page)
