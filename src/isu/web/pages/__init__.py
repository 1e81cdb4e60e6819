"""Pages that belong to no other app: the start page."""
