"""What a sentence says about all its cues: its questions and their kind, conceded clauses,
and whether any word that acts after a cue is in it (:mod:`framing.scoring.matching`, whose
module docstring gives the rules). Each is worked out once per sentence, and only when a
cue asks for it.
"""

from __future__ import annotations

from typing import Any

from framing.tokenize import Token

__all__ = ["CLAUSE_BREAKS", "QUESTION_CLOSERS", "SentenceClauses"]

CLAUSE_BREAKS = "，,；;：:。！？!?"
"""Punctuation between clauses: co-occurrence within a clause, question clauses."""
_BREAK_SET = set(CLAUSE_BREAKS)
QUESTION_CLOSERS = " \t\r\n\u3000”’\"'）)】]」』》〉"
"""What may follow a question mark at the end of a sentence."""


class SentenceClauses:
    """What a sentence says about all its cues, worked out once and only when asked:
    question spans, rhetorical marker, conceded tokens, words that act after a cue.

    Parameters
    ----------
    matcher : Matcher
        The :class:`~framing.scoring.matching.Matcher` whose compiled question, concession
        and after-cue rules apply.
    text : str
        The sentence.
    tokens : list of Token
        Its tokens.
    """

    def __init__(self, matcher: Any, text: str, tokens: list[Token]) -> None:
        self.m, self.text, self.tokens = matcher, text, tokens
        self._questions: list[tuple[int, int]] | None = None
        self._kind: str | None = None
        self._conceded: tuple[int, list[tuple[int, int]]] | None = None
        self.after = matcher.post_any is not None and matcher.post_any.search(text) is not None

    @property
    def questions(self) -> list[tuple[int, int]]:
        """Character spans of the sentence that are questions."""
        if self._questions is None:
            m, text = self.m, self.text
            spans: list[tuple[int, int]] = []
            if m.q_end and text.rstrip(QUESTION_CLOSERS).endswith(m.q_end):
                spans = [(0, len(text))]
            else:
                # a particle: its clause up to it; a word: from the word to its clause's end
                for mo in m.q_particles.finditer(text) if m.q_particles is not None else ():
                    spans.append((max(text.rfind(c, 0, mo.start()) for c in CLAUSE_BREAKS) + 1, mo.end()))
                for mo in m.q_words.finditer(text) if m.q_words is not None else ():
                    ends = [i for i in (text.find(c, mo.end()) for c in CLAUSE_BREAKS) if i >= 0]
                    spans.append((mo.start(), min(ends, default=len(text))))
            self._questions = spans
        return self._questions

    def in_question(self, start: int) -> bool:
        """Whether a character position lies in one of the sentence's questions.

        Parameters
        ----------
        start : int
            The position (a cue's start).

        Returns
        -------
        bool
            True inside a question span (:attr:`questions`).
        """
        return any(a <= start < b for a, b in self.questions)

    @property
    def kind(self) -> str:
        """What kind of question the sentence holds: ``rhetorical`` (a rhetorical marker:
        难道, 岂 ...), ``wh_question`` (a sentence question with a wh-word and no yes/no
        word: 厉害在哪里？), else ``question``."""
        if self._kind is None:
            m, text = self.m, self.text
            if m.rhetorical is not None and m.rhetorical.search(text):
                self._kind = "rhetorical"
            elif (
                self.questions == [(0, len(text))]
                and m.q_wh is not None
                and m.q_wh.search(text)
                and not (m.q_yes_no is not None and m.q_yes_no.search(text))
            ):
                self._kind = "wh_question"
            else:
                self._kind = "question"
        return self._kind

    @property
    def rhetorical(self) -> bool:
        """A question with a rhetorical marker (难道, 岂 ...)."""
        return bool(self.questions) and self.kind == "rhetorical"

    def conceded(self, index: int) -> bool:
        """Whether the token at ``index`` lies in a conceded clause.

        Parameters
        ----------
        index : int
            A token index.

        Returns
        -------
        bool
            True before the sentence's last adversative marker, or from a concessive marker up
            to the main-clause marker or the clause's end.
        """
        if self._conceded is None:
            last_adv, spans = -1, []
            m = self.m
            if m.clause_any is not None and m.clause_any.search(self.text):
                opened = -1
                for k, tk in enumerate(self.tokens):
                    w = tk.text
                    if w in m.adversative:
                        last_adv = k
                    if opened >= 0 and (
                        w in m.main or (tk.is_punct and any(ch in _BREAK_SET for ch in w))
                    ):
                        spans.append((opened, k))
                        opened = -1
                    if w in m.concessive and opened < 0:
                        opened = k + 1
                if opened >= 0:
                    spans.append((opened, len(self.tokens)))
            self._conceded = (last_adv, spans)
        last_adv, spans = self._conceded
        return index < last_adv or any(a <= index < b for a, b in spans)
