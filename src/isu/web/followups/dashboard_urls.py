"""URLs of the follow-up dashboard pages (included by followups/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
