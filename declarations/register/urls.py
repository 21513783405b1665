"""Addresses of the register and its exports (included at the site root)."""

from django.urls import path

from declarations.register import views

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/export.csv", views.register_export, {"fmt": "csv"}, name="register-export-csv"),
    path(
        "register/export.xlsx", views.register_export, {"fmt": "xlsx"}, name="register-export-xlsx"
    ),
    path("register/export.pdf", views.register_export, {"fmt": "pdf"}, name="register-export-pdf"),
    path("register/named/", views.named_register_list, name="named-register-list"),
    path("register/named/<slug:slug>/", views.named_register, name="named-register"),
    path(
        "register/named/<slug:slug>/export.csv",
        views.named_register_export,
        {"fmt": "csv"},
        name="named-register-export-csv",
    ),
    path(
        "register/named/<slug:slug>/export.xlsx",
        views.named_register_export,
        {"fmt": "xlsx"},
        name="named-register-export-xlsx",
    ),
    path(
        "register/named/<slug:slug>/export.pdf",
        views.named_register_export,
        {"fmt": "pdf"},
        name="named-register-export-pdf",
    ),
]
