"""Cache keys that name exactly what a cached value depends on.

A lexicon edit should only redo the work it can change. What each value depends on:

* the **tokens** of a sentence: its text, the tokenizer (kind, version, HMM) and the user
  words that occur in the sentence -- no others, by :data:`framing.tokenize.USER_WORDS_RULE`;
* the **analysis** of an article (each sentence's tokens, words, sentiment, and its lexicon
  matches with their negation, modifiers and context rules, before weights are applied): its
  sentence texts, the tokenizer, the sentiment algorithm, the matching rules and modifiers,
  and the definitions (minus weights) of the lexicon terms that occur in it (a
  co-occurrence pattern counts as occurring where any of its slots' strings does);
* the **voices** of an article: its text, sentences and offsets, and the sources lexicon.

So a key hashes the text with the definitions of the lexicon entries found in it (by one
Aho-Corasick pass over the text; with a cache, what a pass found is kept, and after an
edit only the strings new to the lexicon are looked for). An edit of weights or the threshold changes no key; adding
a term changes the keys of the sentences and articles that contain it, and only those.
Weights and the threshold are applied afterwards, on every run, to the cached matches.

Keys are 16-byte BLAKE2b digests of a namespace (the hash of a JSON description of the
settings, recorded in the cache file) and the content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from framing.lexicon import Lexicons, is_latin_term
from framing.scoring.matching import CASE_FOLD_CHARS, CASE_FOLDS

__all__ = ["CacheKeys", "namespace", "digest"]


def namespace(description: dict[str, Any]) -> str:
    """The namespace of a JSON-able description of settings.

    Parameters
    ----------
    description : dict
        The settings (keys sorted when hashed, so their order does not matter).

    Returns
    -------
    str
        The SHA-256 hex digest of the description as JSON.
    """
    return hashlib.sha256(json.dumps(description, sort_keys=True).encode("utf-8")).hexdigest()


def digest(ns: str, *parts: bytes) -> bytes:
    """The key of ``parts`` in namespace ``ns``.

    Parameters
    ----------
    ns : str
        The namespace (ASCII).
    *parts : bytes
        The content, each part length-prefixed so that no two splits hash alike.

    Returns
    -------
    bytes
        A 16-byte BLAKE2b digest.
    """
    h = hashlib.blake2b(ns.encode("ascii"), digest_size=16)
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.digest()




SCAN_NS = "scan 1"  # what a scan finds depends only on the text and the patterns looked for
MAX_NEW_PATTERNS = 64  # more new patterns than this: one Aho-Corasick pass is cheaper


def _text(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")


class CacheKeys:
    """Keys for one lexicon set, tokenizer and namespaces (see the module docstring).

    Parameters
    ----------
    lexicons : Lexicons
        The set whose user words and term definitions enter the keys.
    token_ns, analysis_ns, voice_ns : str
        The namespaces of the three kinds of values (:mod:`framing.scoring.cache` builds
        them from the settings); kept as attributes of the same names.
    """

    def __init__(
        self,
        lexicons: Lexicons,
        token_ns: str,
        analysis_ns: str,
        voice_ns: str = "",
    ) -> None:
        import ahocorasick

        from framing.scoring.matching import get_matcher

        self.token_ns, self.analysis_ns, self.voice_ns = token_ns, analysis_ns, voice_ns
        user = {w for w in lexicons.user_words() if len(w) > 1}
        defs: dict[str, list[tuple]] = {}
        for t in lexicons.terms:
            # everything the matcher reads from a term; the weight is applied later. A
            # co-occurrence pattern is filed under each of its slots' strings, so it enters
            # the key of every text that holds any of them (a superset of its matches)
            d = t.definition()
            for x in t.strings:
                key = x.casefold() if is_latin_term(x) else x
                if d not in defs.get(key, ()):
                    defs.setdefault(key, []).append(d)
        strings = {x for t in lexicons.terms for x in t.strings}
        han = sorted(user | {x for x in strings if not is_latin_term(x)})
        # a pattern's part of a key: the string, whether it is a user word, the term definitions
        parts = [
            _text(p + "\x1e" + ("u" if p in user else "") + "\x1e" + repr(sorted(defs.get(p, []), key=repr)))
            for p in han
        ]
        order = sorted(range(len(han)), key=lambda i: parts[i])
        self._parts = [parts[i] for i in order]  # ids sort like their parts
        self._is_user = [han[i] in user for i in order]
        self._words = [_text(han[i]) for i in order]
        self._han = [han[i] for i in order]
        self._han_id = {p: k for k, p in enumerate(self._han)}
        self._auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for new_id, i in enumerate(order):
            self._auto.add_word(han[i], new_id)
        if han:
            self._auto.make_automaton()
        self._empty = not han
        # Latin terms match case-insensitively between non-alphanumerics (the matcher's
        # regexes); the key holds every Latin term whose lowercase form occurs in the
        # lowercased text: a superset of the matches, so never a stale value
        self._latin = []
        for needle, rx, _, _ in get_matcher(lexicons).latin:
            safe = all(c.isascii() or c.lower() == c.upper() for c in needle)
            d = _text(repr(sorted(defs[needle], key=repr)))
            self._latin.append((needle.lower() if safe else None, rx, d))
        self._needles = {n: d for n, _, d in self._latin if n is not None}
        self._unsafe = [(rx, d) for n, rx, d in self._latin if n is None]
        self.patterns = {"h": self._han, "l": sorted(self._needles)}
        """The strings a scan looks for (Han patterns, lowercase Latin needles)."""
        self.patterns_id = hashlib.sha256(
            json.dumps(self.patterns, ensure_ascii=False).encode("utf-8")
        ).hexdigest()

    def _found(self, text: str) -> list[int]:
        if self._empty or not text:
            return []
        return sorted({v for _, v in self._auto.iter(text)})

    def token_key(self, text: str) -> bytes:
        """Key of the tokens of one sentence.

        Parameters
        ----------
        text : str
            The sentence.

        Returns
        -------
        bytes
            The digest of the text and the user words that occur in it, in ``token_ns``.
        """
        words = self._words
        found = [words[i] for i in self._found(text) if self._is_user[i]]
        return digest(self.token_ns, _text(text), b"\x1f".join(found))

    def token_keys(self, texts: Sequence[str]) -> list[bytes]:
        """:meth:`token_key` of each text.

        Parameters
        ----------
        texts : sequence of str
            The sentences.

        Returns
        -------
        list of bytes
            One key per text, in order.
        """
        return [self.token_key(t) for t in texts]

    def scan(
        self, joined: str, needles: Sequence[str] | None = None, han: Sequence[str] | None = None
    ) -> dict[str, list[str]]:
        """The Han patterns and Latin needles found in ``joined``.

        Parameters
        ----------
        joined : str
            An article's sentences joined by NUL.
        needles : sequence of str, optional
            The lowercase Latin needles to look for (default: all of the set's).
        han : sequence of str, optional
            The Han patterns to look for (default: all, in one Aho-Corasick pass).

        Returns
        -------
        dict
            ``{"h": Han patterns found, "l": Latin needles found}``, lists of str.
        """
        if han is None:
            found_h = [self._han[i] for i in self._found(joined)]
        else:
            found_h = [p for p in han if p in joined]
        found_l: list[str] = []
        wanted = self.patterns["l"] if needles is None else needles
        if wanted:
            folded = joined
            if any(c in joined for c in CASE_FOLD_CHARS):  # rare: translate is slow
                folded = joined.translate(CASE_FOLDS)
            low = folded.lower()
            found_l = [n for n in wanted if n in low]
        return {"h": found_h, "l": found_l}

    def _analysis_key(self, body: bytes, joined: str, found: dict[str, list[str]]) -> bytes:
        ids = sorted(self._han_id[p] for p in found["h"])
        parts = self._parts
        latin = sorted(self._needles[n] for n in found["l"])
        latin += [d for rx, d in self._unsafe if rx.search(joined)]
        return digest(self.analysis_ns, body, b"\x1f".join(parts[i] for i in ids), b"\x1f".join(latin))

    def analysis_key(self, texts: Sequence[str]) -> bytes:
        """Key of the analysis of an article.

        Parameters
        ----------
        texts : sequence of str
            The article's sentences, in order.

        Returns
        -------
        bytes
            The digest of the sentences and the definitions of the lexicon entries found in
            them, in ``analysis_ns``.
        """
        # NUL between sentences: no lexicon entry spans it, so no spurious entry is found
        joined = "\x00".join(texts)
        body = _text(json.dumps(list(texts), ensure_ascii=False))
        return self._analysis_key(body, joined, self.scan(joined))

    def analysis_keys(self, articles: Sequence[Sequence[str]], store: Any = None) -> list[bytes]:
        """:meth:`analysis_key` of each article, reusing earlier scans kept in ``store``.

        What a scan finds in a text is kept per text (table ``scans``) with the pattern
        set it looked for (table ``patterns``). Against another pattern set, the earlier
        finds of the patterns still wanted are kept and only the patterns new to the set
        are looked for; a full scan runs when nothing is known or many patterns are new.

        Parameters
        ----------
        articles : sequence of sequence of str
            Each article's sentences.
        store : SentenceCache, optional
            Where scans are read and new ones written (None: every article is scanned).

        Returns
        -------
        list of bytes
            One key per article, the same as :meth:`analysis_key` gives.
        """
        bodies = [_text(json.dumps(list(t), ensure_ascii=False)) for t in articles]
        joined = ["\x00".join(t) for t in articles]
        if store is None:
            return [self._analysis_key(b, j, self.scan(j)) for b, j in zip(bodies, joined, strict=True)]
        scan_keys = [digest(SCAN_NS, b) for b in bodies]
        earlier = store.get_records(
            "scans", scan_keys, lambda _, r: isinstance(r, dict) and {"p", "h", "l"} <= r.keys()
        )
        han, needles = set(self._han), set(self.patterns["l"])
        known: dict[Any, Any] = {self.patterns_id: None}  # pattern set -> what is new since

        def new_since(pid: Any) -> tuple[list[str], list[str]] | None:
            if pid not in known:
                try:
                    got = store.get_records("patterns", [bytes.fromhex(pid)])[0]
                    known[pid] = (sorted(han - set(got["h"])), sorted(needles - set(got["l"])))
                except (TypeError, ValueError, KeyError):  # no such set, or a damaged entry
                    known[pid] = None
            return known[pid]

        keys: list[bytes] = []
        new: list[tuple[bytes, dict]] = []
        for body, text, key, rec in zip(bodies, joined, scan_keys, earlier, strict=True):
            if (
                rec is not None
                and rec["p"] == self.patterns_id
                and han.issuperset(rec["h"])
                and needles.issuperset(rec["l"])
            ):
                found = {"h": rec["h"], "l": rec["l"]}
            else:
                old = new_since(rec["p"]) if rec is not None else None
                if old is not None and len(old[0]) + len(old[1]) <= MAX_NEW_PATTERNS:
                    more = self.scan(text, old[1], old[0])
                    found = {
                        "h": [p for p in rec["h"] if p in han] + more["h"],
                        "l": [n for n in rec["l"] if n in needles] + more["l"],
                    }
                else:
                    found = self.scan(text)
                new.append((key, {"p": self.patterns_id, **found}))
            keys.append(self._analysis_key(body, text, found))
        if new:
            store.put_records("patterns", [(bytes.fromhex(self.patterns_id), self.patterns)])
            store.put_records("scans", new)
        return keys

    def voice_key(self, rows: Sequence[tuple], text: str | None) -> bytes:
        """Key of the voices of an article (:func:`framing.scoring.sources.article_voices`).

        Parameters
        ----------
        rows : sequence of tuple
            The article's sentence rows, as ``article_voices`` takes them
            (:meth:`framing.scoring.worklist.Worklist.voice_args`).
        text : str or None
            The article's text, if known.

        Returns
        -------
        bytes
            The digest of the rows and the text, in ``voice_ns``.
        """
        return digest(
            self.voice_ns,
            _text(json.dumps([list(r) for r in rows], ensure_ascii=False)),
            b"\x00" if text is None else b"\x01" + _text(text),
        )
