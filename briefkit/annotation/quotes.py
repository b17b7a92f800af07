"""Annotator: direct quotes and who said them.

Quote marks are paired within a paragraph: an opening mark (“, ‘‘, or a straight
" at the start of a word) with the next closing one (”, ’’, or a straight " at
the end of a word), so pages that mix curly and straight marks still pair. An
opening mark left open runs to the paragraph's end (a quote continued in the
next paragraph). Fragments of 1-3 words are scare quotes, unless they stand as
a whole utterance. A quotation that names a thing is no quote: one framed by a
naming word ("the song “...”", "titled “...”", "the “...” campaign"), one in
Title Case with no speech verb in its sentence (“Dancing with the Stars”), and a
short span quoted again and again with nobody saying it (a slogan).

The speaker comes, in order, from a speech verb before the quote in its
sentence ("Kang told Pompeo that ... "..."), an attribution after it ("...," she
said / said X / ..., said X, the ...), the quote before it in the same
paragraph, the speaker who ended the previous paragraph ("X said:" or a
quote), or, for a paragraph opening with an unattributed quote, the attributed
quote opening the next paragraph. Pronouns resolve to the person the text was
last about (speakers.py); named speakers resolve to people's full names. A
role word that stood for a person with no role ("“...,” said the actor") becomes
their role.
"""

from __future__ import annotations

import re

from ..model import Annotations, Quote
from .document import Document
from .lexicon import lexicon
from .speakers import Speakers, has_speech_verb

_MARK = re.compile(r"‘‘|’’|[“”„\"]")
_OPENS_AFTER = " \t([{—–-/"
_CLOSES_BEFORE = ",.;:!?)]"
_MIN_WORDS = 4
# Title Case: every word capitalised but these (and any word after the first).
_SMALL_WORDS = frozenset("a an the and or but nor of to in on at for with by from as vs via into onto off up".split())
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
# What names the quoted thing when it stands right before the quote: "the song “...”", "titled “...”".
_NAMING_BEFORE = frozenset(
    "song single album track film movie documentary show series sitcom programme program book novel memoir poem "
    "play musical painting exhibition headline slogan motto catchphrase tagline hashtag campaign brand nickname "
    "formula doctrine".split()
)
_NAMING_PARTICIPLES = frozenset("titled entitled dubbed nicknamed named so-called".split())
_NAMING_BEFORE_TWO = frozenset({"known as", "billed as"})
# What the quoted thing is when the quote modifies it: "the “...” campaign", "her “...” tour".
_NAMING_AFTER = re.compile(
    r"[\s,.!?]*(?:(?!(?:to|and|or|of|in|on|for|that|which|is|was|are|were|has|had|will|would|as|at|by)\s)"
    r"[a-z-]+\s+)?(?:campaign|slogan|formula|policy|principle|doctrine|framework|initiative|"
    r"programme|program|strategy|movement|tour|album|song|single|show|series|film|movie|book|hashtag|brand|"
    r"motto|label|ad|ads|advert|commercial|trend|meme|challenge|rally|march|protest|operation|project|"
    r"exhibition|era|model|award|prize|plan|scheme)s?\b"
)
_DETERMINERS = frozenset("the a an its his her their our your this that these those".split())
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")
_UTTERED = re.compile(r"\b([a-z]+)[,:]\s*(?:[“\"][^”\"]{1,40}[,!?.][”\"]\s+(?:and|or)\s+)?$")
_SLOGAN_WORDS = 8  # a span this short, quoted more than once and never attributed, is a name or slogan


