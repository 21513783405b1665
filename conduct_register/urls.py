from django.contrib import admin
from django.urls import include, path

from declarations import policy_reference

urlpatterns = [
    path("", include("declarations.accounts.urls")),
    path("policies/", policy_reference.policy_index, name="policy-index"),
    path("policies/<str:employer>/", policy_reference.policy_detail, name="policy-detail"),
    path("admin/", admin.site.urls),
    path("", include("declarations.filing.urls")),
    path("", include("declarations.approvals.urls")),
    path("", include("declarations.register.urls")),
]
