"""A cheap, deterministic guess of a text's language (a BCP 47 tag).

Non-Latin scripts decide by the script (kana → ``ja``, Hangul → ``ko``, Han →
``zh``, Cyrillic → ``ru``, Greek, Arabic, Hebrew, Thai…); Latin text by counting
very common function words of a handful of languages (en, fr, de, es, it, pt,
nl, pl, tr). When nothing is clear the answer is ``None``: callers then use a project
default, else ``"en"``.
"""

from __future__ import annotations

import re
from collections import Counter

from bookmaker.patterns import regex

__all__ = ["detect_language", "language_tag"]

_NAMES = {
    "english": "en", "français": "fr", "french": "fr", "deutsch": "de", "german": "de",
    "español": "es", "spanish": "es", "italiano": "it", "italian": "it", "português": "pt",
    "português brasileiro": "pt-BR", "portuguese": "pt", "nederlands": "nl", "dutch": "nl",
    "русский": "ru", "russian": "ru", "polski": "pl", "polish": "pl", "日本語": "ja",
    "japanese": "ja", "中文-普通话 國語": "zh", "中文": "zh", "chinese": "zh", "한국어": "ko",
    "korean": "ko", "svenska": "sv", "swedish": "sv", "suomi": "fi", "finnish": "fi",
    "dansk": "da", "danish": "da", "norsk": "no", "norwegian": "no", "čeština": "cs",
    "czech": "cs", "magyar": "hu", "hungarian": "hu", "türkçe": "tr", "turkish": "tr",
    "ελληνικά": "el", "greek": "el", "العربية": "ar", "arabic": "ar", "עברית": "he",
    "hebrew": "he", "bahasa indonesia": "id", "indonesian": "id", "tiếng việt": "vi",
    "vietnamese": "vi", "українська": "uk", "ukrainian": "uk", "català": "ca", "catalan": "ca",
}
"""Language names as archives print them (AO3 uses each language's own name)."""
_TAG = regex(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")


def language_tag(name: str) -> str | None:
    """The BCP 47 tag for a language name or tag a source states (``English`` → ``en``)."""
    key = " ".join(name.split()).casefold()
    if key in _NAMES:
        return _NAMES[key]
    return name.strip() if _TAG.match(name.strip()) else None

_SAMPLE = 20_000

_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("ja", "[\u3040-\u30ff]"),
    ("ko", "[\uac00-\ud7af]"),
    ("zh", "[\u4e00-\u9fff]"),
    ("ru", "[\u0400-\u04ff]"),
    ("el", "[\u0370-\u03ff]"),
    ("ar", "[\u0600-\u06ff]"),
    ("he", "[\u0590-\u05ff]"),
    ("th", "[\u0e00-\u0e7f]"),
    ("hi", "[\u0900-\u097f]"),
)

_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and to of a was he she it that in his her you i with had said".split()),
    "fr": frozenset("le la les et de un une est il elle que pas pour dans vous je ne qui".split()),
    "de": frozenset("der die das und ist nicht ich sie er zu ein eine mit den auf sich".split()),
    "es": frozenset("el la los las y de que en un una es no por con se lo para".split()),
    "it": frozenset("il la che di e non un una per è sono mi lo gli con si".split()),
    "pt": frozenset("o a os as e de que não um uma é em para com se por ele ela".split()),
    "nl": frozenset("de het een en van ik is niet dat je hij zij met op te".split()),
    "pl": frozenset("i w na nie się z do to że jest jak ale co po był była jej go".split()),
    "tr": frozenset("ve bir bu da de ne için ama çok ben sen o gibi daha".split()),
}
_WORD = regex(r"[^\W\d_]+")
_ANY_SCRIPT = regex("[\u0370-\u04ff\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f"
                    "\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
"""Any character of the scripts in ``_SCRIPTS`` (most texts have none: one scan, not nine)."""


def detect_language(text: str) -> str | None:
    """Guess the language of ``text`` from its first 20,000 characters, or ``None``."""
    sample = text[:_SAMPLE]
    found = _WORD.findall(sample.lower())  # runs of letters
    letters = sum(map(len, found))
    if not letters:
        return None
    for tag, pattern in _SCRIPTS if _ANY_SCRIPT.search(sample) else ():
        if len(re.findall(pattern, sample)) > letters * 0.3 or (
            tag == "ja" and len(re.findall(pattern, sample)) > letters * 0.05
        ):
            return tag
    words = Counter(found)
    scores = {tag: sum(words[w] for w in common) for tag, common in _WORDS.items()}
    best = max(scores, key=lambda tag: (scores[tag], tag == "en"))
    total = sum(words.values())
    if total < 5 or scores[best] < total * 0.1:
        return None
    return best
