"""Synthetic child-welfare follow-ups with planted, known effects, for demos, tests and benchmarks.

The records look like what a social worker would type into the Excel template of the
``barn_och_unga`` codebook (Swedish labels, ISO dates, empty cells for missing), and the
differences built into them are listed with the verdict the method should reach:

>>> from isu.demo import generate
>>> data = generate(children=200, seed=7)
>>> [effect.verdict for effect in data.effects][:3]
['motiverad', 'motiverad_men_problematisk', 'omotiverad']

:func:`write_demo` writes the codebook, the records as CSV and Excel, and a Swedish description
of the effects; the latent truth used by tests is never written.
"""

from isu.demo.generator import (
    EFFECTS,
    DemoData,
    PlantedEffect,
    describe_effects,
    generate,
    write_demo,
)

__all__ = ["EFFECTS", "DemoData", "PlantedEffect", "describe_effects", "generate", "write_demo"]
