"""The register's URLs and the benchmark's floor view (bench/floor_site.py)."""

from django.urls import path

from bench.floor_site import floor
from conduct_register.urls import urlpatterns as register_urls

urlpatterns = [*register_urls, path("floor/", floor)]
