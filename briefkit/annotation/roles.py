"""The role an article gives a person: "US Secretary of State Mike Pompeo",
"Derek Scissors, a China scholar with the American Enterprise Institute, said".

A role word is one of role_words.txt, or in lower case one of role_nouns.txt
("singer", a surname too when capitalised); plurals, compounds and prefixes of
role words count ("judges", "singer-keyboardist", "co-CEO"). A plural role before
a list gives each person in it the role: "judges Ann Lee, Bo Park and Cy Moss".
"""

from __future__ import annotations

import re
from functools import cache

from ..data import load_lines
from .lexicon import Lexicon, fold, lexicon
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
# "singer-keyboardist McDonald": a lower-case role word and a name, the next item of a list.
_NEXT_IN_LIST = re.compile(r"^[a-z][\w-]* [A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*$")
# Plural titles before names ("Sens. Cory Booker and Kamala Harris"): each name's title.
_PLURAL_TITLES = {"Sens": "Senator", "Reps": "Representative", "Govs": "Governor", "Drs": "Doctor"}
_BEFORE_COMMA_WORDS = frozenset({"then", "longtime", "veteran", "outgoing", "incoming"})
_NOT_ROLE_START = frozenset(
    {"who", "which", "and", "said", "says", "told", "according", "but", "while", "when", "as", "in", "on"}
)


@cache
def role_nouns() -> frozenset[str]:
    """Role words in lower case: role_words.txt and role_nouns.txt (roles only in lower case, such
    as "singer" or "cook", which are surnames too)."""
    return lexicon().role_words | frozenset(fold(w) for w in load_lines("role_nouns.txt"))


def singular(word: str) -> str:
    """ "judges" -> "judge", "secretaries" -> "secretary", "spokesmen" -> "spokesman"."""
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@cache
def is_role_noun(folded: str, lower: bool = True) -> bool:
    """A role word (folded), its plural, a compound of role words ("singer-keyboardist") or one
    with a prefix ("co-ceo", "ex-president"). Capitalised words (lower=False) only from role_words.txt."""
    words = role_nouns() if lower else lexicon().role_words
    if folded in words:
        return True
    if lower and singular(folded) in words:
        return True
    for prefix in ("co-", "ex-", "vice-"):
        if folded.startswith(prefix):
            return is_role_noun(folded[len(prefix) :], lower)
    parts = folded.split("-")
    return len(parts) > 1 and all(p and is_role_noun(p, lower) for p in parts)


def _is_role_token(token: Token) -> bool:
    folded = fold(token.text)
    return is_role_noun(folded, lower=not token.text[:1].isupper())


def role_before(text: str, tokens: list[Token], first: int, lex: Lexicon) -> str | None:
    """Title words directly before tokens[first] ("State Department spokeswoman"), or a plural
    title before the list the name is in ("judges Ann Lee, Bo Park and Cy Moss" -> "judge")."""
    if first and tokens[first - 1].text in _PLURAL_TITLES and text[tokens[first - 1].end : tokens[first].start] == ". ":
        return _PLURAL_TITLES[tokens[first - 1].text]
    role = _role_right_before(text, tokens, first, lex)
    if role is not None:
        return _singular_role(role) if first and tokens[first - 1].text[:1].islower() else role
    return _role_before_list(text, tokens, first, lex)


def _singular_role(role: str) -> str:
    head, _, last = role.rpartition(" ")
    folded = fold(last)
    if folded in role_nouns() or not is_role_noun(folded):
        return role
    one = last[: len(singular(folded))] if last.lower().endswith(("s", "men")) else last
    one = one[:-3] + "man" if folded.endswith("men") else one
    return f"{head} {one}".strip()


def _role_before_list(text: str, tokens: list[Token], first: int, lex: Lexicon) -> str | None:
    """ "judges Ann Lee, Bo Park and Cy Moss": walk back over the names before tokens[first]
    to a plural role word right before the first of them."""
    index, steps, listed = first, 0, False
    while index > 1 and steps < 12:
        previous = tokens[index - 1]
        gap = text[previous.end : tokens[index].start]
        if previous.text == "and" and gap == " " and text[tokens[index - 2].end : previous.start] in (" ", ", "):
            if not tokens[index - 2].capitalised:
                return None
            index, listed = index - 1, True  # onto "and"; the name before it comes next
        elif gap == ", " and previous.capitalised:
            index, listed = index - 1, True
        elif (
            gap == " " and previous.capitalised and not _is_role_token(previous) and previous.text not in _PLURAL_TITLES
        ):
            index -= 1
        else:
            break
        steps += 1
    if not listed:
        return None
    if index == first or index == 0 or text[tokens[index - 1].end : tokens[index].start] not in (" ", ". "):
        return None
    word = tokens[index - 1]
    if word.text in _PLURAL_TITLES and text[word.end : tokens[index].start] == ". ":
        return _PLURAL_TITLES[word.text]
    folded = fold(word.text)
    if not word.text[:1].islower() or folded in role_nouns() or singular(folded) == folded:
        return None  # only a plural role word before a list shares it out
    role = _role_right_before(text, tokens, index, lex)
    return _singular_role(role) if role else None


def _role_right_before(text: str, tokens: list[Token], first: int, lex: Lexicon) -> str | None:
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
    if not any(_is_role_token(t) for t in words) and not _has_title(words, lex):
        return None
    return text[words[0].start : words[-1].end]


def _role_word(token: Token, lex: Lexicon) -> bool:
    folded = fold(token.text)
    if folded in lex.role_modifiers or _is_role_token(token):
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
    if not any(_is_role_token(t) for t in words) and not _has_title(words, lex):
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
    while len(words) > 14:  # "expert in drug use ... at the Department of ... at the U.K.'s University of York"
        cut = max(role.rfind(" at "), role.rfind(" in "), role.rfind(" for "), role.rfind(" from "))
        if cut <= 0:
            break
        role = role[:cut]
        words = role.split()
    if not words or words[0].lower() in _NOT_ROLE_START or len(words) > 14:
        return None
    if _NEXT_IN_LIST.match(role) and is_role_noun(fold(words[0])):
        return None  # "Tom Lee, drummer Bo Park, and ...": the next person in a list
    head = [fold(re.sub(r"[’']s?$", "", w)) for w in words[:6]]
    if not any(is_role_noun(w) for w in head) and not any(t in fold(role) for t in lex.roles):
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
