"""On-disk cache of the slow, lexicon-independent work, so re-runs only redo what changed.

``score(corpus, lexicons, cache="cache_dir")`` keeps one SQLite file,
``<dir>/sentences.sqlite3``, with four tables of values that are pure functions of their
keys (:mod:`framing.scoring.keys` says what goes into each key):

``analyses``
    per article: each sentence's words, token count, sentiment and lexicon matches
    (term, offsets, negation, modifiers, context rule) *before* weights are applied, and the
    coverage counts. Keyed by the sentence texts and the definitions (minus weights) of the
    lexicon entries occurring in the article, the matching rules and modifiers, the
    tokenizer and the sentiment algorithm. A re-run after editing weights or the threshold
    reads every article from here; after adding a term, only the articles containing it
    are analysed again.
``tokens``
    per sentence: token boundaries, keyed by the text, the tokenizer (kind, version, HMM,
    frequency rule) and the user words occurring in the sentence -- exact, because a
    sentence's cut depends on no other user word (:data:`framing.tokenize.USER_WORDS_RULE`).
    With ``rjieba`` the whole user-word set is part of the key.
``sentiment``
    per sentence: ``SnowNLP(text).sentiments``, keyed by the text, the snownlp version and
    the version of the fast reimplementation (:data:`SENTIMENT_ALGORITHM`), and, with a
    retrained model (``--sentiment-model``), that model file's SHA-256 and name.
``scans``, ``patterns``
    bookkeeping for the keys: the lexicon strings found in each article and the set of
    strings that scan looked for, so that after a lexicon edit only the new strings are
    looked for (:meth:`framing.scoring.keys.CacheKeys.analysis_keys`).
``voices``
    per article: speakers and voiced sentences
    (:func:`framing.scoring.sources.article_voices`), keyed by the article's text and
    sentences, the sources lexicon file and :data:`~framing.scoring.sources.VOICES_ALGORITHM`.

Beside the SQLite file, ``<dir>/models/`` keeps the sentiment model's tables as built
from snownlp's model files (:func:`framing.scoring.fastsentiment.use_table_dir`): the
first run builds them (seconds, a gigabyte at the peak), later ones read them back.

A namespace is the hash of a JSON description of the settings (recorded in the
``namespaces`` table for inspection). A version that changes gives new keys, so stale
entries are never read (they stay until the file is deleted). Since values are pure
functions of their keys, concurrent writers (several runs sharing a folder) can only write
the same value twice: the file is in WAL mode with a busy timeout, inserts are ``INSERT OR
IGNORE`` in one transaction per batch (a scan record names the pattern set it answers,
so there the newest replaces the older). A token entry that does not tile its text, or a
record that does not decode, is treated as missing. A file SQLite finds damaged (a bad
page) that has the cache's tables is replaced by an empty one, so the run goes on and
computes again what was lost (``Scored.run["cache_rebuilt"]`` says so); a cache that cannot
be written (read-only) is found when it is opened, and it and a full disk are one-line
errors (:class:`~framing.errors.InputError`) naming the fix.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from framing.scoring.keys import digest, namespace

__all__ = [
    "CACHE_FILE",
    "CACHE_FORMAT",
    "SENTIMENT_ALGORITHM",
    "SentenceCache",
    "analysis_description",
    "open_cache",
    "package_version",
    "sentiment_description",
    "sentiment_namespace",
    "token_description",
    "token_namespace",
    "voice_description",
]

CACHE_FILE = "sentences.sqlite3"
# Bump when the layout or the meaning of stored values changes.
CACHE_FORMAT = 4
# Bump when framing.scoring.fastsentiment could return a different value for some text.
SENTIMENT_ALGORITHM = "fastsentiment 1 (bit-identical to SnowNLP(text).sentiments)"
_BATCH = 900  # below SQLite's oldest limit on bound parameters (999)
RECORD_TABLES = ("analyses", "voices", "scans", "patterns")


def package_version(name: str) -> str:
    """The installed version of a distribution.

    Parameters
    ----------
    name : str
        The distribution name (``jieba``, ``snownlp``, ...).

    Returns
    -------
    str
        Its version, or ``"unknown"`` when it is not installed.
    """
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def token_description(user_words: Sequence[str], tokenizer: str = "jieba") -> dict[str, Any]:
    """Everything the tokens of a sentence depend on, besides its text and the user words
    that occur in it (with ``rjieba``, the whole user-word set).

    Parameters
    ----------
    user_words : sequence of str
        The lexicon set's user words; read only for ``rjieba``, whose key holds their hash.
    tokenizer : str
        ``"jieba"`` or ``"rjieba"``.

    Returns
    -------
    dict
        JSON-able: kind, cache format, tokenizer and its version, the HMM setting, and the
        user-word rule (jieba) or the SHA-256 of the sorted user words (rjieba).
    """
    from framing.tokenize import HMM, USER_WORDS_RULE

    out: dict[str, Any] = {
        "kind": "tokens",
        "format": CACHE_FORMAT,
        "tokenizer": tokenizer,
        "version": package_version(tokenizer),
        "hmm": HMM,
    }
    if tokenizer == "jieba":
        out["user_words"] = USER_WORDS_RULE
    else:
        # jieba-rs raises its dictionary total with every word added: the whole set matters
        words = sorted(set(user_words))
        out["user_words_sha256"] = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()
    return out


def token_namespace(user_words: Sequence[str], tokenizer: str = "jieba") -> str:
    """Namespace of the token entries for a tokenizer (and, for rjieba, a user-word set).

    Parameters
    ----------
    user_words, tokenizer
        As for :func:`token_description`.

    Returns
    -------
    str
        The hex hash of :func:`token_description` (:func:`framing.scoring.keys.namespace`).
    """
    return namespace(token_description(user_words, tokenizer))


def sentiment_description(model: Any = None) -> dict[str, Any]:
    """Everything the sentiment of a sentence depends on, besides its text.

    Parameters
    ----------
    model : SentimentModel, optional
        A retrained :class:`~framing.scoring.sentiment_model.SentimentModel`: its SHA-256
        (what the values depend on) and file name join the description. None (the shipped
        model) leaves the description as it always was.

    Returns
    -------
    dict
        JSON-able: kind, cache format, the snownlp version and :data:`SENTIMENT_ALGORITHM`
        (and the model's hash and name).
    """
    out = {
        "kind": "sentiment",
        "format": CACHE_FORMAT,
        "snownlp": package_version("snownlp"),
        "algorithm": SENTIMENT_ALGORITHM,
    }
    if model is not None:
        out["model_sha256"] = model.sha256
        out["model_file"] = model.name
    return out


def sentiment_namespace(model: Any = None) -> str:
    """Namespace of the sentiment entries (of the shipped model, or of ``model``).

    Parameters
    ----------
    model : SentimentModel, optional
        As for :func:`sentiment_description`.

    Returns
    -------
    str
        The hex hash of :func:`sentiment_description`.
    """
    return namespace(sentiment_description(model))


def analysis_description(lexicons: Any, tokenizer: str = "jieba", sentiment_model: Any = None) -> dict[str, Any]:
    """Everything the analysis of an article depends on, besides its sentences and the
    definitions of the lexicon entries occurring in it.

    Parameters
    ----------
    lexicons : Lexicons
        The lexicon set (its user words, modifiers and frames that cannot be negated).
    tokenizer : str
        ``"jieba"`` or ``"rjieba"``.
    sentiment_model : SentimentModel, optional
        A retrained sentiment model (None: the shipped one).

    Returns
    -------
    dict
        JSON-able: kind, cache format, the token and sentiment namespaces, the matcher's
        version and rule, the modifiers and the fixed (not negatable) frames.
    """
    from framing.scoring.matching import MATCHER_VERSION, MATCHING_RULE

    return {
        "kind": "analysis",
        "format": CACHE_FORMAT,
        "tokens": token_namespace(lexicons.user_words(), tokenizer),
        "sentiment": sentiment_namespace(sentiment_model),
        "matcher": MATCHER_VERSION,
        "matching_rule": MATCHING_RULE,
        "modifiers": repr(lexicons.modifiers),
        "fixed_frames": sorted(f.id for f in lexicons.frames if not f.negatable),
    }


def voice_description(sources_path: str | Path | None = None) -> dict[str, Any]:
    """Everything the voices of an article depend on, besides its text and sentences.

    Parameters
    ----------
    sources_path : str or Path, optional
        The sources lexicon file (default: the bundled ``sources.toml``).

    Returns
    -------
    dict
        JSON-able: kind, cache format, :data:`~framing.scoring.sources.VOICES_ALGORITHM` and
        the SHA-256 of the sources file.

    Raises
    ------
    OSError
        The sources file cannot be read.
    """
    from framing.paths import lexicon_file
    from framing.scoring.sources import LEXICON_FILE, VOICES_ALGORITHM

    path = Path(sources_path) if sources_path is not None else lexicon_file(LEXICON_FILE)
    return {
        "kind": "voices",
        "format": CACHE_FORMAT,
        "algorithm": VOICES_ALGORITHM,
        "sources_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


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

    Parameters
    ----------
    directory : str or Path
        The cache folder; the file is ``directory / CACHE_FILE``.

    Raises
    ------
    InputError
        ``directory`` is a file or cannot be created, or its cache file cannot be used
        (read-only, a full disk, or a file that is not a framing cache).
    """

    def __init__(self, directory: str | Path) -> None:
        from framing.errors import InputError

        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise InputError(
                f"{self.directory}: the cache must be a folder, not a file; "
                "give a folder (it is created if missing)"
            )
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise InputError(
                f"{self.directory}: cannot create the cache folder ({err.strerror}); "
                "give a folder you can write to"
            ) from None
        self.path = self.directory / CACHE_FILE
        self.hits: dict[str, int] = dict.fromkeys(("analyses", "tokens", "sentiment", "voices"), 0)
        self._counted = set(self.hits)  # scans and patterns are bookkeeping, not counted
        self.misses: dict[str, int] = dict.fromkeys(self.hits, 0)
        self.rebuilt: str | None = None
        """Why the file was found damaged and started afresh during this run (None: it was not)."""
        self._con: sqlite3.Connection | None = None
        try:
            self._open()
        except sqlite3.DatabaseError as err:
            self._close_quietly()
            if _kind(err) == "damaged" and self._is_ours():
                self._rebuild(err)  # a damaged page of our own file: start afresh
            else:
                raise self._error(err) from None

    def _open(self) -> None:
        self._con = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
        self._con.execute("PRAGMA busy_timeout = 60000")
        self._con.execute("PRAGMA journal_mode = WAL")
        self._con.execute("PRAGMA synchronous = NORMAL")
        with self._con:
            self._con.execute("BEGIN IMMEDIATE")
            for table, kind in (("tokens", "BLOB"), ("sentiment", "REAL"), ("analyses", "BLOB"),
                                ("voices", "BLOB"), ("scans", "BLOB"), ("patterns", "BLOB")):
                self._con.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} (key BLOB PRIMARY KEY, value {kind} NOT NULL)"
                    " WITHOUT ROWID"
                )
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS namespaces (namespace TEXT PRIMARY KEY, description TEXT)"
            )
        # a cache that cannot be written (a read-only file or folder) is found now, before
        # the analysis, not at its first write: one row written and rolled back
        self._con.execute("BEGIN IMMEDIATE")
        try:
            self._con.execute("INSERT OR REPLACE INTO namespaces VALUES ('', '')")
        finally:
            self._con.execute("ROLLBACK")

    # ---- failures ----------------------------------------------------------------------

    def _error(self, err: sqlite3.DatabaseError) -> Exception:
        """The one-line error for a failure that starting afresh cannot mend."""
        from framing.errors import InputError

        kind = _kind(err)
        if kind == "read-only":
            return InputError(
                f"{self.path}: the cache is read-only ({err}); fix: make {self.directory} and the file "
                "writable, give another --cache folder, or run with --no-cache"
            )
        if kind == "full":
            return InputError(
                f"{self.path}: the disk is full, the cache cannot grow ({err}); fix: free disk space, "
                "give a --cache folder on another disk, or run with --no-cache"
            )
        if kind == "damaged":
            return InputError(
                f"{self.path}: not a usable framing cache ({err}); fix: if framing made it, delete the "
                "file (the cache is rebuilt), else give another --cache folder"
            )
        return InputError(
            f"{self.path}: the cache cannot be used ({err}); fix: give another --cache folder, or run "
            "with --no-cache"
        )

    def _is_ours(self) -> bool:
        """True when the file is a SQLite database with the tables of a framing cache (read
        without the connection that failed)."""
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5.0)
            try:
                names = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                con.close()
        except sqlite3.DatabaseError:
            return False
        return {"tokens", "sentiment", "analyses", "namespaces"} <= names

    def _close_quietly(self) -> None:
        if self._con is not None:
            try:
                self._con.close()
            except sqlite3.Error:
                pass
            self._con = None

    def _rebuild(self, err: sqlite3.DatabaseError) -> None:
        """Replace a damaged cache file by an empty one: every value is a pure function of its
        key, so only time is lost (what was stored is computed again)."""
        self._close_quietly()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.rebuilt = f"{err}"
        try:
            self._open()
        except sqlite3.DatabaseError as again:
            self._close_quietly()
            raise self._error(again) from None

    def _run(self, action: Callable[[], Any], retry: bool) -> Any:
        """Run one database action; a damaged file is started afresh (then the action is
        retried when ``retry``, else its answer is 'nothing stored'), other failures are
        one-line errors."""
        try:
            return action()
        except sqlite3.DatabaseError as err:
            if _kind(err) != "damaged":
                raise self._error(err) from None
            self._rebuild(err)
            if not retry:
                return None
            try:
                return action()
            except sqlite3.DatabaseError as again:
                raise self._error(again) from None

    # ---- keys --------------------------------------------------------------------------

    @staticmethod
    def key(namespace: str, text: str) -> bytes:
        """The key of ``text`` in ``namespace``.

        Parameters
        ----------
        namespace : str
            A namespace (:func:`sentiment_namespace`, ...).
        text : str
            The sentence.

        Returns
        -------
        bytes
            16 bytes (:func:`framing.scoring.keys.digest`).
        """
        return digest(namespace, text.encode("utf-8", "surrogatepass"))

    def register(self, namespace: str, description: dict[str, Any]) -> None:
        """Record what a namespace stands for (for people inspecting the file).

        Parameters
        ----------
        namespace : str
            The namespace.
        description : dict
            The JSON-able description it hashes (kept once; a namespace already there stays).

        Raises
        ------
        InputError
            The cache cannot be written (read-only, disk full).
        """

        def insert() -> None:
            with self._con:
                self._con.execute(
                    "INSERT OR IGNORE INTO namespaces VALUES (?, ?)",
                    (namespace, json.dumps(description, sort_keys=True)),
                )

        self._run(insert, retry=True)

    def _get(self, table: str, keys: Sequence[bytes]) -> dict[bytes, Any]:
        unique = list(dict.fromkeys(keys))

        def select() -> dict[bytes, Any]:
            found: dict[bytes, Any] = {}
            for i in range(0, len(unique), _BATCH):
                part = unique[i : i + _BATCH]
                marks = ",".join("?" * len(part))
                rows = self._con.execute(
                    f"SELECT key, value FROM {table} WHERE key IN ({marks})", part
                ).fetchall()
                found.update(rows)
            return found

        return self._run(select, retry=False) or {}  # a damaged file holds nothing any more

    def _put(self, table: str, rows: Iterable[tuple[bytes, Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        # a scan record says which pattern set it answers, so the newest may replace it;
        # every other value is a pure function of its key
        verb = "REPLACE" if table == "scans" else "IGNORE"

        def insert() -> None:
            with self._con:
                self._con.execute("BEGIN IMMEDIATE")
                self._con.executemany(f"INSERT OR {verb} INTO {table} VALUES (?, ?)", rows)

        self._run(insert, retry=True)

    def _count(self, table: str, values: Sequence[Any]) -> None:
        if table not in self._counted:
            return
        n_hit = sum(v is not None for v in values)
        self.hits[table] += n_hit
        self.misses[table] += len(values) - n_hit

    # ---- tokens ------------------------------------------------------------------------

    def get_tokens(self, keys: Sequence[bytes], texts: Sequence[str]) -> list[list[int] | None]:
        """Token lengths stored under ``keys``.

        Parameters
        ----------
        keys : sequence of bytes
            The token keys (:meth:`framing.scoring.keys.CacheKeys.token_key`).
        texts : sequence of str
            The sentence of each key, to check that the lengths tile it.

        Returns
        -------
        list
            Per key, the lengths of the sentence's tokens in order, or None where missing,
            undecodable or not summing to the length of the text.
        """
        found = self._get("tokens", keys)
        out: list[list[int] | None] = []
        for text, k in zip(texts, keys, strict=True):
            blob = found.get(k)
            lengths = _decode_lengths(blob) if blob is not None else None
            if lengths is not None and sum(lengths) != len(text):
                lengths = None
            out.append(lengths)
        self._count("tokens", out)
        return out

    def put_tokens(self, items: Iterable[tuple[bytes, Sequence[int]]]) -> None:
        """Store token lengths under their keys.

        Parameters
        ----------
        items : iterable of (bytes, sequence of int)
            Key and token lengths of each sentence.
        """
        self._put("tokens", ((k, _encode_lengths(n)) for k, n in items))

    # ---- sentiment ---------------------------------------------------------------------

    def get_sentiments(self, namespace: str, texts: Sequence[str]) -> list[float | None]:
        """Cached sentiment of each text.

        Parameters
        ----------
        namespace : str
            The sentiment namespace (:func:`sentiment_namespace`).
        texts : sequence of str
            The sentences.

        Returns
        -------
        list
            Per text its sentiment (float), or None where not cached.
        """
        keys = [self.key(namespace, t) for t in texts]
        found = self._get("sentiment", keys)
        out = [found.get(k) for k in keys]
        self._count("sentiment", out)
        return out

    def put_sentiments(self, namespace: str, items: Iterable[tuple[str, float]]) -> None:
        """Store sentiments (NaN values are not stored).

        Parameters
        ----------
        namespace : str
            The sentiment namespace.
        items : iterable of (str, float)
            Sentence text and its sentiment.
        """
        self._put(
            "sentiment", ((self.key(namespace, t), float(v)) for t, v in items if v == v)
        )

    # ---- article records -----------------------------------------------------------------

    def get_records(
        self, table: str, keys: Sequence[bytes], check: Callable[[int, Any], bool] | None = None
    ) -> list[Any]:
        """JSON records stored under ``keys`` in one of the record tables.

        Parameters
        ----------
        table : str
            ``"analyses"``, ``"voices"``, ``"scans"`` or ``"patterns"``.
        keys : sequence of bytes
            The records' keys.
        check : callable, optional
            ``check(position, record)``: False rejects a decoded record (counted as missing).

        Returns
        -------
        list
            Per key the decoded record, or None where missing, not decodable or rejected.

        Raises
        ------
        ValueError
            ``table`` is not a record table.
        """
        found = self._get(_record_table(table), keys)
        out = []
        for i, k in enumerate(keys):
            blob = found.get(k)
            try:
                rec = json.loads(blob) if blob is not None else None
            except (ValueError, UnicodeDecodeError):
                rec = None
            out.append(rec if rec is None or check is None or check(i, rec) else None)
        self._count(table, out)
        return out

    def put_records(self, table: str, items: Iterable[tuple[bytes, Any]]) -> None:
        """Store JSON-able records under their keys.

        Parameters
        ----------
        table : str
            A record table, as for :meth:`get_records`.
        items : iterable of (bytes, object)
            Key and record; a ``scans`` record replaces an older one, other keys keep their first.

        Raises
        ------
        ValueError
            ``table`` is not a record table.
        """
        self._put(
            _record_table(table),
            ((k, json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
             for k, v in items),
        )

    # ---- lifetime ----------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection."""
        self._close_quietly()

    def __enter__(self) -> SentenceCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SentenceCache({self.path.name} in {self.directory.name}, hits {self.hits})"


def _record_table(table: str) -> str:
    """``table`` when it is one of :data:`RECORD_TABLES`, else a ValueError."""
    if table not in RECORD_TABLES:
        raise ValueError(f"no record table {table!r}")
    return table


# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_CODES = {8: "read-only", 14: "read-only", 13: "full", 11: "damaged", 26: "damaged"}


def _kind(err: sqlite3.DatabaseError) -> str:
    """What a SQLite failure means for the cache: read-only, full, damaged or other."""
    code = getattr(err, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_CODES:
        return _SQLITE_CODES[code & 0xFF]
    text = str(err).lower()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "read-only"
    if "disk is full" in text or "no space" in text:
        return "full"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "damaged"
    return "other"


def open_cache(cache: str | Path | SentenceCache | None | bool) -> SentenceCache | None:
    """The cache a ``cache=`` argument asks for.

    Parameters
    ----------
    cache : str, Path, SentenceCache, None or bool
        ``None``/``False``: no cache; a :class:`SentenceCache`: itself; a folder: a new
        :class:`SentenceCache` on it.

    Returns
    -------
    SentenceCache or None
        The cache to use, or None for none.

    Raises
    ------
    ValueError
        ``cache=True`` (which folder is not said).
    InputError
        The folder cannot hold a cache (see :class:`SentenceCache`).
    """
    if cache is None or cache is False:
        return None
    if isinstance(cache, SentenceCache):
        return cache
    if cache is True:
        raise ValueError("cache=True is ambiguous; give the cache folder (or None for no cache)")
    return SentenceCache(cache)
