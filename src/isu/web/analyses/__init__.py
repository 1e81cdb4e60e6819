"""Steps 2–4 of an analysis in the browser: the team's workspace, versioned item by item."""
