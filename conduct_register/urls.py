from django.contrib import admin
from django.urls import include, path

from conduct_register import health
from declarations import policy_reference

urlpatterns = [
    # For load balancers, without signing in (conduct_register/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("declarations.accounts.urls")),
    path("policies/", policy_reference.policy_index, name="policy-index"),
    path("policies/<str:employer>/", policy_reference.policy_detail, name="policy-detail"),
    path("admin/", admin.site.urls),
    path("", include("declarations.filing.urls")),
    path("", include("declarations.approvals.urls")),
    path("", include("declarations.register.urls")),
    path("privacy/", include("declarations.privacy.urls")),
]
