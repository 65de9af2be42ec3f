"""``report.md``: inputs and exclusions, a methods paragraph to paste into a paper, the main
results with their tables and figures, and the caveats. Deterministic: no time stamps."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd


def md_table(df: pd.DataFrame, columns: Sequence[str] | None = None, digits: int = 3) -> str:
    """A GitHub-flavoured Markdown table with fixed number formatting."""
    columns = list(columns or df.columns)

    def cell(v) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float):
            return f"{v:.{digits}g}" if v != 0 and abs(v) < 10 ** (-digits) else f"{v:.{digits}f}"
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    for row in df[columns].itertuples(index=False):
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)


_REASONS = {
    "empty_file": "the file is empty",
    "binary_file": "the file is not text (an image, an archive ...)",
    "undecodable": "the file's bytes are no known text encoding",
    "unreadable": "the file or folder could not be read",
    "bundle": "a results bundle of framing, never read as input",
    "duplicate_folder": "a link to a folder that was read already",
    "no_text": "no text was left after the page furniture was removed",
    "duplicate": "it repeats an earlier article (its `duplicate_of`): the fuller text is kept, never a fragment of it",
}


def exclusion_reasons(reasons: Mapping[str, int], reading: Mapping) -> list[str]:
    """One line per reason for leaving documents out, in words; for ``off_topic`` the topic
    definition and its thresholds."""
    lines = []
    for reason, n in reasons.items():
        if reason == "off_topic":
            name = reading.get("topic_name") or "the topic lexicon"
            source = reading.get("topic_file") or "topic.toml"
            why = (
                f"below the topic threshold. The topic is “{name}” ({source}"
                + (f", version {reading['topic_version']}" if reading.get("topic_version") else "")
                + f"): an article is kept when its topic terms give at least {reading.get('min_relevance', 2.0):g} "
                f"weighted hits per 1,000 characters (`relevance`) and at least {reading.get('min_topic_hits', 3):g} "
                "weighted hits in all (`topic_hits`); notices (tables) are never on topic. To study another story, give "
                "your own topic lexicon (`--topic FILE`, `topic=`); `--no-topic-filter` keeps every article."
            )
        else:
            why = _REASONS.get(reason, reason)
        lines.append(f"- {reason} ({n}): {why}")
    return [*lines, ""] if lines else []


def furniture_statement(included: pd.DataFrame) -> list[str]:
    """What cleaning removed from the included articles, by kind (their ``removed`` column)."""
    if "removed" not in included or not len(included):
        return []
    counts: dict[str, int] = {}
    for cell in included["removed"].fillna(""):
        for item in filter(None, str(cell).split(" | ")):
            kind = item.split(":", 1)[0]
            counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return []
    listed = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return [
        f"Removed from the included articles as page furniture and scraping debris (column `removed`): {listed}. "
        "Date, source and byline lines are not article text either: they are in the columns `date`, `byline` "
        "and `source_line`.",
        "",
    ]


def _p(p: float) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "n/a"
    return "< .001" if p < 0.001 else f"{p:.3f}".lstrip("0")


def render_report(
    documents: pd.DataFrame,
    scored,
    comparison,
    versions: Mapping[str, str],
    lexicon_versions: Mapping[str, str],
    figures: Sequence[tuple[str, str]],
    reading: Mapping | None = None,
) -> str:
    """The text of ``report.md``. ``reading``: the parameters the corpus was read with
    (``Corpus.params``), for the statement of what was excluded and why."""
    by = comparison.by
    inc = documents[documents["status"] == "included"]
    exc = documents[documents["status"] != "included"]
    labels = {f.id: f"{f.label_en} ({f.label_zh})" for f in scored.lexicons.frames}
    frame_ids = list(scored.frame_ids)
    n_sent = len(scored.sentences)
    out: list[str] = ["# Framing analysis: results", ""]

    # --- inputs ---------------------------------------------------------------------------
    out += [
        "## Inputs",
        "",
        f"{documents['source'].nunique()} input files or rows gave {len(documents)} documents: "
        f"{len(inc)} articles included and {len(exc)} excluded. The included articles hold "
        f"{n_sent} sentences.",
        "",
        md_table(
            inc.assign(title=inc["title"].str.slice(0, 40)),
            ["doc_id", "outlet", "date", "title", "n_sentences", "outlet_confidence"],
        ),
        "",
    ]
    if len(exc):
        reasons = exc["reason"].value_counts().sort_index()
        out += [
            "Excluded: " + "; ".join(f"{k} {v}" for k, v in reasons.items()) + ".",
            "",
            *exclusion_reasons(reasons, reading or {}),
            md_table(exc.assign(title=exc["title"].str.slice(0, 30)), ["doc_id", "reason", "title", "relevance"]),
            "",
        ]
    out += furniture_statement(inc)
    conflicts = documents[documents["outlet_conflict"]]
    if len(conflicts):
        out += [f"Outlet disagreements with the manifest: {', '.join(conflicts['doc_id'])}.", ""]

    # --- methods ----------------------------------------------------------------------------
    p = comparison.params
    sp = scored.params
    lex = ", ".join(f"{k} {v}" for k, v in sorted(lexicon_versions.items()))
    out += [
        "## Methods",
        "",
        _methods(by, comparison, sp, p, versions, lex, n_sent, len(inc)),
        "",
    ]

    # --- results ----------------------------------------------------------------------------
    fr = comparison.frames.copy()
    fr["label"] = fr["frame"].map(labels)
    fr["share (95% CI)"] = [
        f"{s:.2f} [{lo:.2f}, {hi:.2f}]" for s, lo, hi in zip(fr["share"], fr["ci_low"], fr["ci_high"], strict=True)
    ]
    wide = fr.pivot(index="label", columns=by, values="share (95% CI)").reindex(
        [labels[f] for f in frame_ids]
    )[list(comparison.groups)]
    out += [
        "## Results",
        "",
        "### Frames by outlet",
        "",
        f"Share of sentences that carry each frame, with Wilson 95% intervals (unit: {comparison.unit}).",
        "",
        md_table(wide.reset_index().rename(columns={"label": "frame"})),
        "",
    ]
    chi = comparison.tests[comparison.tests["analysis"] == "frame_chi2"].copy()
    if len(chi):
        chi["frame"] = chi["outcome"].map(labels)
        chi["V (95% CI)"] = [
            f"{e:.2f} [{lo:.2f}, {hi:.2f}]" for e, lo, hi in zip(chi["effect"], chi["ci_low"], chi["ci_high"], strict=True)
        ]
        chi["df"] = chi["df"].map(lambda v: "" if pd.isna(v) else f"{v:.0f}")
        chi["statistic"] = chi["statistic"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
        chi["p"] = chi["p"].map(_p)
        chi["p (BH)"] = chi["p_adj"].map(_p)
        out += [
            "Tests of independence of outlet and frame presence (Benjamini-Hochberg within the family "
            "of frame tests):",
            "",
            md_table(chi, ["frame", "n", "statistic", "df", "p", "p (BH)", "V (95% CI)"]),
            "",
        ]
        sig = chi[chi["p_adj"] < comparison.params.get("alpha", 0.05)]
        if len(sig):
            out += ["Frames whose use differs between outlets after correction: "
                    + ", ".join(sig["frame"]) + ".", ""]
        else:
            out += ["No frame differs between outlets after correction.", ""]
    res = comparison.residuals
    strong = res[res["p_bonferroni"] < 0.05].sort_values("residual", ascending=False)
    if len(strong):
        out += [
            "Cells that stand out (adjusted residual, Bonferroni p < .05): "
            + "; ".join(f"{r[by]} × {labels.get(r['frame'], r['frame'])} {r['residual']:+.2f}" for _, r in strong.iterrows())
            + ".",
            "",
        ]
    out += [
        "### Sentiment and tone",
        "",
        md_table(
            comparison.sentiment.assign(
                **{"mean (95% CI)": [f"{m:.3f} [{lo:.3f}, {hi:.3f}]" for m, lo, hi in zip(
                    comparison.sentiment["mean"], comparison.sentiment["ci_low"], comparison.sentiment["ci_high"], strict=True)]}
            ),
            [by, "measure", "n", "mean (95% CI)", "median"],
        ),
        "",
    ]
    kw = comparison.tests[comparison.tests["analysis"] == "evaluation_kw"]
    for _, r in kw.iterrows():
        out.append(
            f"- {r['outcome']}: Kruskal-Wallis H = {r['statistic']:.2f}, df = {r['df']:.0f}, p = {_p(r['p'])}, "
            f"{r['effect_name']} = {r['effect']:.3f} [{r['ci_low']:.3f}, {r['ci_high']:.3f}]."
        )
    if len(kw):
        out.append("")
    key = comparison.keyness
    if len(key):
        out += ["### Distinctive words", "", "Top terms of each outlet against all others (Fightin' Words z):", ""]
        for g in comparison.groups:
            terms = key[(key[by] == g) & (key["z"] > 0)].nlargest(8, "z")
            out.append(f"- {g}: " + ", ".join(f"{t} ({z:.1f})" for t, z in zip(terms["term"], terms["z"], strict=True)))
        out.append("")
    rob = comparison.robustness
    if len(rob):
        fragile = rob[~rob["same_decision"].astype(bool)]
        out += [
            "### Robustness",
            "",
            f"{len(rob)} re-analyses (dropping each frame term in turn, dropping outlets, with/without duplicates); "
            f"{len(fragile)} change the decision at α = {comparison.params.get('alpha', 0.05)}:",
            "",
        ]
        if len(fragile):
            out += [md_table(fragile.assign(frame=fragile["frame"].map(labels)),
                             ["frame", "scenario", "dropped", "baseline_p", "p", "note"]), ""]
    out += ["### Figures", ""]
    for path, caption in figures:
        out += [f"![{caption}]({path})", "", f"*{caption}*", ""]

    # --- caveats ------------------------------------------------------------------------------
    out += ["## Caveats", ""]
    for note in comparison.notes:
        out.append(f"- {note}")
    out += [
        f"- Unit of analysis: {comparison.unit}. Sentences of one article are not independent "
        "(design effect 1 + (m - 1)ρ), so sentence-level p-values overstate certainty.",
        "- Frames are found with dictionaries: validate them against human coding of a sample "
        "(`framing codesheet`, `framing validate`) before relying on them.",
        "- snownlp's sentiment model was trained on product reviews; on news it reads many warnings "
        "as positive. The lexicon tone is reported beside it for that reason.",
        "",
    ]
    return "\n".join(out)


def _methods(by, comparison, sp, p, versions, lex, n_sent, n_art) -> str:
    v = versions
    return (
        f"Articles were segmented into sentences at 。！？!? and line breaks and into words with jieba "
        f"{v.get('jieba', '?')} (a private tokenizer with every lexicon term as a user word). Frames were "
        f"coded per sentence with dictionaries ({lex}) that implement the project codebook: a term "
        "counts when it lies inside one jieba token, context rules exclude misleading compounds "
        f"(e.g. 风险投资 is not a threat), a negator up to {sp.get('negation_scope_tokens', 4)} tokens "
        "before a cue blocks it, in 不是A而是B only B is coded, and a dismissal or negated predicate "
        "after a cue (言过其实, 威胁并不大) blocks it; co-occurrence cues need all their parts in one "
        "clause; a sentence carries a frame when its "
        f"cue weights reach {sp.get('frame_threshold', 1.0):g}. Sentiment is snownlp "
        f"{v.get('snownlp', '?')} `SnowNLP(text).sentiments` (0..1); tone is a signed lexicon score with "
        "negation and intensifiers, tone words in conceded clauses (虽然…, before 但) counting "
        f"{sp.get('tone_before_adversative', 0.5):g} times and in questions that presuppose nothing "
        "(not wh- or rhetorical questions) "
        f"{sp.get('question_tone_factor', 0.0):g} times. The analysis covers {n_art} articles and "
        f"{n_sent} sentences; the "
        f"unit is the {comparison.unit}. Outlet differences in frame presence were tested with Pearson "
        "chi-square tests without continuity correction, with Fisher-Freeman-Halton p-values (exact or "
        f"Monte Carlo, {p.get('n_mc', 9999)} draws) when more than 20% of expected counts were below 5; effect "
        "sizes are Cramér's V with Bergsma's (2013) bias correction and percentile bootstrap CIs "
        f"({p.get('n_boot', 2000)} resamples). Adjusted standardized residuals (Haberman 1973) locate the "
        "cells that differ. Logistic regressions of frame presence on outlet and log tokens give odds "
        "ratios, and Poisson or negative binomial regressions of hit counts with a log(tokens) offset give "
        "rate ratios. Sentiment and tone were compared with Kruskal-Wallis tests (ε²) and Dunn's pairwise "
        "tests with Cliff's δ. p-values were adjusted with the Benjamini-Hochberg procedure within each "
        "family of tests. Distinctive words are log-odds ratios with an informative Dirichlet prior "
        "(Monroe, Colaresi & Quinn 2008) with Dunning's G². All resampling used seed "
        f"{p.get('seed', '?')}. Software: Python {v.get('python', '?')}, framing {v.get('framing', '?')}, "
        f"pandas {v.get('pandas', '?')}, SciPy {v.get('scipy', '?')}, statsmodels {v.get('statsmodels', '?')}."
    )
