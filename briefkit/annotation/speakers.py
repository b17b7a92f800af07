"""Who said a quote: the attribution around it, resolved to a person or a body.

Besides the attributions next to each quote, the quote annotator tells a
`Speakers` every sentence of narrative in reading order (`narrate`), so that
"he"/"she" resolve to the person the text was last about (a person whose title,
role or first name says otherwise is skipped), "X said: ..." carries into a
quote opening the next paragraph, and "the president said" finds the person
with that role.

Also: "X described it as “...”" and "which X views as “...”" are X's words; an
abbreviation ("the DEA says") is the organisation whose initials it is; "a company
spokesperson" speaks for the organisation the article names most; "they" is the
person who spoke in the sentence before when nothing gives them a gender; "the
actor said", with nobody given that role, is the person last named who has no
other role; and a name word shared by several people is the fullest name holding it
("Van Der Beek" is James Van Der Beek), else the one the text was last about,
else the first named.
"""

from __future__ import annotations

import re
from functools import cache

from ..data import load_lines
from .document import Document
from .lexicon import fold, lexicon
from .people import PersonRecord
from .roles import role_nouns

_VERBS = "|".join(sorted((re.escape(v) for v in lexicon().speech_verbs), key=len, reverse=True))
_ADVERB = "(?:also |later |then |has |had |have |would |previously |earlier |again )?"
# Subject text: no sentence end, quote mark or semicolon; dots inside or after "U.S." or after "Mr" are fine.
# A short title in quote marks may stand in it too: the “Pose” actor said.
_SUBJECT = (
    r"(?:[^.!?\"“”;]|\.(?=\S)|(?<=Mr)\.|(?<=Mrs)\.|(?<=Ms)\.|(?<=Dr)\.|(?<=St)\.|(?<=Jr)\.|(?<=\.[A-Z])\."
    r"|(?<=the )[\"“][A-Z][^.!?\"“”;,]{0,30}[\"”](?= [a-z]))"
)
# "...," she said. / "...," State Department spokeswoman Morgan Ortagus told reporters.
_SUBJECT_VERB_AFTER = re.compile(rf"^[\s,.!?]*(?P<subject>{_SUBJECT}{{1,200}}?)\s+{_ADVERB}(?:{_VERBS})\b")
# "...," said Kang. / "...," according to the ministry. / "...," said Hill, who will testify.
_VERB_SUBJECT_AFTER = re.compile(rf"^[\s,.]*(?:{_VERBS}|according to)\s+(?P<subject>{_SUBJECT}{{1,200}})")
# "..." announced in October, said Derek Scissors, a China scholar. (the sentence's last clause)
_SAID_AT_END = re.compile(rf",\s+(?:{_VERBS})\s+(?P<subject>{_SUBJECT}{{1,200}})[.!?]?\s*$")
_VERB_WORDS = frozenset(v.split()[0] for v in lexicon().speech_verbs)
# A word for _has_verb: what str.split() gives once these punctuation marks are spaces.
_BARE_WORD = re.compile("[^\\s" + re.escape(',.;:!?"“”‘’()[]—–') + "]+")
_VERB = re.compile(rf"(?<=\s)(?:{_ADVERB})(?:{_VERBS})\b")
# "X described the plan as “...”", "which Apple views as “...”": the subject of the verb said it.
_AS_FRAME = re.compile(
    r"\s(?:described|describes|describe|introduced|introduces|hailed|hails|praised|branded|labell?ed|"
    r"characteri[sz]ed|dismissed|dismisses|touted|views|viewed|sees|regards|regarded|defended|defends)\b"
    r"[^.!?\"“”]{0,80}?\bas\s+(?:the\s+|a\s+|an\s+)?$"
    r"|\s(?:called|calls|call|dubbed|dubs|termed|terms)\s[^.!?\"“”,]{0,60}?\s(?:a|an)\s+$"  # called it a “…”
    r"|\s(?:called|dubbed|termed)\s(?:it|this|that|(?:his|her|their|its|the)\s[a-z]+)\s+$"  # called his death “…”
)
# "known for telling", "after saying": a verb in -ing after these is a noun, not "..., saying".
_GERUND = re.compile(r"\b(?:for|by|of|about|after|before|without|while|in|on|from|since|into|to)\s+$")
# "He was described as “...”": a passive, whose subject is not the one who said it.
_PASSIVE = re.compile(r"\b(?:is|was|were|are|been|being|be|widely|often|once)$")
_ACCORDING = re.compile(rf"[Aa]ccording to (?P<subject>{_SUBJECT}{{1,120}})")
# Where a sentence ends: . ! or ? (maybe closing quotes or brackets), then space.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Cmdr|Adm|Maj|Sgt|Rev|St|Jr|Sr|No|U\.S|U\.K|U\.N)|\b[A-Z])\.$"
)
_ABBREVIATION_WINDOW = 12  # longer than any match of _ABBREVIATION ("Capt.")
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")
_PRONOUNS_PERSON = frozenset({"he", "she", "they"})
_PRONOUNS_BODY = frozenset({"it", "the company", "the statement", "the ministry", "the agency", "the report"})
_BODY_WORDS = frozenset(
    "ministry department government company agency military army police office statement court council "
    "commission committee party embassy firm group bank authority prosecutors prosecutor's report union "
    "navy force forces administration ministry's coalition association alliance federation foundation institute "
    "organization organisation network league council's".split()
)
_SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson spokespeople representative".split())
_FOR_BODY = re.compile(
    r"^(?:a|an|the)\s+(?:spokesman|spokeswoman|spokesperson|representative|statement)\s+(?:for|from|of|at|by)\s+(.+)$",
    re.IGNORECASE,
)
# "a company spokesperson said", "the firm said": the organisation the article is about.
_COMPANY = re.compile(
    r"^(?:a|an|the)\s+(?:company|firm)(?:\s+(?:spokesman|spokeswoman|spokesperson|representative|statement|"
    r"official|executive|source))?$",
    re.IGNORECASE,
)
# A finite verb: what makes the words before ", but" or ", and" a clause of their own.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|did|does|do|said|says)\b"
    r"|(?<![\w-])[a-z]+ed\b"
)
_PREPOSITIONS = frozenset("in on at by for from with to of about after before during into via through".split())
_CONJUNCTION = re.compile(r"^(?:[Bb]ut|[Aa]nd|[Ss]o|[Yy]et|[Tt]hen|[Ss]till)\s+(?=\S)")
_OWNER = re.compile(r"\w[’']s\s*$")  # a possessive right before a verb-like word
_AGED = re.compile(r"^(?:the )?\d{1,3}-year-old(?: [a-z]+)?$")  # "the 56-year-old", "the 31-year-old woman"
_UNNAMED = re.compile(r"^(?:a|an|one|some|many|several|two|three|four|five|other|another)\b", re.IGNORECASE)
# A comma segment opening with these is a time, place or circumstance, not the speaker.
_ADVERBIAL = frozenset(
    "after before when while in on at during asked speaking following despite although though as since with "
    "from by addressing responding writing earlier later meanwhile separately also but and however yet "
    "if last this".split()
)
_CLAUSE = re.compile(r"(?:,|;|\s—|\s–)\s*(?:but|and|while|whereas|although|though|as|so|yet)\s+", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:but|and|so|yet|then|also|meanwhile|however)\s+)?(?:the|a|an)\s+", re.IGNORECASE)
# A comma segment opening with these describes the speaker already named.
_RELATIVE = frozenset("who whose which that adding according as but saying where while".split())
_FEMALE_WORDS = frozenset(
    "spokeswoman chairwoman congresswoman businesswoman councilwoman actress queen princess duchess wife "
    "mother daughter sister woman girl grandmother widow ms ms. mrs mrs. madam lady dame baroness".split()
)
_MALE_WORDS = frozenset(
    "spokesman chairman congressman businessman councilman king prince duke husband father son brother man "
    "boy grandfather widower mr mr. sir lord baron".split()
)
_RECENT = 8  # how many recent subjects a pronoun may reach back
_SENTENCE_REACH = 1000  # characters before a quote searched for its sentence: longer than any real sentence
# Nouns for a person, in "a/an/one/another (adjective) ___": somebody the text does not name.
_INDEFINITE = re.compile(r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother) ([a-z-]+)(?: ([a-z]+))?")
_SOMEBODY = frozenset(
    "woman man mother father mom dad girl boy teenager teen resident neighbour neighbor witness student teacher "
    "nurse doctor parent voter farmer passenger shopper customer fan friend relative survivor victim protester "
    "demonstrator wife husband son daughter sister brother grandmother grandfather widow veteran soldier "
    "employee worker".split()
)
# Role words that, with "the", often stand for somebody never named ("the official said").
_ANONYMOUS = frozenset(
    "official officials officer source sources spokesman spokeswoman spokesperson representative aide diplomat "
    "adviser advisor employee staffer resident witness".split()
)
# "The doctors, members of the group X": X is the group they speak for.
_MEMBERS_OF = re.compile(r"\bmembers? of\b")
# A capitalised run standing alone as a name: "Kestrel Tide", "Doctors for Camp Closure".
_PROPER_RUN = re.compile(r"(?:[Tt]he\s+)?([A-Z][\w&’'.-]*(?:\s+(?:(?:of|for|and|&|the)\s+)?[A-Z][\w&’'.-]*){0,5})")
_INITIAL_WORDS = re.compile(r"\b[A-Z][\w&’'.-]*(?:\s+(?:of|and|for|the|&)?\s*[A-Z][\w&’'.-]*)+")


