"""snownlp sentiment model files: read, check and write them.

A model file is what snownlp's ``Bayes.save`` writes on Python 3: a gzip-compressed
``marshal`` dump of ::

    {"total": <float>, "d": {"neg": {"d": {word: count}, "total": <float>, "none": 1},
                             "pos": {...}}}

(``total`` is the sum of the class totals; each class is an ``AddOneProb``; the files
written here use marshal format 2, see :data:`MARSHAL_VERSION`). snownlp loads
a model named ``NAME`` from the file ``NAME.3`` on Python 3 (``snownlp.sentiment.load(NAME)``,
gzip first, an uncompressed dump if that fails), so a model written as ``news.marshal.3`` is
what snownlp loads as ``news.marshal``. The files written here are byte-for-byte
reproducible (the gzip header carries no time and no file name).

Beside a model written by :func:`framing.sentiment_train.train_sentiment` lies its sidecar,
``<model file>.json``: how it was trained (the SHA-256 of the coded sheets, the neutral
band, the snownlp version, the seed, the cross-validated figures) and the SHA-256 of the
model file it describes. A model without a sidecar (trained with snownlp itself) is read
as well; it then has no neutral band (0: only exactly 0.5 is neutral).

A model file is ``marshal`` data, like snownlp's own: load only model files you trust.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import marshal
import math
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.errors import InputError

__all__ = [
    "CLASSES",
    "SIDECAR_FORMAT",
    "SentimentModel",
    "as_sentiment_model",
    "check_model_dict",
    "load_sentiment_model",
    "model_bytes",
    "sidecar_path",
]

SIDECAR_FORMAT = "framing sentiment model 1"
CLASSES = ("neg", "pos")
_FIX = "fix: give a model file written by 'framing sentiment train' (or by snownlp's sentiment.save)"


def sidecar_path(model_path: str | Path) -> Path:
    """The sidecar of a model file.

    Parameters
    ----------
    model_path : str or Path
        The model file (it need not exist).

    Returns
    -------
    Path
        ``<model file>.json`` beside it.
    """
    p = Path(model_path)
    return p.with_name(p.name + ".json")


@dataclass(frozen=True)
class SentimentModel:
    """A snownlp sentiment model as read from its file.

    Attributes
    ----------
    name : str
        The file name (no folder).
    sha256 : str
        The SHA-256 of ``data``.
    data : bytes
        The file's bytes.
    info : dict
        The sidecar (empty when there is none).
    """

    name: str
    sha256: str
    data: bytes = field(repr=False)
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def neutral_band(self) -> float:
        """Half-width of the neutral zone around 0.5 chosen at training (0 without sidecar)."""
        return float(self.info.get("neutral_band", 0.0))

    def decode(self) -> dict[str, Any]:
        """The model as snownlp's ``Bayes.load`` reads it (checked).

        Returns
        -------
        dict
            The decoded model (``total`` and the ``neg``/``pos`` classes under ``d``).

        Raises
        ------
        InputError
            The bytes are not a usable model (see :func:`decode_model`).
        """
        return decode_model(self.data, self.name)

    def describe(self) -> dict[str, Any]:
        """What names the model in the manifest and the cache.

        Returns
        -------
        dict
            ``file``, ``sha256``, ``neutral_band`` and ``sidecar`` (its file name, or None);
            with a sidecar also ``training``: how the model was trained (base, rule, training
            data SHA-256, seed, snownlp version, counts, cross-validation), as far as recorded.
        """
        out: dict[str, Any] = {"file": self.name, "sha256": self.sha256, "neutral_band": self.neutral_band}
        if self.info:
            keep = ("base", "rule", "training_data_sha256", "seed", "snownlp", "counts", "cv")
            out["sidecar"] = sidecar_path(self.name).name
            out["training"] = {k: self.info[k] for k in keep if k in self.info}
        else:
            out["sidecar"] = None
        return out


# marshal format 2: what snownlp's marshal.loads reads like its own (format 4) dumps, but
# without back-references, whose presence follows CPython's reference counts: equal models
# then give equal bytes whatever code built them.
MARSHAL_VERSION = 2


def model_bytes(model: dict[str, Any]) -> bytes:
    """The bytes of a model file, so that equal models give equal files.

    Parameters
    ----------
    model : dict
        The model as snownlp's ``Bayes`` keeps it.

    Returns
    -------
    bytes
        A ``marshal`` dump (as snownlp's ``Bayes.save``, in format :data:`MARSHAL_VERSION`)
        in gzip with mtime 0 and no file name.
    """
    return gzip.compress(marshal.dumps(model, MARSHAL_VERSION), compresslevel=9, mtime=0)


def decode_model(data: bytes, name: str) -> dict[str, Any]:
    """Decode model file bytes as snownlp does (gzip, else an uncompressed dump) and check them.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        The file name, for the error message.

    Returns
    -------
    dict
        The decoded model, checked by :func:`check_model_dict`.

    Raises
    ------
    InputError
        One line naming the file and the fix: the bytes do not decode, or the result is
        not a two-class (neg/pos) snownlp model.
    """
    try:
        if data[:2] == b"\x1f\x8b":
            payload = gzip.decompress(data)
        else:
            payload = data
        model = marshal.loads(payload)
    except (OSError, EOFError, ValueError, TypeError, zlib.error) as err:
        raise InputError(
            f"{name}: not a snownlp sentiment model (cannot be decoded: {type(err).__name__}); {_FIX}"
        ) from None
    problem = check_model_dict(model)
    if problem:
        raise InputError(f"{name}: not a snownlp sentiment model ({problem}); {_FIX}")
    return model


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def check_model_dict(model: Any) -> str | None:
    """What is wrong with a decoded model.

    snownlp's ``Sentiment.classify`` returns P(pos) when ``pos`` wins, else 1 - P(neg); so
    the classes must be exactly ``neg`` and ``pos``, and every count and total positive
    (their logarithms are taken).

    Parameters
    ----------
    model : Any
        What a model file decoded to.

    Returns
    -------
    str or None
        The first problem found, in a few words; None when snownlp's classifier can use it.
    """
    if not isinstance(model, dict) or not {"total", "d"} <= model.keys():
        return "no 'total' and 'd' entries"
    if not _number(model["total"]) or model["total"] <= 0:
        return "its total is not a positive number"
    classes = model["d"]
    if not isinstance(classes, dict) or set(classes) != set(CLASSES):
        found = sorted(map(str, classes)) if isinstance(classes, dict) else []
        return f"classes {found}, not neg and pos"
    for c in CLASSES:
        p = classes[c]
        if not isinstance(p, dict) or not {"d", "total", "none"} <= p.keys():
            return f"class {c} has no 'd', 'total' and 'none' entries"
        if not _number(p["total"]) or p["total"] <= 0 or not _number(p["none"]) or p["none"] <= 0:
            return f"class {c}: total and none must be positive numbers"
        words = p["d"]
        if not isinstance(words, dict):
            return f"class {c}: its words are not a table"
        for w, n in words.items():
            if not isinstance(w, str) or not _number(n) or n <= 0:
                return f"class {c}: word {w!r} has count {n!r}, not a positive number"
    return None


def _read_sidecar(path: Path, sha: str, name: str) -> dict[str, Any]:
    side = sidecar_path(path)
    if not side.exists():
        return {}
    try:
        info = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise InputError(
            f"{side.name}: the sidecar of {name} is not readable JSON ({type(err).__name__}); "
            "fix: train the model again, or delete the sidecar"
        ) from None
    if not isinstance(info, dict) or info.get("format") != SIDECAR_FORMAT:
        raise InputError(
            f"{side.name}: not a framing sentiment model sidecar; fix: train the model again, "
            "or delete the sidecar"
        )
    if info.get("model_sha256") != sha:
        raise InputError(
            f"{side.name}: describes another model than {name} (SHA-256 differs); fix: train "
            "the model again, or delete the sidecar"
        )
    band = info.get("neutral_band", 0.0)
    if not _number(band) or not 0 <= band <= 0.5:
        raise InputError(f"{side.name}: neutral_band {band!r} is not in 0..0.5; fix: train the model again")
    return info


def load_sentiment_model(path: str | Path) -> SentimentModel:
    """Read and check a snownlp sentiment model file (and its sidecar, when there is one).

    Parameters
    ----------
    path:
        The model file, e.g. ``news.marshal.3`` written by ``framing sentiment train``.

    Returns
    -------
    SentimentModel

    Raises
    ------
    InputError
        One line naming the file and the fix: missing, unreadable, damaged, not a
        two-class (neg/pos) snownlp model, or a sidecar that does not belong to it.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p.name}: no such sentiment model file; {_FIX}")
    if p.is_dir():
        raise InputError(f"{p.name}: a folder, not a sentiment model file; {_FIX}")
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"{p.name}: cannot be read ({err.strerror or err}); fix: check its permissions") from None
    sha = hashlib.sha256(data).hexdigest()
    decode_model(data, p.name)
    return SentimentModel(p.name, sha, data, _read_sidecar(p, sha, p.name))


def as_sentiment_model(model: str | Path | SentimentModel | None) -> SentimentModel | None:
    """A ``sentiment_model`` argument as a :class:`SentimentModel`.

    Parameters
    ----------
    model : str, Path, SentimentModel or None
        A model file (loaded with :func:`load_sentiment_model`), a model, or None.

    Returns
    -------
    SentimentModel or None
        The model; None stays None (the shipped model).

    Raises
    ------
    TypeError
        ``model`` is of another type.
    InputError
        The file is not a usable model (see :func:`load_sentiment_model`).
    """
    if model is None or isinstance(model, SentimentModel):
        return model
    if isinstance(model, (str, os.PathLike)):
        return load_sentiment_model(model)
    raise TypeError(f"sentiment_model must be a path or a SentimentModel, not {type(model).__name__}")