def annotate(doc: Document, ann: Annotations) -> None:
    speakers = Speakers(doc, ann.organizations)
    sentences: dict[int, list[str]] = {}
    for sentence in doc.sentences:
        sentences.setdefault(sentence.paragraph, []).append(sentence.text)
    waiting: list[tuple[Quote, int]] = []  # unattributed quotes opening a paragraph
    loose: list[Quote] = []  # quotes with no attribution and no speaker
    opening: dict[int, str] = {}  # paragraph -> speaker of its attributed opening quote
    unattributed: dict[str, list[Quote]] = {}  # short quotes nobody is said to say, by their words
    attributed_keys: set[str] = set()
    named: set[str | None] = set()  # the words of quotations that name a thing
    for index, paragraph in enumerate(doc.paragraphs):
        spans = []
        for span in quote_spans(paragraph):
            if not _is_quote(paragraph, span):
                continue
            if _names_a_thing(paragraph, span):
                named.add(_slogan_key(paragraph[span[2] : span[3]]))
            else:
                spans.append(span)
        narrative = _outside(_sentence_spans(paragraph, sentences.get(index, [])), spans)
        previous: Quote | None = None
        told = 0
        for start, end, text_start, text_end in spans:
            while told < len(narrative) and narrative[told][1] <= start:
                speakers.narrate(paragraph[narrative[told][0] : narrative[told][1]], narrative[told][1])
                told += 1
            speaker, attributed = speakers.resolve(paragraph, start, end)
            opens = not paragraph[:start].strip()
            if not attributed and previous is not None:
                speaker = previous.speaker  # the same speaker goes on
            elif not attributed and opens:
                speaker = speakers.paragraph_speaker  # "X said:" ending the paragraph before
            elif not attributed and speakers.last_act:
                speaker = speakers.last_act  # "Sometimes rules are broken, he said. “But does that mean...”"
            quote = Quote(paragraph[text_start:text_end].strip(), speaker)
            if opens and attributed and speaker:
                opening[index] = speaker
            if opens and speaker is None and not attributed:
                waiting.append((quote, index))
            if speaker is None and not attributed:
                loose.append(quote)
            ann.quotes.append(quote)
            key = _slogan_key(quote.text)
            if key and (attributed or speaker):
                attributed_keys.add(key)
            elif key:
                unattributed.setdefault(key, []).append(quote)
            speakers.spoke(speaker)
            previous = quote
        for begin, finish in narrative[told:]:
            speakers.narrate(paragraph[begin:finish], finish)
        speakers.end_paragraph()
    slogans = {
        id(q)
        for key, found in unattributed.items()
        if (len(found) > 1 or key in named) and key not in attributed_keys
        for q in found
    }
    if slogans:
        ann.quotes[:] = [q for q in ann.quotes if id(q) not in slogans or q.speaker]
    for quote, index in waiting:
        if quote.speaker is None and index + 1 in opening:
            quote.speaker = opening[index + 1]  # "“...” ¶ “...,” he said."
    _repeated(loose, ann.quotes)
    for person in ann.people:  # "“...,” said the actor": a person with no role is an actor
        if person.role is None and person.name in speakers.inferred_roles:
            person.role = speakers.inferred_roles[person.name]
    return None


def _repeated(loose: list[Quote], found: list[Quote]) -> None:
    """A quote nobody is said to say, shown again inside a later attributed one (a pull quote or
    subhead: “We write with urgency” ... “..., so we write with urgency,” the doctors stated), is
    that speaker's."""
    positions = {id(q): n for n, q in enumerate(found)}
    for quote in loose:
        if quote.speaker is not None or id(quote) not in positions:
            continue
        words = _WORD.findall(quote.text.replace("’", "'").casefold())
        if len(words) < 3:
            continue
        key = " ".join(words)
        for later in found[positions[id(quote)] + 1 :]:
            if later.speaker and key in " ".join(_WORD.findall(later.text.replace("’", "'").casefold())):
                quote.speaker = later.speaker
                break


def _attributed_after(paragraph: str, end: int) -> bool:
    """Whether a speech verb follows a quotation at once: “...,” Davis said / said Davis."""
    words = re.split(r"[.!?;“”\"]", paragraph[end : end + 60], maxsplit=1)[0].split()[:5]
    verbs = lexicon().speech_verbs
    return any(w.strip(",") in verbs for w in words)  # "said Davis", "Davis said", "forward Sam Ode said"


def _slogan_key(text: str) -> str | None:
    """The words of a short quote, case and punctuation aside ("Meth. We're On It." = "meth. we’re on it")."""
    if len(text) > 80:  # longer than any 8 words but the longest
        return None
    words = _WORD.findall(text.replace("’", "'").casefold())
    return " ".join(words) if 0 < len(words) <= _SLOGAN_WORDS else None


def quote_spans(paragraph: str) -> list[tuple[int, int, int, int]]:
    """(start, end, text start, text end) of each paired quotation in a paragraph."""
    spans = []
    opened: re.Match[str] | None = None
    for mark in _MARK.finditer(paragraph):
        if _opens(paragraph, mark, opened):
            if opened is None or mark.group() != '"':
                opened = mark  # a curly mark opening again: the earlier one was never closed
        elif opened is not None:
            if paragraph[opened.end() : mark.start()].strip():
                spans.append((opened.start(), mark.end(), opened.end(), mark.start()))
            opened = None
    if opened is not None and paragraph[opened.end() :].strip():
        spans.append((opened.start(), len(paragraph), opened.end(), len(paragraph)))
    return spans


