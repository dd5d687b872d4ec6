"""Fixtures: the sample offers and profile of negotiation_samples.py, parsed."""

from __future__ import annotations

import pytest
from negotiation_samples import ACME, BETA, PROFILE

from mockprep.negotiation.offer import Offer, Profile, parse_offer, parse_profile


@pytest.fixture
def acme() -> Offer:
    return parse_offer(ACME)


@pytest.fixture
def beta() -> Offer:
    return parse_offer(BETA)


@pytest.fixture
def profile() -> Profile:
    return parse_profile(PROFILE)
