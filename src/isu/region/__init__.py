"""Regional comparison: pool the aggregated, disclosure-controlled tables of many municipalities.

A municipality exports a package (:func:`build_package`, :func:`write_package`): only tables
that passed disclosure control, sealed with a SHA-256 checksum. A region reads many packages
(:func:`load_region`), which refuses altered files, duplicates and mixed templates, and compares
them (:func:`analyse_region`): shares by sex with a funnel plot, the sex gap pooled over the
region, «Är det lika hos oss?» for every municipality and the criteria on pooled tables. Every
pooled figure is a sum of published cells, so no hidden cell can be recovered from it.

>>> from isu.region import Region, analyse_region, load_region
>>> # result = analyse_region(load_region(paths), "beslut_insats", "ja")
"""

from isu.region.analysis import ComparisonError, RegionResult, analyse_region
from isu.region.compare import RegionComparison, compare
from isu.region.criteria import PooledCriteria, pooled_criteria
from isu.region.export import build_package
from isu.region.load import Region, RegionError, check_region, load_region
from isu.region.local import Local, local_comparison, local_comparisons
from isu.region.measures import PooledMeasure, pooled_measure
from isu.region.package import Package
from isu.region.package_file import (
    PackageError,
    package_bytes,
    package_digest,
    read_package,
    read_package_bytes,
    write_package,
)
from isu.region.pool import PooledTable, pool_table
from isu.region.reference import Reference, ReferenceFileError, read_reference

__all__ = [
    "ComparisonError",
    "Local",
    "Package",
    "PackageError",
    "PooledCriteria",
    "PooledMeasure",
    "PooledTable",
    "Reference",
    "ReferenceFileError",
    "Region",
    "RegionComparison",
    "RegionError",
    "RegionResult",
    "analyse_region",
    "build_package",
    "check_region",
    "compare",
    "load_region",
    "local_comparison",
    "local_comparisons",
    "package_bytes",
    "package_digest",
    "pool_table",
    "pooled_criteria",
    "pooled_measure",
    "read_package",
    "read_package_bytes",
    "read_reference",
    "write_package",
]
