"""The role an article gives a person: "US Secretary of State Mike Pompeo",
"Derek Scissors, a China scholar with the American Enterprise Institute, said".
"""

from __future__ import annotations

import re

from .lexicon import Lexicon, fold
from .names import Token

_JOINERS = frozenset({"of", "for", "at", "and", "the", "to", "on"})
_APPOSITIVE = re.compile(
    r"\s*,\s*(?:the |a |an |his |her |its |their )?([^,;:()\"“”]{2,90}?)"
    r"\s*(?=,|\.\s|\.$|;| said| says| told| who)"
)
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


def role_after(text: str, end: int, lex: Lexicon) -> str | None:
    """An appositive after a name: ", the president of Emirates," -> "president of Emirates"."""
    match = _APPOSITIVE.match(text, end)
    if not match:
        return None
    role = match.group(1).strip()
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
