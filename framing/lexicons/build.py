"""A lexicon set built from its files (frames, tone, modifiers, vocabulary, stopwords,
sources), and the bundled set."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from framing.lexicons.codebook import extend_frames, parse_frames, parse_tone
from framing.lexicons.files import FRAME_FILE, MODIFIER_FILE, file_sha256, set_files
from framing.lexicons.model import Lexicons
from framing.lexicons.modifiers import fit_to_frames, parse_modifiers
from framing.lexicons.problems import Problems, raise_first
from framing.lexicons.rules import check_sources
from framing.lexicons.wordlists import read_words
from framing.paths import lexicon_dir

__all__ = ["build_from_files", "default_lexicons"]


def build_from_files(files: dict[str, Path], problems: Problems) -> Lexicons | None:
    """Read, check and put together the files of a set.

    A researcher's frames file extends the bundled frames unless it says
    ``replace = true``; the modifiers' frame lists are fitted to the set's frames; a
    sources file other than the bundled one is checked as voice attribution will read it.

    Parameters
    ----------
    files : dict
        The files by key (see :func:`~framing.lexicons.files.set_files`): ``frames`` (a
        TOML file), ``tone``, ``modifiers``, ``vocabulary``, ``stopwords``, ``sources``.
    problems : Problems
        Where every problem of every file goes.

    Returns
    -------
    Lexicons or None
        The set (valid only when no problem was recorded); None when a file could not be
        read at all.
    """
    bundled = lexicon_dir()
    fr = parse_frames(files["frames"], problems)
    tn = parse_tone(files["tone"], problems)
    md = parse_modifiers(files["modifiers"], problems)
    vocabulary = read_words(files["vocabulary"], problems) if files["vocabulary"].is_file() else ()
    stopwords = read_words(files["stopwords"], problems) if files["stopwords"].is_file() else ()
    if files["sources"] != bundled / "sources.toml":
        problems.extend(check_sources(files["sources"]))
    if fr is None or tn is None or md is None or vocabulary is None or stopwords is None:
        return None
    base_frames: Path | None = None
    if fr.extends:
        base_frames = bundled / FRAME_FILE
        fr = extend_frames(fr, base_frames, problems)
    ids = [f.id for f in fr.frames]
    md = fit_to_frames(
        md,
        ids,
        files["modifiers"],
        problems,
        # bundled modifiers under a researcher's own frames: keep what applies
        trim_resolvers=(
            files["modifiers"] == bundled / MODIFIER_FILE and files["frames"] != bundled / FRAME_FILE
        ),
    )
    sources = {k: v for k, v in files.items() if v.is_file()}
    versions = {"frames": fr.version, "tone": tn.version, "modifiers": md.version}
    if base_frames is not None:  # the bundled frames the researcher's file extends
        sources["frames_base"] = base_frames
        versions["frames_base"] = fr.base_version
    return Lexicons(
        frames=tuple(fr.frames),
        tone=tuple(tn.tone),
        modifiers=md,
        threshold=fr.threshold,
        contexts=fr.contexts,
        versions=versions,
        paths={k: str(v) for k, v in sources.items()},
        sha256={k: file_sha256(v) for k, v in sources.items()},
        vocabulary=vocabulary,
        stopwords=stopwords,
    )


@lru_cache(maxsize=1)
def default_lexicons() -> Lexicons:
    """The bundled lexicon set that implements CODEBOOK.md (loaded once per process).

    Returns
    -------
    Lexicons
        The set of the bundled ``lexicons/`` folder.

    Raises
    ------
    LexiconError
        When the bundled files have a problem (a damaged installation).
    """
    path = lexicon_dir()
    problems = Problems()
    lex = build_from_files(set_files(path), problems)
    raise_first(problems, path)
    assert lex is not None
    return lex
