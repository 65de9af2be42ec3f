"""A trained frame model beside the dictionary: per frame a classifier on sentence features.

>>> model = load_frame_model("frames.model")          # written by framing train
>>> scored = apply_frame_model(scored, model)          # adds model_<id>, model_prob_<id>
>>> frame_code_agreement(scored.sentences, model.frames)   # dictionary vs model per frame

The features of a sentence (``features``; a model records which it uses):

``text``
    character n-grams of lengths 1 to 3 of the sentence text (tf-idf, sublinear counts,
    n-grams seen in at least two training sentences): words, their parts and their
    neighbours, without a tokenizer.
``dictionary``
    the dictionary's evidence for every frame of the lexicons: counted cues (``hits_<id>``),
    their summed weight (``weight_<id>``) and the dictionary's code (``frame_<id>``).
``position``
    the sentence's place in its article (``position``, 0 = first, 1 = last) and whether it
    is a headline; only when the coded sentences were matched to their corpus.
``voice``
    1 when a quoted or attributed source speaks (``voice == "source"``); likewise.

Per frame a logistic regression (scikit-learn, L2, classes weighted to balance) on these
features; a sentence carries the frame by the model when its probability reaches the
frame's threshold (0.5). The text and numeric features are scaled together (tf-idf rows of
length 1; numbers divided by their largest absolute value in training).

Model files
-----------
A model file is a gzip-compressed pickle (mtime 0: the same training gives the same bytes)
of the fitted transformer and classifiers; beside it lies its sidecar ``<model file>.json``
(see :func:`framing.frame_train.train_frames`): the SHA-256 of the training sheets and of
the model file, the features, the package versions, the seed and folds and the
cross-validated figures. :func:`load_frame_model` reads the sidecar first and refuses, in
one line, a model whose sidecar is missing or describes another file, or that was saved
with another version of scikit-learn (pickled estimators are only safe to load in the
version that wrote them). A pickle can run code when loaded: load only model files you
trust.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import pickle
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.textkey import normalize_text

__all__ = [
    "FEATURES",
    "FORMAT",
    "FrameModel",
    "apply_frame_model",
    "as_frame_model",
    "cohen_kappa",
    "feature_table",
    "frame_code_agreement",
    "load_frame_model",
    "make_classifier",
    "make_transformer",
    "model_frames",
    "model_versions",
    "numeric_columns",
]

FORMAT = "framing frame model 1"
FEATURES = ("text", "dictionary", "position", "voice")
NGRAM_RANGE = (1, 3)
MIN_DF = 2
THRESHOLD = 0.5
_FIX = "fix: give a model file written by 'framing train' (with its .json sidecar beside it)"


def __getattr__(name: str) -> object:
    """``package_versions``, the former name of :func:`model_versions`, with a warning.

    Parameters
    ----------
    name : str
        The attribute looked up.

    Returns
    -------
    object
        :func:`model_versions` for ``package_versions``.

    Raises
    ------
    AttributeError
        For any other name.
    """
    if name == "package_versions":
        import warnings

        warnings.warn(
            "framing.scoring.frame_model.package_versions is deprecated; use model_versions "
            "(framing.provenance.package_versions is the manifest's)",
            DeprecationWarning, stacklevel=2,
        )
        return model_versions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def model_versions() -> dict[str, str]:
    """The versions a model file depends on (the manifest's are
    :func:`framing.provenance.package_versions`).

    Returns
    -------
    dict of str to str
        ``python`` (major.minor), ``framing``, ``scikit-learn``, ``numpy`` and ``scipy``.
    """
    import platform
    from importlib.metadata import version

    from framing.version import __version__

    return {
        "python": ".".join(platform.python_version_tuple()[:2]),
        "framing": __version__,
        "scikit-learn": version("scikit-learn"),
        "numpy": version("numpy"),
        "scipy": version("scipy"),
    }


# ---------------------------------------------------------------------------------------
# features


def numeric_columns(lexicon_frames: Sequence[str], features: Sequence[str]) -> list[str]:
    """The numeric feature columns of a feature set, in a fixed order.

    Parameters
    ----------
    lexicon_frames : sequence of str
        The dictionary frames whose evidence the ``dictionary`` features read.
    features : sequence of str
        The feature sets (of :data:`FEATURES`).

    Returns
    -------
    list of str
        ``hits_<f>, weight_<f>, frame_<f>`` per dictionary frame, then ``position,
        is_headline``, then ``voice_source``, each as far as its feature set is asked for.
    """
    cols: list[str] = []
    if "dictionary" in features:
        for f in lexicon_frames:
            cols += [f"hits_{f}", f"weight_{f}", f"frame_{f}"]
    if "position" in features:
        cols += ["position", "is_headline"]
    if "voice" in features:
        cols += ["voice_source"]
    return cols


def feature_table(
    sentences: pd.DataFrame, lexicon_frames: Sequence[str], features: Sequence[str], what: str = "sentences"
) -> pd.DataFrame:
    """The features of scored sentences.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Scored sentences: ``text`` and the columns the features read.
    lexicon_frames, features
        As for :func:`numeric_columns`.
    what : str
        How error messages name the sentences (a sheet, a model file).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``sentences``: ``text`` (str, missing as ``""``) and the columns of
        :func:`numeric_columns` as floats (a missing value is 0; ``voice_source`` is 1 where
        ``voice`` is ``"source"``).

    Raises
    ------
    ValueError
        A feature set not in :data:`FEATURES`.
    InputError
        When the sentences lack a column a feature needs (``what`` names them).
    """
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown}; choose from {', '.join(FEATURES)}")
    out = pd.DataFrame(index=sentences.index)
    if "text" not in sentences.columns:
        raise InputError(f"{what}: no 'text' column; the frame model reads the sentence text")
    out["text"] = sentences["text"].fillna("").astype(str)
    for col in numeric_columns(lexicon_frames, features):
        if col == "voice_source":
            if "voice" not in sentences.columns:
                raise InputError(f"{what}: no 'voice' column; fix: score with voices (the model uses the voice)")
            out[col] = (sentences["voice"].astype(str) == "source").astype(float)
            continue
        if col not in sentences.columns:
            frame = col.split("_", 1)[1] if col.startswith(("hits_", "weight_", "frame_")) else None
            fix = (f"score with the lexicons the model was trained with (they have frame '{frame}')"
                   if frame else "score the sentences with framing.score")
            raise InputError(f"{what}: no '{col}' column; fix: {fix}")
        out[col] = pd.to_numeric(sentences[col], errors="coerce").fillna(0.0).astype(float)
    return out


def make_transformer(numeric: Sequence[str]) -> Any:
    """The (unfitted) feature transformer.

    Parameters
    ----------
    numeric : sequence of str
        The numeric columns (:func:`numeric_columns`); none: the text alone.

    Returns
    -------
    sklearn.compose.ColumnTransformer
        Character n-grams of ``text`` (tf-idf) beside the numeric columns, each scaled to
        at most 1 in absolute value.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import MaxAbsScaler

    parts: list[tuple[str, Any, Any]] = [
        ("text", TfidfVectorizer(analyzer="char", ngram_range=NGRAM_RANGE, min_df=MIN_DF,
                                 sublinear_tf=True, dtype=np.float64), "text"),
    ]
    if numeric:
        parts.append(("numeric", MaxAbsScaler(), list(numeric)))
    return ColumnTransformer(parts, sparse_threshold=1.0)


