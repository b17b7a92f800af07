"""Annotator: people, countries, places and organisations named in the article.

The title, the caption and each paragraph are cut into capitalised chunks
(names.py), each chunk split by the gazetteers (segments.py); what is left
unknown and looks like a name is a person (people.py), with a role (roles.py).
"""

from __future__ import annotations

import re

from ..model import Annotations
from .document import Document
from .lexicon import Lexicon, fold, lexicon
from .names import Chunk, Token, chunks, phrase, tokenize
from .people import People, looks_like_full_name, looks_like_single_name
from .roles import honorific_role, role_after, role_before, role_before_comma
from .segments import Segment, segment

_LOCATIVE = frozenset(
    "in to at from near outside inside into via across around through toward towards visit visited visiting "
    "arrived left based born capital city".split()
)
_TITLE_GENDER = {"Mr": "m", "Mr.": "m", "Sir": "m", "Lord": "m", "Ms": "f", "Ms.": "f", "Mrs": "f", "Mrs.": "f"}
_TITLE_GENDER |= {"Miss": "f", "Dame": "f", "Lady": "f", "King": "m", "Queen": "f", "Prince": "m", "Princess": "f"}
_NOT_BEFORE_A_PERSON = frozenset("a an its their our your my".split())
# Before an unknown capitalised word, these make it a place ("in Senkata", "southwest of Ithaca").
_PLACE_PREPOSITIONS = frozenset("in near outside of".split())
_DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern eastern western".split()
)
_ENGLISH = re.compile(r" (?:the|of|and|a|was|is) ")
# What may follow such a place: punctuation, or one of these words ("in Senkata, which", "in Uglii as").
_AFTER_PLACE = frozenset(
    "in on at to and or where when as but for with after before during since until on this last that which "
    "who from by near".split()
)
_PLACE_APPOSITIVE = re.compile(
    r",\s+(?:a|an|the)\s+(?:small\s+|tiny\s+|remote\s+|nearby\s+|coastal\s+|border\s+|rural\s+)?"
    r"(?:village|town|city|suburb|district|province|region|county|municipality|neighbou?rhood|island|port)\b"
)
_AREA_WORDS = frozenset("province district region state county city village town area".split())
_DATELINE = re.compile(
    r"^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)(?:,\s*[A-Za-z. ]+?)?\s*(?:\([^)]{1,30}\)\s*)?(?:—|–|--|-)\s"
)


class Found:
    """What the entity annotator has found so far, in order of first mention."""

    def __init__(self) -> None:
        self.countries: dict[str, None] = {}
        self.places: dict[str, None] = {}
        self.organizations: dict[str, None] = {}
        self.people = People()
        self.located: set[str] = set()  # places seen after "in", "to", "near"...: not surnames


def annotate(doc: Document, ann: Annotations) -> None:
    lex = lexicon()
    found = Found()
    texts = [doc.article.title or ""] + doc.paragraphs + [doc.article.caption or ""]
    singles: list[tuple] = []
    for number, text in enumerate(texts):
        names_people = number > 0  # a headline capitalises every word: no people from it
        _dateline(text, lex, found)
        tokens = tokenize(text)
        position = {t.start: i for i, t in enumerate(tokens)}
        for chunk in _merged(text, chunks(text, tokens), lex):
            _classify(text, tokens, position, chunk, lex, found, singles if names_people else None)
    _resolve_singles(singles, lex, found)
    ann.countries = list(found.countries)
    ann.places = [p for p in found.places if p not in found.countries and not _surname(p, found)]
    ann.organizations = [o for o in found.organizations if o not in found.countries]
    ann.people = found.people.as_people()
    doc.people_index = found.people  # for the quote annotator: surname -> person


def _dateline(text: str, lex: Lexicon, found: Found) -> None:
    match = _DATELINE.match(text)
    if match:
        hit = lex.lookup(match.group(1).title())
        if hit and hit[0] in ("place", "capital"):
            found.places[match.group(1).title() if hit[0] == "capital" else hit[1]] = None


def _merged(text: str, found: list[Chunk], lex: Lexicon) -> list[Chunk]:
    """Join "U.S. Securities" + "and" + "Exchange Commission" into one organisation chunk."""
    merged: list[Chunk] = []
    for chunk in found:
        if merged and text[merged[-1].end : chunk.start] in (" and ", " & ") and _ends_organization(chunk, lex):
            if (
                lex.lookup(phrase(merged[-1].tokens)) is None
                and merged[-1].tokens[-1].text not in lex.organization_words
            ):
                merged[-1] = Chunk(merged[-1].tokens + chunk.tokens)
                continue
        merged.append(chunk)
    return merged


