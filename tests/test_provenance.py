"""framing.provenance: file hashes, package versions, and the file records of the manifest."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

import pytest

import framing
from framing.provenance import PACKAGES, FileRecord, package_versions, sha256
from framing.report import bundle

ROOT = Path(__file__).resolve().parent.parent


def test_sha256_of_a_file_larger_than_one_chunk(tmp_path) -> None:
    data = bytes(range(256)) * 5000  # 1.28 MB: read in two chunks
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert sha256(path) == hashlib.sha256(data).hexdigest()
    assert sha256(str(path)) == sha256(path)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert sha256(empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    with pytest.raises(OSError):
        sha256(tmp_path / "missing")


def test_package_versions() -> None:
    versions = package_versions()
    assert list(versions) == ["python", "framing", *PACKAGES]
    assert versions["python"] == platform.python_version() and versions["framing"] == framing.__version__
    assert versions["pandas"] == metadata.version("pandas")
    own = package_versions(["numpy", "no-such-package-of-framing"])
    assert own == {"python": platform.python_version(), "framing": framing.__version__,
                   "numpy": metadata.version("numpy"), "no-such-package-of-framing": "not installed"}


def test_file_record() -> None:
    rec = FileRecord("frames.toml", "ab" * 32, "2.0.0")
    assert (rec.path, rec.sha256, rec.version, rec.size, rec.error) == ("frames.toml", "ab" * 32, "2.0.0", None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.sha256 = None  # type: ignore[misc]


def test_the_manifest_lists_files_as_records(tmp_path) -> None:
    """Inputs hashed by the bundle: name relative to the input folder, bytes, SHA-256; a file
    that cannot be read has a null hash and the reason."""
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_bytes(b"abc")
    (tmp_path / "in" / "sub" / "b.txt").write_bytes("文汇报".encode())
    entries = bundle._input_files(tmp_path / "in")
    assert entries == [
        {"file": "a.txt", "bytes": 3, "sha256": hashlib.sha256(b"abc").hexdigest()},
        {"file": "sub/b.txt", "bytes": 9, "sha256": hashlib.sha256("文汇报".encode()).hexdigest()},
    ]
    gone = bundle._file_entry(bundle._input_record(tmp_path / "gone.txt", "gone.txt"), size=True)
    assert gone == {"file": "gone.txt", "bytes": None, "sha256": None, "error": "unreadable (No such file or directory)"}
    assert bundle._file_entry(FileRecord("tables/x.csv", "00")) == {"file": "tables/x.csv", "sha256": "00"}


def test_the_committed_manifest_hashes_and_versions_match(tmp_path) -> None:
    """Every file the committed bundle lists has the SHA-256 provenance computes, and its
    versions are those package_versions names (the keys and their order)."""
    manifest = json.loads((ROOT / "results" / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert list(entry) == ["file", "sha256"]
        assert sha256(ROOT / "results" / entry["file"]) == entry["sha256"], entry["file"]
    assert list(manifest["versions"]) == list(package_versions())
    for entry in manifest["inputs"]:
        assert list(entry) == ["file", "bytes", "sha256"]
        assert sha256(ROOT / "seeds" / entry["file"]) == entry["sha256"]


def test_old_paths_are_the_same_functions() -> None:
    assert bundle.sha256 is sha256 and bundle.package_versions is package_versions and bundle.PACKAGES is PACKAGES
