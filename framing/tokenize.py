"""Word segmentation with jieba, lexicon-aware and private.

Every lexicon term (and every context phrase and modifier) is added as a user word to a
*private* :class:`jieba.Tokenizer`, so multi-character terms segment whole (降维打击 stays
one token) and nothing leaks into the user's own ``jieba.cut`` calls. jieba's main
dictionary is read once per process; each lexicon set gets its own tokenizer, built once
from a copy of that dictionary and cached by the set's fingerprint.

>>> tok = get_tokenizer(default_lexicons())
>>> [t.text for t in tok.tokenize("Sora横空出世")]
['Sora', '横空出世']
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from framing.paths import lexicon_dir

if TYPE_CHECKING:  # pragma: no cover
    import jieba

    from framing.lexicon import Lexicons

__all__ = ["Token", "Tokenizer", "RJiebaTokenizer", "get_tokenizer", "load_stopwords", "is_punct", "words"]

STOPWORD_FILE = "stopwords.txt"
HMM = True  # jieba's HMM for unknown words; deterministic
# Lexicon terms get at least this frequency (jieba's dictionary counts; 一个 has 142,747,
# 差距 1,760), so that a rare term such as 身位 is not swallowed by a neighbour (一个身|位).
USER_WORD_MIN_FREQ = 2000
USER_WORDS_RULE = (
    "user word frequency = max(jieba's suggested frequency against its own dictionary, "
    f"{USER_WORD_MIN_FREQ}); the dictionary total stays jieba's"
)
"""How user words enter the jieba tokenizer. Each word's frequency is a function of the word
alone, and the total that every word's log-probability is measured against is jieba's own,
so the tokens of a sentence depend only on jieba's dictionary and on the user words that
occur in the sentence: adding a term to a lexicon re-cuts only the sentences that contain
it (what makes the sentence cache exact per sentence, :mod:`framing.scoring.cache`)."""


class Token(NamedTuple):
    """A jieba token with its character offsets in the text it came from (a named tuple:
    millions are made per corpus, and a tuple is several times cheaper to build than a
    frozen dataclass)."""

    text: str
    start: int
    end: int

    @property
    def is_punct(self) -> bool:
        """True for punctuation, symbols and whitespace."""
        return is_punct(self.text)


def is_punct(text: str) -> bool:
    """True when ``text`` holds only punctuation, symbols or whitespace (or is empty).

    Parameters
    ----------
    text : str
        A token.

    Returns
    -------
    bool
    """
    return all(ch.isspace() or unicodedata.category(ch)[0] in "PSZ" for ch in text)


_lock = threading.Lock()
_base: jieba.Tokenizer | None = None
_cache: dict[str, Tokenizer | RJiebaTokenizer] = {}


def _quiet_initialize(tk: jieba.Tokenizer) -> None:
    """Initialize a jieba tokenizer without its log lines (the user's level is restored)."""
    import jieba

    logger = jieba.default_logger
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        tk.initialize()
    finally:
        logger.setLevel(level)


def _base_tokenizer() -> jieba.Tokenizer:
    """jieba's main dictionary, read once per process."""
    global _base
    if _base is None:
        import jieba

        tk = jieba.Tokenizer()
        _quiet_initialize(tk)
        _base = tk
    return _base


def user_word_freq(word: str) -> int:
    """The frequency a user word gets: jieba's suggested frequency against its main
    dictionary (which keeps the word whole on its own), at least :data:`USER_WORD_MIN_FREQ`
    (which keeps it whole next to frequent neighbours).

    Parameters
    ----------
    word : str
        A word of the lexicons.

    Returns
    -------
    int
        The frequency to add the word with.
    """
    return max(_base_tokenizer().suggest_freq(word), USER_WORD_MIN_FREQ)


class _CutTokenizer:
    """What :class:`Tokenizer` and :class:`RJiebaTokenizer` share: tokens and words of a
    text from their library's cut. A subclass builds the library's tokenizer in ``_tk``
    (adding the user words with ``_add_user_words``) and says how the library gives tokens
    with offsets (``_spans``) and the plain cut (``_cut``)."""

    _tk: Any
    user_words: tuple[str, ...]

    def _spans(self, text: str) -> Iterable[tuple[str, int, int]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _cut(self, text: str) -> Iterable[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _add_user_words(self, user_words: Iterable[str], add: Callable[[str], object]) -> None:
        """Add each distinct word of two or more characters (in sorted order) with ``add``,
        and keep them all, sorted, as ``user_words``."""
        self.user_words = tuple(sorted(set(user_words)))
        for word in self.user_words:
            if word and len(word) > 1:
                add(word)

    def tokenize(self, text: str) -> list[Token]:
        """All tokens of ``text`` (punctuation and spaces included) with offsets, as this
        tokenizer's library cuts it (jieba for :class:`Tokenizer`, jieba-rs for
        :class:`RJiebaTokenizer`).

        Parameters
        ----------
        text : str
            The text to cut.

        Returns
        -------
        list of Token
            ``(text, start, end)``, character offsets into ``text``.
        """
        return [Token(w, s, e) for w, s, e in self._spans(text)]

    def words(self, text: str) -> list[str]:
        """The tokens of ``text`` without punctuation and whitespace.

        Parameters
        ----------
        text : str
            A sentence or any text.

        Returns
        -------
        list of str
            The words in order, as the library (jieba or jieba-rs) cuts them with the user
            words kept whole.
        """
        return [w for w in self._cut(text) if not is_punct(w)]


class Tokenizer(_CutTokenizer):
    """A private jieba tokenizer with user words added (use :func:`get_tokenizer`).

    See :data:`USER_WORDS_RULE`: unlike ``jieba.add_word``, adding words does not raise the
    dictionary total, and each word's frequency is computed against jieba's own dictionary,
    not against the words added before it.
    """

    def __init__(self, user_words: list[str] | tuple[str, ...] = ()) -> None:
        import jieba

        base = _base_tokenizer()
        tk = jieba.Tokenizer()
        # share the parsed main dictionary: copy instead of re-reading it from disk
        tk.FREQ = dict(base.FREQ)
        tk.total = base.total
        tk.initialized = True
        self._add_user_words(user_words, lambda word: tk.add_word(word, freq=user_word_freq(word)))
        # add_word raises the dictionary total; keeping jieba's own total makes the cut of a
        # sentence depend only on the user words it contains (see USER_WORDS_RULE)
        tk.total = base.total
        self._tk = tk

    def _spans(self, text: str) -> Iterable[tuple[str, int, int]]:
        return self._tk.tokenize(text, HMM=HMM)

    def _cut(self, text: str) -> Iterable[str]:
        return self._tk.lcut(text, HMM=HMM)


class RJiebaTokenizer(_CutTokenizer):
    """jieba-rs (the ``rjieba`` binding) with the same user words and frequency floor.

    An opt-in alternative to :class:`Tokenizer`, many times faster. It implements jieba's
    algorithm and ships jieba's dictionary, but its tokens are not always jieba's (it keeps
    ``L1-L5`` whole where jieba cuts ``L1|-|L5``, for instance), so scores can differ on a
    few sentences; jieba remains the reference. ``pip install rjieba``.
    """

    def __init__(self, user_words: list[str] | tuple[str, ...] = ()) -> None:
        try:
            import rjieba
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError(
                "tokenizer='rjieba' needs the rjieba package: pip install rjieba"
            ) from None
        tk = rjieba.Jieba()
        self._add_user_words(
            user_words, lambda word: tk.add_word(word, max(tk.suggest_freq(word), USER_WORD_MIN_FREQ), None)
        )
        self._tk = tk

    def _spans(self, text: str) -> Iterable[tuple[str, int, int]]:
        return self._tk.tokenize(text, hmm=HMM)

    def _cut(self, text: str) -> Iterable[str]:
        return self._tk.cut(text, hmm=HMM)


TOKENIZER_KINDS = ("jieba", "rjieba")


def get_tokenizer(
    lexicons: Lexicons | None = None, kind: str = "jieba"
) -> Tokenizer | RJiebaTokenizer:
    """The tokenizer for a lexicon set (default: the bundled set), built once and cached.

    Parameters
    ----------
    lexicons : Lexicons, optional
        The set whose words are kept whole (default: the bundled set).
    kind : str
        ``"jieba"`` (the reference) or ``"rjieba"`` (:class:`RJiebaTokenizer`).

    Returns
    -------
    Tokenizer or RJiebaTokenizer

    Raises
    ------
    ValueError
        For another ``kind``.
    ImportError
        For ``"rjieba"`` when jieba-rs is not installed.
    """
    if kind not in TOKENIZER_KINDS:
        raise ValueError(f"tokenizer must be one of {', '.join(TOKENIZER_KINDS)}, not {kind!r}")
    if lexicons is None:
        from framing.lexicon import default_lexicons

        lexicons = default_lexicons()
    key = lexicons.fingerprint if kind == "jieba" else f"{kind}:{lexicons.fingerprint}"
    with _lock:
        tok = _cache.get(key)
        if tok is None:
            cls = Tokenizer if kind == "jieba" else RJiebaTokenizer
            tok = cls(lexicons.user_words())
            _cache[key] = tok
    return tok


def words(text: str, lexicons: Lexicons | None = None) -> list[str]:
    """Shortcut: the words of ``text`` under the lexicon-aware tokenizer.

    Parameters
    ----------
    text : str
        The text.
    lexicons : Lexicons, optional
        The set whose words are kept whole (default: the bundled set).

    Returns
    -------
    list of str
        The tokens without punctuation and whitespace.
    """
    return get_tokenizer(lexicons).words(text)


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """Stopwords, one per line, ``#`` comments (default: the bundled ``stopwords.txt``).

    Parameters
    ----------
    path : str or Path, optional
        The file (UTF-8).

    Returns
    -------
    frozenset of str
    """
    p = Path(path) if path is not None else lexicon_dir() / STOPWORD_FILE
    out = set()
    for line in p.read_text(encoding="utf-8-sig").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            out.add(word)
    return frozenset(out)
