"""The page set of ``tests/data/pages``: annotated pages, the raw pages they stand for, and
the measures of how reading treats them.

Each ``.page`` file is one web page written for the tests in the layout of a kind of real
page (newspaper site, e-paper, finance portal, content-site repost, tech media, forum,
Traditional-script site ...), every line labelled by hand:

``H``  a headline line of an on-topic article (title, kicker, deck)
``A``  an article line of an on-topic article (body paragraphs, subheads)
``X``  a line of an off-topic article, ``XH`` its headline
``M``  page metadata that belongs in the documents table, not in the text (date, source,
       byline, editor, original-title lines)
``F``  page furniture (navigation, sharing, login, counters, ads, image markup, anti-copy
       junk, repost and disclaimer lines, related-article lists, comments)

``H2``/``A2`` mark the second on-topic article of a page. A line reads ``TAG|text``; an empty
line is an empty line of the page. ``⟦...⟧`` inside an article line is inline junk (anti-copy
strings): part of the raw page, not of the key. Lines ``#! key = value`` at the top give the
key of the page: ``outlet`` (the outlet the page names, gazetteer-normalised; empty when it
names none), ``channel`` (``original`` or ``repost``), ``site`` (the site the page names
itself as, gazetteer-normalised; empty when it names none), and optionally ``file`` and
``encoding`` of the raw page.

``python tests/pagekit.py`` writes the raw pages to a temporary folder, reads them with
``framing.read_corpus`` and prints the measures; ``--export DIR`` only writes the pages;
``--calibrate`` prints, for every outlet formula, how often it fired on these pages and the
seeds and how often it named the outlet (or site) of the key.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import opencc

PAGES = Path(__file__).parent / "data" / "pages"
_LINE = re.compile(r"^(XH|H|A|X|M|F)(\d*)\|(.*)$")
_JUNK = re.compile("⟦([^⟧]*)⟧")
_END = re.compile(r"(?<=[。！？!?])[”’」』）)]*")
_T2S = opencc.OpenCC("t2s")


@dataclass
class Line:
    tag: str  # H A X XH M F, or "" for an empty line
    article: int
    raw: str  # as it stands in the page
    key: str  # without inline junk


@dataclass
class Page:
    name: str
    file: str
    encoding: str
    outlet: str
    channel: str
    site: str
    lines: list[Line] = field(default_factory=list)

    def text(self) -> str:
        """The raw page."""
        return "\n".join(line.raw for line in self.lines) + "\n"


def load_pages(folder: Path = PAGES) -> list[Page]:
    """Every annotated page of ``folder``, in file order."""
    pages = []
    for path in sorted(folder.glob("*.page")):
        key: dict[str, str] = {}
        lines: list[Line] = []
        for no, row in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if row.startswith("#!"):
                name, _, value = row[2:].partition("=")
                key[name.strip()] = value.strip()
                continue
            if not row.strip():
                lines.append(Line("", 0, "", ""))
                continue
            m = _LINE.match(row)
            if m is None:
                raise ValueError(f"{path.name}:{no}: no TAG| prefix: {row[:30]!r}")
            tag, number, text = m.groups()
            lines.append(Line(tag, int(number or 1), _JUNK.sub(r"\1", text), _JUNK.sub("", text)))
        while lines and not lines[-1].tag:
            lines.pop()
        pages.append(Page(
            name=path.stem, file=key.get("file", path.stem + ".txt"), encoding=key.get("encoding", "utf-8"),
            outlet=key.get("outlet", ""), channel=key.get("channel", ""), site=key.get("site", ""), lines=lines,
        ))
    return pages


def export(pages: list[Page], dest: Path) -> None:
    """Write the raw pages into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (dest / page.file).write_bytes(page.text().encode(page.encoding))


