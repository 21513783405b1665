"""Addresses of the privacy journey (mounted at /privacy/): the privacy notice, "Your
data", the monitoring officer's subject-access page, and one copy's progress page and
file."""

from django.urls import path

from declarations.privacy import views

urlpatterns = [
    path("notice/", views.privacy_notice, name="privacy-notice"),
    path("your-data/", views.your_data, name="privacy-your-data"),
    path("subject-access/", views.subject_access, name="privacy-subject-access"),
    path("copies/<uuid:copy_id>/", views.copy_detail, name="privacy-copy"),
    path("copies/<uuid:copy_id>/file", views.copy_file, name="privacy-copy-file"),
]