def _ends_organization(chunk: Chunk, lex: Lexicon) -> bool:
    return chunk.tokens[-1].text in lex.organization_words and lex.lookup(phrase(chunk.tokens)) is None


def _classify(text, tokens, position, chunk, lex, found, singles) -> None:
    segments = segment(chunk.tokens, lex)
    for number, seg in enumerate(segments):
        if seg.kind == "organization":
            found.organizations[_as_written(text, seg) if seg.name == phrase(seg.tokens) else seg.name] = None
            _countries_inside(seg, lex, found)
        elif seg.kind == "country":
            found.countries[seg.name] = None
        elif seg.kind == "capital":
            _capital(text, tokens, position[seg.tokens[0].start], seg, found)
        elif seg.kind == "place":
            found.places[seg.name] = None
            if _after_locative(text, tokens, position[seg.tokens[0].start]):
                found.located.add(seg.name)
        elif seg.kind == "unknown" and singles is not None:
            _unknown(text, tokens, position, seg, segments[:number], lex, found, singles)


def _after_locative(text: str, tokens: list[Token], index: int) -> bool:
    return (
        index > 0
        and tokens[index - 1].text.lower() in _PLACE_PREPOSITIONS
        and (text[tokens[index - 1].end : tokens[index].start] == " ")
    )


def _surname(place: str, found: Found) -> bool:
    """A one-word place that is also a person's name word and never follows "in", "to"...:
    "Kennedy said" is James P. Kennedy Jr."""
    return " " not in place and place not in found.located and fold(place) in found.people.by_word


def _as_written(text: str, seg: Segment) -> str:
    last = seg.tokens[-1]
    return text[seg.tokens[0].start : last.start + len(last.text)]


def _countries_inside(seg: Segment, lex: Lexicon, found: Found) -> None:
    for token in seg.tokens:
        hit = lex.countries.get(token.text) or lex.countries.get(fold(token.text))
        if hit and token.text[0].isupper():
            found.countries[hit] = None


def _capital(text: str, tokens: list[Token], index: int, seg: Segment, found: Found) -> None:
    """A capital that owns or does something ("Tokyo's curbs", "Seoul raised") stands for its
    government; after "in", "to", "visit"... or in a list it is a city."""
    previous = tokens[index - 1].text.lower() if index > 0 else ""
    last = index + len(seg.tokens) - 1
    following = tokens[last + 1].text if last + 1 < len(tokens) else ""
    acts = following[:1].islower() and following not in ("and", "or") and text[tokens[last].end :][:1] == " "
    if previous not in _LOCATIVE and (seg.tokens[-1].possessive or acts):
        found.countries[seg.name] = None
    else:
        name = phrase(seg.tokens)
        name = name.title() if name.isupper() else name
        found.places[name] = None
        if previous in _LOCATIVE or previous in _PLACE_PREPOSITIONS:
            found.located.add(name)


def _unknown(text, tokens, position, seg, before, lex, found, singles) -> None:
    words = list(seg.tokens)
    if _common_word_at_sentence_start(text, words[0]):
        words = words[1:]
        if not words:
            return
        seg = Segment(seg.kind, tuple(words), phrase(words))
    first = position[words[0].start]
    if len(words) > 1 and any(_acronym(t.text) for t in words):
        found.organizations[seg.name] = None
        return
    if len(words) == 1 and _area_follows(text, words[0]):
        found.places[words[0].text] = None  # "Logar province"
        return
    if len(words) == 1 and _is_place_word(text, tokens, first, words[0], lex, found):
        return
    if not before and _not_a_person_here(text, tokens, first, words):
        return
    titled = bool(before) and before[-1].kind == "honorific"
    gender = _TITLE_GENDER.get(before[-1].tokens[-1].text) if titled else None
    if looks_like_full_name(seg.tokens, lex):
        last = position[words[-1].start]
        role = (
            role_before(text, tokens, first, lex)
            or role_before_comma(text, tokens, first, last, lex)
            or role_after(text, words[-1].end, lex)
        )
        found.people.add(words, role, gender)
        return
    if len(words) == 1 and looks_like_single_name(words[0], lex):
        role = role_before(text, tokens, first, lex) if titled else None
        singles.append(
            (
                text,
                words,
                first,
                titled,
                role or honorific_role(list(before[-1].tokens), lex) if titled else None,
                gender,
            )
        )


