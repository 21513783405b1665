"""The privacy journey's pages: the privacy notice (public), "Your data" (an officer's
own copy), the monitoring officer's subject-access page (a copy of one of their
officers), one copy's progress page and its file.

Thin on purpose: parse, call subject_access_jobs, render. Deny by default: "Your data"
needs a staff record (403 without one), the subject-access page needs the monitoring
officer's role today (403), and a copy is seen only by whoever asked for it, while they
still may (404 for anyone else, so its address says nothing). Every response goes to a
signed-in user, so SecurityHeadersMiddleware marks it no-store; the privacy notice needs
no sign-in (`login_not_required`) and shows nothing about anyone.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from declarations import access, clock, kept_files
from declarations.access import OfficerRequest, forbidden, officer_required
from declarations.models import Officer, SubjectAccessCopy
from declarations.privacy import notice, retention_periods
from declarations.privacy import subject_access_jobs as jobs

REFRESH_SECONDS = 2
NO_SUCH_COPY = "You have no copy with that address."


def _see_other(copy: SubjectAccessCopy) -> HttpResponseRedirect:
    response = HttpResponseRedirect(reverse("privacy-copy", args=[copy.pk]))
    response.status_code = 303  # See Other: the progress page, by GET
    return response


# --- the privacy notice -------------------------------------------------------------------------


@login_not_required
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """What the register keeps, why, who sees it and how long, from the register's own
    settings and codes: anyone may read it, signed in or not."""
    context = {
        "controllers": notice.controllers(),
        "kinds": notice.kinds(),
        "staff_details": notice.STAFF_DETAILS,
        "clock": retention_periods.CLOCK_WORDS,
        "is_officer": access.officer_of(request.user) is not None,
    }
    return render(request, "privacy/notice.html", context)


# --- Your data -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@officer_required
def your_data(request: OfficerRequest) -> HttpResponse:
    """What the register holds about you, your copies, and a button to make one (POST).
    A second copy while one is waiting is refused (429) with the reason."""
    error = ""
    if request.method == "POST":
        try:
            copy = jobs.request_copy(request.user, request.officer, request=request)
        except jobs.AlreadyWaiting as waiting:
            error = str(waiting)
        else:
            return _see_other(copy)
    copies = jobs.copies_asked_by(request.user, officer=request.officer)
    context = {
        "error": error,
        "rows": [(copy, jobs.progress(copy)) for copy in copies],
        "keeps_a_register": access.is_monitoring_officer(request.user),
        "keep_hours": _keep_hours(),
    }
    return render(request, "privacy/your_data.html", context, status=429 if error else 200)


def _keep_hours() -> int:
    return int(settings.EXPORT_KEEP_HOURS)


# --- the monitoring officer's page ---------------------------------------------------------------


class FindOfficerForm(forms.Form):
    """The staff number as typed; kept when it finds nobody."""

    staff_number = forms.CharField(
        label="Staff number",
        help_text="As it is on their staff record.",
        max_length=32,
        error_messages={
            "required": "Enter the staff number of the officer",
            "max_length": "A staff number is 32 characters or fewer",
        },
    )


def _refuse(request: HttpRequest) -> HttpResponse:
    return forbidden(
        request,
        "Only an organisation's monitoring officer can make a copy of another officer's "
        'data. You can make a copy of your own from "Your data".',
        heading="You cannot see this page",
    )


@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest) -> HttpResponse:
    """Find an officer by staff number (POST "find"), confirm, make their copy (POST
    "make" with the officer's id); the copies you asked for, newest first."""
    if not access.is_monitoring_officer(request.user):
        return _refuse(request)
    form = FindOfficerForm()
    found: Officer | None = None
    error = ""
    status = 200
    if request.method == "POST" and request.POST.get("action") == "make":
        officer = _officer_asked_for(request)
        if officer is None:
            return _refuse(request)
        try:
            return _see_other(jobs.request_copy(request.user, officer, request=request))  # type: ignore[arg-type]
        except jobs.AlreadyWaiting as waiting:
            found, error, status = officer, str(waiting), 429
    elif request.method == "POST":
        form = FindOfficerForm(request.POST)
        if form.is_valid():
            found = jobs.find_officer(request.user, form.cleaned_data["staff_number"])
            if found is None:
                form.add_error(
                    "staff_number",
                    "No officer with that staff number works for an organisation whose "
                    "monitoring officer you are",
                )
        if form.errors:
            status = 400
    context = {
        "form": form,
        "found": found,
        "error": error,
        "rows": [(c, jobs.progress(c)) for c in jobs.copies_asked_by(request.user)],  # type: ignore[arg-type]
        "today": clock.today(),
    }
    return render(request, "privacy/subject_access.html", context, status=status)


def _officer_asked_for(request: HttpRequest) -> Officer | None:
    """The officer a "make" POST names, if the user may have their copy."""
    try:
        pk = int(request.POST.get("officer", ""))
    except ValueError:
        return None
    officer = Officer.objects.select_related("user", "organisation").filter(pk=pk).first()
    if officer is None or not jobs.may_ask(request.user, officer):
        return None
    return officer


# --- one copy ---------------------------------------------------------------------------------


def _own_or_404(request: HttpRequest, copy_id: uuid.UUID) -> SubjectAccessCopy:
    copy = jobs.copy_of(request.user, copy_id)  # type: ignore[arg-type]
    if copy is None:
        raise Http404(NO_SUCH_COPY)
    return copy


def _back(request: HttpRequest, copy: SubjectAccessCopy) -> str:
    """Where the person came from: "Your data" for their own copy, else the MO's page."""
    own = access.officer_of(request.user)
    if own is not None and own.pk == copy.officer_id:
        return reverse("privacy-your-data")
    return reverse("privacy-subject-access")


@require_GET
def copy_detail(request: HttpRequest, copy_id: uuid.UUID) -> HttpResponse:
    """One copy: waiting (the page refreshes itself with a Refresh header, no script,
    and offers to stop), ready (a download button), failed (why) or deleted."""
    copy = _own_or_404(request, copy_id)
    progress = jobs.progress(copy)
    refreshing = progress["waiting"] and request.GET.get("refresh") != "off"
    context = {
        "copy": copy,
        "progress": progress,
        "refreshing": refreshing,
        "no_worker": kept_files.no_worker(copy),
        "back": _back(request, copy),
        "own": copy.officer.user_id == request.user.pk,
    }
    response = render(request, "privacy/copy.html", context)
    if refreshing:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_GET
def copy_file(request: HttpRequest, copy_id: uuid.UUID) -> HttpResponse | FileResponse:
    """The ZIP, for whoever asked while they still may have it, until it expires (then
    410, a page saying so). Logged as SUBJECT_ACCESS_DOWNLOADED."""
    copy = _own_or_404(request, copy_id)
    progress = jobs.progress(copy)
    if not progress["downloadable"]:
        status = 410 if progress["expired"] else 404
        context = {"copy": copy, "progress": progress, "back": _back(request, copy)}
        return render(request, "privacy/copy_gone.html", context, status=status)
    if not jobs.may_ask(request.user, copy.officer):
        raise Http404(NO_SUCH_COPY)
    response = FileResponse(
        kept_files.open_file(copy),
        as_attachment=True,
        filename=copy.filename,
        content_type=jobs.CONTENT_TYPE,
    )
    response["Cache-Control"] = "no-store"
    jobs.record_download(request, copy)
    return response
