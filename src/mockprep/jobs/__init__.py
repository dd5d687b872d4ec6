"""Slow work off the request path: a job queue in the database and the workers that run it."""