@cache
def _body_nouns() -> dict[str, frozenset[str]]:
    """Noun -> the organisation-name words that fit it (briefkit/data/body_nouns.txt)."""
    found: dict[str, frozenset[str]] = {}
    for line in load_lines("body_nouns.txt"):
        noun, _, words = line.partition(":")
        found[noun.strip().lower()] = frozenset(words.split())
    return found


@cache
def _statement_words() -> dict[str, frozenset[str]]:
    """ "noun" -> documents a body speaks in, "verb" -> what a document does to its words
    (briefkit/data/statement_words.txt)."""
    found: dict[str, frozenset[str]] = {}
    for line in load_lines("statement_words.txt"):
        kind, _, words = line.partition(":")
        found[kind.strip()] = found.get(kind.strip(), frozenset()) | frozenset(words.split())
    return found


@cache
def _document_said() -> re.Pattern[str]:
    """ "...," the statement read. / "...," the letter concluded.: the document's words."""
    nouns = "|".join(sorted(_statement_words()["noun"], key=len, reverse=True))
    verbs = "|".join(sorted(_statement_words()["verb"], key=len, reverse=True))
    return re.compile(rf"^[\s,.]*(?:the|its|their|his|her|this|that)\s+(?:[a-z-]+\s+)?(?:{nouns})\s+(?:{verbs})\b")


