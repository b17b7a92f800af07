"""Who said a quote: the attribution around it, resolved to a person or a body."""

from __future__ import annotations

import re
from functools import cache

from .document import Document
from .lexicon import fold, lexicon

_VERBS = "|".join(sorted((re.escape(v) for v in lexicon().speech_verbs), key=len, reverse=True))
# "...," she said. / "...," State Department spokeswoman Morgan Ortagus told reporters.
_ADVERB = "(?:also |later |then |has |had |have |would )?"
_SUBJECT_VERB_AFTER = re.compile(rf"^[\s,.!?]*(?P<subject>[^.!?\"“”;]{{1,90}}?)\s+{_ADVERB}(?:{_VERBS})\b")
# "...," said Kang. / "...," according to the ministry.
_VERB_SUBJECT_AFTER = re.compile(rf"^[\s,.]*(?:{_VERBS}|according to)\s+(?P<subject>[^.!?,;\"“”]{{1,90}})")
# Kang told Pompeo that ... "..." / The minister said: "..."
_SUBJECT_VERB_BEFORE = re.compile(
    rf"(?P<subject>[A-Z][^.!?\"“”;:]{{0,80}}?)\s+(?:also |later |then |has |had |have |would )?(?:{_VERBS})\b"
)
_ACCORDING_BEFORE = re.compile(r"[Aa]ccording to (?P<subject>[^,.;\"“”]{1,80})")
# Where a sentence ends: . ! or ? (maybe closing quotes or brackets), then space.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|No|U\.S|U\.K|U\.N)|\b[A-Z])\.$")
_PRONOUNS_PERSON = frozenset({"he", "she", "they"})
_PRONOUNS_BODY = frozenset({"it", "the company", "the statement", "the ministry", "the agency", "the report"})
_BODY_WORDS = frozenset(
    "ministry department government company agency military army police office statement court council "
    "commission committee party embassy spokesman spokeswoman spokesperson firm group bank authority "
    "prosecutors prosecutor's report union".split()
)
_UNNAMED = re.compile(r"^(?:a|an|one|some|many|several|two|three|other)\b", re.IGNORECASE)


@cache
def _aliases() -> dict[str, set[str]]:
    """Canonical organisation name -> its all-caps aliases ("AP" for Associated Press)."""
    found: dict[str, set[str]] = {}
    for alias, canonical in lexicon().organizations.items():
        if alias.isupper():
            found.setdefault(canonical, set()).add(alias)
    return found


def _last_sentence(text: str) -> str:
    """The sentence `text` ends in: what follows its last sentence end ("Mr." is none)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if not _ABBREVIATION.search(text, 0, match.start() + 1):
            start = match.end()
    return text[start:]


class Speakers:
    def __init__(self, doc: Document, organizations: list[str]) -> None:
        self.organizations = organizations
        self.people = doc.people_index
        self.last_person: str | None = None
        self.last_body: str | None = None

    def spoke(self, speaker: str | None) -> None:
        if speaker is None:
            return
        if self._person(speaker):
            self.last_person = speaker
        else:
            self.last_body = speaker

    def resolve(self, paragraph: str, start: int, end: int) -> str | None:
        before = paragraph[:start]
        sentence = _last_sentence(before)
        names = [
            self._name(s) if s else None
            for s in (self._before(sentence), self._after(paragraph[end : end + 160]))
        ]
        if names[1] and not self._person(names[1]):
            self.last_body = names[1]  # "..., the ministry said": "it" may say the next quote
        return next((n for n in names if n is not None and n), None) if any(names) else None

    def _before(self, sentence: str) -> str | None:
        found = list(_SUBJECT_VERB_BEFORE.finditer(sentence))
        according = _ACCORDING_BEFORE.search(sentence)
        if according:
            return according.group("subject")
        return found[-1].group("subject") if found else None

    def _after(self, after: str) -> str | None:
        match = _VERB_SUBJECT_AFTER.match(after) or _SUBJECT_VERB_AFTER.match(after)
        return match.group("subject") if match else None

    def _name(self, subject: str) -> str | None:
        """The speaker a subject phrase names; "" when it names nobody in particular."""
        subject = subject.strip().rstrip(",")
        lowered = subject.lower()
        if lowered in _PRONOUNS_PERSON:
            return self.last_person or ""
        if lowered in _PRONOUNS_BODY:
            return self.last_body or ""
        person = self._person_in(subject)
        if person:
            return person
        organization = self._organization_in(subject)
        if organization:
            return organization
        words = lowered.split()
        if words and not _UNNAMED.match(lowered) and words[-1] in _BODY_WORDS:
            return re.sub(r"^(?:the|a|an)\s+", "", subject)
        return ""

    def _person(self, name: str) -> bool:
        return self.people is not None and self.people.find(name) is not None

    def _person_in(self, subject: str) -> str | None:
        if self.people is None:
            return None
        words = re.findall(r"[\w’'-]+", subject)
        for word in reversed(words):
            word = re.sub(r"[’']s$", "", word)
            if word[:1].isupper():
                record = self.people.find(word)
                if record is not None:
                    return record.name
        return None

    def _organization_in(self, subject: str) -> str | None:
        folded, words = fold(subject), set(re.findall(r"[\w.&-]+", subject))
        for name in self.organizations:
            if fold(name) in folded or words & _aliases().get(name, set()):
                return name
        return None
