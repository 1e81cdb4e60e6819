"""The web application: a Django project for entering, analysing and presenting follow-ups.

Apps are cut by purpose: ``accounts`` (organisations, units, memberships, log-in and the
administration pages), ``audit`` (who did what, when) and ``pages`` (start page, navigation
targets). Every view fetches its objects through ``isu.web.accounts.access`` so that access
rules live in one place. Run it with ``python -m isu.web <command>`` or ``isu serve``.
"""
