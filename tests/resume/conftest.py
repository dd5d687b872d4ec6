"""Fixtures of the ATS tests: the test documents (built once per session) and the taxonomy."""

from __future__ import annotations

import pytest
import resume_files as rf

from mockprep.resume.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="session")
def bomb_pdf() -> bytes:
    return rf.decompression_bomb()


@pytest.fixture(scope="session")
def zip_bomb_docx() -> bytes:
    return rf.docx_zip_bomb()
