"""Literal hints for a regex: skip its scan when none of the words it must begin with occurs.

Shared by the time grammar (its anchors and rules) and the place cues, so neither stage
reaches into the other.

Why: after the anchors, most of the time stage's cost was scanning every article once per
anchor (some forty case-insensitive word alternations), while most anchors ("quarter",
"weekend", a holiday's name) do not occur in a given article at all. Each anchor's
possible literal beginnings are read from the compiled pattern; an article in which none
of them occurs as a substring (lowercased) cannot hold a match, and its scan is skipped.
A pattern whose beginning is not literal gets no hint and is always scanned.

The pattern is read with the standard library's regex parser (`re._parser`, the module
`re` itself compiles with). It is private API; if it changes or is missing, every anchor
simply goes without a hint.
"""

from __future__ import annotations

from typing import Any

__all__ = ["literal_prefixes"]

_MAX_PREFIXES = 400  # an alternation larger than this is scanned anyway


def literal_prefixes(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lowercased strings one of which every match of `pattern` starts with, or None.

    >>> literal_prefixes(r"(?:the\\s+)?weekend")   # an optional start gives no hint
    >>> literal_prefixes(r"quarters?|half")
    ('half', 'quarter')
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        found = _prefixes(list(parsed), _parser)
    except Exception:  # any change in the parser means no hint, never a wrong one
        return None
    if not found or any(not p for p in found) or len(found) > _MAX_PREFIXES:
        return None
    return tuple(sorted({p.lower() for p in found}))


def _prefixes(items: list[tuple[Any, Any]], sre: Any) -> set[str] | None:
    """The literal beginnings of a parsed sequence (None when one may be empty); `sre` is
    the parser module, which also holds the opcodes (LITERAL, BRANCH ...)."""
    head = ""
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: "(?<![\w])", "\b" consume nothing
        if op is sre.LITERAL:
            head += chr(av)
            continue
        if op is sre.SUBPATTERN:
            inner = _prefixes(list(av[-1]), sre)
        elif op is sre.BRANCH:
            alternatives = [_prefixes(list(alt), sre) for alt in av[1]]
            inner = None if any(a is None for a in alternatives) else set().union(*alternatives)  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            inner = _prefixes(list(av[2]), sre)
        else:
            inner = None
        if inner is None:
            return {head} if head else None
        return {head + tail for tail in inner}
    return {head} if head else None
