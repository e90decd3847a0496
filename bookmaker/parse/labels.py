"""Line recognizers for story metadata: labelled lines and the unlabelled forms people use.

Each function looks at one paragraph's text and says what it is, or ``None``.
They know nothing of position; the front-matter, notes and end-matter stages
decide where each kind may appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bookmaker.parse import vocab
from bookmaker.parse.words import word_len
from bookmaker.patterns import regex

__all__ = [
    "Label", "match_label", "legend_line", "pairing_line", "genre_rating_split",
    "rating_line", "disclaimer_sentence", "series_sentence", "word_count_line",
    "review_request", "dedication_line", "end_marker", "is_title_like", "strip_decoration",
    "is_quoted",
]

# (kind, label regex). Order matters: the first kind whose label matches wins.
_LABELS: tuple[tuple[str, str], ...] = (
    ("title", r"(?:story |fic )?title"),
    ("author", r"authors?|author\(s\)|written by|writer|"
               r"(?:an? |the )?(?:story|fic|fanfic|fanfiction|tale|oneshot|one-shot|ficlet) by|"
               r"by|pseud|pen ?name"),
    ("disclaimer", r"(?:standard |general )?disclaimers?|disclaimer\(s\)"),
    ("summary", r"(?:full |short |story |chapter |quick |long )?summ[ae]ry|sum|synopsis|"
                r"description|blurb|teaser"),
    ("notes", r"a\s?/\s?n|a\.n\.?|an|author'?s'? ?notes?|author'?s'? ?note\(s\)|authors? notes?|"
              r"story notes?|(?:chapter )?(?:end |beginning |final |more |quick |short )?notes?|"
              r"translator'?s'? notes?|t/n|beta'?s? notes?|note to readers|"
              r"(?:original )?transcriber['’]?s['’]? notes?|"
              r"(?:[\w ]{0,30} )?editor['’]?s['’]? notes?|(?:the )?[\w-]{2,20}['’]s notes?"),
    ("rating", r"ratings?|rated"),
    ("pairing", r"pairings?|pairing\(s\)|couples?|relationships?|ships?|romance"),
    ("characters", r"characters?|character\(s\)|cast|main characters?"),
    ("fandom", r"fandoms?|category|categories|crossover|anime|manga|universe|verse"),
    ("warnings", r"(?:content |trigger |archive |story )?warnings?|warning\(s\)|"
                 r"contains(?:\s*\[\s*warnings?\s*\])?|tw|cw|spoilers?(?: for)?"),
    ("series", r"series|sequel to|prequel to|companion (?:piece )?to|follow-?up to"),
    ("legend", r"legend|key|formatting"),
    ("word_count", r"word ?count|words|length|wc"),
    ("genres", r"genres?|genre\(s\)|type"),
    ("tags", r"tags|additional tags|keywords|freeform"),
    ("status", r"status|completed?|chapters"),
    ("contents", r"(?:table of )?contents|toc"),
    ("dedication", r"dedications?|dedicated to"),
    ("other", r"prompts?|challenges?|written for|collections?|beta(?:'?d)?(?: by)?|"
              r"beta[- ]?readers?|betas?|timeline|setting|feedback|archive|language|"
              r"published|updated|posted|date|stats|inspired by|songs?|soundtrack|music|"
              r"themes?|request(?:ed by)?|gift(?:ed)? (?:for|to)|for|au|team(?: [\w'-]+){0,2}"),
)
# Labels that may be followed by their text without a colon or dash.
_NO_SEPARATOR = regex(r"^(?:rated|dedicated to|sequel to|prequel to|companion (?:piece )?to|"
                      r"written by|written for|by|(?:an? |the )?\w+(?:-\w+)? by|"
                      r"a\s?/\s?n|inspired by|beta'?d by|"
                      r"follow-?up to)$", re.I)
# Label-only lines (the text follows in the next paragraphs) without a separator.
_BARE_OK = {"summary", "disclaimer", "contents", "dedication", "legend", "warnings"}
_BARE_NOTES = regex(r"^(?:a\s?/\s?n|a\.n\.?|author'?s'? ?notes?|authors? notes?|story notes?|"
                    r"translator'?s'? notes?|(?:chapter )?(?:end |beginning )?notes?)$", re.I)

_COMMA_NOTE = regex(r"^(?:author'?s'? ?notes?|authors? notes?|a\s?/\s?n)$", re.I)
"""Note labels specific enough to stand before a comma (``Author's note, …``): a plain
``Note, …`` is as often a sentence."""

_SEP = r"(?P<sep>[:\-\u2013\u2014=~>|\uff1a]+|/{2,}|\)|\])"


@dataclass(frozen=True)
class _LabelPatterns:
    """The label patterns for English and the active languages' words."""

    kinds: tuple[str, ...]
    label: re.Pattern[str]
    label_sep: re.Pattern[str]
    no_separator: re.Pattern[str]
    bare_notes: re.Pattern[str]
    bylines: frozenset[str]


@cache
def _label_patterns(langs: tuple[str, ...]) -> _LabelPatterns:
    words = vocab.active()
    extra = dict(words.labels)
    if words.byline:
        extra["author"] = "|".join(w for w in (words.byline, extra.get("author", "")) if w)
    alts = [f"(?:{extra[kind]})|{rx}" if extra.get(kind) else rx for kind, rx in _LABELS]
    label_alt = "|".join(f"(?P<k{i}>{rx})" for i, rx in enumerate(alts))
    # A label may carry a counter: ``Author's note (5/5) – …``.
    head = (rf"^(?P<open>[\s*_~(\[{{<]*)(?P<label>{label_alt})(?![\w'’(])"
            r"(?P<count>\s*\(\d{1,3}\s*/\s*\d{1,3}\))?\s*")
    no_sep, bare = _NO_SEPARATOR.pattern, _BARE_NOTES.pattern
    if words.byline:
        no_sep = f"{no_sep}|^(?:{words.byline})$"
    if extra.get("notes"):
        bare = f"{bare}|^(?:{extra['notes']})$"
    bylines = frozenset(w.replace("\\s+", " ").replace("\\", "") for w in
                        words.byline.split("|")) if words.byline else frozenset()
    return _LabelPatterns(
        tuple(kind for kind, _ in _LABELS),
        regex(rf"{head}{_SEP}?\s*(?P<body>.*?)\s*$", re.I | re.S),
        regex(rf"{head}{_SEP}\s*(?P<body>.*?)\s*$", re.I | re.S),
        regex(no_sep, re.I), regex(bare, re.I), bylines | {"by"})


def _patterns() -> _LabelPatterns:
    return _label_patterns(vocab.active().langs)


_AO3_CATEGORY = regex(r"^(?:(?:f/f|f/m|m/m|gen|multi|other)(?:\s*,\s*|$))+$", re.I)
_QUOTE_OPEN = "\"'“”‘’«„`"
_CLOSERS = {"(": ")", "[": "]", "{": "}", "<": ">"}
_CLOSING = " *_~)]}>"


@dataclass(frozen=True)
class Label:
    """A labelled line: ``kind``, the label as written, and the text after it."""

    kind: str
    """A front matter kind, or ``"title"``/``"author"``."""
    label: str
    """The label as written (``"Full Summary"``)."""
    body: str
    """The text after the label (may be empty: the text follows)."""


def match_label(text: str) -> Label | None:
    """Recognize ``Label: text`` (also ``Label- text``, ``(A/N: text)``, a label alone)."""
    if len(text) > 4000:
        head = text[:200]
        found = match_label(head)
        if found is None or not found.body:
            return None
        return Label(found.kind, found.label, found.body + text[200:])
    pats = _patterns()
    m = pats.label.match(text)
    if not m:
        return None
    kind = next(_LABELS[i][0] for i in range(len(_LABELS)) if m.group(f"k{i}") is not None)
    label, sep, body = m.group("label") + (m.group("count") or ""), m.group("sep"), m.group("body")
    opener = m.group("open").strip()
    if opener and body and not body.strip(_CLOSING):
        body = ""  # **Author's Note**: the label alone, in bold
    if body[:1] == "," and sep is None and _COMMA_NOTE.match(label.strip()):
        sep, body = ",", body[1:].lstrip()  # "(Author's note, find a way to …)"
    if body and sep is None and not pats.no_separator.match(label.strip()):
        m = pats.label_sep.match(text)  # a longer label may have a separator after it
        if not m:
            return None
        kind = next(_LABELS[i][0] for i in range(len(_LABELS)) if m.group(f"k{i}") is not None)
        label, sep, body = (m.group("label") + (m.group("count") or ""), m.group("sep"),
                            m.group("body"))
    if body and kind == "notes" and label.lower() == "an" and sep is None:
        return None
    if not body and sep is None and kind not in _BARE_OK and not pats.bare_notes.match(label):
        return None
    if sep == "|":
        return None
    if kind in ("other", "title", "author") and not body:
        return None
    if opener.strip("*_ ") != opener.strip() and body[:1] in "*_":
        body = body.lstrip("*_ ")  # **Summary:** text
    if opener:
        closer = "".join(_CLOSERS.get(ch, ch) for ch in reversed(opener) if not ch.isspace())
        if closer and body.endswith(closer):
            body = body[: -len(closer)].rstrip()
        elif closer and body.endswith(closer[-1]):
            body = body[:-1].rstrip()
    label = label.strip()
    if kind == "fandom" and label.lower().startswith("categor") and _AO3_CATEGORY.match(body):
        kind = "other"  # AO3's category (F/M, Gen…) says who the romance is between
    if (kind == "author" and label.lower() in pats.bylines and sep is None
            and not body[:1].isupper() and (" " in body.strip() or not body.strip())):
        return None  # "by the river" is prose; "by inkwellwitch" is a user name
    return Label(kind, label, body)


_STYLE_WORDS = regex(r"\b(?:italics?|italicized|bold|underlined?|normal|plain|caps|"
                     r"capitals|quotes|quotation|quotation marks|font|text|brackets|"
                     r"asterisks?|''|\"\")\b|^['\"‘“].{0,30}['\"’”]", re.I)
_MEANING_WORDS = regex(r"\b(?:thoughts?|thinking|talking|talk|speech|speaking|spoken|"
                       r"narrative|narration|flashbacks?|dreams?|telepathy|telepathic|"
                       r"mind ?speak|letters?|memories|memory|inner|sign language|"
                       r"dialogue|conversation|demon|inner voice|past|emphasis|"
                       r"foreign|japanese|english|sounds?|lyrics)\b", re.I)
_CONNECT = regex(r"\s[-\u2013\u2014=:]\s|\s[-\u2013\u2014=:]|\bmeans?\b|\bindicates?\b|"
                 r"\bis\b|\bare\b|\bfor\b|\bdenotes?\b|\s=\s?", re.I)


def legend_line(text: str) -> bool:
    """``Italics – thoughts``, ``"Quotation marks..." means talking.``"""
    if len(text) > 120 or len(text.split()) > 12:
        return False
    return bool(_STYLE_WORDS.search(text) and _MEANING_WORDS.search(text)
                and _CONNECT.search(text))


_NAME = r"[A-Za-z][\w.'\-]*(?:\s[A-Z][\w.'\-]*)?"
_PAIR = rf"{_NAME}(?:\s*(?:/|\s[xX×]\s|×|\s&\s)\s*{_NAME})+"
_PAIRING_RE = regex(rf"^{_PAIR}(?:\s*[,;]\s*{_PAIR})*\.?$")


def pairing_line(text: str) -> bool:
    """``kakashi x iruka``, ``Kakashi/Iruka``, ``Naruto/Sasuke, Kakashi/Iruka``."""
    if len(text) > 120 or re.search(r"\ba\s?/\s?n\b|\band/or\b|\bhe/she\b|\bhis/her\b", text, re.I):
        return False
    return bool(_PAIRING_RE.match(text))


_GENRES = ("angst|romance|drama|humou?r|fluff|hurt/comfort|hurt|comfort|friendship|family|"
           "adventure|tragedy|horror|mystery|suspense|general|fantasy|sci-fi|scifi|"
           "supernatural|parody|poetry|crime|spiritual|western|lemon|lime|smut|pwp|au|"
           "alternate universe|slash|yaoi|yuri|shounen-ai|shonen-ai|shoujo-ai|het|gen|"
           "action|crack|darkfic|dark|oneshot|one-shot|drabble|songfic|character study|"
           "introspection|tragedy|thriller|erotica|comedy|whump|bittersweet")
_RATINGS = r"g|pg|pg-?13|r|nc-?17|m|ma|t|k\+?|k|teen|teens|mature|explicit|general audiences|fr\d+"
_GENRE_RE = regex(rf"^(?:{_GENRES})$", re.I)
_RATING_RE = regex(rf"^(?:{_RATINGS})$", re.I)


def genre_rating_split(text: str) -> tuple[str, str] | None:
    """``Angst. Romance. PG.`` -> (``"Angst. Romance."``, ``"PG."``); ``None`` if not such a line.

    Every item must be a known genre or rating word and at least one a genre.
    Either part may be empty.
    """
    if len(text) > 160:
        return None
    items = [t for t in re.split(r"\s*(?:[.,;|&+]|\s/\s|\s-\s|\band\b)\s*", text.strip()) if t]
    if not items or len(items) > 10:
        return None
    genres = [t for t in items if _GENRE_RE.match(t)]
    ratings = [t for t in items if _RATING_RE.match(t) and not _GENRE_RE.match(t)]
    if not genres or len(genres) + len(ratings) != len(items) or len(ratings) > 1:
        return None
    if not ratings:
        return text.strip(), ""
    rating = ratings[0]
    at = text.rfind(rating)
    end = at + len(rating)
    if end < len(text) and text[end] == ".":
        end += 1
    genre_text = (text[:at] + text[end:]).strip(" ,;|&")
    return genre_text, text[at:end].strip()


def rating_line(text: str) -> bool:
    """A rating code alone: ``PG-13``, ``Rated M``, ``[T]``."""
    s = strip_decoration(text).rstrip(".")
    s = re.sub(r"^rated:?\s+", "", s, flags=re.I)
    if len(s) >= 2 and _RATING_RE.match(s):
        return True
    return bool(re.match(r"^rated:?\s+\S+$", text, re.I))


_DISCLAIMER_RE = regex(
    r"\b(?:do(?:n'?t|n’t| not)|does(?:n'?t|n’t| not)|did(?:n'?t|n’t| not)) own\b|\bnot mine\b|"
    r"\bdisclaim|©|\bcopyright\b|\ball rights\b|\bno (?:money|profit)\b|\bbelongs? to\b.{0,40}"
    r"\b(?:author|creator|owner|respective|mangaka|publisher|studio)|\bown nothing\b|"
    r"\bi own (?:nothing|none)\b",
    re.I,
)


def disclaimer_sentence(text: str) -> bool:
    """An unlabelled ownership disclaimer (``I don't own Naruto.``)."""
    return word_len(text) <= 60 and bool(_DISCLAIMER_RE.search(text))


_SERIES_RE = regex(
    r"\b(?:part|book|installment|instalment|entry|story|sequel|prequel|volume)\b.{0,40}"
    r"\bseries\b|\bseries\b.{0,40}\b(?:part|book|installment|#\s?\d)\b|"
    r"^(?:this is )?(?:a |the )?(?:sequel|prequel|companion(?: piece)?) to\b",
    re.I,
)


def series_sentence(text: str) -> bool:
    """``This is PART 01 of a two part series.``, ``Sequel to …``"""
    return word_len(text) <= 40 and bool(_SERIES_RE.search(text))


_WORDCOUNT_RE = regex(r"^\W*(?:approx\.?\s*|approximately\s*|about\s*)?~?\s*\d[\d,.\s]*k?\s*"
                      r"(?:words?|wds)\W*$", re.I)


def word_count_line(text: str) -> bool:
    """``~7900 words``, ``(2,345 words)``."""
    return len(text) <= 40 and bool(_WORDCOUNT_RE.match(text))


_REVIEW_RE = regex(r"^\W*(?:please\s+)?(?:r\s*&\s*r|r\s*and\s*r|read\s*(?:&|and)\s*review|"
                   r"review|reviews?\s+(?:are|please|make)|please\s+(?:review|comment|"
                   r"leave)|thanks? (?:you )?for reading|comments? (?:are|and)|"
                   r"shout[- ]?outs?|special thanks|many thanks|big thanks|"
                   r"kudos)\b", re.I)


def review_request(text: str) -> bool:
    """``Please review!``, ``R&R``, ``Thanks for reading!``"""
    return word_len(text) <= 40 and bool(_REVIEW_RE.match(text))


_DEDICATION_RE = regex(r"^\W*(?:for|to|in memory of)\s+[\w@]", re.I)


def dedication_line(text: str) -> bool:
    """``for the Rocket Club, who made me do it``: a short unlabelled dedication.

    Only for lines already known to stand apart at the top (not the title, not prose).
    """
    return word_len(text) <= 15 and not text.rstrip().endswith("?") and bool(
        _DEDICATION_RE.match(text))


_END_RE = regex(
    r"^(?:tbc|t\.b\.c|to be continued|continued|the end|end|end (?:of )?file|fin|finis|finite|"
    r"owari|"
    r"completed?|end of (?:the )?(?:chapter|part|story|book|prologue|epilogue|fic)\b.{0,40}|"
    r"end (?:chapter|part|of)\b.{0,30}|(?:chapter|part) .{1,20} end|continued in .{1,60}|"
    r"(?:to be )?continued in (?:the )?next.{0,40})$",
    re.I,
)
_BRACKETED = regex(r"^\[[^\[\]]*\]$")
_OPENERS = {")": "(", "]": "["}
_END_HINTS = ("tbc", "t.b.c", "continu", "end", "fin", "owari", "complet")
_CJK_DECOR = "\u3000\u3002\uff01\uff08\uff09\u300c\u300d\u3010\u3011\uff5e\u2015"
"""Full-width brackets, stops and dashes around a CJK end marker: （完）, 【完】."""
_DECOR = " \t*_~=#-\u2013\u2014[](){}<>|•·+.!:"


def strip_decoration(text: str) -> str:
    """The line without ornamental characters at both ends (``*Chapter 1*`` -> ``Chapter 1``)."""
    core = text.strip(_DECOR.replace(".", "").replace("!", "").replace(":", ""))
    if not core:
        return core
    at = text.find(core) + len(core)
    for ch in text[at:]:  # a bracket closing one opened inside the line is not decoration
        opener = _OPENERS.get(ch)
        if opener is None or core.count(opener) <= core.count(ch):
            break
        core += ch
    return core


def end_marker(text: str) -> bool:
    """``-TBC-``, ``The End``, ``[part one, end]``, ``to be continued…``"""
    low = text.lower()
    words = vocab.active()
    if len(text) > 80:
        return False
    if words.end and re.fullmatch(words.end, text.strip(_DECOR + _CJK_DECOR + "…?"), re.I):
        return True  # Fin, Продолжение следует…, 完, 未完待续
    if not any(h in low for h in _END_HINTS):
        return False
    core = text.strip(_DECOR + "…?").strip()
    if _END_RE.match(core):
        return True
    bracketed = text[:1] in "[(*~-=<{" and len(core.split()) <= 6
    return bracketed and bool(re.search(r"\bend\b$|\bfin$|\bowari$", core, re.I))


def is_quoted(text: str) -> bool:
    """True when the line opens with a quotation mark (speech)."""
    return text[:1] in _QUOTE_OPEN


def is_title_like(text: str, max_words: int = 12) -> bool:
    """A short stand-alone line that could be a title (no sentence punctuation at its end)."""
    s = strip_decoration(text)
    if not s or len(s) > 100 or is_quoted(s) or _BRACKETED.match(text.strip()):
        return False  # ([Illustration], [Footnote 3]: an editor's placeholder, not a title)
    words = s.split()
    if len(words) > max_words:
        return False
    if s[-1] in ".,;:…" and not s.endswith(("Jr.", "Sr.", "Mr.", "Dr.", "St.")) and not (
            s[-1] == "." and s[:-1].isupper() and len(words) >= 2 and not s.endswith("..")):
        return False  # (a title in capitals may end with a full stop: ``A STUDY IN SCARLET.``)
    if s.endswith("...") or "  " in s:
        return False
    return any(ch.isalpha() for ch in s)
