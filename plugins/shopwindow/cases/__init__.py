"""Case-result reports (promised against delivered, before and after, metrics and charts) and the track
record page, computed from done jobs by ``jobs/record.py``."""
