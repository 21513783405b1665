"""The pages of background exports: your exports, one export's progress, and its file.

Only the person who asked sees an export: anyone else (a colleague who keeps the same
register included) gets 404, so an export's address says nothing about whether it
exists. Asking for one is views.register_export / named_register_export; making it
is export_jobs.py.
"""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from declarations import kept_files
from declarations.models import Export
from declarations.register import export_jobs

REFRESH_SECONDS = 2


def _own_or_404(request: HttpRequest, export_id: uuid.UUID) -> Export:
    export = export_jobs.export_of(request.user, export_id)  # type: ignore[arg-type]
    if export is None:
        raise Http404("You have no export with that address.")
    return export


@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """Your exports, newest first."""
    exports = export_jobs.exports_of(request.user)  # type: ignore[arg-type]
    rows = [(export, export_jobs.progress(export)) for export in exports]
    return render(request, "register/exports.html", {"rows": rows})


@require_GET
def export_detail(request: HttpRequest, export_id: uuid.UUID) -> HttpResponse:
    """One export: its progress while it is made, then a download button; what went
    wrong if it failed; that it has gone once expired. Failed or gone, it offers to make
    it again, and the way back to the register with the same filter.

    While it waits the page refreshes itself every REFRESH_SECONDS with no JavaScript:
    a `Refresh` response header, which browsers treat as `<meta http-equiv="refresh">`.
    Not the meta element: axe (WCAG 2.2.1, timing adjustable) fails any timed refresh
    written in the page. The page offers to stop refreshing (`?refresh=off`), which a
    screen-reader user, read the page afresh each time, may well want. Queued with no
    worker seen lately, it says the worker may not be running.
    """
    export = _own_or_404(request, export_id)
    progress = export_jobs.progress(export)
    refreshing = progress["waiting"] and request.GET.get("refresh") != "off"
    context = {
        "export": export,
        "progress": progress,
        "refreshing": refreshing,
        "no_worker": kept_files.no_worker(export),
        "again": export_jobs.again_urls(export),
    }
    response = render(request, "register/export_progress.html", context)
    if refreshing:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_GET
def export_file(request: HttpRequest, export_id: uuid.UUID) -> HttpResponse | FileResponse:
    """The file, for the person who asked while they still keep that register, until it
    expires (then 410, a page saying so, offering to make it again).

    Someone who no longer keeps the register gets 404, as anyone else does; that is an
    ACCESS_DENIED in the security log, written once, by DenialLogMiddleware (it records
    every 403 and 404 a signed-in user meets, with the path, which names the export).
    """
    export = _own_or_404(request, export_id)
    progress = export_jobs.progress(export)
    if not progress["downloadable"]:
        status = 410 if progress["expired"] else 404  # gone for good, or not made (yet)
        context = {"export": export, "progress": progress, "again": export_jobs.again_urls(export)}
        return render(request, "register/export_gone.html", context, status=status)
    if not export_jobs.still_keeps(request.user, export):  # type: ignore[arg-type]
        raise Http404("You have no export with that address.")
    response = FileResponse(
        kept_files.open_file(export),
        as_attachment=True,
        filename=export.filename,
        content_type=export_jobs.content_type(export),
    )
    response["Cache-Control"] = "no-store"
    export_jobs.record_download(request, export)
    return response
