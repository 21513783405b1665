"""Addresses of the filing journey (included at the site root): the home page, making and
managing your own declarations, the annual declaration, and the policy-check API."""

from django.urls import path

from declarations.filing import annual_views, api, views, withholding_views

urlpatterns = [
    path("", views.home, name="home"),
    path("api/policy-check", api.policy_check, name="api-policy-check"),
    path("declarations/new/", views.choose_type, name="declaration-new"),
    path(
        "declarations/new/<slug:declaration_type>/",
        views.new_declaration,
        name="declaration-new-type",
    ),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration-detail"),
    path("declarations/<int:pk>/edit/", views.edit_declaration, name="declaration-edit"),
    path("declarations/<int:pk>/check/", views.check_answers, name="declaration-check"),
    path("declarations/<int:pk>/submit/", views.submit_declaration, name="declaration-submit"),
    path(
        "declarations/<int:pk>/confirmation/",
        views.confirmation,
        name="declaration-confirmation",
    ),
    path(
        "declarations/<int:pk>/withdraw/",
        views.withdraw_declaration,
        name="declaration-withdraw",
    ),
    path("declarations/<int:pk>/amend/", views.amend_declaration, name="declaration-amend"),
    path("declarations/<int:pk>/end/", views.end_declaration, name="declaration-end"),
    path(
        "declarations/<int:pk>/what-happened/",
        views.disposition,
        name="declaration-disposition",
    ),
    path(
        "declarations/<int:pk>/withhold/",
        withholding_views.ask_to_withhold,
        name="declaration-withhold",
    ),
    path("annual/", annual_views.annual_declaration, name="annual-declaration"),
]
