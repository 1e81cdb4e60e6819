"""URLs of the follow-up records pages (included by followups/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
