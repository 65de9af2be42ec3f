"""The version of framing, in one place every layer may import (pyproject.toml says the same)."""

__version__ = "0.1.0"
