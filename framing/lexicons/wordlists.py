"""Word-list files (``vocabulary.txt``, ``stopwords.txt``): one word a line, ``#`` comments."""

from __future__ import annotations

from pathlib import Path

from framing.errors import LexiconError
from framing.lexicons.problems import Problems, read_rule_text

__all__ = ["read_word_list", "read_words", "words_of"]


def words_of(text: str) -> tuple[str, ...]:
    """The words of a word-list text.

    Parameters
    ----------
    text : str
        One word a line; ``#`` starts a comment; blank lines are skipped.

    Returns
    -------
    tuple of str
        The distinct words, sorted.
    """
    words = set()
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return tuple(sorted(words))


def read_words(path: Path, problems: Problems) -> tuple[str, ...] | None:
    """The words of a word-list file.

    Parameters
    ----------
    path : Path
        The file.
    problems : Problems
        Where a file that cannot be read or is not UTF-8 is recorded.

    Returns
    -------
    tuple of str or None
        The words (see :func:`words_of`), None when the file cannot be read.
    """
    text = read_rule_text(path, problems)
    return None if text is None else words_of(text)


def read_word_list(path: str | Path) -> tuple[str, ...]:
    """Words of a one-word-per-line file (``#`` comments, blank lines skipped), sorted.

    Parameters
    ----------
    path : str or Path
        The word list (UTF-8).

    Returns
    -------
    tuple of str
        The distinct words, sorted.

    Raises
    ------
    LexiconError
        Naming file, line and fix, for a file that cannot be read or is not UTF-8.
    """
    problems = Problems()
    words = read_words(Path(path), problems)
    if words is None:
        raise LexiconError(str(problems[0]))
    return words
