"""framing.lazy: public names of a package imported on first access."""

from __future__ import annotations

import sys

import pytest

from framing.lazy import lazy_exports


def test_a_name_is_imported_on_first_access_and_kept() -> None:
    namespace = {"__name__": "pkg", "__all__": ["dumps"]}
    getattr_, dir_ = lazy_exports(namespace, {"dumps": "json"})
    assert "dumps" not in namespace
    assert getattr_("dumps") is sys.modules["json"].dumps
    assert namespace["dumps"] is sys.modules["json"].dumps  # later lookups skip __getattr__
    assert dir_() == ["dumps"]


def test_an_unknown_name_is_an_attribute_error_naming_the_package() -> None:
    getattr_, _ = lazy_exports({"__name__": "pkg", "__all__": []}, {})
    with pytest.raises(AttributeError, match="module 'pkg' has no attribute 'nope'"):
        getattr_("nope")


def test_the_packages_use_it() -> None:
    import framing
    import framing.stats

    assert framing.stats.kruskal_test.__module__ == "framing.stats.ranks"
    assert "compare" in dir(framing) and "kruskal_test" in dir(framing.stats)
    with pytest.raises(AttributeError, match="module 'framing' has no attribute"):
        framing.no_such_name  # noqa: B018
