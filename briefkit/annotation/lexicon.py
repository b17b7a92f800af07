"""The gazetteers entity annotators look names up in, loaded once from briefkit/data/.

Keys are folded (case and diacritics removed) so "Türkiye", "Turkiye" and
"TURKIYE" meet; all-caps abbreviations ("US", "AP") are kept case-sensitive so
the pronoun "us" or the word "ap" never match.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..data import load_lines, read_text

MAX_WORDS = 7  # the longest gazetteer entry we try to match, in tokens


@lru_cache(maxsize=1 << 16)  # the same words are folded again and again (a bounded memo: output unchanged)
def fold(text: str) -> str:
    """Lower-case, without diacritics or curly apostrophes: the lookup key."""
    text = text.replace("’", "'")
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def key(text: str) -> str:
    return text if _is_abbreviation(text) else fold(text)


def _is_abbreviation(text: str) -> bool:
    """1-5 letters, all capitals ("US", "U.N."); stops at the first small letter."""
    letters = 0
    for c in text:
        if c.isalpha():
            if not c.isupper() or letters == 5:
                return False
            letters += 1
    return letters > 0


@dataclass
class Lexicon:
    countries: dict[str, str] = field(default_factory=dict)  # name, alias, demonym -> country
    capitals: dict[str, str] = field(default_factory=dict)  # capital -> country
    places: dict[str, str] = field(default_factory=dict)  # place -> as listed
    cities: set[str] = field(default_factory=set)  # keys of places that are only cities
    towns: dict[str, str] = field(default_factory=dict)  # smaller towns: places only in a place's context
    teams: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # nickname -> [(team, league)]
    team_leagues: dict[str, str] = field(default_factory=dict)  # a team's full name -> its league
    organizations: dict[str, str] = field(default_factory=dict)  # name or alias -> canonical
    organization_words: frozenset[str] = frozenset()
    roles: dict[str, str] = field(default_factory=dict)  # multi-word titles, folded
    role_words: frozenset[str] = frozenset()
    role_modifiers: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    not_name_words: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    region_codes: dict[str, str] = field(default_factory=dict)  # "FL", "Calif." -> US state, Canadian province
    thing_words: frozenset[str] = frozenset()  # end a facility or event name: Auditorium, Finals
    place_words: frozenset[str] = frozenset()  # end a place name: Beach, Falls, Springs
    # Made from the tables above by index(): every key -> (kind, name) of the first table
    # that has it, and the first word of every key -> the most words of a key it starts.
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    first_words: dict[str, int] = field(default_factory=dict)

    def index(self) -> None:
        """Build `entries` and `first_words`; call after changing the tables."""
        self.entries, self.first_words = {}, {}
        for kind, table in (
            ("organization", self.organizations),
            ("country", self.countries),
            ("capital", self.capitals),
            ("place", self.places),
            ("role", self.roles),
        ):
            for k, name in table.items():
                self.entries.setdefault(k, (kind, name))
        for k in self.entries:
            words = k.split(" ")
            self.first_words[words[0]] = max(self.first_words.get(words[0], 0), len(words))

    def lookup(self, text: str) -> tuple[str, str] | None:
        """(kind, canonical name) for a gazetteer entry, kind in country/capital/place/organization/role.

        The tables are searched in the order organization, country, capital, place, role."""
        return self.entries.get(key(text))

    def longest_from(self, word: str) -> int:
        """The most words of an entry whose key can start with `word` (0: none can).

        A phrase's key is either the phrase itself (an abbreviation) or its folded form,
        which folds word by word; a folded word may hold a space (some ligatures)."""
        folded = fold(word)
        if " " in folded:
            folded = folded.split(" ", 1)[0]
        return max(self.first_words.get(word, 0), self.first_words.get(folded, 0))


@cache
def lexicon() -> Lexicon:
    lex = Lexicon()
    _load_countries(lex)
    for line in load_lines("cities.txt"):
        lex.places.setdefault(key(line), line)
        lex.cities.add(key(line))
    for line in load_lines("towns.txt"):
        lex.towns.setdefault(key(line), line)
    for line in load_lines("team_nicknames.tsv"):
        nickname, team, league = (part.strip() for part in line.split("\t"))
        lex.teams.setdefault(nickname, []).append((team, league))
        lex.team_leagues[team] = league
    for line in load_lines("places.txt"):
        lex.places[key(line)] = line
        lex.cities.discard(key(line))
    for line in load_lines("organizations.txt"):
        alias, _, canonical = line.partition(":")
        canonical = canonical.strip() or alias.strip()
        lex.organizations[key(alias.strip())] = canonical
        lex.organizations.setdefault(key(canonical), canonical)
    lex.organization_words = frozenset(load_lines("organization_words.txt"))
    titles = [w for w in load_lines("role_words.txt")]
    lex.roles = {fold(t): t for t in titles if " " in t or "-" in t}
    lex.role_words = frozenset(fold(t) for t in titles)
    lex.role_modifiers = frozenset(fold(w) for w in load_lines("role_modifiers.txt"))
    lex.honorifics = frozenset(load_lines("honorifics.txt"))
    words = load_lines("not_name_words.txt")
    lex.not_name_words = frozenset(words) | {w.replace("'", "’") for w in words}  # "I'm" and "I’m"
    lex.speech_verbs = frozenset(load_lines("speech_verbs.txt"))
    lex.thing_words = frozenset(load_lines("thing_words.txt"))
    lex.place_words = frozenset(load_lines("place_words.txt"))
    for line in load_lines("region_codes.tsv"):
        name, _, codes = line.partition("\t")
        for code in codes.split(";"):
            lex.region_codes[code.strip()] = name.strip()
    lex.index()
    return lex


def _load_countries(lex: Lexicon) -> None:
    for line in read_text("countries.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, capital, others = (line.split("\t") + ["", ""])[:3]
        lex.countries[key(name)] = name
        for other in filter(None, others.split(";")):
            lex.countries.setdefault(key(other), name)
        if capital:
            lex.capitals[key(capital)] = name
    for line in load_lines("country_words.txt"):
        word, _, country = line.rpartition(":")
        lex.countries[key(word.strip())] = country.strip()
