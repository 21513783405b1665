"""Error pages: with DEBUG off, a missing page, a refusal and a failure each show a GOV.UK
page in plain English (templates/404.html, 403.html, 500.html), never Django's bare page."""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.views.defaults import server_error

from tests.factories import GiftFactory, UserFactory, open_for

NOT_FOUND = "Page not found"
PROBLEM = "Sorry, there is a problem with the service"


@login_not_required
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the database has gone away")


@login_not_required
def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Only the keeper of this register can see it.")


# The site's own addresses, plus two views that fail (used with pytest.mark.urls).
urlpatterns = [
    path("test-only/boom/", boom),
    path("test-only/refuse/", refuse),
    path("", include("conduct_register.urls")),
]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def used(response) -> list[str]:
    return [template.name for template in response.templates]


# --- 404 -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_address_shows_the_page_not_found_page(client, officer):
    client.force_login(officer.user)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in used(response)
    page = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{NOT_FOUND}</h1>' in page
    assert "check you copied the entire address" in page
    assert "Sign out" in page  # the signed-in header, as on every other page


@pytest.mark.django_db
def test_an_unknown_address_shows_the_page_not_found_page_to_anyone(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()


@pytest.mark.django_db
def test_someone_elses_declaration_is_not_found_without_saying_whose(client, officer, stranger):
    declaration = GiftFactory(declaration__officer=officer).declaration
    client.force_login(stranger.user)

    response = client.get(reverse("declaration-detail", args=[declaration.pk]))

    assert response.status_code == 404
    page = response.content.decode()
    assert NOT_FOUND in page
    assert "Declaration matches the given query" not in page  # Django's words, not ours


@pytest.mark.django_db
def test_a_register_that_does_not_exist_is_not_found(client, monitoring_officer):
    client.force_login(monitoring_officer.user)

    response = client.get(reverse("named-register", args=["no-such-register"]))

    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()


# --- 403 -------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_raised_permission_denied_shows_the_refusal_page_with_its_reason(client, officer):
    client.force_login(officer.user)

    response = client.get("/test-only/refuse/")

    assert response.status_code == 403
    assert "403.html" in used(response)
    page = response.content.decode()
    assert "You cannot see this page" in page
    assert "Only the keeper of this register can see it." in page
    assert f'href="{reverse("home")}">Go to your declarations' in page


@pytest.mark.django_db
def test_the_admin_refuses_a_staff_user_without_permissions_with_the_same_page(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("admin:declarations_declaration_changelist"))

    assert response.status_code == 403
    assert "403.html" in used(response)
    assert "You do not have permission to see this page." in response.content.decode()


@pytest.mark.django_db
def test_a_register_refusal_says_why_and_leads_to_your_declarations(client, officer):
    client.force_login(officer.user)

    response = client.get(reverse("register"))

    assert response.status_code == 403
    assert used(response)[0] == "403.html"
    page = response.content.decode()
    assert "You cannot see this register" in page
    assert "Only the monitoring officer can see the whole register." in page
    assert f'href="{reverse("home")}">Go to your declarations' in page


@pytest.mark.django_db
def test_a_decision_refusal_leads_back_to_the_approvers_queue(client, officer, director):
    _, (step,) = open_for(officer)
    client.force_login(director.user)

    response = client.get(reverse("decision-detail", args=[step.pk]))

    assert response.status_code == 403
    assert used(response)[0] == "403.html"
    page = response.content.decode()
    assert "This declaration has not been sent to you for a decision." in page
    assert (
        f'href="{reverse("decision-queue")}">Go to the declarations waiting for your decision'
        in page
    )


@pytest.mark.django_db
def test_a_dashboard_refusal_uses_the_same_page(client, officer):
    client.force_login(officer.user)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 403
    assert used(response)[0] == "403.html"
    assert "Only a monitoring officer can see" in response.content.decode()


# --- 500 -------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_failing_view_shows_the_problem_with_the_service_page():
    client = Client(raise_request_exception=False)

    response = client.get("/test-only/boom/")

    assert response.status_code == 500
    page = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{PROBLEM}</h1>' in page
    assert "Try again later." in page
    assert "the database has gone away" not in page


def test_the_problem_page_renders_without_a_request_context():
    """Django's server_error renders 500.html with no context at all: nothing on it may
    need the request, the user or the database."""
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert PROBLEM in page
    assert "Sign out" not in page
