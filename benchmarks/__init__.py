"""Speed and memory goals, measured against peers in the same run (``./dev bench``)."""
