"""On-disk cache of per-sentence tokens and sentiment, so re-runs skip the slow stages.

``score(corpus, lexicons, cache="cache_dir")`` keeps one SQLite file,
``<dir>/sentences.sqlite3``, with two tables:

``tokens``
    the token boundaries of a sentence, keyed by a hash of the sentence text and of
    everything that decides how it is cut: the tokenizer (``jieba`` or ``rjieba``) and
    its package version, the HMM switch, the user-word frequency floor and the sorted
    user-word set of the lexicons (terms, rule contexts and modifiers, which jieba keeps
    whole). A lexicon edit that changes weights, labels, thresholds or negation settings
    reuses every token; an edit that adds, removes or respells a term changes the
    user-word set, and since jieba's word scores depend on the whole dictionary (its
    total frequency), every sentence is cut again -- exactly, not approximately.
``sentiment``
    ``SnowNLP(text).sentiments``, keyed by the sentence text, the snownlp version and the
    version of the fast reimplementation (:data:`SENTIMENT_ALGORITHM`). No lexicon edit
    touches it.

Frame and tone matching is never cached: it is what a lexicon edit changes, and it is
redone on every run from the cached tokens.

Keys are 16-byte BLAKE2b digests of ``namespace + NUL + text``; a namespace is the hash
of the JSON description above (recorded in the ``namespaces`` table for inspection).
A version string that changes gives new keys, so stale entries are never read (they stay
until the file is deleted). Values are pure functions of their key, so concurrent
writers (several runs sharing a folder) can only write the same value twice: the file is
in WAL mode with a busy timeout, inserts are ``INSERT OR IGNORE`` in one transaction per
chunk. Token entries are checked against the text length on reading; a bad entry is
treated as missing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
from collections.abc import Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

__all__ = [
    "CACHE_FILE",
    "CACHE_FORMAT",
    "SENTIMENT_ALGORITHM",
    "SentenceCache",
    "open_cache",
    "package_version",
    "sentiment_namespace",
    "token_namespace",
]

CACHE_FILE = "sentences.sqlite3"
# Bump when the layout or the meaning of stored values changes.
CACHE_FORMAT = 1
# Bump when framing.scoring.fastsentiment could return a different value for some text.
SENTIMENT_ALGORITHM = "fastsentiment 1 (bit-identical to SnowNLP(text).sentiments)"
_BATCH = 900  # below SQLite's oldest limit on bound parameters (999)


def package_version(name: str) -> str:
    """The installed version of a distribution (``"unknown"`` when not installed)."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _namespace(description: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(description, sort_keys=True).encode("utf-8")).hexdigest()


def token_description(user_words: Sequence[str], tokenizer: str = "jieba") -> dict[str, Any]:
    """Everything the tokens of a sentence depend on, besides its text."""
    from framing.tokenize import HMM, USER_WORD_MIN_FREQ

    words = sorted(set(user_words))
    return {
        "kind": "tokens",
        "format": CACHE_FORMAT,
        "tokenizer": tokenizer,
        "version": package_version(tokenizer),
        "hmm": HMM,
        "user_word_min_freq": USER_WORD_MIN_FREQ,
        "user_words_sha256": hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest(),
        "n_user_words": len(words),
    }


def token_namespace(user_words: Sequence[str], tokenizer: str = "jieba") -> str:
    """Namespace of the token entries for a user-word set and tokenizer."""
    return _namespace(token_description(user_words, tokenizer))


def sentiment_description() -> dict[str, Any]:
    """Everything the sentiment of a sentence depends on, besides its text."""
    return {
        "kind": "sentiment",
        "format": CACHE_FORMAT,
        "snownlp": package_version("snownlp"),
        "algorithm": SENTIMENT_ALGORITHM,
    }


def sentiment_namespace() -> str:
    """Namespace of the sentiment entries."""
    return _namespace(sentiment_description())


def _encode_lengths(lengths: Sequence[int]) -> bytes:
    if all(0 < n < 256 for n in lengths):
        return b"\x01" + bytes(lengths)
    return b"\x04" + struct.pack(f"<{len(lengths)}I", *lengths)


def _decode_lengths(blob: bytes) -> list[int] | None:
    if not blob:
        return None
    if blob[0] == 1:
        return list(blob[1:])
    if blob[0] == 4 and (len(blob) - 1) % 4 == 0:
        return list(struct.unpack(f"<{(len(blob) - 1) // 4}I", blob[1:]))
    return None


