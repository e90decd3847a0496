"""Style sheets copied into an EPUB stay self-contained: no remote or ``file:`` URLs.

The PDF renderer's fetcher refuses every URL outside bookmaker's folders; an EPUB
has no fetcher, so a user style sheet with ``@import url(https://…)``,
``url(file:///…)`` or ``url(//cdn…)`` would reach the network (or the reader's
disk) on every device and fail EPUBCheck. :func:`self_contained` drops the
``@import`` rules and declarations holding such URLs, with one warning, and
returns every other byte of the sheet as it was.
"""

from __future__ import annotations

import logging
import re

__all__ = ["is_external", "self_contained"]

log = logging.getLogger("bookmaker")

_CANDIDATE = re.compile(r"""(?i)(url\(|@import|src\()\s*["']?\s*([a-z][a-z0-9+.-]*:|/|\\)""")
"""A quick look for a URL with a scheme or an absolute path; only then is the sheet parsed
(tinycss2 is imported only for such sheets, so EPUB-only builds stay light)."""
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_ALLOWED_SCHEMES = {"data"}
"""``data:`` URLs carry their bytes inside the sheet, so they stay in the book."""
_GROUPS = {"media", "supports", "layer", "container", "document", "scope", "starting-style"}
"""At-rules whose block holds rules (not declarations)."""


def is_external(url: str) -> bool:
    """Whether a CSS URL leaves the book: any scheme but ``data:``, ``//host`` or ``/path``."""
    match = _SCHEME.match(url)
    if match:
        return match.group(1).lower() not in _ALLOWED_SCHEMES
    return url.strip().startswith(("/", "\\"))


def _urls(tokens) -> list[str]:
    """Every URL in a token list: ``url(x)``, ``url("x")``, ``src("x")`` and nested blocks."""
    found = []
    for token in tokens or ():
        if token.type == "url":
            found.append(token.value)
        elif token.type == "function":
            if token.lower_name in ("url", "src"):
                found += [a.value for a in token.arguments if a.type == "string"]
            found += _urls(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            found += _urls(token.content)
    return found


def _external(tokens) -> bool:
    return any(is_external(u) for u in _urls(tokens))


def _strings(tokens) -> list[str]:
    return [t.value for t in tokens or () if t.type == "string"]


def _clean_rules(rules, dropped: list[str]) -> str:
    """Serialized ``rules`` without the ones (or the declarations) that hold external URLs."""
    out = []
    for rule in rules:
        if rule.type in ("at-rule", "qualified-rule") and _has_external(rule):
            out.append(_clean_rule(rule, dropped))
        else:
            out.append(rule.serialize())
    return "".join(out)


def _has_external(rule) -> bool:
    if rule.type == "at-rule" and rule.lower_at_keyword == "import":
        return _external(rule.prelude) or any(is_external(s) for s in _strings(rule.prelude))
    return _external(rule.prelude) or _external(rule.content)


def _clean_rule(rule, dropped: list[str]) -> str:
    import tinycss2

    if rule.content is None or _external(rule.prelude) or (
            rule.type == "at-rule" and rule.lower_at_keyword == "import"):
        dropped.append(rule.serialize().strip()[:80])
        return ""
    head = (f"@{rule.at_keyword}" if rule.type == "at-rule" else "") + tinycss2.serialize(
        rule.prelude)
    if rule.type == "at-rule" and rule.lower_at_keyword in _GROUPS:
        inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=False,
                                         skip_comments=False)
        return f"{head}{{{_clean_rules(inner, dropped)}}}"
    kept = []
    for item in tinycss2.parse_declaration_list(rule.content, skip_whitespace=False,
                                                skip_comments=False):
        if item.type == "declaration" and _external(item.value):
            dropped.append(item.serialize().strip()[:80])
        elif item.type == "declaration":
            kept.append(item.serialize() + ";")
        else:
            kept.append(item.serialize())
    return f"{head}{{{''.join(kept)}}}"


def self_contained(data: bytes, name: str = "style sheet") -> bytes:
    """``data`` (a CSS file) without rules or declarations that fetch from outside the book."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data  # not ours to repair; EPUBCheck will name it
    if not _CANDIDATE.search(text):
        return data
    import tinycss2

    rules = tinycss2.parse_stylesheet(text, skip_whitespace=False, skip_comments=False)
    if not any(r.type in ("at-rule", "qualified-rule") and _has_external(r) for r in rules):
        return data
    dropped: list[str] = []
    cleaned = _clean_rules(rules, dropped)
    log.warning("%s: left out %d rule(s) with remote or file: URLs (an EPUB must be "
                "self-contained): %s", name, len(dropped), "; ".join(dropped[:3]))
    return cleaned.encode("utf-8")
