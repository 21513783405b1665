"""Addresses for approvers: the decision queue, decision pages and delegation."""

from django.urls import path

from declarations.approvals import views

urlpatterns = [
    path("decisions/", views.decision_queue, name="decision-queue"),
    path("decisions/delegate/", views.delegate_view, name="decision-delegate"),
    path("decisions/<int:step_id>/", views.decision_detail, name="decision-detail"),
]
