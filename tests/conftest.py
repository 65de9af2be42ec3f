"""Shared fixtures: the seeds folder and a corpus read from it once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_corpus():
    from framing.corpus.read import read_corpus

    return read_corpus(SEEDS)
