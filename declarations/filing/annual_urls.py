"""Address of the annual declaration page (included at the site root)."""

from django.urls import path

from declarations.filing import annual_views as views

urlpatterns = [
    path("annual/", views.annual_declaration, name="annual-declaration"),
]
