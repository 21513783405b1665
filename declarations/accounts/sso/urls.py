"""Single sign-on addresses (included at sign-in/sso/): both public, as they sign people in."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from declarations.accounts.sso import views

urlpatterns = [
    # Before <provider>, which would also match "callback".
    path("callback/", login_not_required(views.CallbackView.as_view()), name="sso-callback"),
    path("<slug:provider>/", login_not_required(views.StartView.as_view()), name="sso-start"),
]
