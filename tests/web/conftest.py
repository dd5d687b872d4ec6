"""Fixtures for the web app: a TestClient on a real database, and a CSRF-aware API helper.

``client`` runs on SQLite in the sealed data folder; ``any_db_client`` runs once on SQLite and
once on PostgreSQL (when ``MOCKPREP_TEST_DATABASE_URL`` is set), for tests where storage
matters. Both run the app's lifespan (database, grader) like a real server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webhelpers import Api, make_client

from mockprep.config import Settings, load_settings


@pytest.fixture
def client(sealed_home: Any) -> Iterator[TestClient]:
    yield from make_client(load_settings())


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client)


@pytest.fixture
def any_db_client(settings: Settings, sealed_home: Path) -> Iterator[TestClient]:
    sealed_home.mkdir(parents=True, exist_ok=True)
    yield from make_client(settings)


@pytest.fixture
def any_db_api(any_db_client: TestClient) -> Api:
    return Api(any_db_client)
