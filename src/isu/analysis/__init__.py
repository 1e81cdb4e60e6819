"""Step 1 of the method, computed: cubes, estimates, disclosure control, observations.

>>> from isu.analysis import Settings
>>> Settings().threshold  # counts 1-4 are hidden
5

:func:`analyse_records` turns validated records (from :mod:`isu.ingest`) and their codebook into
a :class:`Step1` result: data quality, every disaggregated table (already suppressed), paired
change, and observations in plain Swedish. Nothing in a result depends on a hidden count.
"""

from isu.analysis.cube import Cube, Moments, count_cube, moments_cube
from isu.analysis.disclosure import HIDDEN, ProtectedCube, Release, protect
from isu.analysis.frame import AnalysisFrame, Dimension, Period, prepare
from isu.analysis.observations import Observation
from isu.analysis.step1 import Settings, Step1, analyse_frame, analyse_records
from isu.analysis.tables import Cell, Comparison, Row, Table

__all__ = [
    "HIDDEN",
    "AnalysisFrame",
    "Cell",
    "Comparison",
    "Cube",
    "Dimension",
    "Moments",
    "Observation",
    "Period",
    "ProtectedCube",
    "Release",
    "Row",
    "Settings",
    "Step1",
    "Table",
    "analyse_frame",
    "analyse_records",
    "count_cube",
    "moments_cube",
    "prepare",
    "protect",
]
