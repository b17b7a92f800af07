"""Annotator: people, countries, places and organisations named in the article.

The title, the caption and each paragraph are cut into capitalised chunks
(names.py), each chunk split by the gazetteers (segments.py); what is left
unknown and looks like a name is a person (people.py), with a role (roles.py).
"""

from __future__ import annotations

import re

from ..cleaning import SCHEDULE_LINE
from ..model import Annotations
from .document import Document
from .lexicon import Lexicon, fold, key, lexicon
from .names import Chunk, Token, chunks, phrase, tokenize
from .people import (
    People,
    PersonRecord,
    english_words,
    given_names,
    looks_like_full_name,
    looks_like_single_name,
    named_like_a_person,
)
from .roles import honorific_role, role_after, role_before, role_before_comma, role_nouns
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
_AREA_WORDS = frozenset(
    "province district region state county city village town area settlement suburb township neighborhood "
    "neighbourhood municipality prefecture".split()
)
# "Orange and Riverside counties": two places named with one plural area word.
_TWO_AREAS = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) and ([A-Z][a-z]+(?: [A-Z][a-z]+)?) (counties|provinces)\b")
# A date-led schedule line ("June 9 – Tampa, FL @ Amphitheatre"): what follows " @ " is a venue.
_MONTH_STARTS = frozenset("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())
# ", FL", ", Calif.", ", W.Va." after a place; "(R-W.Va.)", "D-Calif." after a politician.
_REGION_CODE = re.compile(r", ([A-Z]{2}(?!\w)|[A-Z][a-z]{1,4}\.|[A-Z]\. ?[A-Z][a-z]?\.)")
_PARTY_REGION = re.compile(r"\b[RDI]-((?:[A-Z]\. ?)?[A-Z][A-Za-z]{1,12}\.?)(?=[,);])")
# "Kosmos, a group co-founded by", "Salesforce founder Marc Benioff": a single unknown word an organisation.
_ORGANIZATION_APPOSITIVE = re.compile(
    r",\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:company|group|firm|startup|start-up|retailer|platform|brand|chain|"
    r"nonprofit|charity|publisher|newspaper|website|app|maker|manufacturer|developer|insurer|carrier|airline|"
    r"lender|broker|consultancy|agency|organi[sz]ation|network|outlet|service)\b"
)
_ORGANIZATION_CUES = (", a ", ", an ", " founder", " co-founder", " cofounder", " co-CEO", " CEO", " chief executive")
_ORGANIZATION_CUES += (" employees", " workers")
_ORGANIZATION_PEOPLE = re.compile(r" (?:co-?founder|founder|co-CEO|CEO|chief executive|employees|workers)\b")
# Lower-case nouns that make the capitalised name right after them an organisation.
_ORGANIZATION_NOUNS = frozenset(
    "company firm startup start-up carrier airline website group bank lender retailer insurer broker automaker "
    "carmaker chipmaker publisher newspaper broadcaster platform outlet charity nonprofit band".split()
)
_WORK_AT = frozenset(
    "layoffs layoff jobs cuts employees workers staff professor researcher engineer executive executives "
    "analyst economist scientist director strategist".split()
)
# Words before a plural possessive that opens an organisation name: "People’s Liberation Army".
_PLURAL_OWNERS = frozenset("People Women Children Men Workers Veterans Citizens Farmers".split())
# A place right before these is part of a street, a building or a team, not a place of its own.
_PLACE_PART_OF = frozenset("Street Avenue Road Square Bridge Airport Station Tower Hall House Center Centre".split())
_TEAM_SPORTS = ("soccer ", "football ", "basketball ", "baseball ", "hockey ", "rugby ", "cricket ")
# Lower-case nouns after a capitalised run that make it the name of a thing, not a person (not
# "song" or "film": "the Howard Jones song" names a person).
_THING_NOUNS = frozenset(
    "mission probe spacecraft telescope rover satellite supercomputer computer subscription app software "
    "device rocket vehicle edition franchise brand vaccine drug index fund tournament festival exhibition".split()
)
_FACILITY_NOUNS = frozenset(
    "theater theatre stadium arena hotel museum building campus center centre auditorium restaurant mall prison "
    "jail airport station palace temple church mosque cathedral bridge tower".split()
)
_ING_GIVEN_NAMES = frozenset({"Sterling", "Channing", "Irving", "Darling"})  # not gerunds at a sentence start
_CONTINENT_PARTS = frozenset({"North", "South", "Latin", "Central"})  # + American: a continent's adjective
_PLURAL_COMPOUND = re.compile(r"[A-Z][a-z]+-[a-z]+s")
_SENTENCE_OPENERS = frozenset(("", ".", "!", "?", "“", '"', "”", ":"))
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_PLURAL_SPEECH = frozenset("say tell warn argue believe think fear expect note agree claim estimate".split())
_GENERIC_BODY = re.compile(
    r"(?:Interior|Foreign|Home|Finance|Defen[cs]e|Justice|Health|Education|Commerce|Trade|Economy|Agriculture|"
    r"Energy|Environment|Transport|Labou?r|Culture) Ministry|Supreme Court|Constitutional Court|High Court"
)
_KINSHIP_BEFORE = re.compile(
    r"\b(?:his|her|their|my|our) (wife|husband|son|daughter|mother|father|brother|sister|partner|fianc[ée]e?|"
    r"girlfriend|boyfriend|widow|widower),? $"
)
_REGION_AFTER = re.compile(r", ((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)\b(?:[’']s)?")
# Words after a capital that show it is no subject doing something ("took over Washington for the first time").
_NOT_AN_ACT = frozenset("and or for because than until".split())
# How a body speaks: "X said in a statement", "X said in a filing".
_BODY_SPEECH = re.compile(
    r" (?:said|says|announced|confirmed|added) in (?:a|an|its) (?:\w+ )?(?:statement|release|filing)\b"
)
_OWNED_BY_PEOPLE = frozenset(
    "family families campaign administration estate household dynasty children sons daughters brothers sisters "
    "wife husband era years presidency government cabinet team lawyers attorneys".split()
)
_LEAGUE = re.compile(r"\b(NFL|NBA|MLB|NHL)\b")
_CAPITALISED_WORD = re.compile(r"\b[A-Z0-9][\w]*")
_RULERS = frozenset("government regime authorities administration leadership establishment".split())
_WEAK_LOCATIVE = frozenset("to toward towards from against with".split())
_CITED_BY = frozenset("reported obtained published first".split())
_LETTERS = re.compile(r"[\W_]+")
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
        self.mentions: dict[str, int] = {}  # country -> times named
        self.governments: set[str] = set()  # capitals standing for their government ("Beijing wants")
        self.capital_of: dict[str, str] = {}  # such a capital -> its country
        self.city_evidence: set[str] = set()  # capitals named as a city in no doubt ("in Beijing")
        self.unproven: list[PersonRecord] = []  # full names with no title, role or speech yet
        self.proven: set[int] = set()  # ids of people with such evidence
        self.alone: set[str] = set()  # capitalised words standing alone: surnames used by themselves
        self.named: list[tuple[str, int, int, PersonRecord]] = []  # full names where they stand
        self.text = ""  # the whole article, for the two look-ups below, made when first asked
        self._lower_words: frozenset[str] | None = None
        self._leagues: set[str] | None = None
        self.told: dict[str, None] = {}  # unknown names after "told" or "according to"
        self.written_as: dict[str, str] = {}  # a known name -> how the article writes it ("Bureau of Prisons")

    @property
    def lower_words(self) -> frozenset[str]:
        """Every word the article writes in lower case ("defenseman" makes "Defenseman X" no name)."""
        if self._lower_words is None:
            self._lower_words = frozenset(_LOWER_WORD.findall(self.text))
        return self._lower_words

    def leagues(self, lex: Lexicon) -> set[str]:
        """The sports leagues the story is about (team nicknames count there)."""
        if self._leagues is None:
            self._leagues = _leagues(self.text, lex)
        return self._leagues


def annotate(doc: Document, ann: Annotations) -> None:
    lex = lexicon()
    found = Found()
    texts = [doc.article.title or ""] + doc.paragraphs + [doc.article.caption or ""]
    singles: list[tuple] = []
    found.text = " ".join(texts)
    for number, text in enumerate(texts):
        # A headline capitalises every word: no people from it, nor from a headline-case line.
        names_people = number > 0 and not _headline_case(text)
        _dateline(text, lex, found)
        if text[:3] in _MONTH_STARTS and SCHEDULE_LINE.fullmatch(text):
            text = _schedule_place(text)  # "June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL": no venue
        if "R-" in text or "D-" in text or "I-" in text:
            _party_regions(text, lex, found)
        tokens = tokenize(text)
        position = {t.start: i for i, t in enumerate(tokens)}
        regions = _regions(text, lex) if ", " in text else None
        paired = _paired_areas(text, found) if " counties" in text or " provinces" in text else ()
        for chunk in _merged(text, chunks(text, tokens), lex):
            if len(chunk.tokens) == 1 and _used_as_a_name(text, chunk.tokens[0], lex):
                found.alone.add(chunk.tokens[0].text)
            if paired and chunk.start in paired:
                continue
            if regions and chunk.tokens[-1].end in regions:
                chunk = _place_before_region(chunk, regions[chunk.tokens[-1].end], lex, found)
                if chunk is None:
                    continue
            _classify(text, tokens, position, chunk, lex, found, singles if names_people else None)
    _drop_unproven(found)
    for record in [r for r in found.people.records if " " in r.name and r.name in found.places]:
        found.people.remove(record)  # "Forest Hill's hotel" after "Forest Hill police": the town
    _resolve_singles(singles, lex, found, texts)
    _outlets_told(found, lex)
    for capital, country in found.capital_of.items():
        if _surname(capital, found) and country not in found.mentions:
            found.countries.pop(country, None)  # "Hamilton argued" is Ian Hamilton, not Bermuda's government
    ann.countries = list(found.countries)
    government_only = found.governments - found.city_evidence
    ann.places = [
        p for p in found.places if p not in found.countries and p not in government_only and not _surname(p, found)
    ]
    for canonical in found.written_as:  # "the CDC" after "the Centers for Disease Control": named as written
        if canonical != found.written_as[canonical]:
            found.organizations.pop(canonical, None)
    ann.organizations = _disambiguated([o for o in found.organizations if o not in found.countries], found)
    ann.people = found.people.as_people()
    doc.people_index = found.people  # for the quote annotator: surname -> person


_CAPITALISED_SMALL_WORD = re.compile(
    r" (?:Is|Are|Was|Were|An|In|On|For|With|From|Into|About|To|And|At|By|As|Will|Has) "
)
_PROSE_ENDS = frozenset('.”"')
_FUNCTION_WORDS = frozenset(
    "is are was were an in on for with from into about to and at by as will has have than".split()
)


def _disambiguated(organizations: list[str], found: Found) -> list[str]:
    """A country's generic body ("the Interior Ministry", "the Supreme Court") named with the
    country the article is about: "Interior Ministry (Austria)". US bodies stay bare (the State
    Department), as does everything when no country is named at least twice."""
    if not found.mentions or not any(_GENERIC_BODY.fullmatch(o) for o in organizations):
        return organizations
    country, times = max(found.mentions.items(), key=lambda item: item[1])
    if times < 2 or country == "United States":
        return organizations
    return [f"{o} ({country})" if _GENERIC_BODY.fullmatch(o) else o for o in organizations]


def _schedule_place(line: str) -> str:
    """A tour-date line without its venue: "June 9 – Tampa, FL @ Coral Sky Amphitheatre" and
    "June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL" keep "Tampa, FL", "West Palm Beach, FL"."""
    if " @ " in line:
        return line[: line.index(" @ ")]
    parts = line.split(", ")
    return ", ".join(parts[-2:]) if len(parts) > 2 else line


def _headline_case(text: str) -> bool:
    """A line in headline case ("Is An Oxygen Bar In Delhi Offering Fresh Air For Rs 300?"): its
    small function words capitalised, as prose, however full of names, never has them."""
    if len(text) > 250 or text[-1:] in _PROSE_ENDS:
        return False
    words = text.split()
    if not _CAPITALISED_SMALL_WORD.search(text):
        # AP style keeps "at", "in" small: "Man Shot at Dallas Gas Station Dies at Hospital" is
        # still a headline when every other word is capitalised and some are common words.
        content = [w for w in words[1:] if w.lower() not in _FUNCTION_WORDS and w[:1].isalpha()]
        if len(words) < 5 or not content or not all(w[:1].isupper() for w in content):
            return False
        return sum(1 for w in content if w.lower().strip(",:;’'") in english_words()) >= 2
    small = [w for w in words[1:] if w.lower() in _FUNCTION_WORDS]
    return len(small) >= 2 and sum(1 for w in small if w[0].isupper()) > 0.5 * len(small)


def _paired_areas(text: str, found: Found) -> set[int]:
    """ "Orange and Riverside counties" names Orange County and Riverside County; returns where
    the two names start, for their chunks to be passed over."""
    starts = set()
    for match in _TWO_AREAS.finditer(text):
        area = match.group(3)[:-3].title() + "y" if match.group(3) == "counties" else "Province"
        for group in (1, 2):
            found.places[f"{match.group(group)} {area}"] = None
            starts.add(match.start(group))
    return starts


def _regions(text: str, lex: Lexicon) -> dict[int, str]:
    """Where a US state or Canadian province code follows a comma ("Tampa, FL", "Orange County,
    Calif."): the comma's offset -> the state or province."""
    found = {}
    for match in _REGION_CODE.finditer(text):
        code = match.group(1)
        region = lex.region_codes.get(code) or (lex.region_codes.get(code[:-1]) if code.endswith(".") else None)
        if region:
            found[match.start()] = region
    return found


def _place_before_region(chunk: Chunk, region: str, lex: Lexicon, found: Found) -> Chunk | None:
    """A capitalised name before ", FL" is a place in that state: both are places. Returns what
    is left of the chunk to classify (the words before the place), or the chunk itself."""
    if chunk.tokens[-1].possessive:
        return chunk
    last = segment(chunk.tokens, lex)[-1]
    if last.kind in ("place", "capital"):
        name = last.name if last.kind == "place" else phrase(last.tokens)
    elif last.kind == "unknown" and len(last.tokens) <= 4:
        name = phrase(last.tokens)
    else:
        return chunk
    found.places[name] = None
    found.located.add(name)
    found.city_evidence.add(name)
    found.places[region] = None
    rest = chunk.tokens[: len(chunk.tokens) - len(last.tokens)]
    return Chunk(rest) if rest else None


def _party_regions(text: str, lex: Lexicon, found: Found) -> None:
    """The state of a politician's party-state tag: "(R-W.Va.)" is West Virginia."""
    for match in _PARTY_REGION.finditer(text):
        code = match.group(1)
        region = lex.region_codes.get(code) or (lex.region_codes.get(code[:-1]) if code.endswith(".") else None)
        if region is None and code in lex.region_codes.values():
            region = code  # "(R-Texas)"
        if region:
            found.places[region] = None


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
        if (
            merged
            and merged[-1].tokens[-1].possessive
            and text[merged[-1].end : chunk.start] == " "
            and (chunk.tokens[-1].text in lex.organization_words or chunk.tokens[0].text in lex.organization_words)
        ):
            owner = merged[-1].tokens[-1]
            if _owner_in_a_name(owner.text) or (owner.text[:1].isupper() and fold(owner.text) in lex.role_words):
                # "People’s Liberation Army", "Orange County Sheriff’s Office", "U.S. Attorney’s Office",
                # "California Governor’s Office of Emergency Services": one name. The owner keeps its ’s,
                # so that a title in it ("Governor’s") is no role or honorific that would cut the name.
                owner = owner._replace(text=text[owner.start : owner.end], possessive=False)
                merged[-1] = Chunk(merged[-1].tokens[:-1] + (owner,) + chunk.tokens)
                continue
        if (
            merged
            and text[merged[-1].end : chunk.start] in (" of the ", " for the ")
            and merged[-1].tokens[-1].text in lex.organization_words
            and not merged[-1].tokens[-1].possessive
        ):
            # "Office of the Inspector General", "Attorney’s Office for the Western District of New York"
            start, the = merged[-1].end + 1, chunk.start - 4
            small = (Token(text[start : the - 1], start, the - 1), Token("the", the, the + 3))
            merged[-1] = Chunk(merged[-1].tokens + small + chunk.tokens)
            continue
        if (
            merged
            and text[merged[-1].end : chunk.start] in (" and ", " & ")
            and _ends_organization(chunk, lex)
            and len(chunk.tokens) <= 2  # "Exchange Commission" ends one name; "Dick Clark Productions" is its own
        ):
            if (
                lex.lookup(phrase(merged[-1].tokens)) is None
                and merged[-1].tokens[-1].text not in lex.organization_words
            ):
                merged[-1] = Chunk(merged[-1].tokens + chunk.tokens)
                continue
        merged.append(chunk)
    return merged


def _owner_in_a_name(word: str) -> bool:
    """A possessive word that may stand inside an organisation's name: "People’s", "Sheriff’s"."""
    return word in _PLURAL_OWNERS or (word[:1].isupper() and fold(word) in role_nouns())


def _ends_organization(chunk: Chunk, lex: Lexicon) -> bool:
    return chunk.tokens[-1].text in lex.organization_words and lex.lookup(phrase(chunk.tokens)) is None


def _classify(text, tokens, position, chunk, lex, found, singles) -> None:
    words = chunk.tokens
    if len(words) > 2 and _named_by_a_noun(text, tokens, position, chunk, lex):
        found.organizations[_as_written(text, Segment("organization", words, phrase(words)))] = None
        return  # "the group Doctors for Camp Closure", "the nonprofit Nurses for Safe Care"
    segments = segment(words, lex)
    if len(words) > 2 and words[0].text in ("Follow", "Watch") and _char_before(text, chunk.start) in _SENTENCE_OPENERS:
        words = words[1:]  # "Follow NBC Latino on Facebook"
        chunk, segments = Chunk(words), segment(words, lex)
    if len(segments) > 1 and segments[0].kind == "organization" and _cited(text, tokens, position, chunk):
        rest = [t for seg in segments[1:] if seg.kind == "unknown" for t in seg.tokens]
        if (
            len(rest) == len(words) - len(segments[0].tokens)
            and len(rest) <= 2
            and not words[-1].possessive
            and not (len(rest) == 2 and named_like_a_person(phrase(rest)))  # "told CNN Jake Tapper"
        ):
            # "told NBC Latino", "CBS DFW reports": a known outlet's edition or desk, cited by its name
            found.organizations[_as_written(text, Segment("organization", words, phrase(words)))] = None
            return
    if len(words) > 1:  # the checks below need several words; three chunks in four have one
        if words[-1].text in lex.thing_words:
            # A facility or an event ("Ameris Bank Amphitheatre", "ATP Finals"): only the countries in it.
            for seg in segments:
                if seg.kind == "country":
                    found.countries[seg.name] = None
            return
        if singles is not None and len(words) == 2 and "He" in (words[0].text, words[1].text):
            if _he_in_a_name(text, chunk, lex):
                first, last = position[words[0].start], position[words[1].start]
                role = role_before(text, tokens, first, lex) or role_before_comma(text, tokens, first, last, lex)
                found.people.add(list(words), role or role_after(text, words[-1].end, lex))
                return
        if singles is not None and len(words) > 2:
            start = words[0].start
            if (text[start - 1 : start] == "(" or text.startswith(" (", words[-1].end)) and _expands_abbreviation(
                text, chunk
            ):
                singles = None  # "DACA (Deferred Action for Childhood Arrivals)": a programme or body, no person
    for number, seg in enumerate(segments):
        kind = seg.kind
        if kind == "organization":
            if singles is None and lex.lookup(phrase(seg.tokens)) is None:
                continue  # a headline's capitalised words end in "Service" by chance: only known names there
            if seg.tokens[-1].possessive and len(seg.tokens) == 1 and fold(seg.tokens[0].text) in found.people.by_word:
                continue  # "McDonald’s cameo" after Michael McDonald: his, not the company's
            written = _as_written(text, seg)
            named = seg.name
            if seg.name == phrase(seg.tokens):
                named = written
            elif _shortened(written, seg.name):
                named = found.written_as[seg.name] = written
            found.organizations[named] = None
            _countries_inside(seg, lex, found)
        elif kind == "country":
            if number and segments[number - 1].tokens[-1].text in _CONTINENT_PARTS and seg.tokens[0].text[-1:] == "n":
                continue  # "a North American tour": the continent, not the United States
            found.countries[seg.name] = None
            found.mentions[seg.name] = found.mentions.get(seg.name, 0) + 1
            part = lex.places.get(key(phrase(seg.tokens)))
            if part is not None and part != seg.name:
                found.places[part] = None  # "Scotland": a place, and the United Kingdom's
        elif kind == "capital" or kind == "place":
            following = segments[number + 1] if number + 1 < len(segments) else None
            if _part_of_a_name(text, seg, following):
                continue
            _police(text, seg, following, found)
            if kind == "capital":
                _capital(text, tokens, position[seg.tokens[0].start], seg, found)
            else:
                found.places[seg.name] = None
                if _after_locative(text, tokens, position[seg.tokens[0].start]):
                    found.located.add(seg.name)
        elif kind == "unknown":
            team = _team(seg, lex, found) if len(seg.tokens) <= 2 and phrase(seg.tokens) in lex.teams else None
            if team:
                found.organizations[team] = None  # "the Wild beat the Sabres" (in a hockey story)
            elif len(seg.tokens) > 1 and seg.tokens[-1].text in lex.place_words:
                found.places[seg.name] = None  # "West Palm Beach", "Sioux Falls"
            elif singles is not None:
                _unknown(text, tokens, position, seg, segments[:number], lex, found, singles)


def _cited(text: str, tokens: list[Token], position: dict, chunk: Chunk) -> bool:
    """A name cited as a source: after "told", "according to", "reported by", "obtained by",
    "Follow" or "Watch", or before "reports", "reported"."""
    first = position[chunk.start]
    if _told(tokens, first):
        return True
    previous = tokens[first - 1].text if first > 0 else ""
    if previous in ("Follow", "Watch") or (previous == "by" and first > 1 and tokens[first - 2].text in _CITED_BY):
        return True
    return text.startswith((" reports", " reported"), chunk.end)


def _named_by_a_noun(text: str, tokens: list[Token], position: dict, chunk: Chunk, lex: Lexicon) -> bool:
    """A name of several words right after "group", "charity", "company"... with a connector inside
    ("Doctors for Camp Closure"): the whole name is the body's, whatever words it is made of."""
    first = position[chunk.start]
    if first == 0 or tokens[first - 1].text not in _ORGANIZATION_NOUNS or tokens[first - 1].possessive:
        return False
    if text[tokens[first - 1].end : chunk.start] != " ":
        return False
    inner = {t.text for t in chunk.tokens[1:-1]}
    return bool(inner & {"for", "of", "and", "&"}) and lex.lookup(phrase(chunk.tokens)) is None


def _leagues(text: str, lex: Lexicon) -> set[str]:
    """The leagues a story is about: named (NHL), or one of its teams named in full, or two of its
    teams' nicknames ("the Wild beat the Sabres")."""
    if not lex.teams:
        return set()
    capitalised = set(_CAPITALISED_WORD.findall(text))  # one pass; nicknames are capitalised words
    found = [n for n in lex.teams if n.split(" ", 1)[0] in capitalised and re.search(rf"\b{re.escape(n)}\b", text)]
    if not found and not _LEAGUE.search(text):
        return set()
    leagues = set(_LEAGUE.findall(text))
    leagues |= {league for n in found for team, league in lex.teams[n] if team in text}
    per_league: dict[str, int] = {}
    for nickname in found:
        for _team, league in lex.teams[nickname]:
            per_league[league] = per_league.get(league, 0) + 1
    return leagues | {league for league, count in per_league.items() if count >= 2}


def _team(seg: Segment, lex: Lexicon, found: Found) -> str | None:
    """The one team of the story's leagues a nickname names, if exactly one."""
    leagues = found.leagues(lex)
    teams = [team for team, league in lex.teams.get(phrase(seg.tokens), ()) if league in leagues]
    return teams[0] if len(teams) == 1 else None


def _police(text: str, seg: Segment, following: Segment | None, found: Found) -> None:
    """ "Hong Kong police", "Delhi police": the city's police force is an organisation."""
    end = seg.tokens[-1].end
    if following is None and not seg.tokens[-1].possessive and text.startswith(" police", end):
        if not text[end + 7 : end + 8].isalpha():
            found.organizations[f"{phrase(seg.tokens)} police"] = None


def _he_in_a_name(text: str, chunk: Chunk, lex: Lexicon) -> bool:
    """ "Liu He, China’s top negotiator", "He Jianxiong, the former director": the Chinese name He,
    not the pronoun — after a name word, or first but with the name set off by a comma."""
    first, second = chunk.tokens
    if first.text == "He" and not first.possessive:
        other, sentence_start = second, _char_before(text, first.start) in ("", ".", "!", "?", "”", '"')
        if sentence_start and not text.startswith(",", second.end):
            return False
    elif second.text == "He" and not first.possessive:
        other = first
    else:
        return False
    return looks_like_single_name(other, lex) and lex.lookup(other.text) is None


def _expands_abbreviation(text: str, chunk: Chunk) -> bool:
    """A name spelled out next to its abbreviation: "DACA (Deferred Action ...)", "... (DACA)"."""
    initials = "".join(t.text[0] for t in chunk.tokens if t.text[0].isupper())
    if len(initials) < 3:
        return False
    before = text[max(0, chunk.start - len(initials) - 2) : chunk.start]
    return before == f"{initials} (" or text.startswith(f" ({initials})", chunk.end)


def _part_of_a_name(text: str, seg: Segment, following: Segment | None) -> bool:
    """ "Toulouse Street", "Barcelona soccer player": the place names a street, building or team."""
    if following is not None:
        return following.tokens[0].text in _PLACE_PART_OF
    end = seg.tokens[-1].end
    return text[end : end + 1] == " " and text.startswith(_TEAM_SPORTS, end + 1)


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


def _shortened(written: str, canonical: str) -> bool:
    """Whether a name as the article writes it is the gazetteer's name shortened or spelled
    otherwise, word for word: "Centers for Disease Control" (and Prevention), "Bureau of Prisons"
    (Federal), "Walt Disney Co." (Company), "JP Morgan" (JPMorgan). Such a name is reported as
    written; an abbreviation or a nickname ("AP", "Spurs") is reported by the canonical name."""
    if " " not in written or written.isupper():
        return False
    short = written.replace(".", "").replace("-", " ").lower().split()
    full = canonical.replace(".", "").replace("-", " ").lower().split()
    if short == full:
        return False  # "US Army" is "U.S. Army"
    if _LETTERS.sub("", written).lower() == _LETTERS.sub("", canonical).lower():
        return True
    cut = [w.endswith(".") for w in written.replace("-", " ").split()]  # "Co.": a word cut short
    return any(
        all(full[i + j] == w or (cut[j] and full[i + j].startswith(w)) for j, w in enumerate(short))
        for i in range(len(full) - len(short) + 1)
    )


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
    acts = following[:1].islower() and following not in _NOT_AN_ACT and text[tokens[last].end :][:1] == " "
    name = phrase(seg.tokens)
    name = name.title() if name.isupper() else name
    if previous == "the" and acts and following not in _RULERS:
        acts = False  # "the London side", "the Tokyo office": the city
    if previous not in _LOCATIVE and (seg.tokens[-1].possessive or acts):
        found.countries[seg.name] = None
        found.governments.add(name)
        found.capital_of[name] = seg.name
    else:
        found.places[name] = None
        if previous in _LOCATIVE or previous in _PLACE_PREPOSITIONS:
            found.located.add(name)
        if previous not in _WEAK_LOCATIVE:
            found.city_evidence.add(name)  # "caving to Beijing" may be the government; "in Beijing" is the city


def _unknown(text, tokens, position, seg, before, lex, found, singles) -> None:
    words = list(seg.tokens)
    if _common_word_at_sentence_start(text, words[0], found):
        words = words[1:]
        if not words:
            return
        seg = Segment(seg.kind, tuple(words), phrase(words))
    first = position[words[0].start]
    if (
        not before
        and _told(tokens, first)
        and not text[words[-1].end : words[-1].end + 2][1:].isupper()
        and role_after(text, words[-1].end, lex) is None  # "told Brennan, the lab's director": a person
    ):
        found.told[_as_written(text, seg)] = None  # "told Gizmodo": an outlet, unless a person has the name
    if len(words) == 3 and _initials(words[1].text) and named_like_a_person(f"{words[0].text} {words[2].text}"):
        # "Struan WA Wilkie": initials without dots between a given name and a surname
        role = role_before(text, tokens, first, lex) or role_after(text, words[-1].end, lex)
        found.proven.add(id(found.people.add(words, role)))
        return
    if len(words) > 1 and any(_acronym(t.text) for t in words):
        last_acronym = max(i for i, t in enumerate(words) if _acronym(t.text))
        name = tuple(words[last_acronym + 1 :])
        if looks_like_full_name(name, lex) and named_like_a_person(phrase(name)):
            # "Browns DL Sheldon Richardson", "NFL Insider Jason La Canfora": a title, then the person
            title = [t for s in before for t in s.tokens] + words[: last_acronym + 1]
            record = found.people.add(list(name), role_before(text, tokens, position[name[0].start], lex)
                                      or text[title[0].start : title[-1].end])
            found.proven.add(id(record))
            return
        if not all(t.text.isupper() for t in words):  # "WINS AGAIN" is a shouted subhead
            found.organizations[seg.name] = None
        return
    region = _REGION_AFTER.match(text, words[-1].end) if len(words) <= 3 and not words[-1].possessive else None
    if (
        region is not None
        and not region.group(0).endswith(("’s", "'s"))  # not "Kamala Harris, California's senator"
        and words[0].text not in given_names()
        and _is_region(region, lex)
        and not all(t.text.lower() in english_words() for t in words)  # not "Moreover, Japan"
    ):
        found.places[seg.name] = None  # "San Ysidro, California", "Greenbelt, Maryland"
        found.located.add(seg.name)
        return
    town = lex.towns.get(key(seg.name)) if len(words) <= 3 and not words[-1].possessive else None
    if town and _town_here(text, tokens, first, words, lex):
        found.places[town] = None  # "in Burbank", "the Spokane firm", "Frisco, Texas"
        found.located.add(town)
        return
    if len(words) <= 3 and _area_follows(text, words[-1]):
        found.places[seg.name] = None  # "Logar province", "Kowloon West district"
        return
    if len(words) <= 3 and not words[-1].possessive and text.startswith(" police ", words[-1].end):
        found.places[seg.name] = None  # "Forest Hill police officers": a town and its force
        found.organizations[f"{seg.name} police"] = None
        return
    if (
        first > 0
        and (tokens[first - 1].text == "the" or tokens[first - 1].possessive)
        and _facility_follows(text, words[-1])
    ):
        return  # "the Yerba Buena theater"
    if (
        len(words) <= 3
        and first > 0
        and tokens[first - 1].text in _ORGANIZATION_NOUNS
        and not tokens[first - 1].possessive  # "the band’s McDonald" is a person
        and text[tokens[first - 1].end : words[0].start] == " "
    ):
        found.organizations[seg.name] = None  # "carrier SunExpress", "fact-checking website Full Fact"
        return
    if (
        len(words) == 1
        and not before
        and (text.startswith(_ORGANIZATION_CUES, words[0].end) or (first > 0 and tokens[first - 1].text == "at"))
        and _organization_here(text, tokens, first, words[0], found)
    ):
        found.organizations[words[0].text] = None
        return
    if len(words) == 1 and _is_place_word(text, tokens, first, words[0], lex, found):
        return
    if not before and _not_a_person_here(text, tokens, first, words):
        return
    if len(before) > 1 and before[-1].tokens[-1].text == "of" and before[-2].kind == "role":
        return  # "Head of Fundamental Research": what the title is of, not a person
    if len(words) > 1 and _in_title_case_quote(text, words[0].start):
        return  # “Less Money on Testing, More Money on Students”, “We’re Not Gonna Take It”
    titled = bool(before) and before[-1].kind == "honorific"
    gender = _TITLE_GENDER.get(before[-1].tokens[-1].text) if titled else None
    if len(words) == 1 and before and before[-1].kind == "role" and before[-1].tokens[-1].text[:1].isupper():
        # "Vice President Pence", "Chairman Schiff": a capitalised title makes a surname a person
        if looks_like_single_name(words[0], lex) and not words[0].possessive:
            role = role_before(text, tokens, first, lex)
            singles.append((text, words, first, True, role, None, True))
            return
    if looks_like_full_name(seg.tokens, lex):
        if fold(words[0].text) in lex.cities and words[0].text not in given_names():
            return  # "Shanghai Composite", "Manchester United": a city's name, no given name
        if _thing_follows(text, words[-1]):
            return  # "the Hazel Hen supercomputer", "NASA's Europa Clipper mission"
        last = position[words[-1].start]
        role = (
            role_before(text, tokens, first, lex)
            or role_before_comma(text, tokens, first, last, lex)
            or role_after(text, words[-1].end, lex)
        )
        record = found.people.add(words, role, gender)
        found.named.append((text, words[0].start, words[-1].end, record))
        if titled or role or _speaks_or_who(text, tokens, first, words, lex) or _country_before(tokens, first, found):
            found.proven.add(id(record))
        else:
            found.unproven.append(record)
        return
    if len(words) == 1 and looks_like_single_name(words[0], lex):
        kin = None if titled else _KINSHIP_BEFORE.search(text, max(0, words[0].start - 30), words[0].start)
        if kin:
            found.people.add(words, kin.group(1))  # "his wife, Kimberly,": a person, the role "wife"
            return
        role = role_before(text, tokens, first, lex) if titled else None
        singles.append(
            (
                text,
                words,
                first,
                titled,
                role or honorific_role(list(before[-1].tokens), lex) if titled else None,
                gender,
                False,
            )
        )


def _speaks_or_who(text: str, tokens: list[Token], first: int, words: list[Token], lex: Lexicon) -> bool:
    """ "Jane Smith said", "said Jane Smith", "Jane Smith, who": a person by what the sentence says."""
    after = text[words[-1].end : words[-1].end + 20].split()
    if after and after[0].strip(",.") in lex.speech_verbs or text.startswith((" who ", ", who "), words[-1].end):
        return True
    previous = tokens[first - 1].text if first > 0 else ""
    return previous in lex.speech_verbs and previous not in ("told", "tells", "tell")  # "told Business Insider"


def _country_before(tokens: list[Token], first: int, found: Found) -> bool:
    """ "Serbia’s Novak Djokovic": a country's own."""
    return first > 0 and tokens[first - 1].possessive and tokens[first - 1].text in found.countries


def _drop_unproven(found: Found) -> None:
    """A capitalised run that only looks like a name ("Essar Steel", "Sky Sports") is a person only
    with some evidence: a title, role or speech verb at a mention, a known given name first, its
    last word standing alone elsewhere ("Smith said"), or "and" joining it to a person."""
    for record in found.unproven:
        if id(record) not in found.proven and named_like_a_person(record.name):
            found.proven.add(id(record))
    for record in found.unproven:
        if id(record) in found.proven or not any(r is record for r in found.people.records):
            continue
        if record.name.split()[-1] not in found.alone and not _joined_to_a_person(record, found):
            found.people.remove(record)


def _told(tokens: list[Token], first: int) -> bool:
    """Whether the words at `first` follow "told" or "according to" (maybe with "the")."""
    back = first - 1 if first > 0 and tokens[first - 1].text in ("the", "The") else first
    if back < 1:
        return False
    previous = tokens[back - 1].text
    return previous == "told" or (previous == "to" and back > 1 and tokens[back - 2].text in ("according", "According"))


def _outlets_told(found: Found, lex: Lexicon) -> None:
    """ "told Gizmodo", "according to Box Office Mojo": what nobody in the article is named is the
    outlet or body told (a person told is a surname: "told Benioff")."""
    for name in found.told:
        words = name.split()
        if any(found.people.find(w) is not None for w in words) or lex.lookup(name) is not None:
            continue
        if len(words) > 1 and named_like_a_person(name):
            continue
        if fold(name) not in {fold(p) for p in found.places}:
            found.organizations.setdefault(name, None)


def _used_as_a_name(text: str, token: Token, lex: Lexicon) -> bool:
    """A capitalised word standing alone as a surname would ("Wee said", "Sowers, 32,"), not as a
    common word before a noun ("the Founder’s Edition bundle and Pro service")."""
    if token.text.lower() not in english_words():
        return True
    following = text[token.end : token.end + 20].split(None, 1)
    word = following[0].rstrip(".,;:!?”’\"'") if following and text[token.end : token.end + 1] == " " else ""
    return not word[:1].islower() or word in lex.speech_verbs or word.endswith(("s", "ed"))


def _joined_to_a_person(record: PersonRecord, found: Found) -> bool:
    """ "Aryavir Kumar and Margarita Kuritsyna": one of two names joined by "and" is a person."""
    for text, start, end, mention in found.named:
        if mention is not record:
            continue
        for other_text, other_start, other_end, other in found.named:
            if other_text is text and id(other) in found.proven:
                if text[end:other_start] == " and " or text[other_end:start] == " and ":
                    return True
    return False


def _not_a_person_here(text: str, tokens: list[Token], first: int, words: list[Token]) -> bool:
    """“Wild Rose” (a title in quote marks), "its Dream Chaser vehicle", "a Go-Kart Track":
    capitalised words a person's name never stands in."""
    opening = _char_before(text, words[0].start)
    closing = _char_after(text, words[-1].end, " ,.!?")
    if (opening in ("“", '"') and closing in ("”", '"')) or (opening == "‘" and closing == "’"):
        return True  # (a closing ’ ends a quotation: a possessive ’s would be part of the token)
    previous = tokens[first - 1].text.lower() if first > 0 else ""
    return previous in _NOT_BEFORE_A_PERSON and text[tokens[first - 1].end : words[0].start] == " "


def _in_title_case_quote(text: str, index: int) -> bool:
    """Whether `index` is inside a quotation in title case (a slogan, a song): most of its words
    capitalised, small words too."""
    opening = text.rfind("“", 0, index)
    if opening < 0 or "”" in text[opening:index]:
        return False
    closing = text.find("”", index)
    quoted = text[opening + 1 : closing].split() if closing > 0 else []
    if len(quoted) < 3:
        return False
    return sum(1 for w in quoted if w[:1].isupper()) >= 0.75 * len(quoted)


def _is_place_word(text, tokens, first, token: Token, lex: Lexicon, found: Found) -> bool:
    """One unknown capitalised word that the words around make a place: "an Amritsar-based
    agent", "a fuel plant in Senkata", "Addison, a village southwest of Ithaca"."""
    word = token.text
    base, _, rest = word.partition("-")
    if rest and rest.isupper() and base[1:].islower():
        hit = lex.lookup(base)
        if hit is not None and hit[0] in ("place", "capital"):
            found.places[word] = None  # "Delhi-NCR": a place with its region's abbreviation
            found.located.add(word)
            return True
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
    previous = tokens[first - 1].text if first > 0 else ""
    if next_word and next_word.strip(",.;:") not in _AFTER_PLACE and previous != "near":
        return False  # "in MacBook keyboards", "in Senkata Valley": not this rule's ("near X" always is)
    before = tokens[first - 2].text.lower() if first > 1 else ""
    of_place = previous != "of" or before in _DIRECTIONS or _region_follows(following, lex)
    if previous in _PLACE_PREPOSITIONS and of_place:
        if text[tokens[first - 1].end : token.start] == " ":
            found.places[word] = None
            found.located.add(word)
            return True
    return False


def _town_here(text: str, tokens: list[Token], first: int, words: list[Token], lex: Lexicon) -> bool:
    """Whether the words around a town's name say it is the place: after in, near, outside or from;
    "the Spokane advertising firm" (the name between "the" and a common noun); "Frisco, Texas"."""
    previous = tokens[first - 1].text if first > 0 else ""
    if previous in ("in", "near", "outside", "from"):
        return True
    following = text[words[-1].end : words[-1].end + 40]
    if _region_follows(following, lex):
        return True
    noun = following[1:].split(None, 1)[0].rstrip(",;:") if following[:1] == " " and following.strip() else ""
    if previous not in ("the", "The") or not noun.isalpha() or not noun.islower() or noun not in english_words():
        return False
    if noun in _OWNED_BY_PEOPLE or noun in _FACILITY_NOUNS or noun in _THING_NOUNS:
        return False  # "the Warren family", "the Jackson campaign", "the Marion theater"
    return noun not in role_nouns() and noun not in lex.speech_verbs


def _region_follows(following: str, lex: Lexicon) -> bool:
    """ ", Scotland", ", Texas": a known country or region right after a word ("of Aberdeenshire, Scotland")."""
    return _is_region(_REGION_AFTER.match(following), lex)


def _is_region(match: re.Match[str] | None, lex: Lexicon) -> bool:
    hit = lex.lookup(match.group(1)) if match else None
    return hit is not None and (hit[0] == "country" or (hit[0] == "place" and fold(hit[1]) not in lex.cities))


def _common_word_at_sentence_start(text: str, token: Token, found: Found) -> bool:
    """ "Teachers said", "Although Hitler", "Hosting Cook at ...", "Singer-guitarists Tom Johnston":
    a capital only because the sentence starts there (a word also written in lower case, a
    gerund, a plural compound noun)."""
    before = _char_before(text, token.start)
    if before and before not in '.!?"“”:':
        return False
    word = token.text.lower()
    if len(word) >= 7 and word.endswith("ing") and not token.possessive and token.text not in _ING_GIVEN_NAMES:
        return True
    if _PLURAL_COMPOUND.fullmatch(token.text):
        return True
    if word.isalpha() and word.isascii():
        return word in found.lower_words  # every lower-case word of the article, found once
    return f" {word} " in text or f" {word}," in text or f" {word}." in text


def _thing_follows(text: str, last: Token) -> bool:
    """A name right before a noun for a made thing names the thing: "Hazel Hen supercomputer"."""
    if last.possessive:
        return False
    following = text[last.end : last.end + 16].split()
    return bool(following) and following[0].strip(",.;:") in _THING_NOUNS


def _facility_follows(text: str, last: Token) -> bool:
    """ "the Yerba Buena theater": a name (after "the") before a building noun names the building."""
    if last.possessive:
        return False
    following = text[last.end : last.end + 14].split()
    return bool(following) and following[0].strip(",.") in _FACILITY_NOUNS


def _organization_here(text: str, tokens: list[Token], first: int, token: Token, found: Found) -> bool:
    """One unknown word that the words around make an organisation: "Kosmos, a group co-founded
    by", "Salesforce founder Marc Benioff", "layoffs at Meetup", "at Flexport, which ..."."""
    word = token.text
    if token.possessive or not word.isalpha() or len(word) < 3:
        return False
    following = text[token.end : token.end + 80]
    if following[:1] == "," and _ORGANIZATION_APPOSITIVE.match(following) and fold(word) not in found.people.by_word:
        return True
    if fold(word) in found.people.by_word:
        return False
    if _ORGANIZATION_PEOPLE.match(following) and _char_before(text, token.start) not in ("", ".", "!", "?"):
        return True
    previous = tokens[first - 1].text if first > 0 else ""
    if previous == "at" and (following.startswith(", which") or (first > 1 and tokens[first - 2].text in _WORK_AT)):
        return True
    return False


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


def _initials(word: str) -> bool:
    return 1 < len(word) <= 3 and word.isalpha() and word.isupper()


def _acronym(word: str) -> bool:
    return len(word.rstrip(".")) > 1 and word.isupper() and word not in ("II", "III", "IV")


def _resolve_singles(singles, lex: Lexicon, found: Found, texts: list[str]) -> None:
    """Single names: a known person's name word, or a person of their own with a title or speech verb
    (a word that once "said in a statement", and is no given name, is a body each time it speaks)."""
    bodies = {
        words[0].text
        for text, words, *_ in singles
        if _BODY_SPEECH.match(text, words[0].end) and words[0].text not in given_names()
    }
    for text, words, _first, titled, role, gender, by_role in singles:
        known = found.people.find(words[0].text)
        if known is not None and by_role and role:
            key = fold(words[0].text)
            if sum(1 for r in found.people.records if key in r.words) > 1:
                continue  # "Vice President Biden" with Joe and Hunter Biden named: whose title is unclear
        if known is not None:
            known.role = known.role or role  # "President Trump" gives Donald Trump a role
            known.gender = known.gender or gender
            continue
        if titled:
            found.people.add(words, role, gender)
        elif words[0].text in found.told and not _speaks(text, words[0], lex, after_only=True):
            continue  # "told Gizmodo", with no full name of a Gizmodo: the outlet told (see _outlets_told)
        elif _speaks(text, words[0], lex) and not _plural_subject(text, words[0]):
            if _char_before(text, words[0].start) in _SENTENCE_OPENERS:
                if words[0].text.lower() in found.lower_words:
                    continue  # "Teachers chanted" where the article also says "teachers"
            if words[0].text in bodies:
                found.organizations.setdefault(words[0].text, None)  # "Tottenham said in a statement"
                continue
            found.people.add(words, role, gender)


def _plural_subject(text: str, token: Token) -> bool:
    """ "Analysts say", "Economists warned": a plural noun, not a person's name — a bare plural verb
    follows, or a plural ending no surname has."""
    following = text[token.end : token.end + 12].split(None, 1)
    if following and following[0] in _PLURAL_SPEECH:
        return True
    return token.text.endswith(("ists", "ants", "ents", "ians"))


def _speaks(text: str, token: Token, lex: Lexicon, after_only: bool = False) -> bool:
    after = text[token.end : token.end + 20].split()
    if after and after[0].strip(",.") in lex.speech_verbs:
        return True
    before = text[max(0, token.start - 12) : token.start].split()
    return not after_only and bool(before and before[-1] in lex.speech_verbs)
