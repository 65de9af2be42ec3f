"""framing: cross-outlet comparative framing analysis of Chinese news.

>>> import framing as fr
>>> corpus = fr.read_corpus("seeds/")            # every input, included or excluded
>>> lex = fr.default_lexicons()                  # or fr.load_lexicons("my_lexicons/")
>>> scored = fr.score(corpus, lex)               # .sentences, .documents, .hits
>>> comparison = fr.compare(scored, by="outlet")  # .tests, .frames, .sentiment, .keyness
>>> fr.write_bundle(scored, comparison, "results/")

Heavy dependencies (jieba, snownlp, scipy, matplotlib) are imported only when the
function that needs them is first used.
"""

from __future__ import annotations

from framing.lazy import lazy_exports
from framing.version import __version__

# public name -> module that defines it (imported lazily on first access)
_EXPORTS: dict[str, str] = {
    "Corpus": "framing.corpus.model",
    "read_corpus": "framing.corpus.read",
    "FramingError": "framing.errors",
    "InputError": "framing.errors",
    "LexiconError": "framing.errors",
    "Lexicons": "framing.lexicon",
    "load_lexicons": "framing.lexicon",
    "default_lexicons": "framing.lexicon",
    "Scored": "framing.scoring.pipeline",
    "score": "framing.scoring.pipeline",
    "Comparison": "framing.comparison.compare",
    "compare": "framing.comparison.compare",
    "krippendorff_alpha": "framing.comparison.reliability",
    "Validation": "framing.validation",
    "make_codesheet": "framing.validation",
    "write_codesheet": "framing.validation",
    "read_codes": "framing.validation",
    "validate": "framing.validation",
    "write_validation": "framing.report.validation_md",
    "SentimentModel": "framing.scoring.sentiment_model",
    "load_sentiment_model": "framing.scoring.sentiment_model",
    "train_sentiment": "framing.sentiment_train",
    "FrameModel": "framing.scoring.frame_model",
    "load_frame_model": "framing.scoring.frame_model",
    "apply_frame_model": "framing.scoring.frame_model",
    "train_frames": "framing.frame_train",
    "Suggestions": "framing.validation.suggest",
    "suggest_terms": "framing.validation.suggest",
    "apply_suggestions": "framing.validation.suggest",
    "write_bundle": "framing.report.bundle",
    "analyze": "framing.workflow",
    "plot_frame_prevalence": "framing.report.plots",
    "plot_residuals": "framing.report.plots",
    "plot_frame_position": "framing.report.plots",
    "plot_evaluation": "framing.report.plots",
    "plot_sentiment_tone": "framing.report.plots",
    "plot_group_keyness": "framing.report.plots",
    "plot_keyness": "framing.report.plots",
    "plot_voice_counts": "framing.report.plots",
    "plot_voice_shares": "framing.report.plots",
    "plot_voice_frames": "framing.report.plots",
    "FigureGrid": "framing.report.plots",
    "use_cjk_font": "framing.report.fonts",
    "cjk_rc": "framing.report.fonts",
    "cjk_font": "framing.report.fonts",
    "kwic": "framing.scoring.kwic",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
