"""Turn a typed line into the response shape a grader expects (plain mode, `pack try`, TUI).

Choices and ordering items can be given by id ("b") or by 1-based position ("2"). Positions
refer to the order the learner was shown, which the caller passes as `order` when it shuffled
(the question's own order otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tutor.content.models import MultipleQuestion, OrderingQuestion, SingleQuestion

_SPLIT = re.compile(r"[\s,;>]+")
_TRUE = {"true", "t", "yes", "y", "1", "vrai", "wahr"}
_FALSE = {"false", "f", "no", "n", "0", "faux", "falsch"}


def parse_bool(text: str) -> bool | None:
    word = text.strip().strip(".!").lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def _token(ids: Sequence[str], token: str) -> str:
    """An id as typed ("B", "b)", "(b)"), or a 1-based position in `ids`."""
    token = token.strip().strip("().:").lower()
    if token in ids:
        return token
    if token.isdigit() and 1 <= int(token) <= len(ids):
        return ids[int(token) - 1]
    return token


def parse_single(question: SingleQuestion, text: str, order: Sequence[str] | None = None) -> str:
    ids = list(order) if order else [c.id for c in question.choices]
    return _token(ids, text) if text.strip() else ""


def parse_multiple(question: MultipleQuestion, text: str,
                   order: Sequence[str] | None = None) -> list[str]:
    ids = list(order) if order else [c.id for c in question.choices]
    tokens = [t for t in _SPLIT.split(text.strip()) if t]
    if len(tokens) == 1 and tokens[0] not in ids and not tokens[0].isdigit() \
            and all(ch in ids for ch in tokens[0].lower()):
        tokens = list(tokens[0].lower())  # "ac" → a, c when ids are single letters
    return [_token(ids, t) for t in tokens]


def parse_ordering(question: OrderingQuestion, text: str,
                   order: Sequence[str] | None = None) -> list[str]:
    ids = list(order) if order else [i.id for i in question.items]
    tokens = [t for t in _SPLIT.split(text.strip()) if t]
    if len(tokens) == 1 and len(tokens[0]) == len(ids) and tokens[0].isdigit():
        tokens = list(tokens[0])  # "312"
    return [_token(ids, t) for t in tokens]


def parse_response(question: Any, text: str, *, order: Sequence[str] | None = None) -> Any:
    """A typed line → Response for `question`'s type; raw text when nothing applies."""
    text = "" if text is None else str(text)
    kind = getattr(question, "type", None)
    if kind == "single":
        return parse_single(question, text, order)
    if kind == "multiple":
        return parse_multiple(question, text, order)
    if kind == "true_false":
        value = parse_bool(text)
        return text if value is None else value
    if kind == "ordering":
        return parse_ordering(question, text, order)
    if kind == "placement":
        return text.strip()
    return text
