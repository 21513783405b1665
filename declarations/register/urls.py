"""Addresses of the register journey (included at the site root): the register, its
exports (asked for by POST, made in the background, downloaded by whoever asked), one
entry of it, the named registers, the published register (with its previous versions)
and publishing, the requests to keep an entry out of it, the compliance dashboard,
the annual interest reviews, the security log and the register's settings."""

from django.urls import path

from declarations.register import (
    dashboard_views,
    export_views,
    public_views,
    security_views,
    settings_views,
    views,
    withholding_views,
)

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/export.csv", views.register_export, {"fmt": "csv"}, name="register-export-csv"),
    path(
        "register/export.xlsx", views.register_export, {"fmt": "xlsx"}, name="register-export-xlsx"
    ),
    path("register/export.pdf", views.register_export, {"fmt": "pdf"}, name="register-export-pdf"),
    path("register/exports/", export_views.export_list, name="register-exports"),
    path(
        "register/exports/<uuid:export_id>/",
        export_views.export_detail,
        name="register-export-detail",
    ),
    path(
        "register/exports/<uuid:export_id>/file",
        export_views.export_file,
        name="register-export-file",
    ),
    path("register/entries/<int:pk>/", views.register_entry, name="register-entry"),
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
    path("register/publish/", public_views.publish, name="register-publish"),
    path("register/security-log/", security_views.security_log, name="security-log"),
    path("register/settings/", settings_views.register_settings, name="register-settings"),
    path("published/", public_views.published_index, name="published-index"),
    path(
        "published/<slug:code>.csv",
        public_views.published_register_csv,
        name="published-register-csv",
    ),
    path("published/<slug:code>/", public_views.published_register, name="published-register"),
    path(
        "published/<slug:code>/versions/",
        public_views.published_versions,
        name="published-versions",
    ),
    path(
        "published/<slug:code>/versions/<int:pk>/",
        public_views.published_version,
        name="published-version",
    ),
    path(
        "published/<slug:code>/versions/<int:pk>.csv",
        public_views.published_version_csv,
        name="published-version-csv",
    ),
    path("register/withholding/", withholding_views.waiting_list, name="withholding-list"),
    path(
        "register/withholding/<int:pk>/",
        withholding_views.decide,
        name="withholding-decide",
    ),
    path("dashboard/", dashboard_views.dashboard_view, name="dashboard"),
    path("reviews/", dashboard_views.interest_reviews, name="interest-reviews"),
    path("reviews/<int:pk>/", dashboard_views.interest_review, name="interest-review"),
]