@cache
def _documents() -> re.Pattern[str]:
    """A document word: "statement", "letter"."""
    nouns = "|".join(sorted(_statement_words()["noun"], key=len, reverse=True))
    return re.compile(rf"\b(?:{nouns})\b")


@cache
def _aliases() -> dict[str, set[str]]:
    """Canonical organisation name -> its all-caps aliases ("AP" for Associated Press)."""
    found: dict[str, set[str]] = {}
    for alias, canonical in lexicon().organizations.items():
        if alias.isupper():
            found.setdefault(canonical, set()).add(alias)
    return found


@cache
def first_names() -> dict[str, str]:
    """Given name -> "f" or "m" (briefkit/data/first_names.txt); names listed for both are dropped."""
    found: dict[str, str] = {}
    clash: set[str] = set()
    for line in load_lines("first_names.txt"):
        gender, _, names = line.partition(":")
        for name in names.split():
            name = fold(name)
            if found.get(name, gender.strip()) != gender.strip():
                clash.add(name)
            found[name] = gender.strip()
    return {n: g for n, g in found.items() if n not in clash}


def gender_of(record: PersonRecord) -> str | None:
    if record.gender:
        return record.gender
    words = set(re.findall(r"[\w.]+", (record.role or "").lower()))
    if words & _FEMALE_WORDS and not words & _MALE_WORDS:
        return "f"
    if words & _MALE_WORDS and not words & _FEMALE_WORDS:
        return "m"
    return first_names().get(fold(record.name.split()[0])) if " " in record.name else None


def _has_verb(text: str) -> bool:
    """A quick test before the speech-verb regex: does any word start a speech verb?"""
    return not _VERB_WORDS.isdisjoint(_BARE_WORD.findall(text))


def has_speech_verb(text: str) -> bool:
    """Whether a speech verb stands in `text` ("... played it, he said")."""
    return _has_verb(text) and _VERB.search(" " + text) is not None


def _abbreviation_ends(text: str, end: int) -> bool:
    """Whether text[:end] ends in an abbreviation ("Mr."). A match ends at `end`, so only the
    last few characters are searched (the whole text each time made long paragraphs quadratic)."""
    return _ABBREVIATION.search(text, max(0, end - _ABBREVIATION_WINDOW), end) is not None


