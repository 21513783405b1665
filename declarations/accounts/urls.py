from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from declarations.accounts import passwords, views

urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up/", views.sign_in_set_up, name="sign-in-set-up"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-in/sso/", include("declarations.accounts.sso.urls")),
    # Ahead of the admin's own URLs (this module is included first): the admin signs in here.
    path("admin/login/", views.admin_sign_in, name="admin-sign-in"),
    path(
        "password-reset/",
        login_not_required(passwords.ResetPassword.as_view()),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        login_not_required(passwords.ResetPasswordSent.as_view()),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        login_not_required(passwords.ChooseNewPassword.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        login_not_required(passwords.ResetPasswordDone.as_view()),
        name="password_reset_complete",
    ),
    path("account/", views.account, name="account"),
    path("account/sessions/", include("declarations.accounts.sessions_urls")),
    path("account/confirm/", views.confirm_it_is_you, name="account-confirm"),
    path("account/password/", passwords.ChangePassword.as_view(), name="password_change"),
    path("account/second-factor/set-up/", views.set_up_app, name="account-set-up"),
    path("account/second-factor/remove/", views.remove_second_factor, name="account-remove"),
    path("account/recovery-codes/", views.recovery_codes, name="account-recovery-codes"),
    path(
        "account/recovery-codes/new/", views.new_recovery_codes, name="account-new-recovery-codes"
    ),
]
