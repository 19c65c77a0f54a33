"""Example articles bundled with dateline, written for it (see `dateline demo`)."""