def skeleton(text: str) -> str:
    """Chinese characters, letters and digits only (Simplified, case-folded): what a
    sentence says, whatever reading did to its spaces, punctuation and markup."""
    text = _T2S.convert(text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def sentences(text: str) -> list[str]:
    """The skeletons of the sentences of one line (split after 。！？!? and closing quotes)."""
    parts = _END.split(text)
    return [s for s in (skeleton(p) for p in parts) if s]


@dataclass
class PageResult:
    name: str
    sentences: int = 0
    sentences_in: int = 0
    furniture: int = 0
    furniture_kept: list[str] = field(default_factory=list)
    headlines: int = 0
    headlines_kept: int = 0
    offtopic: int = 0
    offtopic_in: int = 0
    outlet_expected: str = ""
    outlets: list[str] = field(default_factory=list)
    channel_ok: bool | None = None
    site_ok: bool | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def outlet_ok(self) -> bool:
        expected = self.outlet_expected or "unknown"
        return bool(self.outlets) and all(o == expected for o in self.outlets)


def evaluate(documents, pages: list[Page]) -> tuple[dict, list[PageResult]]:
    """The page-set measures of a documents table read from the exported pages."""
    results = []
    for page in pages:
        docs = documents[documents["source"] == page.file]
        inc = docs[docs["status"] == "included"]
        texts = {row.doc_id: row.text for row in inc.itertuples()}
        whole = {d: skeleton(t) for d, t in texts.items()}
        text_lines = [skeleton(x) for t in texts.values() for x in t.split("\n")]
        res = PageResult(page.name, outlet_expected=page.outlet)
        article_keys = {skeleton(x.key) for x in page.lines if x.tag in {"A", "H", "X", "XH"}}
        by_article: dict[int, list[str]] = {}
        for line in page.lines:
            if line.tag == "A":
                for s in sentences(line.key):
                    res.sentences += 1
                    by_article.setdefault(line.article, []).append(s)
                    if any(s in w for w in whole.values()):
                        res.sentences_in += 1
                    else:
                        res.missing.append(s[:30])
            elif line.tag in {"F", "M"}:
                sk = skeleton(line.key)
                if not sk or sk in article_keys:
                    continue
                res.furniture += 1
                if any(sk == t or (len(sk) >= 6 and sk in t) for t in text_lines):
                    res.furniture_kept.append(line.key.strip()[:40])
            elif line.tag in {"X", "XH"}:
                sk = skeleton(line.key)
                res.offtopic += 1
                if any(sk in w for w in whole.values()):
                    res.offtopic_in += 1
        for number, sents in by_article.items():
            holder = max(whole, key=lambda d: sum(s in whole[d] for s in sents), default=None)
            for line in page.lines:
                if line.tag == "H" and line.article == number:
                    res.headlines += 1
                    if holder is not None and skeleton(line.key) in whole[holder]:
                        res.headlines_kept += 1
        articles = docs[docs["article"] > 0]
        res.outlets = list(articles["outlet"])
        if "channel" in docs.columns and len(articles):
            res.channel_ok = all(c == page.channel for c in articles["channel"])
        if "site" in docs.columns and len(articles):
            res.site_ok = all((s or "") == page.site for s in articles["site"].fillna(""))
        results.append(res)
    named = [r for r in results if r.outlet_expected]
    unnamed = [r for r in results if not r.outlet_expected]

    def share(a: int, b: int) -> float:
        return round(a / b, 4) if b else float("nan")

    n_sent = sum(r.sentences for r in results)
    n_furn = sum(r.furniture for r in results)
    n_head = sum(r.headlines for r in results)
    channel = [r.channel_ok for r in results if r.channel_ok is not None]
    site = [r.site_ok for r in results if r.site_ok is not None]
    figures = {
        "pages": len(results),
        "article_sentences": n_sent,
        "sentences_included": share(sum(r.sentences_in for r in results), n_sent),
        "furniture_lines": n_furn,
        "furniture_kept": share(sum(len(r.furniture_kept) for r in results), n_furn),
        "headlines": n_head,
        "headlines_kept": share(sum(r.headlines_kept for r in results), n_head),
        "offtopic_lines_included": sum(r.offtopic_in for r in results),
        "pages_naming_outlet": len(named),
        "outlet_found": share(sum(r.outlet_ok for r in named), len(named)),
        "pages_naming_none": len(unnamed),
        "no_outlet_given": share(sum(r.outlet_ok for r in unnamed), len(unnamed)),
        "channel_right": share(sum(channel), len(channel)) if channel else None,
        "site_right": share(sum(site), len(site)) if site else None,
    }
    return figures, results


def firings(pages: list[Page], seeds: Path | None = None) -> list[tuple[str, str, bool]]:
    """``(formula, role, right)`` for every firing of an outlet formula or rule on the pages
    (and the seeds, whose outlets their manifest gives): right when it names the outlet of the
    key (for the site role: the site of the key)."""
    import csv as _csv

    from framing.corpus.normalize import (
        clean_lines,
        detect_script,
        load_debris_rules,
        to_simplified,
    )
    from framing.corpus.outlets import load_outlet_rules, outlet_candidates
    from framing.corpus.split import split_page

    debris, rules = load_debris_rules(), load_outlet_rules()
    items = [(page.text(), page.outlet or "unknown", page.site) for page in pages]
    if seeds is not None:
        with open(seeds / "manifest.csv", encoding="utf-8") as f:
            for row in _csv.DictReader(f):
                items.append(((seeds / row["file"]).read_text(encoding="utf-8"), row["outlet"], None))
    out = []
    for text, outlet, site in items:
        lines = clean_lines(text, debris)
        script = detect_script(text, to_simplified(text))
        articles = split_page(lines)
        removed = "\n".join(f"{k}:{t}" for line in lines for k, t in line.removed)
        page = "\n".join(line.text for line in lines if line.text)
        for art in articles[:1]:  # a page's outlet is its first article's
            meta = [t for _, t in art.meta]
            lead = next((t for t, heading in art.lines if not heading), "")
            header = "\n".join([art.dateline, *art.header, *meta])
            for c in outlet_candidates(header, art.text, removed, page, rules, byline="\n".join([art.dateline, *meta]), lead=lead, script=script):
                if c.self_ref or not c.name:
                    continue
                if c.role == "site" or (c.entry is not None and c.entry.type in {"platform", "forum"}):
                    if site is not None:
                        out.append((c.formula, "site", c.name == site))
                else:
                    out.append((c.formula, c.role, c.name == outlet))
    return out


PRIOR_WEIGHT = 10  # a formula's prior counts as this many firings


def calibrate(pages: list[Page]) -> list[tuple[str, str, int, int, float, float]]:
    """Per outlet formula: its role, firings on the pages and seeds in that role, right ones,
    its prior, and the calibrated confidence (10 * prior + right) / (10 + fired) rounded
    down to 0.05."""
    import math

    from framing.corpus.outlets import load_outlet_rules

    formulas = {f.id: f for f in load_outlet_rules().formulas}
    counts = {fid: [0, 0] for fid in formulas}
    for formula, role, right in firings(pages, PAGES.parent.parent.parent / "seeds"):
        if formula in formulas and role == formulas[formula].role:
            counts[formula][0] += 1
            counts[formula][1] += right
    out = []
    for fid, f in formulas.items():
        n, k = counts[fid]
        posterior = (PRIOR_WEIGHT * f.prior + k) / (PRIOR_WEIGHT + n)
        out.append((fid, f.role, n, k, f.prior, math.floor(posterior * 20 + 1e-9) / 20))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", metavar="DIR", help="only write the raw pages into DIR")
    parser.add_argument("--calibrate", action="store_true", help="how often each outlet formula is right")
    parser.add_argument("--no-topic-filter", action="store_true", help="keep off-topic articles")
    parser.add_argument("-v", "--verbose", action="store_true", help="per-page details")
    args = parser.parse_args(argv)
    pages = load_pages()
    if args.export:
        export(pages, Path(args.export))
        return 0
    if args.calibrate:
        print(f"{'formula':20s} {'role':8s} {'fired':>5s} {'right':>5s} {'prior':>5s} {'confidence':>10s}")
        for formula, role, n, k, prior, value in calibrate(pages):
            print(f"{formula:20s} {role:8s} {n:5d} {k:5d} {prior:5.2f} {value:10.2f}")
        return 0
    from framing.corpus.read import read_corpus

    with tempfile.TemporaryDirectory() as tmp:
        export(pages, Path(tmp))
        corpus = read_corpus(tmp, filter_topic=not args.no_topic_filter)
    figures, results = evaluate(corpus.documents, pages)
    if args.verbose:
        for r in results:
            print(
                f"{r.name:28s} sent {r.sentences_in}/{r.sentences} head {r.headlines_kept}/{r.headlines} "
                f"furn kept {len(r.furniture_kept)}/{r.furniture} off {r.offtopic_in} outlet "
                f"{'ok' if r.outlet_ok else 'NO'} {r.outlets} want {r.outlet_expected or 'unknown'} "
                f"channel {r.channel_ok} site {r.site_ok}"
            )
            for f in r.furniture_kept:
                print(f"      kept: {f}")
            for s in r.missing:
                print(f"      lost: {s}")
    for k, v in figures.items():
        print(f"{k:26s} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