def _opens(paragraph: str, mark: re.Match[str], opened: re.Match[str] | None) -> bool:
    """Whether a quote mark opens a quotation (else it closes one).

    “ and ‘‘ open, ” and ’’ close; but “ closes a German „...“ quote, or when
    it stands after a word before punctuation (“ Title “,). A straight " opens
    at the start of a word and closes at its end; between two spaces it
    toggles."""
    text = mark.group()
    before = paragraph[mark.start() - 1] if mark.start() else " "
    after = paragraph[mark.end()] if mark.end() < len(paragraph) else " "
    if text in ("„", "‘‘"):
        return True
    if text in ("”", "’’"):
        return False
    if text == "“":
        if opened is not None and (opened.group() == "„" or after in _CLOSES_BEFORE or after == " "):
            return False
        return True
    opening, closing = before in _OPENS_AFTER, after.isspace() or after in _CLOSES_BEFORE
    if opening != closing:
        return opening
    return opened is None


def _sentence_spans(paragraph: str, sentences: list[str]) -> list[tuple[int, int]]:
    spans, position = [], 0
    for sentence in sentences:
        found = paragraph.find(sentence, position)
        if found < 0:
            continue
        spans.append((found, found + len(sentence)))
        position = found + len(sentence)
    return spans


def _outside(sentences: list[tuple[int, int]], quotes: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """The sentences that overlap no quote. Both lists run in text order, so one pass over each
    (a paragraph of thousands of sentences and quotes took seconds when each met each)."""
    kept, first = [], 0
    for begin, finish in sentences:
        while first < len(quotes) and quotes[first][1] <= begin:
            first += 1
        if first < len(quotes) and quotes[first][0] < finish:
            continue
        kept.append((begin, finish))
    return kept


def _names_a_thing(paragraph: str, span: tuple[int, int, int, int]) -> bool:
    """A title, slogan or name in quote marks, not speech: framed by a naming word ("the single
    “...”", "the “...” formula"), or in Title Case with no speech verb in its sentence."""
    start, end, text_start, text_end = span
    before = paragraph[max(0, start - 40) : start]
    words = before.rstrip(" \t,:").lower().rsplit(None, 3)[-3:]
    last = words[-1] if words else ""
    if last in _NAMING_PARTICIPLES or " ".join(words[-2:]) in _NAMING_BEFORE_TWO:
        return True
    if last in _NAMING_BEFORE and any(w in _DETERMINERS or w.endswith(("’s", "'s")) for w in words[:-1]):
        return True  # "the song “...”", "her hit single “...”"; not "polls show “...”"
    determined = before[-1:].isspace() and (last in _DETERMINERS or last.endswith(("’s", "'s", "’", "'")))
    if determined and _NAMING_AFTER.match(paragraph, end):
        return True
    if not _title_case(paragraph[text_start:text_end]):
        return False
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(paragraph, 0, start)), default=0)
    sentence_end = _SENTENCE_END.search(paragraph, end)
    outside = paragraph[sentence_start:start] + " " + paragraph[end : sentence_end.start() if sentence_end else None]
    return not has_speech_verb(outside) and not before.rstrip().endswith(":")


def _title_case(text: str) -> bool:
    """ "Takin’ It to the Streets": two or more words, each capitalised but small words inside."""
    count = 0
    for count, match in enumerate(_WORD.finditer(text), 1):
        word = match.group()
        if not word[0].isupper() and (count == 1 or word.lower() not in _SMALL_WORDS):
            return False
    return count > 1


def _is_quote(paragraph: str, span: tuple[int, int, int, int]) -> bool:
    start, _, text_start, text_end = span
    text = paragraph[text_start:text_end].strip()
    words = text.split()
    if len(words) >= _MIN_WORDS:
        return True
    if len(words) == 1 and text[-1:] in "!?," and (start == 0 or re.search(r"[.!?:]\s*$", paragraph[:start])):
        return _attributed_after(paragraph, span[1])  # “Amazing,” Davis said.
    if len(words) < 2 or text[-1:] not in "!?,.":
        return False
    if start == 0 or re.search(r"[.!?:]\s*$", paragraph[:start]):
        return text[-1:] != "." or text[:1].isupper()  # a whole short sentence: “It is working.”
    if text[-1:] == ".":
        return False
    if not text[:1].isupper():
        return False
    # "They chanted, “Fund our schools,” and “Put kids first,”": a whole utterance after a speech verb.
    said = _UTTERED.search(paragraph, max(0, start - 80), start)
    return said is not None and said.group(1) in lexicon().speech_verbs
