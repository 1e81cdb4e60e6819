"""Regional comparison: pool the aggregated, disclosure-controlled tables of many municipalities."""
