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
from browsing import app_config, desktop_page, launched_chromium, serve_in_thread
from fastapi.testclient import TestClient
from webhelpers import Api, make_client

from mockprep.config import Settings, load_settings
from mockprep.web.app import create_app


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


# -- browser tests (each module gets its own server and Chromium; a module may override) ------
@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app in local mode under uvicorn, on a fresh SQLite home, for this module."""
    home = tmp_path_factory.mktemp("browser-home")
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'web.db'}", auth="none")
    with serve_in_thread(app_config(create_app(settings, warm_up=False), lifespan="on")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched_chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    with desktop_page(browser) as tab:
        yield tab
