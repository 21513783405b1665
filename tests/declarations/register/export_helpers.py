"""Asking for a register export and downloading it, as a keeper's browser does: POST to
the export address (the filter in the query string), follow the 303 to the progress
page, GET the file. With the immediate task backend (tests/conftest.py) the export is
made during the POST."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django.urls import resolve, reverse

from declarations.models import Export


def export_url(url_name: str, params=None, args=()) -> str:
    url = reverse(url_name, args=list(args))
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def ask(client, url_name: str, params=None, args=()):
    """POST for an export; the response (a 303 to the progress page when it is accepted)."""
    return client.post(export_url(url_name, params, args))


def export_of(response) -> Export:
    """The export a 303 answer points at."""
    assert response.status_code == 303, response.status_code
    return Export.objects.get(pk=resolve(response["Location"]).kwargs["export_id"])


def file_url(export: Export) -> str:
    return reverse("register-export-file", args=[export.pk])


def download(client, url_name: str, params=None, args=()):
    """Ask for an export and download its file (the response, a FileResponse)."""
    export = export_of(ask(client, url_name, params, args))
    return client.get(file_url(export))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def an_export(user, organisation, **fields) -> Export:
    """An export row as the worker would leave it (queued unless `state` says otherwise)."""
    values = {
        "register": "register",
        "format": "csv",
        "title": f"Register of declarations: {organisation.name}",
        "filename": f"register-{organisation.code}-2026-11-29.csv",
        **fields,
    }
    return Export.objects.create(requested_by=user, organisation=organisation, **values)


def exports_folder(settings) -> list[str]:
    """Every file in the exports storage (the test's own folder), as relative paths."""
    root = Path(settings.STORAGES["exports"]["OPTIONS"]["location"])
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