class SentenceCache:
    """The SQLite cache in a folder (created if missing). Use as a context manager.

    Counters ``hits`` and ``misses`` (per table) tell how much a run could reuse.
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / CACHE_FILE
        self._con = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
        self._con.execute("PRAGMA busy_timeout = 60000")
        self._con.execute("PRAGMA journal_mode = WAL")
        self._con.execute("PRAGMA synchronous = NORMAL")
        with self._con:
            self._con.execute("BEGIN IMMEDIATE")
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS tokens (key BLOB PRIMARY KEY, value BLOB NOT NULL)"
                " WITHOUT ROWID"
            )
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS sentiment (key BLOB PRIMARY KEY, value REAL NOT NULL)"
                " WITHOUT ROWID"
            )
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS namespaces (namespace TEXT PRIMARY KEY, description TEXT)"
            )
        self.hits: dict[str, int] = {"tokens": 0, "sentiment": 0}
        self.misses: dict[str, int] = {"tokens": 0, "sentiment": 0}

    # ---- keys --------------------------------------------------------------------------

    @staticmethod
    def key(namespace: str, text: str) -> bytes:
        """The 16-byte key of ``text`` in ``namespace``."""
        h = hashlib.blake2b(namespace.encode("ascii"), digest_size=16)
        h.update(b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.digest()

    def register(self, namespace: str, description: dict[str, Any]) -> None:
        """Record what a namespace stands for (for people inspecting the file)."""
        with self._con:
            self._con.execute(
                "INSERT OR IGNORE INTO namespaces VALUES (?, ?)",
                (namespace, json.dumps(description, sort_keys=True)),
            )

    def _get(self, table: str, keys: Sequence[bytes]) -> dict[bytes, Any]:
        found: dict[bytes, Any] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), _BATCH):
            part = unique[i : i + _BATCH]
            marks = ",".join("?" * len(part))
            rows = self._con.execute(
                f"SELECT key, value FROM {table} WHERE key IN ({marks})", part
            ).fetchall()
            found.update(rows)
        return found

    def _put(self, table: str, rows: Iterable[tuple[bytes, Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        with self._con:
            self._con.execute("BEGIN IMMEDIATE")
            self._con.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", rows)

    # ---- tokens ------------------------------------------------------------------------

    def get_tokens(self, namespace: str, texts: Sequence[str]) -> list[list[int] | None]:
        """Token lengths of each text (``None`` where not cached or not valid)."""
        keys = [self.key(namespace, t) for t in texts]
        found = self._get("tokens", keys)
        out: list[list[int] | None] = []
        for text, k in zip(texts, keys, strict=True):
            blob = found.get(k)
            lengths = _decode_lengths(blob) if blob is not None else None
            if lengths is not None and sum(lengths) != len(text):
                lengths = None
            out.append(lengths)
        n_hit = sum(v is not None for v in out)
        self.hits["tokens"] += n_hit
        self.misses["tokens"] += len(out) - n_hit
        return out

    def put_tokens(self, namespace: str, items: Iterable[tuple[str, Sequence[int]]]) -> None:
        """Store token lengths of texts."""
        self._put("tokens", ((self.key(namespace, t), _encode_lengths(n)) for t, n in items))

    # ---- sentiment ---------------------------------------------------------------------

    def get_sentiments(self, namespace: str, texts: Sequence[str]) -> list[float | None]:
        """Cached sentiment of each text (``None`` where not cached)."""
        keys = [self.key(namespace, t) for t in texts]
        found = self._get("sentiment", keys)
        out = [found.get(k) for k in keys]
        n_hit = sum(v is not None for v in out)
        self.hits["sentiment"] += n_hit
        self.misses["sentiment"] += len(out) - n_hit
        return out

    def put_sentiments(self, namespace: str, items: Iterable[tuple[str, float]]) -> None:
        """Store sentiments (NaN values are not stored)."""
        self._put(
            "sentiment", ((self.key(namespace, t), float(v)) for t, v in items if v == v)
        )

    # ---- lifetime ----------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection."""
        self._con.close()

    def __enter__(self) -> SentenceCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SentenceCache({self.path.name} in {self.directory.name}, hits {self.hits})"


def open_cache(cache: str | Path | SentenceCache | None | bool) -> SentenceCache | None:
    """``None``/``False`` -> no cache; a folder -> a :class:`SentenceCache` on it."""
    if cache is None or cache is False:
        return None
    if isinstance(cache, SentenceCache):
        return cache
    if cache is True:
        raise ValueError("cache=True is ambiguous; give the cache folder (or None for no cache)")
    return SentenceCache(cache)
