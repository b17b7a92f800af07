"""The role an article gives a person: "US Secretary of State Mike Pompeo",
"Derek Scissors, a China scholar with the American Enterprise Institute, said".
"""

from __future__ import annotations

import re

from .lexicon import Lexicon, fold
from .names import Token

_JOINERS = frozenset({"of", "for", "at", "and", "the", "to", "on"})
_APPOSITIVE = re.compile(
    r"\s*,\s*(?:the |a |an |his |her |its |their |both )?([^,;:()\"“”]{2,140}?)"
    r"\s*(?=,|\.\s|\.$|;|\s\(| said| says| told| who)"
)
# "Jane Roe, who is the head of the agency," / "..., who serves as its chief economist,"
_WHO_IS = re.compile(
    r"\s*,\s*who (?:is|was|has been|had been|serves as|served as|works as|worked as) "
    r"(?:also |now |currently )?(?:the |a |an |his |her |its |their )?([^,;:()\"“”]{2,140}?)"
    r"\s*(?=,|\.\s|\.$|;|\s\()"
)
# A long appositive ends where the sentence goes on about something else:
# "a top aide to Vice President Pence on Trump's July 25 call" -> "top aide to Vice President Pence".
_GOES_ON = re.compile(r"\s(?:on|during|after|before|when|while|with|in which|who|since|until|as)\s")
# "Alex Horton of the Washington Post": an affiliation with a known organisation.
_OF_ORGANIZATION = re.compile(r"\s+(?:of|from|at) (?:the )?((?:[A-Z][\w.&’'-]*\s?){1,5})")
_BEFORE_COMMA_WORDS = frozenset({"then", "longtime", "veteran", "outgoing", "incoming"})
_NOT_ROLE_START = frozenset(
    {"who", "which", "and", "said", "says", "told", "according", "but", "while", "when", "as", "in", "on"}
)


def role_before(text: str, tokens: list[Token], first: int, lex: Lexicon) -> str | None:
    """Title words directly before tokens[first] ("State Department spokeswoman")."""
    index = first - 1
    start = None
    while index >= 0:
        token, following = tokens[index], tokens[index + 1]
        if text[token.end : following.start].strip():
            break  # punctuation between them
        if not _role_word(token, lex) and not (token.text in _JOINERS and start is not None):
            break
        if token.text == "and" and _joins_people(tokens, index, lex):
            break  # "American Kevin King and Australian Timothy Weeks": two people, not one title
        if token.text not in _JOINERS:
            start = index
        index -= 1
    if start is None:
        return None
    words = tokens[start:first]
    if not any(fold(t.text) in lex.role_words for t in words) and not _has_title(words, lex):
        return None
    return text[words[0].start : words[-1].end]


def _role_word(token: Token, lex: Lexicon) -> bool:
    folded = fold(token.text)
    if folded in lex.role_words or folded in lex.role_modifiers:
        return True
    return (
        token.capitalised
        and token.text not in lex.not_name_words
        and token.text
        not in lex.honorifics
        - {
            "President",
            "Senator",
            "Governor",
            "Minister",
            "Chancellor",
            "Judge",
            "General",
            "Ambassador",
            "Pope",
            "King",
            "Queen",
            "Prince",
            "Princess",
            "Sen.",
            "Rep.",
            "Gov.",
            "Gen.",
            "Lt.",
            "Col.",
            "Capt.",
            "Sgt.",
        }
    )


def _has_title(words: list[Token], lex: Lexicon) -> bool:
    joined = fold(" ".join(t.text for t in words))
    return any(title in joined for title in lex.roles) or any(t.text in lex.honorifics for t in words)


def _joins_people(tokens: list[Token], index: int, lex: Lexicon) -> bool:
    """Whether the "and" at tokens[index] follows a name rather than a title word:
    "Trump and US Trade Representative", "Kevin King and" but not "CEO and president"."""
    if index == 0:
        return True
    before = tokens[index - 1]
    if not before.capitalised:
        return False
    if fold(before.text) not in lex.role_words:
        return True
    if before.text not in lex.honorifics:  # "CEO and president"; but "King" may be a surname
        return False
    return index > 1 and tokens[index - 2].capitalised and fold(tokens[index - 2].text) not in lex.role_words


def role_before_comma(text: str, tokens: list[Token], first: int, last: int, lex: Lexicon) -> str | None:
    """A title set off by commas before the name: "WeWork's founder and former CEO, Adam
    Neumann," / "the then UK Home Secretary, Sajid Javid," -> the title."""
    if first == 0 or text[tokens[first - 1].end : tokens[first].start] != ", ":
        return None
    if text[tokens[last].end : tokens[last].end + 1] not in (",", "."):
        return None
    index, start = first - 1, None
    while index >= 0:
        token = tokens[index]
        if index < first - 1 and text[token.end : tokens[index + 1].start].strip():
            break
        lowered = token.text.lower()
        if not (
            _role_word(token, lex)
            or token.possessive
            or lowered in _JOINERS
            or lowered in _BEFORE_COMMA_WORDS
            or token.text.isdigit()
        ):
            break
        if lowered == "and" and _joins_people(tokens, index, lex):
            break
        start = index
        index -= 1
    while start is not None and start < first and tokens[start].text.lower() in _JOINERS:
        start += 1
    if start is None or start >= first:
        return None
    words = tokens[start:first]
    if not any(fold(t.text) in lex.role_words for t in words) and not _has_title(words, lex):
        return None
    return text[words[0].start : words[-1].end]


def role_after(text: str, end: int, lex: Lexicon) -> str | None:
    """An appositive after a name: ", the president of Emirates," -> "president of Emirates";
    or an affiliation with a known organisation: "Alex Horton of the Washington Post"."""
    match = _WHO_IS.match(text, end) or _APPOSITIVE.match(text, end)
    if not match:
        return _affiliation(text, end, lex)
    role = match.group(1).strip()
    words = role.split()
    if len(words) > 14 or len(role) > 90:
        cut = _GOES_ON.search(role)
        role = role[: cut.start()] if cut else role
        words = role.split()
    if not words or words[0].lower() in _NOT_ROLE_START or len(words) > 14:
        return None
    head = [fold(re.sub(r"[’']s?$", "", w)) for w in words[:6]]
    if not any(w in lex.role_words for w in head) and not any(t in fold(role) for t in lex.roles):
        return None
    return role


def honorific_role(words: list[Token], lex: Lexicon) -> str | None:
    titles = [t.text for t in words if t.text in lex.honorifics and not t.text.startswith("M")]
    return " ".join(titles) or None


def _affiliation(text: str, end: int, lex: Lexicon) -> str | None:
    match = _OF_ORGANIZATION.match(text, end)
    if not match:
        return None
    words = match.group(1).strip().rstrip(".,").split()
    for stop in range(len(words), 1 if len(words) > 1 else 0, -1):  # "New York Times", not "New"
        hit = lex.lookup(" ".join(words[:stop]))
        if hit and hit[0] == "organization":
            return hit[1]
    return None
