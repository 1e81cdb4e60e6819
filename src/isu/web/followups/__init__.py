"""Follow-ups: the question, its versioned codebook, and the records collected for it."""