def _last_sentence(text: str) -> str:
    """The sentence `text` ends in: what follows its last sentence end ("Mr." is none)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if not _abbreviation_ends(text, match.start() + 1) and not text[match.end() : match.end() + 1].islower():
            start = match.end()  # (no sentence starts in lower case: "on Nov. that the claim")
    return text[start:]


def _sentence_rest(text: str) -> str:
    """`text` up to the end of its first sentence or the next quote mark."""
    cut = len(text)
    for match in _SENTENCE_END.finditer(text):
        if not _abbreviation_ends(text, match.start() + 1):
            cut = match.start() + 1
            break
    mark = re.search(r"[\"“”]", text)
    return text[: min(cut, mark.start() if mark else cut)]


class Speakers:
    def __init__(self, doc: Document, organizations: list[str]) -> None:
        self.organizations = organizations
        self.people = doc.people_index
        self.last_person: str | None = None
        self.last_body: str | None = None
        self.recent: list[PersonRecord] = []  # people the text was about, latest last
        self.last_act: str | None = None  # who spoke in the latest sentence or quote, if anyone
        self.last_narrated = ""  # the latest sentence without a quote: its opening body is found if asked
        self.paragraph_speaker: str | None = None  # who spoke at the end of the previous paragraph
        self.doc = doc
        self._main_body: str | None = None
        self._expansions: dict[str, str | None] = {}
        self._runs: list[str] | None = None
        self.inferred_roles: dict[str, str] = {}  # person -> the role word that stood for them
        self._organizations: list[tuple[str, str, set[str]]] | None = None
        # Where the text is (paragraph, offset), for "the organisation named most recently".
        self.paragraph_number = 0
        self.at = 0
        # What _note_bodies finds, kept up to date only when asked (see _catch_up):
        self._statement_by: str | None = None  # the body whose statement or letter the text spoke of last
        self._topic_body: str | None = None  # the body the latest sentence opening with one was about
        self._members: str | None = None  # the group whose members the text named last
        self._pending: list[tuple[str, int, int]] = []  # sentences narrated since, and where they stand
        self.bodies: list[str] = []  # capitalised names the text shows to be bodies, not people
        self._mentions: list[tuple[int, int, str]] | None = None
        records = self.people.records if self.people is not None else []
        self.full_names = [(fold(r.name), r) for r in records if " " in r.name]  # folded, for _person_in
        self.sharing: dict[str, list[PersonRecord]] = {}  # name word -> everybody whose name has it
        for record in records:
            for word in record.words:
                self.sharing.setdefault(word, []).append(record)

    # -- the narrative --------------------------------------------------------------------

    def end_paragraph(self) -> None:
        self.paragraph_speaker, self.last_act = self.last_act, None
        self.paragraph_number += 1
        self.at = 0

    def narrate(self, sentence: str, at: int | None = None) -> None:
        """A sentence with no quote: remember who it is about, and who spoke in it."""
        self.last_act = None
        self.last_narrated = sentence
        if at is not None:
            self.at = at
        self._pending.append((sentence, self.paragraph_number, self.at))
        speaker = self._indirect(sentence)
        if speaker:
            self.spoke(speaker)
            return
        words = sentence.split(None, 1)
        if words and words[0] in ("He", "She"):
            referent = self._pronoun(words[0].lower())
            if referent:
                self._mention(referent)
            return
        for match in _CAPITALISED.finditer(sentence):
            if match.group()[-2:] in ("’s", "'s"):
                continue  # "Steenburgen's son, filmmaker Charlie McDowell": the son is the subject
            record = self._record(match.group())
            if record is not None:
                self._mention(record.name)
                return
        self._somebody(sentence)

    def _catch_up(self) -> None:
        """Note the bodies of the sentences narrated since last asked, in order, each where it
        stands; done only when a rule asks (most articles never do, and it costs time)."""
        if self._pending:
            where = (self.paragraph_number, self.at)
            pending, self._pending = self._pending, []
            for sentence, self.paragraph_number, self.at in pending:
                self._note_bodies(sentence)
            self.paragraph_number, self.at = where

    @property
    def statement_by(self) -> str | None:
        self._catch_up()
        return self._statement_by

    @statement_by.setter
    def statement_by(self, body: str | None) -> None:
        self._catch_up()
        self._statement_by = body

    @property
    def topic_body(self) -> str | None:
        self._catch_up()
        return self._topic_body

    @property
    def members(self) -> str | None:
        self._catch_up()
        return self._members

    def _note_bodies(self, sentence: str) -> None:
        """The bodies a sentence tells of: the one it opens with (its subject), the group whose
        members it names ("The doctors, members of the group X"), and whose statement it speaks
        of ("X issued a statement", "The company denied it in a statement")."""
        opening = self._body_first(sentence) or self._body_phrase(sentence)
        if opening:
            self._topic_body = opening
        if "ember" in sentence:
            member = _MEMBERS_OF.search(sentence)
            if member:
                self._members = self._named_body(sentence[member.end() : member.end() + 80]) or self._members
        document = self._document_word(sentence)
        if document is not None:
            owner = None
            if re.match(r"\w+\s+(?:from|by|of)\s", sentence[document:]):
                owner = self._named_body(sentence[document:])  # "a statement from X"
            before = sentence[:document]
            people = any(self._record(m.group()) is not None for m in _CAPITALISED.finditer(before))
            owner = owner or (None if people else self._body_first(before) or self._body_phrase(before))
            if owner is None and re.match(r"\s*(?:[A-Z]\w+\s+)?(?:it|they)\b", before, re.IGNORECASE):
                owner = self._topic_body or self.last_body
            if owner:
                self._statement_by = owner

    def _document_word(self, text: str) -> int | None:
        """Where a document word ("statement", "letter") stands in a text, if one does."""
        if not any(noun in text for noun in _statement_words()["noun"]):
            return None  # (a test of each word is quicker than the pattern on most sentences)
        match = _documents().search(text)
        return match.start() if match else None

    def _named_body(self, text: str) -> str | None:
        """The organisation, or else the capitalised name, a text opens with ("the group X ...")."""
        folded = fold(text)
        found = [(folded.find(key), name) for key, name, _ in self._organization_keys() if key and key in folded]
        if found:
            return min(found)[1]
        run = _PROPER_RUN.search(text)
        if run and run.start() < 60:
            return self._as_body(run.group(1))
        return None

    def _as_body(self, run: str) -> str | None:
        """A capitalised name the text shows to be a body: remembered, unless it names a person or place."""
        run = run.strip()
        known = lexicon().lookup(run) if run else None
        if not run or self._person_in(run) or (known is not None and known[0] != "organization"):
            return None
        if run not in self.bodies and run not in self.organizations:
            self.bodies.append(run)
            self._organizations = self._mentions = None  # found again with it
        return run

    def _body_phrase(self, text: str) -> str | None:
        """ "The company flat-out denied ...": the body a text opening with a body noun stands for."""
        match = re.match(r"\s*(?:[Bb]ut\s+|[Aa]nd\s+)?(?:[Tt]he|[Ii]ts|[Tt]heir)\s+([a-z-]+)(?:\s+([a-z-]+))?", text)
        nouns = _body_nouns()
        if match is None or not any(w in nouns or w[:-1] in nouns for w in match.groups() if w):
            return None
        for words in (match.group(0).lower().split()[-3:], match.group(0).lower().split()[-3:-1]):
            words = [w for w in words if w not in ("but", "and")]
            found = self._body_noun(words)
            if found:
                return found
        return None

    def _body_noun(self, words: list[str]) -> str | None:
        """ "the label said": the organisation named most recently whose name fits the noun
        (briefkit/data/body_nouns.txt); "the production company": one whose name has that word too."""
        if not 2 <= len(words) <= 3 or words[0] not in ("the", "its", "their"):
            return None
        nouns = _body_nouns()
        noun = words[-1]
        fits = nouns.get(noun) or (nouns.get(noun[:-1]) if noun.endswith("s") else None)
        if not fits:
            return None
        kind = words[1] if len(words) == 3 else ""
        best = None
        for paragraph, offset, name in self._mention_list():
            if (paragraph, offset) >= (self.paragraph_number, self.at):
                break
            name_words = name.split()
            if fits.isdisjoint(name_words) or (kind and not any(fold(w).startswith(kind) for w in name_words)):
                continue
            best = name
        return best

    def _mention_list(self) -> list[tuple[int, int, str]]:
        """(paragraph, offset, organisation) of every mention of the article's organisations, in text
        order: by name, by the name without its last organisation word ("Big Machine" for Big Machine
        Records), by initials ("CBP"). Where two match at once the longer, else the first named, wins."""
        if self._mentions is None:
            words = lexicon().organization_words
            found: dict[tuple[int, int], tuple[int, int, str]] = {}
            names = [*self.organizations, *self.bodies]
            folded = [fold(p) for p in self.doc.paragraphs]
            for order, name in enumerate(names):
                keys = [fold(name)]
                parts = name.split()
                if len(parts) > 2 and parts[-1] in words:
                    keys.append(fold(" ".join(parts[:-1])))
                for key in keys:
                    for number, text in enumerate(folded):
                        at = text.find(key)
                        while at >= 0:
                            old = found.get((number, at))
                            if old is None or (-len(key), order) < old[:2]:
                                found[(number, at)] = (-len(key), order, name)
                            at = text.find(key, at + 1)
                initials = _initials(name)
                if len(initials) > 2 and len(parts) > 2:
                    pattern = re.compile(rf"\b{initials}\b")
                    for number, text in enumerate(self.doc.paragraphs):
                        for match in pattern.finditer(text):
                            found.setdefault((number, match.start()), (-len(initials), order, name))
            self._mentions = [(p, o, found[(p, o)][2]) for p, o in sorted(found)]
        return self._mentions

    def subject_body(self) -> str | None:
        """The organisation the latest narrated sentence opened with (see _body_first)."""
        return self._body_first(self.last_narrated) if self.last_narrated else None

    def _body_first(self, sentence: str) -> str | None:
        """The organisation a sentence opens with, as its subject ("Big Machine have twice denied
        ...", "The company that runs the AMAs, Dick Clark Productions, denies ..."): "they said" or
        "it says" just after is that body's."""
        opening = fold(sentence[:80])
        found = [(opening.find(key), name) for key, name, _ in self._organization_keys() if key and key in opening]
        if not found:
            return None
        at, name = min(found)
        people = [m.start() for m in _CAPITALISED.finditer(sentence[:at]) if self._record(m.group()) is not None]
        return None if people else name

    def _somebody(self, sentence: str) -> None:
        """ "WIRED spoke to one mother, who...": with nobody named, a sentence about an unnamed
        person makes "she" in what follows nobody in particular, not someone named before."""
        if _SOMEBODY.isdisjoint(sentence.replace(",", " ").replace(".", " ").split()):
            return
        for match in _INDEFINITE.finditer(sentence):
            word = match.group(1) if match.group(1) in _SOMEBODY else match.group(2)
            if word in _SOMEBODY:
                gender = "f" if word in _FEMALE_WORDS else "m" if word in _MALE_WORDS else None
                self.recent.append(PersonRecord("", gender=gender))
                return

    def _indirect(self, sentence: str) -> str | None:
        """ "Erekat said it was only the latest move": the speaker of reported speech."""
        if not _has_verb(sentence):
            return None
        for verb in _VERB.finditer(sentence):
            subject = re.split(r"[\"“”]", sentence[: verb.start()])[-1]
            if (_GERUND.search(subject) and verb.group().endswith("ing")) or _OWNER.search(subject):
                continue
            name = self._subject(subject, before=True, first=verb.group().endswith("ing"))
            if name:
                return name
        according = _ACCORDING.search(sentence)
        return self._subject(according.group("subject"), before=False) if according else None

    def spoke(self, speaker: str | None) -> None:
        self.last_act = speaker
        if speaker is None:
            return
        if self._person(speaker):
            self.last_person = speaker
            self._mention(speaker)
        else:
            self.last_body = speaker

    def _mention(self, name: str) -> None:
        record = self.people.find(name) if self.people is not None else None
        if record is not None:
            if record in self.recent:
                self.recent.remove(record)
            self.recent.append(record)

    # -- one quote ------------------------------------------------------------------------

    def resolve(self, paragraph: str, start: int, end: int) -> tuple[str | None, bool]:
        """(speaker, attributed): attributed is True when words around the quote name a
        speaker, even one that is nobody in particular ("a resident said")."""
        self.at = start
        sentence = _last_sentence(paragraph[max(0, start - _SENTENCE_REACH) : start])  # not the whole paragraph again
        after = paragraph[end : end + 300]
        candidates = [self._before(sentence), self._after(after)]
        if candidates[1] and not self._person(candidates[1]):
            self.last_body = candidates[1]  # "..., the ministry said": "it" may say the next quote
        body = next((c for c in candidates if c and not self._person(c)), None)
        if body and self._document_word(sentence + _sentence_rest(after)) is not None:
            self.statement_by = body  # "...," the agency said in a statement: "the statement" is its
        named = next((c for c in candidates if c), None)
        return named, any(c is not None for c in candidates)

    def _before(self, sentence: str) -> str | None:
        according = _ACCORDING.search(sentence)
        if according:
            return self._subject(according.group("subject"), before=False)
        framed = _AS_FRAME.search(sentence)
        if framed and not _PASSIVE.search(sentence, 0, framed.start()):
            found = self._subject(re.split(r"[\"“”]", sentence[: framed.start()])[-1], before=True)
            if found:
                return found
        found = None
        if not _has_verb(sentence):
            return None
        for verb in _VERB.finditer(sentence):
            subject = re.split(r"[\"“”]", sentence[: verb.start()])[-1]
            if not subject.strip() or (_GERUND.search(subject) and verb.group().endswith("ing")):
                continue
            if _OWNER.search(subject):
                continue  # "the ministry’s claim “...”": a noun, not a speech verb
            found = self._subject(subject, before=True, first=verb.group().endswith("ing"))
            if found:
                return found
        return found

    def _after(self, after: str) -> str | None:
        found = None
        for pattern, before in ((_VERB_SUBJECT_AFTER, False), (_SUBJECT_VERB_AFTER, True)):
            match = pattern.match(after)
            if match:
                found = self._subject(match.group("subject"), before=before)
                if found:
                    return found
        if not found and _document_said().match(after):
            return self.statement_by or self.last_body or ""  # "...," the statement read.
        match = _SAID_AT_END.search(_sentence_rest(after))
        if match:
            return self._subject(match.group("subject"), before=False) or found
        return found

    # -- naming a subject -----------------------------------------------------------------

    def _subject(self, subject: str, before: bool, first: bool = False) -> str | None:
        """The speaker a subject phrase names, comma segment by segment: a name, "" for
        somebody not named ("a resident"), None when the phrase names no speaker at all.

        Before a verb, segments that open with "After", "In", "When"... are circumstances
        ("After meeting Trump, Kim said"); a segment opening with "who" or "adding" only
        describes the speaker already named."""
        if before:  # "Trump has been eager to withdraw, but General Mark Milley, chairman..., told"
            clauses = _CLAUSE.split(subject)
            if len(clauses) > 1 and _FINITE.search(" ".join(clauses[:-1])):
                subject = clauses[-1]  # (not "Dylan Nelson, a fellow at ..., and co-author of the study, said")
        segments = [s.strip() for s in subject.strip().rstrip(",").split(",")]
        segments = [s for s in segments if s]
        unnamed = None
        for number, segment in enumerate(segments):
            first = segment.split(None, 1)[0].lower()
            if before and first in _ADVERBIAL and number < len(segments) - 1:
                continue
            if number and first in _RELATIVE:
                if before and number == len(segments) - 1 and first in ("which", "that", "whom") and " " in segment:
                    return self._name(segment.split(None, 1)[1])  # "..., which Apple views as"
                break
            name = self._name(segment, first)
            if name:
                return name
            if number and name is None and self._body_phrase(segments[number - 1] + " ") is None:
                opening = segments[number - 1].lower().split()[:2]
                if len(opening) == 2 and opening[0] == "the" and opening[1] in _body_nouns():
                    run = _PROPER_RUN.fullmatch(segment)
                    body = self._as_body(run.group(1)) if run else None
                    if body:
                        return body  # "The group that owns her music, Big Machine, says"
            if name == "":
                unnamed = ""
        return unnamed

    def _name(self, subject: str, first: bool = False) -> str | None:
        subject = _CONJUNCTION.sub("", subject)  # "But he said": he
        lowered = subject.lower()
        words = lowered.split()
        if lowered in ("they", "it") and self.subject_body():
            return self.subject_body()  # "Big Machine have denied it. “...,” they said."
        if lowered in _PRONOUNS_PERSON:
            return self._pronoun(lowered)
        if len(words) == 2 and words[0] in ("the", "its", "their", "this") and words[1] in _statement_words()["noun"]:
            return self.statement_by or self.last_body or ""  # "the statement read": whose statement it is
        body = self._body_noun(words) if len(words) <= 3 else None
        if body:
            return body  # "the label said": the organisation named last that is a label
        if lowered in _PRONOUNS_BODY:
            return self.last_body or ""
        spokesperson = _FOR_BODY.match(subject)
        if spokesperson:
            return self._name(spokesperson.group(1))
        if _AGED.match(lowered):  # "the 56-year-old said": the person the story is about
            return self._protagonist("f" if words[-1] in _FEMALE_WORDS else "m" if words[-1] in _MALE_WORDS else None)
        if len(words) > 1 and words[0] in ("a", "an", "the") and words[1] in _SPOKESPEOPLE:
            holder = self._by_role(words[1]) if len(words) == 2 else ""
            if not holder and self.people_named_in(subject):
                holder = None
            if not holder and holder is not None and (self.statement_by or self.topic_body):
                return self.statement_by or self.topic_body  # "a spokesperson said": for the body the text is about
        if ("company" in lowered or "firm" in lowered) and _COMPANY.match(subject):
            return self.main_body() or ""
        person = self._person_in(subject, first)
        if person:
            return person
        organization = self._organization_in(subject)
        if organization:
            return organization
        if _UNNAMED.match(lowered):
            return ""
        head = re.sub(r"[’']s$", "", words[-1])
        if len(words) == 2 and words[0] == "the" and head.endswith("s") and len(head) > 4:
            named = [o for o in self.organizations if head in fold(o).split()]
            if len(named) == 1:
                return named[0]  # "the doctors stated": Doctors for Camp Closure; "the nurses": ... Nurses United
            if self.members and (head[:-1] in role_nouns() or head in ("members", "signatories")):
                return self.members  # "the physicians stated", after "The doctors, members of the group X"
        if len(words) <= 4 and (head in role_nouns() or head in _SPOKESPEOPLE or head in _ANONYMOUS):
            return self._by_role(head)
        if words[0] in _PREPOSITIONS:
            return None  # "said in a statement": no subject
        if head in _BODY_WORDS:
            named = [o for o in self.organizations if fold(o.split()[-1]) == head]
            if len(words) <= 3 and len(named) == 1:
                return named[0]  # "the coalition said": the one coalition the article names
            kind = words[-2] if len(words) in (2, 3) and len(words[-2]) >= 5 else ""
            named = [o for o in self.organizations if kind and any(w.startswith(kind) for w in fold(o).split())]
            if len(named) == 1:
                return named[0]  # "the production company said": Dick Clark Productions
            return self.subject_body() or _LEADING.sub("", subject)
        return self._role_at_start(words) if len(words) > 4 else None

    def people_named_in(self, subject: str) -> bool:
        return any(self._record(m.group()) is not None for m in _CAPITALISED.finditer(subject))

    def _role_at_start(self, words: list[str]) -> str | None:
        """ "China's ambassador to Britain accused ... and warned": a clause opening with a
        definite role phrase names the one person the article gives that role."""
        if not (words[0] == "the" or words[0].endswith(("’s", "'s"))):
            return None
        for word in words[1:3]:
            if word in role_nouns() and word not in _ANONYMOUS:
                return self._by_role(word, guess=False) or None
        return None

    def _protagonist(self, gender: str | None) -> str:
        """A description standing for a name ("the 56-year-old"): the person named first in the
        story, if the text has been about them lately, else the person it was last about."""
        recent = [r for r in self.recent[-_RECENT:] if r.name and gender_of(r) in (None, gender or gender_of(r))]
        first = self.people.records[0] if self.people is not None and self.people.records else None
        if first is not None and first in recent:
            return first.name
        return recent[-1].name if recent else ""

    def _pronoun(self, pronoun: str) -> str:
        if pronoun == "they":
            # A group more often than one person; but "Kym Lino confirmed that... “...,” they said":
            # singular they for the person who spoke in the sentence before, if nothing gives a gender.
            record = self.people.find(self.last_act) if self.people is not None and self.last_act else None
            return record.name if record is not None and gender_of(record) is None else ""
        wanted = "f" if pronoun == "she" else "m"
        for record in reversed(self.recent[-_RECENT:]):
            if gender_of(record) in (None, wanted):
                return record.name
        return ""

    def _by_role(self, head: str, guess: bool = True) -> str:
        """ "the president said": the person the text calls president, the latest first (with
        `guess`, the person last named who has no role, when nobody has this one)."""
        if self.people is None:
            return ""
        holders = [
            r
            for r in self.people.records
            if r.role and head in fold(r.role).split() and f"vice {head}" not in fold(r.role)
        ]
        for record in reversed(self.recent):
            if record in holders:
                return record.name
        if len(holders) == 1:
            return holders[0].name
        if holders or head in _ANONYMOUS or not guess:
            return ""
        # "the actor said": with nobody given that role, the person the text was last about, if
        # the article gives them no other role (and no gender the word rules out).
        wanted = "f" if head in _FEMALE_WORDS else "m" if head in _MALE_WORDS else None
        for record in reversed(self.recent[-2:]):
            if not record.role and (wanted is None or gender_of(record) in (None, wanted)):
                if record.name:
                    self.inferred_roles.setdefault(record.name, head)  # the actor said: an actor
                return record.name
        return ""

    def _record(self, word: str) -> PersonRecord | None:
        if self.people is None:
            return None
        word = _bare(word)
        found = self.people.find(word)
        if found is None or " " in word:
            return found
        return self._canonical(fold(word), found)

    def _canonical(self, word: str, found: PersonRecord) -> PersonRecord:
        """The person a name word stands for among all who share it: a fuller name holding another
        ("James Van Der Beek" for "Van Der Beek"), else the one the text was last about, else the
        first named ("Cook" is Tim Cook, named first, not a later "Hosting Cook")."""
        sharing = self.sharing.get(word, [])
        if len(sharing) < 2:
            return found
        folded = {id(r): fold(r.name) for r in sharing}
        fullest = [r for r in sharing if not any(folded[id(o)].endswith(" " + folded[id(r)]) for o in sharing)]
        if len(fullest) == 1:
            return fullest[0]
        for record in reversed(self.recent):
            if record in fullest:
                return record
        return fullest[0]

    def _person(self, name: str) -> bool:
        return self.people is not None and self.people.find(name) is not None

    def _person_in(self, subject: str, first: bool = False) -> str | None:
        """The person named in a subject phrase, the last named ("Kang told Pompeo" has been cut
        before "told"); with `first`, the first ("Kang met Pompeo, saying": the clause's subject)."""
        if self.people is None:
            return None
        words = re.findall(r"[\w’'-]+", subject)
        for word in words if first else reversed(words):
            if word[:1].isupper():
                record = self._record(word)
                if record is not None:
                    shared = len(self.sharing.get(fold(_bare(word)), ())) > 1
                    return (self._written(subject) if shared else None) or record.name
        return None

    def _written(self, subject: str) -> str | None:
        """A full name as written in the subject ("Lakshiwnder Singh", not another Singh), or the
        one fuller name that holds it ("Van Der Beek" is James Van Der Beek)."""
        folded = fold(subject)
        written = [(folded.rfind(name), name, r) for name, r in self.full_names if name in folded]
        if not written:
            return None
        _, name, record = max(written, key=lambda w: w[0])
        fuller = [r.name for n, r in self.full_names if n.endswith(" " + name)]
        return fuller[0] if len(fuller) == 1 else record.name

    def _organization_keys(self) -> list[tuple[str, str, set[str]]]:
        """(folded name, name, abbreviations) of each organisation the article names, made once."""
        if self._organizations is None:
            names = [*self.organizations, *self.bodies]
            self._organizations = [(fold(n), n, _aliases().get(n, set())) for n in names]
        return self._organizations

    def _organization_in(self, subject: str) -> str | None:
        folded, words = fold(subject), set(re.findall(r"[\w.&-]+", subject))
        for key, name, aliases in self._organization_keys():
            if key in folded or (aliases and not words.isdisjoint(aliases)):
                return name
        for abbreviation in (w for w in words if 2 < len(w) < 7 and w.isupper() and w.isalpha()):
            expansion = self._expansion(abbreviation)
            if expansion:
                return expansion
        return None

    def _expansion(self, abbreviation: str) -> str | None:
        """ "the DEA says": the organisation, or else the capitalised name in the article, whose
        initials the abbreviation is ("Drug Enforcement Administration")."""
        if abbreviation not in self._expansions:
            found = next((o for o in self.organizations if _initials(o) == abbreviation), None)
            known = (
                self.people_named(abbreviation) or lexicon().lookup(abbreviation) or fold(abbreviation) in role_nouns()
            )
            if found is None and not known:
                if self._runs is None:  # capitalised runs of the article, found once
                    self._runs = [m.group() for text in self.doc.paragraphs for m in _INITIAL_WORDS.finditer(text)]
                runs = (r for r in self._runs if abbreviation[0] in r)
                found = next(filter(None, (_spelled_out(abbreviation, r) for r in runs)), None)
            self._expansions[abbreviation] = found
        return self._expansions[abbreviation]

    def people_named(self, word: str) -> bool:
        return self.people is not None and self.people.find(word) is not None

    def main_body(self) -> str | None:
        """The organisation the article is about: the one its text names most often (first named on a tie)."""
        if self._main_body is None and self.organizations:
            text = fold(" ".join([self.doc.article.title or "", *self.doc.paragraphs]))
            counts = [(text.count(fold(o)), -n, o) for n, o in enumerate(self.organizations)]
            self._main_body = max(counts)[2]
        return self._main_body


def _bare(word: str) -> str:
    """A name word without its possessive ending ("Cook’s" -> "Cook")."""
    if word[-1] not in "s’'":
        return word
    if word.endswith(("’s", "'s")):
        return word[:-2]
    return word[:-1] if word.endswith(("’", "'")) else word


def _initials(name: str) -> str:
    """ "Drug Enforcement Administration" -> "DEA"; small words ("of", "and") are skipped."""
    return "".join(w[0] for w in re.findall(r"[A-Z][\w’'-]*", name))


def _spelled_out(abbreviation: str, run: str) -> str | None:
    """The words of a capitalised run whose initials are the abbreviation ("The Drug Enforcement
    Administration" -> "Drug Enforcement Administration" for DEA)."""
    words = run.split()
    for start, word in enumerate(words):
        if word[:1] != abbreviation[0]:
            continue
        initials = ""
        for stop in range(start, len(words)):
            if words[stop][:1].isupper():
                initials += words[stop][0]
            if initials == abbreviation:
                return " ".join(words[start : stop + 1])
            if not abbreviation.startswith(initials):
                break
    return None
