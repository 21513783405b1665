"""Asking for a subject-access copy and reading it back, as a browser does: POST to
"Your data" (or the monitoring officer's page), follow the 303 to the copy's page, GET
the file. With the immediate task backend (tests/conftest.py) the copy is made during
the POST."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from django.urls import resolve, reverse

from declarations.models import SubjectAccessCopy

YOUR_DATA = "/privacy/your-data/"
SUBJECT_ACCESS = "/privacy/subject-access/"


def copy_of(response) -> SubjectAccessCopy:
    """The copy a 303 answer points at."""
    assert response.status_code == 303, response.status_code
    return SubjectAccessCopy.objects.get(pk=resolve(response["Location"]).kwargs["copy_id"])


def ask_own(client) -> SubjectAccessCopy:
    return copy_of(client.post(YOUR_DATA))


def ask_for(client, officer) -> Any:
    """The monitoring officer's "make" POST for `officer` (the response)."""
    return client.post(SUBJECT_ACCESS, {"action": "make", "officer": officer.pk})


def page_url(copy: SubjectAccessCopy) -> str:
    return reverse("privacy-copy", args=[copy.pk])


def file_url(copy: SubjectAccessCopy) -> str:
    return reverse("privacy-copy-file", args=[copy.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def unzip(content: bytes) -> dict[str, str]:
    """Every file in the ZIP, as text."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def data_of(files: dict[str, str]) -> dict[str, Any]:
    return json.loads(files["data.json"])


def exports_folder(settings) -> list[str]:
    """Every file in the exports storage (the test's own folder), as relative paths."""
    root = Path(settings.STORAGES["exports"]["OPTIONS"]["location"])
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
