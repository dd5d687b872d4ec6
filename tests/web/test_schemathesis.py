"""Schemathesis over the OpenAPI schema: generated requests find no 5xx and no response that
breaks the schema (status codes, content types, bodies). Bounded: a few examples per operation.

The app is built at import (schemathesis makes one test per operation at collection) in a data
folder of its own; its lifespan starts with the first request and stops when the module ends.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import positive_data_acceptance

from mockprep.config import Settings
from mockprep.web.app import create_app
from mockprep.web.csrf import COOKIE_NAME, HEADER_NAME, load_key, make_token

MAX_EXAMPLES = 6
HOME = Path(tempfile.mkdtemp(prefix="mockprep-schemathesis-"))
SETTINGS = Settings(home=HOME, database_url=f"sqlite:///{HOME / 'api.db'}", auth="none")
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(SETTINGS, warm_up=False))


@pytest.fixture(scope="module", autouse=True)
def _app_lifetime() -> Iterator[None]:
    yield
    shutdown_lifespans()
    shutil.rmtree(HOME, ignore_errors=True)


@pytest.fixture(scope="module")
def csrf() -> str:
    return make_token(load_key(SETTINGS))


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_fails_and_matches_its_schema(case: schemathesis.Case, csrf: str) -> None:
    # positive_data_acceptance is left out on purpose: a schema-valid request may still name
    # a category, time zone or file content that does not exist, and a 422 is the right answer.
    case.call_and_validate(
        headers={HEADER_NAME: csrf},
        cookies={COOKIE_NAME: csrf},
        excluded_checks=[positive_data_acceptance],
    )
