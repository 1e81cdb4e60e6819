"""ISU: individual-based systematic follow-up with gender equality built in.

The library packages (`isu.codebook`, `isu.identity`, `isu.ingest`, `isu.analysis`,
`isu.report`) are plain Python and never import Django; the web app builds on them.
"""

__version__ = "0.1.0"
