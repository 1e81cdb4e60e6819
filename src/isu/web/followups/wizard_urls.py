"""URLs of the follow-up wizard pages (included by followups/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
