"""Pages that belong to no other app: the start page and the follow-up placeholder."""