def _not_a_person_here(text: str, tokens: list[Token], first: int, words: list[Token]) -> bool:
    """“Wild Rose” (a title in quote marks), "its Dream Chaser vehicle", "a Go-Kart Track":
    capitalised words a person's name never stands in."""
    opening = _char_before(text, words[0].start)
    closing = _char_after(text, words[-1].end, " ,.!?")
    if opening in ("“", '"') and closing in ("”", '"'):
        return True
    previous = tokens[first - 1].text.lower() if first > 0 else ""
    return previous in _NOT_BEFORE_A_PERSON and text[tokens[first - 1].end : words[0].start] == " "


def _is_place_word(text, tokens, first, token: Token, lex: Lexicon, found: Found) -> bool:
    """One unknown capitalised word that the words around make a place: "an Amritsar-based
    agent", "a fuel plant in Senkata", "Addison, a village southwest of Ithaca"."""
    word = token.text
    if word.endswith("-based") and word[:1].isupper():
        base = word[: -len("-based")]
        hit = lex.lookup(base)
        if hit is not None and hit[0] in ("place", "capital"):
            base = hit[1] if hit[0] == "place" else base
        elif hit is not None or "-" in base or not base.isalpha() or base.isupper():
            return False
        found.places[base] = None
        found.located.add(base)
        return True
    following = text[token.end : token.end + 40]
    if token.possessive or word in lex.not_name_words or not word.isalpha() or word.isupper():
        return False
    if following[:1] in ("’", "'") or not _ENGLISH.search(text):
        return False  # "in James’ hands"; and not in German, where every noun is capitalised
    if _PLACE_APPOSITIVE.match(following):
        found.places[word] = None
        found.located.add(word)
        return True
    next_word = following.split(None, 1)[0] if following[:1] == " " and following.strip() else ""
    if next_word and next_word.strip(",.;:") not in _AFTER_PLACE:
        return False  # "in MacBook keyboards", "in Senkata Valley": not this rule's
    previous = tokens[first - 1].text if first > 0 else ""
    before = tokens[first - 2].text.lower() if first > 1 else ""
    if previous in _PLACE_PREPOSITIONS and (previous != "of" or before in _DIRECTIONS):
        if text[tokens[first - 1].end : token.start] == " ":
            found.places[word] = None
            found.located.add(word)
            return True
    return False


def _common_word_at_sentence_start(text: str, token: Token) -> bool:
    """ "Teachers said", "Although Hitler": a capital only because the sentence starts there."""
    before = _char_before(text, token.start)
    if before and before not in '.!?"“”:':
        return False
    word = token.text.lower()
    return f" {word} " in text or f" {word}," in text or f" {word}." in text


def _char_before(text: str, index: int) -> str:
    """The last character before `index` that is not white space (text[:index].rstrip()[-1:]),
    found without copying the text before it."""
    index -= 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return text[index] if index >= 0 else ""


def _char_after(text: str, index: int, skipped: str) -> str:
    """The first character from `index` on that is not in `skipped` (text[index:].lstrip(skipped)[:1])."""
    while index < len(text) and text[index] in skipped:
        index += 1
    return text[index : index + 1]


def _area_follows(text: str, token: Token) -> bool:
    following = text[token.end : token.end + 12].split()
    return bool(following) and following[0].strip(",.") in _AREA_WORDS


def _acronym(word: str) -> bool:
    return len(word.rstrip(".")) > 1 and word.isupper() and word not in ("II", "III", "IV")


def _resolve_singles(singles, lex: Lexicon, found: Found) -> None:
    """Single names: a known person's name word, or a person of their own with a title or speech verb."""
    for text, words, _first, titled, role, gender in singles:
        known = found.people.find(words[0].text)
        if known is not None:
            known.role = known.role or role  # "President Trump" gives Donald Trump a role
            known.gender = known.gender or gender
            continue
        if titled or _speaks(text, words[0], lex):
            found.people.add(words, role, gender)


def _speaks(text: str, token: Token, lex: Lexicon) -> bool:
    after = text[token.end : token.end + 20].split()
    before = text[max(0, token.start - 12) : token.start].split()
    return bool(after and after[0].strip(",.") in lex.speech_verbs) or bool(before and before[-1] in lex.speech_verbs)
