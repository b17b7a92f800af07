"""Capitalised name chunks: the raw material of people, places and organisations.

A text is cut into tokens; runs of capitalised tokens (joined by "of", "de",
"bin"...) form chunks such as "US Secretary of State Mike Pompeo". The entity
annotators then split each chunk with the gazetteers (lexicon.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

_TOKEN = re.compile(r"[\w&]+(?:[’'.&-][\w&]+)*")
_POSSESSIVE_ENDINGS = ("’s", "'s")
_PREFIXED = ("al-", "el-")  # "al-Assad" is capitalised
CONNECTORS = frozenset({"of", "for", "de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "al", "&"})
# Name words after which "on" stays inside an organisation's name ("Committee on Foreign Affairs").
_ON_AFTER = frozenset(
    "Institute Committee Subcommittee Commission Council Conference Panel Center Centre Forum".split()
)
_WHEN_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
# A dot after these is part of the token (an abbreviation or initial), not a full stop.
_DOTTED = frozenset(
    "Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Capt Sgt St Jr Sr".split()
    + "Inc Corp Co Ltd Bros No vs U.S U.K U.N".split()
)


class Token(NamedTuple):  # a tuple: articles have thousands of tokens, made fast
    text: str  # without a possessive 's
    start: int
    end: int  # end offset in the text, including a possessive 's
    possessive: bool = False

    @property
    def capitalised(self) -> bool:
        return _capitalised(self.text)


def _capitalised(text: str) -> bool:
    if text[0].isupper():
        return True
    return text[:3] in _PREFIXED and len(text) > 3 and text[3].isupper()


@dataclass(frozen=True)
class Chunk:
    tokens: tuple[Token, ...]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append, new, size = tokens.append, tuple.__new__, len(text)  # tuple.__new__: Token(...) without its overhead
    for match in _TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        if end < size and text[end] == "." and (word in _DOTTED or "." in word or _is_initial(word)):
            append(new(Token, (word + ".", start, end + 1, False)))
        elif word.endswith(_POSSESSIVE_ENDINGS) and len(word) > 2:
            # A token ends in a word character, so "s'" never ends one: only 's is possessive.
            append(new(Token, (word[:-2], start, end, True)))
        else:
            append(new(Token, (word, start, end, False)))
    return tokens


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def chunks(text: str, tokens: list[Token] | None = None) -> list[Chunk]:
    """Runs of capitalised tokens, joined by connectors, never across punctuation."""
    tokens = tokenize(text) if tokens is None else tokens
    found: list[Chunk] = []
    run: list[Token] = []
    for index, token in enumerate(tokens):
        word = token.text
        capitalised = word[0].isupper() or (word[:3] in _PREFIXED and _capitalised(word))
        if capitalised and (not run or _adjacent(text, run[-1], token)):
            run.append(token)
        elif run and word in CONNECTORS and _joins(text, tokens, index, run[-1]):
            run.append(token)
        elif run and word == "on" and run[-1].text in _ON_AFTER and _joins(text, tokens, index, run[-1]):
            if index + 1 < len(tokens) and tokens[index + 1].text not in _WHEN_WORDS:
                run.append(token)  # "National Institute on Drug Abuse", not "the Committee on Monday"
            else:
                found.append(Chunk(_trim(run)))
                run = []
        else:
            if run:
                found.append(Chunk(_trim(run)))
            run = [token] if capitalised else []
    if run:
        found.append(Chunk(_trim(run)))
    return found


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Only spaces between two tokens, and no possessive ending the left one."""
    gap = text[left.end : right.start]
    return not left.possessive and gap.strip() == "" and "\n" not in gap


def _joins(text: str, tokens: list[Token], index: int, last: Token) -> bool:
    """A connector between capitalised words; two in a row too ("van de Zandschulp")."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and following.text in CONNECTORS and following.text != "&" and index + 2 < len(tokens):
        if _adjacent(text, tokens[index], following) and tokens[index + 2].capitalised:
            return _adjacent(text, last, tokens[index]) and _adjacent(text, following, tokens[index + 2])
    return (
        following is not None
        and following.capitalised
        and _adjacent(text, last, tokens[index])
        and _adjacent(text, tokens[index], following)
    )


def _trim(run: list[Token]) -> tuple[Token, ...]:
    while run and not run[-1].capitalised:
        run = run[:-1]
    return tuple(run)


def phrase(tokens: tuple[Token, ...] | list[Token]) -> str:
    return " ".join(t.text for t in tokens)
