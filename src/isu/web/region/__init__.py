"""Regional comparison in the web app: packages exported from follow-ups, compared by a region."""