def make_classifier(c: float, seed: int) -> Any:
    """One frame's (unfitted) classifier.

    Parameters
    ----------
    c : float
        The inverse strength of the L2 penalty.
    seed : int
        The random state of the solver.

    Returns
    -------
    sklearn.linear_model.LogisticRegression
        L2 logistic regression (liblinear) with balanced class weights.
    """
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=float(c), class_weight="balanced", solver="liblinear", max_iter=5000, random_state=seed)


# ---------------------------------------------------------------------------------------
# the model


@dataclass(frozen=True)
class FrameModel:
    """A trained frame model as read from its file.

    Attributes
    ----------
    name : str
        The file name (no folder).
    sha256 : str
        The SHA-256 of the file's bytes.
    payload : dict
        The fitted ``transformer``, ``classifiers`` (frame id -> classifier),
        ``thresholds``, ``frames`` (the modelled frames), ``features``, ``lexicon_frames``
        (the dictionary frames whose evidence it reads) and ``training_keys`` (hashes of
        the training sentences' normalised texts).
    info : dict
        The sidecar.
    """

    name: str
    sha256: str
    payload: dict[str, Any] = field(repr=False)
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def frames(self) -> list[str]:
        """The frames the model codes, in the lexicons' order."""
        return list(self.payload["frames"])

    @property
    def features(self) -> list[str]:
        """The feature sets it reads (see the module docs)."""
        return list(self.payload["features"])

    def predict(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """The model's codes of sentences.

        Parameters
        ----------
        sentences : pandas.DataFrame
            Scored sentences (:func:`framing.score`): the text and the columns of the model's
            features.

        Returns
        -------
        pandas.DataFrame
            Indexed like ``sentences``: ``model_<id>`` (0/1) for each frame, then
            ``model_prob_<id>``.

        Raises
        ------
        InputError
            The sentences lack a column a feature needs (:func:`feature_table`).
        """
        p = self.payload
        table = feature_table(sentences, p["lexicon_frames"], p["features"], what=self.name)
        out = pd.DataFrame(index=sentences.index)
        probs = {}
        if len(table):
            x = p["transformer"].transform(table)
            for f in self.frames:
                probs[f] = p["classifiers"][f].predict_proba(x)[:, 1]
        for f in self.frames:
            out[f"model_{f}"] = (probs[f] >= p["thresholds"][f]).astype(np.int64) if len(table) else np.zeros(0, np.int64)
        for f in self.frames:
            out[f"model_prob_{f}"] = probs[f].astype(float) if len(table) else np.zeros(0)
        return out

    def check_lexicons(self, lexicons: Any) -> None:
        """Check, before anything is scored, that ``lexicons`` hold the frames whose dictionary
        evidence the model reads.

        Parameters
        ----------
        lexicons : Lexicons
            The lexicons the sentences are to be scored with.

        Raises
        ------
        InputError
            They lack one of those frames.
        """
        if "dictionary" not in self.features:
            return
        missing = [f for f in self.payload["lexicon_frames"] if f not in lexicons.frame_ids]
        if missing:
            raise InputError(
                f"{self.name}: reads the dictionary's frame(s) {', '.join(missing)}, which these lexicons "
                "lack; fix: score with the lexicons the model was trained with (--lexicons)"
            )

    def trained_on(self, texts: Sequence[str]) -> np.ndarray:
        """Whether each text was among the training sentences.

        Parameters
        ----------
        texts : sequence of str
            Sentence texts (normalised as for matching before they are compared).

        Returns
        -------
        numpy.ndarray
            One bool per text.
        """
        keys = set(self.payload.get("training_keys", ()))
        return np.array([text_key(t) in keys for t in texts], dtype=bool)

    def describe(self) -> dict[str, Any]:
        """What names the model in the manifest and the report.

        Returns
        -------
        dict
            ``file``, ``sha256``, ``sidecar``, ``frames``, ``features``, ``thresholds`` and
            ``training``: how it was trained, from the sidecar (training data SHA-256, rule,
            seed, folds, versions, counts, lexicons, cross-validation), as far as recorded.
        """
        keep = ("training_data_sha256", "rule", "seed", "folds", "versions", "counts", "lexicons", "cv")
        out: dict[str, Any] = {
            "file": self.name,
            "sha256": self.sha256,
            "sidecar": self.name + ".json",
            "frames": self.frames,
            "features": self.features,
            "thresholds": {f: float(self.payload["thresholds"][f]) for f in self.frames},
        }
        out["training"] = {k: self.info[k] for k in keep if k in self.info}
        return out


def text_key(text: object) -> str:
    """A short hash of a text normalised as for matching.

    Parameters
    ----------
    text : object
        A sentence (None and NaN give the key of the empty text).

    Returns
    -------
    str
        The first 16 hex digits of the SHA-256 of
        :func:`framing.textkey.normalize_text` of the text.
    """
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


def payload_bytes(payload: dict[str, Any]) -> bytes:
    """The bytes of a model file.

    Parameters
    ----------
    payload : dict
        The fitted model (as :attr:`FrameModel.payload`).

    Returns
    -------
    bytes
        The payload pickled (protocol 5) in gzip with mtime 0: the same payload gives the
        same bytes.
    """
    return gzip.compress(pickle.dumps(payload, protocol=5), compresslevel=6, mtime=0)


def _sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _check_versions(info: dict[str, Any], name: str) -> None:
    saved = info.get("versions") or {}
    now = model_versions()
    for pkg in ("scikit-learn", "python"):
        if saved.get(pkg) != now[pkg]:
            raise InputError(
                f"{name}: saved with {pkg} {saved.get(pkg)}, this is {pkg} {now[pkg]}; fix: train the "
                f"model again with 'framing train' here (or install {pkg} {saved.get(pkg)})"
            )
    if str(saved.get("numpy", "")).split(".")[0] != now["numpy"].split(".")[0]:
        raise InputError(
            f"{name}: saved with numpy {saved.get('numpy')}, this is numpy {now['numpy']}; fix: train "
            "the model again with 'framing train' here"
        )


def load_frame_model(path: str | Path) -> FrameModel:
    """Read and check a frame model file and its sidecar.

    Parameters
    ----------
    path:
        The model file written by ``framing train`` (its sidecar ``<file>.json`` beside it).

    Returns
    -------
    FrameModel

    Raises
    ------
    InputError
        One line naming the file and the fix: missing, a folder, no or another sidecar,
        saved with another scikit-learn or Python, damaged.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p.name}: no such frame model file; {_FIX}")
    if p.is_dir():
        raise InputError(f"{p.name}: a folder, not a frame model file; {_FIX}")
    side = _sidecar_of(p)
    if not side.is_file():
        raise InputError(f"{p.name}: its sidecar {side.name} is missing; {_FIX}")
    try:
        data = p.read_bytes()
        info = json.loads(side.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"{p.name}: cannot be read ({err.strerror or err}); fix: check its permissions") from None
    except (UnicodeDecodeError, ValueError) as err:
        raise InputError(f"{side.name}: not readable JSON ({type(err).__name__}); fix: train the model again") from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise InputError(f"{side.name}: not the sidecar of a framing frame model; {_FIX}")
    sha = hashlib.sha256(data).hexdigest()
    if info.get("model_sha256") != sha:
        raise InputError(
            f"{side.name}: describes another model than {p.name} (SHA-256 differs); fix: keep the "
            "model file and its sidecar together as 'framing train' wrote them, or train again"
        )
    _check_versions(info, p.name)
    try:
        payload = pickle.loads(gzip.decompress(data))
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError,
            zlib.error) as err:
        raise InputError(f"{p.name}: not a frame model (cannot be decoded: {type(err).__name__}); {_FIX}") from None
    need = {"format", "transformer", "classifiers", "thresholds", "frames", "features", "lexicon_frames"}
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or not need <= payload.keys():
        raise InputError(f"{p.name}: not a frame model of this version of framing; {_FIX}")
    return FrameModel(p.name, sha, payload, info)


def as_frame_model(model: str | Path | FrameModel | None) -> FrameModel | None:
    """``model`` as a :class:`FrameModel`: a path is loaded, a model or None comes back as it is.

    Parameters
    ----------
    model : str, Path, FrameModel or None
        The model or its file.

    Returns
    -------
    FrameModel or None
        The model read by :func:`load_frame_model`, or ``model`` itself.

    Raises
    ------
    TypeError
        Neither a path nor a FrameModel (nor None).
    InputError
        The file is not a usable model (see :func:`load_frame_model`).
    """
    if model is None or isinstance(model, FrameModel):
        return model
    if isinstance(model, (str, Path)):
        return load_frame_model(model)
    raise TypeError(f"frame model must be a path or a FrameModel, not {type(model).__name__}")


def apply_frame_model(scored: Any, model: str | Path | FrameModel) -> Any:
    """``scored`` with the model's codes: ``model_<id>`` and ``model_prob_<id>`` appended to
    the sentences, with ``model_trained_on`` (1 for a sentence the model was trained on: its
    codes there flatter it), and ``params["frame_model"]`` naming the model.

    Parameters
    ----------
    scored:
        A :class:`framing.Scored` (scored with lexicons that hold the frames whose evidence
        the model reads).
    model:
        A :class:`FrameModel` or the path of a model file.

    Returns
    -------
    framing.Scored
        A copy; ``scored`` itself is not changed.

    Raises
    ------
    InputError
        When the sentences lack a feature the model reads (e.g. lexicons without one of
        its frames).
    """
    from dataclasses import replace

    model = as_frame_model(model)
    assert model is not None
    coded = model.predict(scored.sentences)
    coded["model_trained_on"] = model.trained_on(scored.sentences["text"].tolist()).astype(np.int64)
    sentences = scored.sentences.drop(columns=[c for c in coded.columns if c in scored.sentences.columns])
    params = dict(scored.params)
    desc = model.describe()
    lex_fp = getattr(getattr(scored, "lexicons", None), "fingerprint", None)
    trained_fp = (model.info.get("lexicons") or {}).get("fingerprint")
    desc["same_lexicons"] = bool(lex_fp is not None and lex_fp == trained_fp)
    params["frame_model"] = desc
    return replace(scored, sentences=pd.concat([sentences, coded], axis=1), params=params)


def model_frames(sentences: pd.DataFrame, frame_ids: Sequence[str] | None = None) -> list[str]:
    """The frames a table holds the model's codes of.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences, with the model's columns if any.
    frame_ids : sequence of str, optional
        The order wanted.

    Returns
    -------
    list of str
        The frames with both ``model_<id>`` and ``model_prob_<id>`` columns: those of
        ``frame_ids`` in its order, then the rest in column order.
    """
    found = [c[len("model_prob_"):] for c in sentences.columns
             if c.startswith("model_prob_") and c.replace("_prob_", "_", 1) in sentences.columns]
    order = [f for f in (frame_ids or []) if f in found]
    return order + [f for f in found if f not in order]


# ---------------------------------------------------------------------------------------
# agreement of the two codings


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two 0/1 codings of the same units.

    Parameters
    ----------
    a, b : numpy.ndarray
        The two codings (read as booleans), of equal length.

    Returns
    -------
    float
        Kappa; nan when undefined: no units, or both codings give every unit the same
        code.
    """
    a = np.asarray(a, dtype=bool)
    b = np.asarray(b, dtype=bool)
    n = len(a)
    if n == 0:
        return math.nan
    po = float(np.mean(a == b))
    pa, pb = float(a.mean()), float(b.mean())
    pe = pa * pb + (1 - pa) * (1 - pb)
    if pe >= 1:
        return math.nan
    return (po - pe) / (1 - pe)


AGREEMENT_COLUMNS = ["frame", "n", "dictionary", "model", "both", "dictionary_only", "model_only",
                     "agreement", "kappa"]


def frame_code_agreement(sentences: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    """Per frame, how the dictionary's code (``frame_<id>``) and the model's (``model_<id>``)
    agree over the sentences.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences with both columns for every frame (a missing value counts as 0).
    frames : sequence of str
        The frames, one row each.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AGREEMENT_COLUMNS`: ``n``, the sentences each codes (``dictionary``,
        ``model``), ``both``, ``dictionary_only``, ``model_only``, ``agreement`` (share of
        sentences coded alike) and Cohen's ``kappa``.
    """
    rows = []
    for f in frames:
        d = sentences[f"frame_{f}"].fillna(0).astype(bool).to_numpy()
        m = sentences[f"model_{f}"].fillna(0).astype(bool).to_numpy()
        rows.append({
            "frame": f, "n": int(len(d)), "dictionary": int(d.sum()), "model": int(m.sum()),
            "both": int((d & m).sum()), "dictionary_only": int((d & ~m).sum()),
            "model_only": int((~d & m).sum()),
            "agreement": float(np.mean(d == m)) if len(d) else math.nan,
            "kappa": cohen_kappa(d, m),
        })
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
