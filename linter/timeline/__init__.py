"""Timeline dates and times."""
