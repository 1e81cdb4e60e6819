"""The demo analysis: the library's complete four-step example, loaded into the demo follow-up.

Written against the demo data of seed 1, so every pin finds its table, observation or verdict
in the follow-up ``isu serve --demo`` creates. Created once; a repeated start changes nothing.
"""

from typing import Any

from isu.report.document.demo import demo_document
from isu.web.analyses.document import import_document
from isu.web.analyses.models import Analysis
from isu.web.followups.models import FollowUp


def create_demo_analysis(followup: FollowUp, user: Any) -> Analysis:
    document = demo_document()
    existing = Analysis.objects.filter(followup=followup, title=document.title).first()
    return existing or import_document(followup, document, user)
