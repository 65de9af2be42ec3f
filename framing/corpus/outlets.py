"""Outlet, site and channel of an article: candidates from the rules, and the decision.

The rules (formulas, the gazetteer, curated outlets) are read by
:mod:`framing.lexicons.outlet_rules` and :mod:`framing.lexicons.gazetteer`; their names are
importable from here too.

The outlet of an article is the original author where the page names one: the candidates
of the author, source and repost roles combine per outlet as ``1 - prod(1 - c)`` and the
best one wins. ``本报`` / ``本刊`` formulas name no paper: they take the outlet the page's own
chrome names, and stay ``unknown`` when it names none. With no formula at all, the site the
page names itself as is the outlet when it is a news outlet (not a portal, platform or
forum). Nothing fires: ``unknown``, never a guess. ``channel`` is ``repost`` when the page
says it copied the text (``转自``, ``转载自``, ``据…报道`` at the top, ``原标题``, a repost
notice), when a mirror rule fires, or when the site the page was found on is another outlet
than its author (not of the same group, and not a platform or forum, where an account posts
its own texts); else ``original``. Every tag keeps its evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from framing.lexicons.gazetteer import (
    GAZETTEER_FILE,
    Gazetteer,
    GazetteerEntry,
    check_gazetteer,
    gazetteer_path,
    name_key,
)
from framing.lexicons.outlet_rules import (
    Formula,
    Outlet,
    OutletRule,
    OutletRules,
    ascii_id,
    check_outlet_rules,
    load_outlet_rules,
)
from framing.lexicons.simplified import to_simplified

# names this module had before the rules moved out, kept for old imports
__all__ = [
    "GAZETTEER_FILE", "HOSTS", "UNKNOWN", "Candidate", "Formula", "Gazetteer", "GazetteerEntry", "Outlet",
    "OutletRule", "OutletRules", "OutletTag", "PageEvidence", "ascii_id", "check_gazetteer",
    "check_outlet_rules", "decide", "gazetteer_path", "given_outlet", "load_outlet_rules", "outlet_candidates",
    "page_evidence", "tag_outlet",
]

UNKNOWN = "unknown"
# Gazetteer types that publish other people's text: never an outlet by their chrome alone,
# and a platform or forum named as a "source" is where the text was found, not its author.
HOSTS = {"portal", "platform", "forum", "financial portal"}
_PLATFORMS = {"platform", "forum"}
_SPACE = re.compile(r"\s+")
_STRIP = "《》「」『』“”\"'()（）【】[]<>·•|｜:：,，.。 "
_KIND = re.compile(r"^[a-z_]+:", re.M)
# A captured name holding a quoted or titled part: the part is the name.
_QUOTED = re.compile(r"[“「『《\"](?P<q>[^”」』》\"]{2,20})[”」』》\"]")
_DATE_TAIL = re.compile(r"\s*(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?.*$")
# A part of a split source line that is a person with a role (主编温静, 编辑：李某).
_PERSON = re.compile(r"^(?:主编|总编|编辑|责编|责任编辑|记者|作者|撰稿|撰文|通讯员|摄影|校对)")
# Role words that follow an account or outlet name in a source line.
_ROLE_END = re.compile(r"(?:微信公众号|公众号|微信号|官方微信|官微)?(?:作者|记者|编辑|主编|评论员|特约撰稿人?)?$")
# What a 来源 line names when it credits a picture or a clip, not a text.
_PICTURE_ENDS = ("截图", "截屏", "供图", "配图", "图片", "资料图", "视频截图", "画面", "海报", "示意图")


@dataclass(frozen=True)
class OutletTag:
    """The outlet of one article and why; where the page was found and whether it is a repost.

    Attributes
    ----------
    outlet, outlet_id:
        The outlet's name and id, or ``unknown``.
    confidence:
        0..1; 0 when unknown.
    evidence:
        The formulas, rules and text that produced the tag, or why none did.
    outlet_type, outlet_level:
        The outlet's kind in the gazetteer ("" when not listed).
    channel:
        ``repost`` or ``original``.
    site:
        The site the page names itself as ("" when none).
    channel_evidence:
        Why ``channel`` and ``site`` are what they are.
    """

    outlet: str
    outlet_id: str
    confidence: float
    evidence: str
    outlet_type: str = ""
    outlet_level: str = ""
    channel: Literal["original", "repost"] = "original"
    site: str = ""
    channel_evidence: str = ""


@dataclass
class Candidate:
    """One formula or rule that named an outlet (or a site, or a repost) in an article."""

    role: str
    formula: str
    where: str
    text: str  # the matched text
    name: str = ""  # the outlet it names ("" for a repost notice or 本报)
    id: str = ""
    confidence: float = 0.0
    entry: GazetteerEntry | None = None  # None: reported as written
    self_ref: bool = False
    chrome: bool = False  # a site named by the page's own chrome (a site formula)
    rule: bool = False  # a curated outlet's rule
    count: int = 1  # how often the page says the same (page-level evidence is counted, not repeated)

    def describe(self) -> str:
        """The candidate as evidence.

        Returns
        -------
        str
            The formula or rule, the text it matched and where, and the outlet it names
            (as written, or through the gazetteer).
        """
        if self.rule:
            return f"{self.formula}: '{self.text}' in {self.where}"
        how = "as written" if self.entry is None and self.name else "gazetteer"
        target = f" -> {self.name} ({how})" if self.name else ""
        return f"{self.formula}: '{self.text}' in {self.where}{target}"


_PAGE_PARTS = ("removed", "page")


@dataclass
class PageEvidence:
    """What a page says about outlets whatever the article.

    Found once per page, so tagging stays linear in the page's length.

    Attributes
    ----------
    candidates:
        The candidates of the formulas that read the page's removed furniture or its whole
        text (the same evidence said again is counted in ``Candidate.count``).
    rule_matches:
        ``(outlet id, rule id)`` -> the text matched, of the curated rules that read them.
    """

    candidates: list[Candidate]
    rule_matches: dict[tuple[str, str], str]


def page_evidence(removed: str, page: str, rules: OutletRules, script: str = "") -> PageEvidence:
    """The page-level evidence of one page.

    Parameters
    ----------
    removed:
        The page's removed lines as ``kind:text``.
    page:
        The page's clean text.
    rules:
        The outlet rules.
    script:
        The page's script (``traditional`` picks Hong Kong, Macao and Taiwan outlets of a
        name shared with a mainland one).

    Returns
    -------
    PageEvidence
        Its formula candidates and curated rule matches.
    """
    cands = _formula_candidates({"removed": _KIND.sub("", removed), "page": page}, rules, script)
    merged: dict[tuple, Candidate] = {}
    for c in cands:  # the same evidence said again: counted once, with its count
        key = (c.role, c.formula, c.where, c.name, c.id, c.self_ref, c.chrome)
        if key in merged:
            merged[key].count += 1
        else:
            merged[key] = c
    cands = list(merged.values())
    matches: dict[tuple[str, str], str] = {}
    curated_parts = {"removed": removed, "page": page}
    for outlet in rules.outlets:
        for rule in outlet.rules:
            if rule.where in _PAGE_PARTS:
                m = rule.scan.search(curated_parts[rule.where])
                if m:
                    matches[(outlet.id, rule.id)] = m.group(0).strip()
    return PageEvidence(cands, matches)


def outlet_candidates(
    header: str, text: str, removed: str, page: str, rules: OutletRules, *,
    byline: str | None = None, lead: str = "", script: str = "", evidence: PageEvidence | None = None,
) -> list[Candidate]:
    """Every outlet, site and repost candidate that the curated rules and the formulas find in one article.

    Parameters
    ----------
    header:
        The article's header block (dateline, headlines, metadata lines).
    text:
        Its full text.
    removed, page, rules:
        As for :func:`page_evidence`.
    byline:
        Its byline and metadata lines (None: the header).
    lead:
        Its first paragraph.
    script:
        The page's script (see :func:`page_evidence`).
    evidence:
        :func:`page_evidence` of the page, when found already (then ``removed`` and
        ``page`` are not read again).

    Returns
    -------
    list of Candidate
        The article's candidates, then the page's.
    """
    if evidence is None:
        evidence = page_evidence(removed, page, rules, script)
    parts = {"header": header, "byline": header if byline is None else byline, "lead": lead,
             "text": text, "any": f"{header}\n{text}"}
    out: list[Candidate] = []
    for outlet in rules.outlets:
        for rule in outlet.rules:
            if rule.where in _PAGE_PARTS:
                shown = evidence.rule_matches.get((outlet.id, rule.id))
            else:
                m = rule.scan.search(parts[rule.where])
                shown = m.group(0).strip() if m else None
            if shown is None:
                continue
            if rule.context:
                ctx = next((c.search(text) for c in rule.context if c.search(text)), None)
                if ctx is None:
                    continue
                shown = f"{shown}' + context '{ctx.group(0)}"
            out.append(Candidate(
                "author", rule.id, rule.where, shown, outlet.name, outlet.id, rule.confidence, rules.entry(outlet), rule=True,
            ))
    return out + _formula_candidates(parts, rules, script) + evidence.candidates


def _formula_candidates(parts: dict[str, str], rules: OutletRules, script: str) -> list[Candidate]:
    """The candidates of every match of the formulas that read one of ``parts`` (where ->
    text), formula by formula in order."""
    out: list[Candidate] = []
    for f in rules.formulas:
        for where in f.where:
            if where in parts:
                for m in f.scan.finditer(parts[where]):
                    out += _from_match(f, where, m, rules, script)
    return out


def _from_match(f: Formula, where: str, m, rules: OutletRules, script: str) -> list[Candidate]:
    shown = m.group(0).strip()
    if "name" not in m.re.groupindex or m.group("name") is None:
        return [Candidate(f.role, f.id, where, shown, confidence=f.confidence)] if f.role == "repost" else []
    raw = _DATE_TAIL.sub("", m.group("name"))  # 光明网-《光明日报》2025-08-06
    names = re.split(r"[－\-—·•/|｜、]+", raw) if f.split else [raw]
    names = [n for n in map(_unquoted, names) if n]
    if f.split:
        names = [n for n in names if not _PERSON.match(n)] or names  # 传媒内参—主编温静: a person
    out = []
    for k, name in enumerate(names):
        role = f.role if k == len(names) - 1 else "site"  # 人民网－人民日报: the site, then the paper
        c = _resolve(f, role, where, shown, name, rules, script)
        if c is not None:
            c.chrome = f.role == "site"
            out.append(c)
    return out


def _unquoted(name: str) -> str:
    """The name in a capture: its quoted or titled part when it has one (“山东宣传”微信公众号,
    《中国企业家》记者), without the marks and punctuation around it."""
    quoted = _QUOTED.search(name)
    return (quoted.group("q") if quoted else name).strip(_STRIP)


def _resolve(f: Formula, role: str, where: str, shown: str, name: str, rules: OutletRules, script: str) -> Candidate | None:
    key = name_key(name)
    if not key:
        return None
    selfish = key if f.match != "prefix" else next((s for s in rules.self_names if key.startswith(s)), "")
    if selfish in rules.self_names:
        return Candidate(role, f.id, where, shown, self_ref=True, confidence=f.confidence)
    if key in rules.not_outlets:
        return None
    entry = None
    if rules.gazetteer is not None:
        entry = {"exact": rules.gazetteer.get, "suffix": rules.gazetteer.at_end, "prefix": rules.gazetteer.at_start}[f.match](name, script)
    if entry is not None:
        return Candidate(role, f.id, where, shown, entry.name, entry.id, f.confidence, entry)
    if role == "site" or f.as_written == "no":
        return None
    written = _as_written(name, f, rules)
    if not written:
        return None
    return Candidate(role, f.id, where, shown, written, ascii_id(written), f.confidence, None)


def _as_written(name: str, f: Formula, rules: OutletRules) -> str:
    """The outlet name as the page writes it, when it can be one."""
    name = _SPACE.sub("", to_simplified(name)).strip(_STRIP)
    name = _ROLE_END.sub("", name)  # 山东宣传微信公众号作者: the account, not its role words
    if f.match == "prefix":  # 东川晚报东川3月5日讯: the shortest start that ends like an outlet
        ends = [i + len(s) for s in rules.suffixes for i in [name.find(s)] if i >= 0]
        name = name[: min(ends)] if ends else ""
    if not 2 <= len(name) <= 16 or name.isdigit() or name_key(name) in rules.not_outlets:
        return ""
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", name) or re.search(r"[:/@]|\.[a-z]", name):
        return ""  # no letters, or an address
    if name.endswith(_PICTURE_ENDS) or re.fullmatch(r"[a-z]{1,4}", name):
        return ""  # a picture credit (Sora演示视频截图), or an editor's initials (来源：szf)
    if f.as_written == "suffix" and not name.casefold().endswith(tuple(rules.suffixes)):
        return ""
    return name


_GIVEN = "given in the input table"


def given_outlet(name: str, rules: OutletRules) -> OutletTag:
    """The tag of an article whose outlet the input names (a table or manifest column).

    Parameters
    ----------
    name:
        The outlet as given: a name, id or alias the rules may know.
    rules:
        The outlet rules.

    Returns
    -------
    OutletTag
        The outlet the rules know by that name (with its type and level), else the name as
        given; confidence 1, and an original: the text is not searched for a repost.
    """
    channel = "the outlet is given in the input table; the text was not searched for a repost"
    outlet = rules.lookup(name)
    if outlet is None:
        return OutletTag(name, ascii_id(name), 1.0, _GIVEN, channel_evidence=channel)
    entry = rules.entry(outlet)
    return OutletTag(outlet.name, outlet.id, 1.0, _GIVEN, entry.type, entry.level, channel_evidence=channel)


def tag_outlet(
    header: str, text: str, removed: str, page: str, rules: OutletRules | None = None, *,
    byline: str | None = None, lead: str = "", script: str = "", evidence: PageEvidence | None = None,
) -> OutletTag:
    """Tag one article: its outlet, site and channel, with the evidence.

    Parameters
    ----------
    header, text, removed, page, byline, lead, script, evidence:
        As for :func:`outlet_candidates` (``evidence`` is found once for all articles of a
        page).
    rules:
        The outlet rules (None: the bundled ones).

    Returns
    -------
    OutletTag
        The tag (see :func:`decide`).
    """
    rules = rules or load_outlet_rules()
    cands = outlet_candidates(header, text, removed, page, rules, byline=byline, lead=lead, script=script, evidence=evidence)
    return decide(cands, rules)


def decide(cands: list[Candidate], rules: OutletRules) -> OutletTag:
    """Outlet, site and channel from an article's candidates (see the module docstring).

    Parameters
    ----------
    cands:
        The article's candidates (:func:`outlet_candidates`).
    rules:
        The outlet rules.

    Returns
    -------
    OutletTag
        The outlet (``unknown`` when nothing names one), its confidence and evidence, the
        site and the channel.
    """
    named = [c for c in cands if c.name]
    # the site: as the page's chrome names it; else a site named beside a source (人民网－人民日报)
    # or a platform named as a source (来源：知乎)
    site = _site([c for c in named if c.chrome]) or _site([c for c in named if c.role == "site" or _is_host(c)])
    authors = [c for c in named if c.role != "site" and not _is_host(c)]
    repost_flags = [c for c in cands if c.role == "repost"]
    self_refs = [c for c in cands if c.self_ref]
    scores: dict[str, tuple[float, int, Candidate, list[Candidate]]] = {}
    for order, c in enumerate(authors):
        if c.id in scores:
            miss, first, head, fired = scores[c.id]
            if any(f.formula == c.formula for f in fired):
                continue  # a formula counts once, however often it fires
            scores[c.id] = (miss * (1 - c.confidence), first, head, [*fired, c])
        else:
            scores[c.id] = (1 - c.confidence, order, c, [c])
    if scores:
        # a byline or lead that names the author beats a source line (新华社…电 on 来源：新华网);
        # then the combined confidence, the role, the order of appearance
        ranked = sorted(
            scores.values(), key=lambda s: (_signed(s[3]), 1 - s[0], _role_rank(s[2]), -s[1]), reverse=True
        )
        miss, _, best, fired = ranked[0]
        conf = 1 - miss
        evidence = "; ".join(c.describe() for c in fired)
        if self_refs:
            evidence += "; " + self_refs[0].describe()
        if len(ranked) > 1:
            evidence += f" (also matched {ranked[1][2].name} at {1 - ranked[1][0]:.2f})"
    elif site and _is_producer(site[0]):
        best, fired = site[0], site
        miss = 1.0
        for c in site:
            miss *= (1 - c.confidence) ** c.count
        conf = min(1 - miss, 0.7 if not self_refs else 0.85)
        why = "the page's own paper, as 本报/本刊 says" if self_refs else "the site the page names itself as"
        evidence = f"{why}: " + "; ".join(c.describe() for c in site)
        if self_refs:
            evidence = self_refs[0].describe() + "; " + evidence
    else:
        reason = "no outlet rule matched"
        if self_refs:
            reason = f"{self_refs[0].describe()}, but the page names no paper"
        return OutletTag(UNKNOWN, UNKNOWN, 0.0, reason, "", "", *_channel(None, site, repost_flags))
    e = best.entry
    return OutletTag(
        best.name, best.id, round(conf, 3), evidence, e.type if e else "", e.level if e else "",
        *_channel(best, site, repost_flags),
    )


def _signed(fired: list[Candidate]) -> bool:
    """The author named where authors sign: a byline or metadata line, or the lead."""
    return any(c.role == "author" and c.where in ("byline", "lead", "header") for c in fired)


def _role_rank(c: Candidate) -> int:
    return {"author": 2, "repost": 1, "source": 1}.get(c.role, 0)


def _is_host(c: Candidate) -> bool:
    return c.entry is not None and c.entry.type in _PLATFORMS


def _is_producer(c: Candidate) -> bool:
    return c.entry is not None and c.entry.type not in HOSTS


def _site(cands: list[Candidate]) -> list[Candidate]:
    """The site the page was found on: the group the page's chrome names most often, and in
    it the most specific outlet (百家号 rather than 百度); its candidates, best first."""
    if not cands:
        return []
    groups: dict[str, list[Candidate]] = {}
    for c in cands:
        groups.setdefault(c.entry.group if c.entry else c.name, []).append(c)
    def mentions(cs: list[Candidate]) -> int:
        return sum(c.count for c in cs)

    group = max(groups.values(), key=mentions)  # max keeps the first of equals
    by_id: dict[str, list[Candidate]] = {}
    for c in group:
        by_id.setdefault(c.id, []).append(c)
    specific = [v for v in by_id.values() if v[0].entry is None or v[0].name != v[0].entry.group] or list(by_id.values())
    return max(specific, key=mentions)


def _channel(best: Candidate | None, site: list[Candidate], flags: list[Candidate]) -> tuple[str, str, str]:
    """``(channel, site, channel_evidence)``."""
    site_name = site[0].name if site else ""
    if best is not None and best.entry is not None and best.entry.type == "web repost":
        return "repost", site_name, f"a mirror site: {best.describe()}"
    if flags:
        return "repost", site_name, "the page says it is a repost: " + "; ".join(c.describe() for c in flags)
    if best is None or not site:
        return "original", site_name, "no repost formula" + ("" if site else ", no site named")
    s = site[0]
    if s.id == best.id:
        return "original", site_name, f"published by the outlet's own site ({s.describe()})"
    if s.entry is not None and best.entry is not None and s.entry.group == best.entry.group:
        return "original", site_name, f"the site {s.name} and {best.name} are one group ({s.entry.group})"
    if s.entry is not None and s.entry.type in _PLATFORMS:
        return "original", site_name, f"{best.name}'s own post on the platform {s.name}"
    return "repost", site_name, f"found on {s.name} ({s.describe()}), written by {best.name}"

