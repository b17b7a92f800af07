"""People: full names, each once, with the role the article gives them.

A person is an unknown capitalised run that looks like a name ("Mike Pompeo",
"Kang Kyung-wha"), or a single name with a title or a speech verb ("President
Trump", "Ortagus said"). Single-word mentions of a known person ("Pompeo",
"Kang") are the same person, whichever end of the name they match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..data import load_lines
from ..model import Person
from .lexicon import Lexicon, fold
from .names import Token

_INITIAL = re.compile(r"^[A-Z]\.$")
_COMPOUND = re.compile(r"-(?:listed|based|born|led|backed|owned|made|style|era|bound)$")
_GAELIC = re.compile(r"(?:O['’]|Mc|Mac)[A-Z][a-z]")
_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})


@dataclass
class PersonRecord:
    name: str
    role: str | None = None
    words: frozenset[str] = frozenset()  # folded name words, for surname look-ups
    gender: str | None = None  # "f" or "m" when a title says so ("Ms Persson")


@dataclass
class People:
    records: list[PersonRecord] = field(default_factory=list)
    by_word: dict[str, PersonRecord] = field(default_factory=dict)  # last mention wins
    by_name: dict[str, PersonRecord] = field(default_factory=dict)  # folded full names, old ones too

    def add(self, words: list[Token], role: str | None, gender: str | None = None) -> PersonRecord:
        name = " ".join(t.text for t in words)
        found = self.find(name) or self._ending(fold(name))
        if found is None:
            found = self._merge_single(words) or PersonRecord(name)
            if found not in self.records:
                self.records.append(found)
        if len(words) > len(found.name.split()):
            found.name = name
        self.by_name[fold(found.name)] = found
        found.words = found.words | {fold(t.text) for t in words if t.text not in _SUFFIXES}
        found.role = found.role or role
        found.gender = found.gender or gender
        for word in found.words:
            self.by_word[word] = found
        return found

    def _merge_single(self, words: list[Token]) -> PersonRecord | None:
        """A full name arriving after its surname alone ("Trump", then "Donald Trump"), or after a
        surname of several words ("Van Der Beek", then "James Van Der Beek")."""
        later = {fold(t.text) for t in words[1:]}
        folded = fold(" ".join(t.text for t in words))
        for record in self.records:
            if " " not in record.name and fold(record.name) in later:
                return record
            if " " in record.name and folded.endswith(" " + fold(record.name)):
                return record
        return None

    def _ending(self, folded: str) -> PersonRecord | None:
        """A known person whose full name ends with this surname of several words ("Van Der Beek")."""
        if " " not in folded:
            return None
        for record in self.records:
            if fold(record.name).endswith(" " + folded):
                return record
        return None

    def remove(self, record: PersonRecord) -> None:
        self.records = [r for r in self.records if r is not record]
        for index in (self.by_word, self.by_name):
            for key in [k for k, r in index.items() if r is record]:
                del index[key]

    def find(self, name: str) -> PersonRecord | None:
        folded = fold(name)
        record = self.by_name.get(folded)
        if record is not None and fold(record.name) == folded:
            return record
        if " " not in folded:
            return self.by_word.get(folded)
        return None

    def as_people(self) -> list[Person]:
        return [Person(r.name, r.role) for r in self.records]


# Lower-case particles inside a name: "Alex de Minaur", "Botic van de Zandschulp".
PARTICLES = frozenset({"de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "al"})


def looks_like_full_name(words: tuple[Token, ...], lex: Lexicon) -> bool:
    if not 2 <= len(words) <= 4:
        return False
    if words[0].text in _SUFFIXES or _INITIAL.match(words[-1].text):
        return False
    if all(_name_word(t, lex) for t in words):
        return True
    last = len(words) - 1
    return all(_name_word(t, lex) or (0 < i < last and t.text in PARTICLES) for i, t in enumerate(words))


@cache
def given_names() -> frozenset[str]:
    return frozenset(load_lines("given_names.txt"))


@cache
def english_words() -> frozenset[str]:
    """Common English words in lower case (SCOWL, data/english_words.txt)."""
    return frozenset(load_lines("english_words.txt"))


def named_like_a_person(name: str) -> bool:
    """Evidence in the name itself: a known given name first ("Jane Smith"), an initial ("J. K.
    Rowling"), a particle ("Alex de Minaur"), a hyphenated given name ("Kang Kyung-wha") or an
    Irish or Scottish surname ("Beto O’Rourke", "Larry McDonald"), or no word that is an English
    word ("Guido Pella", but not "Moon Express")."""
    words = name.split()
    if words[0].split("-")[0] in given_names() or _GAELIC.match(words[-1]):
        return True
    if not any(fold(w).strip(".’'") in english_words() for w in words):
        return True  # "Guido Pella", "Yoshihito Nishioka": no English word in it (unlike "Essar Steel")
    inner = {w.lower() for w in words[1:-1]}  # "Sultan Al Jaber", "James Van Der Beek"
    return bool(inner & PARTICLES) or any(_INITIAL.match(w) or re.search(r"\w-[a-z]", w) for w in words)


def _name_word(token: Token, lex: Lexicon) -> bool:
    text = token.text
    if (len(text) <= 3 and _INITIAL.match(text)) or text in _SUFFIXES:  # "A." (or "A.\n")
        return True
    if text in lex.organization_words or text in lex.not_name_words or fold(text) in lex.role_words:
        return False
    if "-" in text and text.rsplit("-", 1)[1] in lex.organization_words:
        return False  # "News-Register"
    if "-" in text and _COMPOUND.search(text):
        return False
    letters = text.replace("-", "").replace("'", "").replace("’", "")
    return letters[:1].isupper() and not letters.isupper() and letters.isalpha()


def looks_like_single_name(token: Token, lex: Lexicon) -> bool:
    return len(token.text) > 2 and _name_word(token, lex) and not _INITIAL.match(token.text)
