"""Addresses for making and managing your own declarations (included at the site root)."""

from django.urls import path

from declarations.filing import views

urlpatterns = [
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
]
