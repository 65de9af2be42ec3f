"""``report.md``: inputs and exclusions, a methods paragraph to paste into a paper, the main
results with their tables and figures, and the caveats. Deterministic: no time stamps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from framing.tables import format_interval, format_p, md_table

_REASONS = {
    "empty_file": "the file is empty",
    "binary_file": "the file is not text (an image, an archive ...)",
    "undecodable": "the file's bytes are no known text encoding",
    "unreadable": "the file or folder could not be read",
    "bundle": "a results bundle of framing, never read as input",
    "duplicate_folder": "a link to a folder that was read already",
    "unsupported_format": "a file of another kind in the folder (only .txt and .md files are read)",
    "no_text": "no text was left after the page furniture was removed",
    "duplicate": "it repeats an earlier article (its `duplicate_of`): the fuller text is kept, never a fragment of it",
}


def exclusion_reasons(reasons: Mapping[str, int], reading: Mapping) -> list[str]:
    """Why documents were left out, one line per reason, in words.

    Parameters
    ----------
    reasons : mapping of str to int
        Reason (the ``reason`` column) -> number of documents.
    reading : mapping
        The corpus's ``params``: for ``off_topic`` the topic, its file and thresholds.

    Returns
    -------
    list of str
        Markdown list lines and a blank line (empty without reasons).
    """
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
                "weighted hits in all (`topic_hits`)"
                + (f", of which at least {core:g} from the story's own terms (general words of the field alone do not "
                   "make an article on topic)" if (core := reading.get("min_core_topic_hits", 0)) else "")
                + "; notices (tables) are never on topic. To study another story, give "
                "your own topic lexicon (`--topic FILE`, `topic=`); `--no-topic-filter` keeps every article."
            )
        else:
            why = _REASONS.get(reason, reason)
        lines.append(f"- {reason} ({n}): {why}")
    return [*lines, ""] if lines else []


def furniture_statement(included: pd.DataFrame) -> list[str]:
    """What cleaning removed from the included articles, counted by kind.

    Parameters
    ----------
    included : pandas.DataFrame
        The included documents (their ``removed`` column, ``kind:text`` items joined by
        `` | ``).

    Returns
    -------
    list of str
        A paragraph and a blank line (empty when nothing was removed).
    """
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


def _ci_label(alpha: float) -> str:
    """The level of the intervals of chi-square effect sizes: 1 - 2 alpha (dual to the test)."""
    return f"{1 - 2 * alpha:.0%} CI"


def robustness_flags(comparison, alpha: float) -> dict[str, str]:
    """Per frame, the re-analyses that reverse the decision of the main frame test.

    Parameters
    ----------
    comparison : Comparison
        Its ``robustness`` table.
    alpha : float
        The level of the tests.

    Returns
    -------
    dict of str to str
        Frame -> ``"without the term 机遇 p = .126; without web repost p = .175"``.
    """
    rob = comparison.robustness
    flags: dict[str, list[str]] = {}
    if rob is None or not len(rob):
        return {}
    for _, r in rob.iterrows():
        if bool(r["same_decision"]) or pd.isna(r["p"]):
            continue
        if r["scenario"] == "drop_term":
            what = f"without the term {r['dropped']}"
        elif r["scenario"] == "without_outlets":
            what = f"without {r['dropped']}"
        elif r["scenario"] == "with_duplicates":
            what = "with the duplicates"
        else:
            what = "without the duplicates"
        flags.setdefault(r["frame"], []).append(f"{what} p = {format_p(r['p'])}")
    return {f: "; ".join(v) for f, v in flags.items()}


def _claims(names: Sequence[str], frames: Sequence[str], flags: Mapping[str, str]) -> str:
    """Frame names, each with the robustness re-analyses that reverse it."""
    out = []
    for name, f in zip(names, frames, strict=True):
        out.append(f"{name} (not robust: {flags[f]})" if f in flags else name)
    return ", ".join(out)


def _lexicon_text(files: Sequence[Mapping] | None, versions: Mapping[str, str], n_frames: int) -> str:
    """The dictionaries as the methods paragraph names them: file, whose, version, SHA-256."""
    if not files:
        lex = ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
        return f"dictionaries ({lex})"

    def one(f: Mapping) -> str:
        whose = "bundled" if f["source"] == "default" else f"the researcher's, in {f['folder']}/"
        version = f" {f['version']}" if f.get("version") else ""
        return f"{f['file']}{version} ({whose}, SHA-256 {str(f['sha256'])[:12]})"

    scoring = {"frames.toml", "tone.toml", "modifiers.toml"}
    used = [f for f in files if f["file"] in scoring]
    frames = [f for f in used if f["file"] == "frames.toml"]
    own_frames = [f for f in frames if f["source"] != "default"]
    base = [f for f in frames if f["source"] == "default"]
    parts = []
    if own_frames and base:
        parts.append(f"{one(own_frames[0])}, which adds to the frames of {one(base[0])}")
    else:
        parts += [one(f) for f in frames]
    parts += [one(f) for f in used if f["file"] != "frames.toml"]
    all_default = all(f["source"] == "default" for f in used)
    what = "that implement the project codebook" if all_default else f"with {n_frames} frames"
    text = f"dictionaries {what}: " + "; ".join(parts)
    others = [f for f in files if f["source"] != "default" and f["file"] not in scoring]
    if others:
        text += "; the researcher's other rule files: " + ", ".join(one(f) for f in others)
    return text


def _format_test_cells(rows: pd.DataFrame, effect: str, statistic: str) -> None:
    """Rows of the tests table as the report shows them (in place): the effect with its
    interval in column ``effect``, ``df``, the statistic in ``statistic`` (2 decimals), ``p``
    and ``p (BH)``."""
    rows[effect] = [
        format_interval(e, lo, hi, missing="")
        for e, lo, hi in zip(rows["effect"], rows["ci_low"], rows["ci_high"], strict=True)
    ]
    rows["df"] = rows["df"].map(lambda v: "" if pd.isna(v) else f"{v:.0f}")
    rows[statistic] = rows["statistic"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    rows["p"] = rows["p"].map(format_p)
    rows["p (BH)"] = rows["p_adj"].map(format_p)

def render_report(
    documents: pd.DataFrame,
    scored,
    comparison,
    versions: Mapping[str, str],
    lexicon_versions: Mapping[str, str],
    figures: Sequence[tuple[str, str]],
    lexicon_files: Sequence[Mapping] | None = None,
    reading: Mapping | None = None,
) -> str:
    """The text of ``report.md``.

    Every claim names its unit: with two or more articles in every group the differences
    between groups are the article-level tests (``frame_article``, Kruskal-Wallis on
    article means) and the sentence-level tables are labelled as describing sentences;
    with a single article in some group every test is at the sentence level and says it
    describes these articles. A claimed difference that a robustness re-analysis reverses
    says so where it is claimed. ``lexicon_files`` (as in the manifest) names the
    dictionaries in the methods paragraph; ``reading`` (the corpus's ``params``) the
    statement of what was excluded and why.

    Parameters
    ----------
    documents : pandas.DataFrame
        Every document, included or excluded.
    scored : Scored
        The scored sentences and lexicons.
    comparison : Comparison
        The comparison.
    versions, lexicon_versions : mapping of str to str
        Package versions (:func:`framing.provenance.package_versions`) and lexicon versions.
    figures : sequence of (str, str)
        ``(path, caption)`` of each figure.
    lexicon_files : sequence of mapping, optional
        The manifest's ``lexicons`` entries.
    reading : mapping, optional
        The corpus's ``params``.

    Returns
    -------
    str
        The report, ending with a newline.
    """
    by = comparison.by
    alpha = comparison.params.get("alpha", 0.05)
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
            ["doc_id", "outlet", *([by] if by in inc.columns and by != "outlet" else []),
             "date", "title", "n_sentences", "outlet_confidence"],
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
    left = comparison.params.get("left_out") or {}
    if left.get("unknown"):
        u = left["unknown"]
        out += [f"Left out of the comparison: {u['articles']} article(s) ({u['sentences']} sentences) "
                f"whose {by} is unknown (`keep_unknown=True` keeps them as a group).", ""]
    if left.get("small_groups"):
        small = ", ".join(f"{g} ({n})" for g, n in left["small_groups"].items())
        how = ("pooled into one group" if comparison.params.get("small_groups") == "merge"
               else "left out of the comparison")
        out += [f"Groups with fewer than {comparison.params.get('min_articles')} articles {how}: "
                f"{small}.", ""]

    # --- methods ----------------------------------------------------------------------------
    p = comparison.params
    sp = scored.params
    lex = _lexicon_text(lexicon_files, lexicon_versions, len(frame_ids))
    out += [
        "## Methods",
        "",
        _methods(by, comparison, sp, p, versions, lex, *_analysed_counts(comparison, n_sent, len(inc))),
        "",
    ]

    # --- results ----------------------------------------------------------------------------
    article = comparison.unit == "article"
    flags = robustness_flags(comparison, alpha)
    fr = comparison.frames.copy()
    fr["label"] = fr["frame"].map(labels)
    fr["share (95% CI)"] = [
        f"{s:.2f} [{lo:.2f}, {hi:.2f}]" for s, lo, hi in zip(fr["share"], fr["ci_low"], fr["ci_high"], strict=True)
    ]
    wide = fr.pivot(index="label", columns=by, values="share (95% CI)").reindex(
        [labels[f] for f in frame_ids]
    )[list(comparison.groups)]
    n_art = fr.drop_duplicates(by).set_index(by)["n_articles"]
    share_text = (
        "Share of sentences that carry each frame, with Wilson 95% intervals; the intervals treat "
        "the sentences as independent and describe the sentences, not the "
        f"{by} groups (articles per group: " + ", ".join(f"{g} {int(n_art[g])}" for g in comparison.groups) + ")."
        if article
        else "Share of sentences that carry each frame, with Wilson 95% intervals (unit: sentence; "
        f"one article in at least one group, so the shares describe these articles, not the {by}s)."
    )
    out += [
        "## Results",
        "",
        f"### Frames by {by}",
        "",
        share_text,
        "",
        md_table(wide.reset_index().rename(columns={"label": "frame"})),
        "",
    ]
    tests = comparison.tests
    ci = _ci_label(alpha)
    chi = tests[tests["analysis"] == "frame_chi2"].copy()
    art = tests[tests["analysis"] == "frame_article"].copy()
    if article and len(art):
        art["frame"] = art["outcome"].map(labels)
        _format_test_cells(art, f"eta²_H ({ci})", "H")
        n_articles = int(art["n"].max()) if art["n"].notna().any() else 0
        out += [
            f"Article-level tests (unit: article, n = {n_articles} articles): Kruskal-Wallis tests "
            f"of each article's share of sentences with the frame across {by} groups "
            f"(Benjamini-Hochberg within the family); eta²_H with its {ci}, dual to the test:",
            "",
            md_table(art, ["frame", "n", "H", "df", "p", "p (BH)", f"eta²_H ({ci})"]),
            "",
        ]
        sig = art[tests.loc[art.index, "p_adj"] < alpha]
        if len(sig):
            out += [f"Frames whose use differs between {by} groups at the article level after correction: "
                    + _claims(list(sig["frame"]), list(sig["outcome"]), flags) + ".", ""]
        else:
            out += [f"No frame differs between {by} groups at the article level after correction "
                    f"(n = {n_articles} articles).", ""]
    if len(chi):
        exact = chi[chi["method"].str.contains("Fisher-Freeman-Halton", regex=False)]
        chi["frame"] = chi["outcome"].map(labels)
        _format_test_cells(chi, f"V ({ci})", "statistic")
        if article:
            out += [
                f"Sentence-level chi-square tests (unit: sentence, n = {int(chi['n'].max())} sentences). They treat "
                "the sentences of an article as independent, so their p-values are too small and "
                f"they support no claim about the {by} groups; they describe the sentences:",
                "",
            ]
        else:
            out += [
                f"Tests of independence of {by} and frame presence (unit: sentence, n = "
                f"{int(chi['n'].max())} sentences; one article in at least one group, so the tests "
                f"describe these articles and cannot generalise to the {by}s). Benjamini-Hochberg "
                f"within the family; Cramér's V with its {ci}, dual to the chi-square test:",
                "",
            ]
        out += [md_table(chi, ["frame", "n", "statistic", "df", "p", "p (BH)", f"V ({ci})"]), ""]
        if len(exact):
            out += [
                "The p of " + ", ".join(exact["outcome"].map(labels)) + " is Fisher-Freeman-Halton's "
                "(more than 20% of expected counts below 5); their intervals are dual to the "
                "chi-square test, so interval and p can disagree near the threshold.",
                "",
            ]
        if not article:
            sig = chi[tests.loc[chi.index, "p_adj"] < alpha]
            if len(sig):
                out += ["Frames whose share of sentences differs between these articles after "
                        "correction (unit: sentence): " + _claims(list(sig["frame"]), list(sig["outcome"]), flags) + ".", ""]
            else:
                out += ["No frame's share of sentences differs between these articles after correction "
                        "(unit: sentence).", ""]
    res = comparison.residuals
    strong = res[res["p_bonferroni"] < 0.05].sort_values("residual", ascending=False)
    if len(strong):
        out += [
            "Cells that stand out (adjusted residual, Bonferroni p < .05; unit: sentence): "
            + "; ".join(f"{r[by]} × {labels.get(r['frame'], r['frame'])} {r['residual']:+.2f}" for _, r in strong.iterrows())
            + ".",
            "",
        ]
    sent = comparison.sentiment
    how = "; ".join(dict.fromkeys(sent["ci_method"])) if "ci_method" in sent and len(sent) else ""
    out += [
        "### Sentiment and tone",
        "",
        f"Means of the sentences' scores with 95% intervals; interval method: {how}." if how else "",
        "",
        md_table(
            sent.assign(
                **{"mean (95% CI)": [f"{m:.3f} [{lo:.3f}, {hi:.3f}]" for m, lo, hi in zip(
                    sent["mean"], sent["ci_low"], sent["ci_high"], strict=True)]}
            ),
            [by, "measure", "n_articles", "n", "mean (95% CI)", "median"] if article
            else [by, "measure", "n", "mean (95% CI)", "median"],
        ),
        "",
    ]
    kw = tests[tests["analysis"] == "evaluation_kw"]
    for _, r in kw.iterrows():
        unit = (f"unit: article (article means), n = {r['n']:.0f} articles" if r["unit"] == "article"
                else f"unit: sentence, n = {r['n']:.0f} sentences")
        if pd.isna(r["statistic"]):
            out.append(f"- {r['outcome']}: nothing to test ({r['note']}).")
            continue
        out.append(
            f"- {r['outcome']}: Kruskal-Wallis H = {r['statistic']:.2f}, df = {r['df']:.0f}, p = {format_p(r['p'])}, "
            f"eta²_H = {format_interval(r['effect'], r['ci_low'], r['ci_high'], missing='')} ({ci}, dual to the test); {unit}."
        )
    if len(kw):
        out.append("")
    key = comparison.keyness
    if len(key):
        out += ["### Distinctive words", "", f"Top terms of each {by} against all others (Fightin' Words z):", ""]
        for g in comparison.groups:
            terms = key[(key[by] == g) & (key["z"] > 0)].nlargest(8, "z")
            out.append(f"- {g}: " + ", ".join(f"{t} ({z:.1f})" for t, z in zip(terms["term"], terms["z"], strict=True)))
        out.append("")
    rob = comparison.robustness
    if len(rob):
        fragile = rob[~rob["same_decision"].astype(bool)]
        scenarios = {
            "drop_term": "dropping each frame term in turn",
            "without_outlets": "without " + ", ".join(dict.fromkeys(rob.loc[rob["scenario"] == "without_outlets", "dropped"])),
            "with_duplicates": "with the duplicates",
            "without_duplicates": "without the duplicates",
        }
        done = [scenarios[s] for s in dict.fromkeys(rob["scenario"]) if s in scenarios]
        unit = rob["unit"].iloc[0] if "unit" in rob else comparison.unit
        out += [
            "### Robustness",
            "",
            f"{len(rob)} re-analyses of the frame tests at their unit ({unit}), "
            f"{' and '.join(done)}, of which {len(fragile)} change{'s' if len(fragile) == 1 else ''} "
            f"the decision at α = {alpha}:",
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
    if article:
        out.append(
            f"- Unit of analysis: the article for the differences between {by} groups (frame_article, "
            "Kruskal-Wallis of article means; the logistic and count models use article-clustered "
            "SEs). The sentence-level chi-square tests and residuals describe sentences: sentences "
            "of one article are not independent (design effect 1 + (m - 1)ρ), so their p-values "
            "overstate certainty."
        )
    else:
        out.append(
            f"- Unit of analysis: {comparison.unit}. Sentences of one article are not independent "
            "(design effect 1 + (m - 1)ρ), so sentence-level p-values overstate certainty."
        )
    out += [
        _dictionary_caveat(scored, lexicon_files),
        _sentiment_caveat(scored.params.get("sentiment_model")),
        "",
    ]
    return "\n".join(out)


def _dictionary_caveat(scored, lexicon_files: Sequence[Mapping] | None) -> str:
    """What is known of the dictionaries' validity: the recorded figures of the bundled set
    when the run used it unchanged, else the advice to measure."""
    from framing.validation.measured import bundled_validity

    own = any(f.get("source") == "user" and f.get("file") in ("frames.toml", "tone.toml", "modifiers.toml")
              for f in (lexicon_files or []))
    rec = None if own else bundled_validity()
    advice = ("validate them against human coding of a sample of your own corpus (`framing codesheet`, "
              "`framing validate`) before relying on them: a new topic or period needs its own validation.")
    if not rec or rec.get("lexicons") != getattr(scored.lexicons, "version", None):
        return f"- Frames are found with dictionaries: {advice}"
    m, tone = rec["macro"], rec.get("tone", {}).get("tone", {})

    def ci(v: Mapping, key: str) -> str:
        lo, hi = v.get(f"{key}_low"), v.get(f"{key}_high")
        return f" ({lo:.2f}–{hi:.2f})" if lo is not None and hi is not None else ""

    per = "; ".join(f"{f} {v['f1']:.2f}{ci(v, 'f1')}" for f, v in rec["frames"].items())
    tone_txt = (f"; lexicon tone against the coded tone: Spearman {tone['spearman']:.2f}"
                f"{ci(tone, 'spearman')}, sign accuracy {tone['sign_accuracy']:.2f}" if tone else "")
    how = f" Intervals: {rec['intervals']}." if rec.get("intervals") else ""
    return (
        f"- Frames are found with dictionaries. Measured on {rec['measured_on']}, the bundled "
        f"dictionaries ({rec['lexicons']}) reach macro precision {m['precision']:.2f}, recall "
        f"{m['recall']:.2f} and F1 {m['f1']:.2f}{ci(m, 'f1')} (F1 per frame: {per}){tone_txt}.{how} Of the frames they "
        f"flag, {m['precision']:.0%} on average are the coders' too, and they find {m['recall']:.0%} of "
        f"what the coders coded; {advice}"
    )


def _retrained(model: dict | None) -> str:
    """The methods' words for a retrained snownlp model ('' for the shipped one)."""
    if not model:
        return ""
    t = model.get("training") or {}
    counts = t.get("counts") or {}
    trained = f" on {counts['used']} sentences coded for tone" if "used" in counts else " on sentences coded for tone"
    return (
        f" with its naive Bayes classifier retrained{trained} (model {model['file']}, SHA-256 "
        f"{model['sha256'][:12]}; a score within 0.5 ± {model.get('neutral_band', 0.0):.3g} reads as neutral)"
    )


def _sentiment_caveat(model: dict | None) -> str:
    if not model:
        return (
            "- snownlp's sentiment model was trained on product reviews; on news it reads many warnings "
            "as positive. The lexicon tone is reported beside it for that reason."
        )
    cv = ((model.get("training") or {}).get("cv")) or {}
    rho = cv.get("spearman")
    fig = f" (cross-validated Spearman with the coded tone {rho:.2f}, slightly optimistic)" if rho is not None else ""
    return (
        f"- snownlp's sentiment here comes from a model retrained on coded news sentences ({model['file']}){fig}; "
        "measure it on coded sentences it was not trained on before relying on it."
    )


def _analysed_counts(comparison, n_sent: int, n_art: int) -> tuple[int, int]:
    """Sentences and articles the comparison analysed (the corpus's when not recorded)."""
    frames = comparison.frames
    if getattr(comparison, "articles", None) is None or not len(frames):
        return n_sent, n_art
    first = frames.drop_duplicates(comparison.by)
    return int(first["n_sentences"].sum()), int(len(comparison.articles))


def _methods(by, comparison, sp, p, versions, lex, n_sent, n_art) -> str:
    v = versions
    alpha = p.get("alpha", 0.05)
    groups = len(comparison.groups)
    if comparison.unit == "article":
        unit = (
            f"The analysis covers {n_art} articles and {n_sent} sentences in {groups} {by} groups, "
            "each with two articles or more; differences between the groups were tested at the "
            "article level: Kruskal-Wallis tests of each article's share of sentences with a frame "
            "and of article means of sentiment and tone, and logistic and count regressions with "
            "article-clustered standard errors. Sentence-level differences in frame presence "
            "(descriptive; they treat sentences as independent) were tested with"
        )
    else:
        unit = (
            f"The analysis covers {n_art} articles and {n_sent} sentences in {groups} {by} groups; "
            "with a single article in at least one group the unit of every test is the sentence, "
            f"and the results describe these articles, not the {by}s. Differences in frame "
            "presence were tested with"
        )
    return (
        f"Articles were segmented into sentences at 。！？!? and line breaks and into words with jieba "
        f"{v.get('jieba', '?')} (a private tokenizer with every lexicon term as a user word). Frames were "
        f"coded per sentence with {lex}. A term "
        "counts when it lies inside one jieba token, context rules exclude misleading compounds "
        f"(e.g. 风险投资 is not a threat), a negator up to {sp.get('negation_scope_tokens', 4)} tokens "
        "before a cue blocks it, in 不是A而是B only B is coded, and a dismissal or negated predicate "
        "after a cue (言过其实, 威胁并不大) blocks it; co-occurrence cues need all their parts in one "
        "clause; a sentence carries a frame when its "
        f"cue weights reach {sp.get('frame_threshold', 1.0):g}. Sentiment is snownlp "
        f"{v.get('snownlp', '?')} `SnowNLP(text).sentiments` (0..1){_retrained(sp.get('sentiment_model'))}; "
        "tone is a signed lexicon score with "
        "negation and intensifiers, tone words in conceded clauses (虽然…, before 但) counting "
        f"{sp.get('tone_before_adversative', 0.5):g} times and in questions that presuppose nothing "
        "(not wh- or rhetorical questions) "
        f"{sp.get('question_tone_factor', 0.0):g} times, plus the tone each frame carried adds (frames.toml). {unit} Pearson "
        "chi-square tests without continuity correction, with Fisher-Freeman-Halton p-values (exact or "
        f"Monte Carlo, {p.get('n_mc', 9999)} draws) when more than 20% of expected counts were below 5; effect "
        "sizes are Cramér's V with Bergsma's (2013) bias correction and, for Kruskal-Wallis tests, "
        "eta²_H (Tomczak & Tomczak 2014), each with an interval from the noncentral chi-square "
        f"distribution whose bounds are one-sided {1 - alpha:.0%} bounds (a {1 - 2 * alpha:.0%} interval), "
        f"so that it excludes 0 exactly when the chi-square or Kruskal-Wallis p is below {alpha:g} "
        "(Steiger & Fouladi 1997). Shares carry Wilson 95% intervals. Adjusted standardized residuals "
        "(Haberman 1973) locate the cells that differ. Logistic regressions of frame presence on "
        f"{by} and log tokens give odds ratios, and Poisson or negative binomial regressions of hit "
        "counts with a log(tokens) offset give rate ratios, with Wald intervals. Sentiment and tone "
        "were compared with Kruskal-Wallis tests and Dunn's pairwise tests with Cliff's δ (percentile "
        f"bootstrap intervals, {p.get('n_boot', 2000)} resamples, where each group has at least 10 "
        "units). p-values were adjusted with the Benjamini-Hochberg procedure within each "
        "family of tests. Distinctive words are log-odds ratios with an informative Dirichlet prior "
        "(Monroe, Colaresi & Quinn 2008) with Dunning's G². All resampling used seed "
        f"{p.get('seed', '?')}. Software: Python {v.get('python', '?')}, framing {v.get('framing', '?')}, "
        f"pandas {v.get('pandas', '?')}, SciPy {v.get('scipy', '?')}, statsmodels {v.get('statsmodels', '?')}."
    )
