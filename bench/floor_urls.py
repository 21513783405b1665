"""The register's URLs and the benchmark's floor view (bench/floor_site.py)."""

from django.urls import path

from bench.floor_site import floor, signed_in_floor
from conduct_register.urls import urlpatterns as register_urls

urlpatterns = [
    *register_urls,
    path("floor/", floor),
    path("floor/signed-in/", signed_in_floor),
]
