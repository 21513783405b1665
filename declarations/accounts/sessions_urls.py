"""A user's sessions (included at /account/sessions/ by declarations/accounts/urls.py)."""

from django.urls import path

from declarations.accounts import sessions_views

urlpatterns = [
    path("", sessions_views.sessions_page, name="sessions"),
    path("keep-alive/", sessions_views.keep_alive, name="session-keep-alive"),
    path("status/", sessions_views.status, name="session-status"),
]
