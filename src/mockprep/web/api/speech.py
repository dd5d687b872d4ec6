"""API /speech: being built (scaffold)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/speech")
