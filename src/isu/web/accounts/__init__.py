"""Who may do what: organisations, their units (verksamheter) and users' roles in them.

A user sees a unit only through a :class:`~isu.web.accounts.models.Membership`; every view asks
:mod:`isu.web.accounts.access` for its objects, which answers 404 for a unit the user has no
membership in and 403 for a role that is not enough.
"""
