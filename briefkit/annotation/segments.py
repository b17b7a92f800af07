"""Split a capitalised chunk into gazetteer matches and unknown runs.

"US Secretary of State Mike Pompeo" -> country "US", role "Secretary of State",
unknown run "Mike Pompeo" (a person, decided by people.py). An organisation
suffix word ("Department", "Electronics") ends an organisation name that runs
from the chunk's known or unknown start.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import MAX_WORDS, Lexicon, fold
from .names import CONNECTORS, Token, phrase
from .people import given_names

# Words that never start an organisation name, though they may stand before one.
_NOT_ORGANIZATION_START = frozenset(
    "The A An In On At But And Or If When While After Before This That His Her Their Its".split()
    + "Former Key Then From To By For With As Since During Under Like Via".split()
)
# Lower-case particles that stay inside an unknown run between two name words ("Alex de Minaur").
_PARTICLES = frozenset({"de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "al"})
PLACE_SUFFIXES = frozenset({"County", "Province", "State", "Region", "District", "Prefecture", "Oblast", "Territory"})


@dataclass(frozen=True)
class Segment:
    kind: str  # organization, country, capital, place, role, honorific, unknown, other
    tokens: tuple[Token, ...]
    name: str  # canonical name for gazetteer matches, the words otherwise


def segment(tokens: tuple[Token, ...], lex: Lexicon) -> list[Segment]:
    if len(tokens) == 1:
        return [_one_word(tokens[0], lex)]  # three chunks in four
    segments: list[Segment] = []
    unknown: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        found = _match(tokens, index, lex, unknown)
        if found and _ends_a_name(found, unknown):  # "Ian Hamilton": a given name, then a city as surname
            unknown.extend(found.tokens)
            index += len(found.tokens)
            continue
        if found and not _starts_a_name(found, tokens, index, lex):
            _flush(unknown, segments)
            segments.append(found)
            index += len(found.tokens)
            continue
        if found:  # a city name heading an unknown run: "Florence Pugh"
            unknown.extend(found.tokens)
            index += len(found.tokens)
            continue
        if unknown and token.text in _PARTICLES and index + 1 < len(tokens):
            unknown.append(token)  # "Alex de Minaur": the particle stays in the name
            index += 1
            continue
        kind = _word_kind(token, lex)
        if kind:
            _flush(unknown, segments)
            segments.append(Segment(kind, (token,), token.text))
        else:
            unknown.append(token)
        index += 1
    _flush(unknown, segments)
    return segments


def _one_word(token: Token, lex: Lexicon) -> Segment:
    """segment() of a one-word chunk: a gazetteer entry, or the word's own kind. (Alone, a word
    starts no organisation and no given name: those need a word after it.)"""
    if token.text not in CONNECTORS and _longest_from(token, lex):
        hit = _lookup((token,), lex)
        if hit:
            return Segment(hit[0], (token,), hit[1])
    return Segment(_word_kind(token, lex) or "unknown", (token,), token.text)


def _match(tokens: tuple[Token, ...], start: int, lex: Lexicon, before: list[Token] | None = None) -> Segment | None:
    best = None
    longest = min(MAX_WORDS, _longest_from(tokens[start], lex))  # no entry is longer
    for end in range(min(len(tokens), start + longest), start, -1):
        if tokens[end - 1].text in CONNECTORS:
            continue
        hit = _lookup(tokens[start:end], lex)
        if hit:
            best = Segment(hit[0], tokens[start:end], hit[1])
            if (
                hit[0] in ("place", "capital")
                and end < len(tokens)
                and tokens[end].text in PLACE_SUFFIXES
                and not (tokens[end].text == "State" and hit[1] in lex.region_codes.values())  # New York State
            ):
                words = tokens[start : end + 1]  # "Riverside County", "Osun State"
                best = Segment("place", words, phrase(words))
            break
    first = tokens[start].text
    org_end = 0 if first in _NOT_ORGANIZATION_START or first in CONNECTORS else _organization_end(tokens, start, lex)
    if org_end and _person_of(tokens, start, org_end, lex, before or []):
        org_end = 0  # "Patrick Liu-Shiu-Cheong of Victoria Hospital": the body starts after "of"
    if org_end and (best is None or org_end > start + len(best.tokens)):
        words = tokens[start:org_end]
        return Segment("organization", words, phrase(words))
    return best


def _longest_from(token: Token, lex: Lexicon) -> int:
    longest = lex.longest_from(token.text)
    return max(longest, lex.longest_from(token.text + "'s")) if token.possessive else longest


def _lookup(tokens: tuple[Token, ...], lex: Lexicon) -> tuple[str, str] | None:
    """The gazetteer entry of these words; a name ending in 's is looked up with it first
    ("Lowe's", "McDonald's", "Moody's": the tokenizer keeps 's apart)."""
    words = phrase(tokens)
    if tokens[-1].possessive:
        hit = lex.lookup(words + "'s")
        if hit:
            return hit
    return lex.lookup(words)


def _organization_end(tokens: tuple[Token, ...], start: int, lex: Lexicon) -> int:
    """End of an organisation name starting at `start` and ending with a suffix word, or 0."""
    end = 0
    if (
        tokens[start].text in lex.organization_words
        and start + 2 < len(tokens)
        and tokens[start + 1].text in ("of", "for")
    ):
        end = start + 1  # "Ministry of ...", "University of ...", "Ministry for Foreign Affairs"
    for index in range(start, len(tokens)):
        token = tokens[index]
        if index > start and tokens[index - 1].possessive:
            break
        if _is_role(token, lex) or token.text in lex.honorifics:
            break
        if index > start and (
            token.text in lex.organization_words
            or ("-" in token.text and token.text.rsplit("-", 1)[1] in lex.organization_words)  # "News-Register"
        ):
            end = index + 1
    if end and end < len(tokens) and tokens[end].text in ("of", "for", "on"):  # "Institute for Astrophysics"
        stop = end
        while stop < len(tokens) and not _is_role(tokens[stop], lex) and not tokens[stop - 1].possessive:
            stop += 1
        if all(t.text in CONNECTORS or t.text == "the" for t in tokens[end:stop]) and _titles_to_the_end(
            tokens, stop, lex
        ):
            stop = len(tokens)  # "Office of Inspector General", "Office of the Attorney General": a title's office
        end = stop if tokens[stop - 1].text not in CONNECTORS and tokens[stop - 1].text != "the" else end
    return end


def _titles_to_the_end(tokens: tuple[Token, ...], start: int, lex: Lexicon) -> bool:
    """Whether the words from `start` to the end of the chunk are all title words (nobody's name)."""
    return start < len(tokens) and all(_is_role(t, lex) and not t.possessive for t in tokens[start:])


def _person_of(tokens: tuple[Token, ...], start: int, end: int, lex: Lexicon, before: list[Token]) -> bool:
    """Whether `before` (the unknown words just before) and tokens[start:end] are "<a person's
    name> of <an organisation>"."""
    of = next((i for i in range(start + 1, end) if tokens[i].text == "of"), None)
    if of is None or tokens[of - 1].text in lex.organization_words:
        return False
    name = before + list(tokens[start:of])
    return 2 <= len(name) <= 4 and name[0].text in given_names() and all(t.text[:1].isupper() for t in name)


def _starts_a_name(found: Segment, tokens: tuple[Token, ...], start: int, lex: Lexicon) -> bool:
    """A single city word directly before an unknown capitalised word is a given name."""
    if found.kind not in ("place", "capital") or len(found.tokens) != 1 or found.tokens[0].possessive:
        return False
    if fold(found.tokens[0].text) not in lex.cities:
        return False
    position = start + 1
    if position >= len(tokens):
        return False
    following = tokens[position]
    return _word_kind(following, lex) is None and lex.lookup(following.text) is None and following.text[1:].islower()


def _ends_a_name(found: Segment, unknown: list[Token]) -> bool:
    """A single place word right after a known given name is a surname: "Ian Hamilton",
    "George Washington" (not "Pittsburgh" after "Browns", which is no given name)."""
    if found.kind not in ("place", "capital") or len(found.tokens) != 1 or not unknown:
        return False
    last = unknown[-1]
    return not last.possessive and last.text in given_names()


def _word_kind(token: Token, lex: Lexicon) -> str | None:
    if token.text in lex.honorifics:
        return "honorific"
    if _is_role(token, lex):
        return "role"
    if token.text in lex.not_name_words or token.text in CONNECTORS:
        return "other"
    return None


def _is_role(token: Token, lex: Lexicon) -> bool:
    return fold(token.text) in lex.role_words and token.text not in lex.not_name_words


def _flush(unknown: list[Token], segments: list[Segment]) -> None:
    particles = []
    if unknown and unknown[-1].text in _PARTICLES:
        while unknown and unknown[-1].text in _PARTICLES:
            particles.insert(0, unknown.pop())  # "Universidad de" + country "Chile": the particle is no name
    if unknown:
        words = tuple(unknown)
        if len(words) > 1 and words[-1].text in PLACE_SUFFIXES:
            segments.append(Segment("place", words, phrase(words)))
        else:
            segments.append(Segment("unknown", words, phrase(words)))
        unknown.clear()
    if particles:
        segments.extend(Segment("other", (t,), t.text) for t in particles)
