"""The demo follow-up: the child-welfare template with the synthetic demo data already in it.

Created once in the demo organisation's "Barn och unga" unit, so ``isu serve --demo`` opens on
a follow-up with a dashboard to look at. The records go through the same validation as an
import, so what the demo shows is what a real import would give.
"""

import io
from typing import Any

from django.db import transaction

from isu.demo import generate
from isu.identity import load_or_create_key
from isu.ingest import validate_file
from isu.web.followups.models import Area, CodebookVersion, FollowUp
from isu.web.followups.storage import store_frame

DEMO_TITLE = "Beslut och delaktighet för barn och unga (demo)"


@transaction.atomic
def create_demo_followup(unit: Any, user: Any, *, children: int = 600, seed: int = 1) -> FollowUp:
    existing = FollowUp.objects.filter(unit=unit, title=DEMO_TITLE).first()
    if existing is not None:
        return existing
    data = generate(children=children, seed=seed)
    followup = FollowUp.objects.create(
        unit=unit,
        title=DEMO_TITLE,
        question=data.codebook.question,
        area=Area.CHILDREN,
        created_by=user,
    )
    version = CodebookVersion.objects.create(
        followup=followup,
        number=1,
        content=data.codebook.to_dict(),
        fingerprint=data.codebook.fingerprint(),
        created_by=user,
    )
    buffer = io.BytesIO()
    data.records.to_csv(buffer, sep=";", index=False)
    result = validate_file(buffer.getvalue(), data.codebook, key=load_or_create_key())
    store_frame(followup, version, result.records_to_store(), user)
    return followup
