"""Addresses for the published register (public), publishing, the compliance dashboard
and the annual interest reviews (included at the site root)."""

from django.urls import path

from declarations.register import dashboard_views, public_views

urlpatterns = [
    path("published/", public_views.published_index, name="published-index"),
    path(
        "published/<slug:code>.csv",
        public_views.published_register_csv,
        name="published-register-csv",
    ),
    path("published/<slug:code>/", public_views.published_register, name="published-register"),
    path("register/publish/", public_views.publish, name="register-publish"),
    path("dashboard/", dashboard_views.dashboard_view, name="dashboard"),
    path("reviews/", dashboard_views.interest_reviews, name="interest-reviews"),
    path("reviews/<int:pk>/", dashboard_views.interest_review, name="interest-review"),
]
