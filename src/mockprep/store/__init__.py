"""Storage: models, repositories and Alembic migrations; the only code that touches the DB."""
