"""The privacy journey: a copy of everything the register holds about one officer
(subject access, UK GDPR article 15), for the officer ("Your data") or their monitoring
officer, made in the background as one ZIP.

Modules: subject_access (what the register holds about an officer, as plain data),
subject_access_files (the ZIP: data.json, index.html, README.txt), subject_access_jobs
(who may ask, asking, making, downloading, expiry); retention_periods (how long each
organisation keeps each type of entry) and retention (deleting what is past it, leaving
a tombstone); the privacy notice; views and urls. Other journeys read the retention
periods through this package.
"""

from declarations.privacy.retention_periods import (
    CLOCK_WORDS,
    DEFAULT_YEARS,
    MAX_YEARS,
    Period,
    periods_for,
    years_for,
    years_of,
)

__all__ = [
    "CLOCK_WORDS",
    "DEFAULT_YEARS",
    "MAX_YEARS",
    "Period",
    "periods_for",
    "years_for",
    "years_of",
]
