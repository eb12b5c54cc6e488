"""Short text and numeric answers.

Text is compared after Unicode NFKC (so full-width letters and ligatures match), with the
question's case and whitespace options, against every accepted alternative and optionally a
regex (full match). Numbers accept `1,024` and `1024 MiB` when the unit is the question's; a
non-number gets a clear message, never an exception.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from typing import Any

from tutor.content.models import NumericQuestion, ShortTextQuestion
from tutor.grading.types import Detail, Grade

MAX_TEXT = 2_000
_SPACES = re.compile(r"\s+")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER_UNIT = re.compile(r"^\s*([+-]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")


def _normal(text: str, question: ShortTextQuestion) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    if question.collapse_whitespace:
        text = _SPACES.sub(" ", text)
    if not question.case_sensitive:
        text = text.casefold()
    return text


def grade_short_text(question: ShortTextQuestion, response: Any,
                     partial_credit: bool | None) -> Grade:
    raw = "" if response is None else str(response)
    if not raw.strip():
        return Grade(0.0, False, ("Type an answer.",))
    if len(raw) > MAX_TEXT:
        return Grade(0.0, False, (f"That answer is {len(raw):,} characters long: a short answer "
                                  "is a word or a phrase.",))
    given = _normal(raw, question)
    accepted = [_normal(a, question) for a in question.answers]
    detail = (Detail("answer", question.answers[0], raw.strip(), False),)
    if given in accepted:
        return Grade(1.0, True, (), (Detail("answer", question.answers[0], raw.strip(), True),))
    if question.regex is not None:
        flags = 0 if question.case_sensitive else re.IGNORECASE
        try:
            if re.fullmatch(question.regex, given, flags) is not None:
                return Grade(1.0, True, (), (Detail("answer", question.regex, raw.strip(), True),))
        except re.error:  # pragma: no cover - validated by the model
            pass
    lines = []
    if question.case_sensitive and given.casefold() in [a.casefold() for a in accepted]:
        lines.append("Check the capitalisation: this answer is case-sensitive.")
    elif difflib.get_close_matches(given, accepted, n=1, cutoff=0.8):
        lines.append("Close: check the spelling.")
    lines.append(f"Accepted: {question.answers[0]}.")
    return Grade(0.0, False, tuple(lines), detail)


def parse_number(text: str, unit: str | None) -> tuple[float | None, str | None]:
    """(value, None) or (None, the message the learner reads)."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None, "Type a number."
    if len(text) > 100:
        return None, "That is not a number."
    m = _NUMBER_UNIT.match(text)
    if m is None:
        return None, f"{text!r} is not a number."
    digits, suffix = m.group(1), m.group(2)
    if "," in digits:
        if not _GROUPED.match(digits):
            return None, (f"{digits!r}: use a dot for decimals; commas only group thousands "
                          "(1,024).")
        digits = digits.replace(",", "")
    digits = digits.replace("_", "")
    try:
        value = float(digits)
    except ValueError:
        return None, f"{text!r} is not a number."
    if not math.isfinite(value):
        return None, "That is not a finite number."
    if suffix:
        if unit is None:
            return None, f"Give just the number, without {suffix!r}."
        if not _same_unit(suffix, unit):
            return None, f"The answer is in {unit}; {suffix!r} is a different unit."
    return value, None


def _same_unit(given: str, unit: str) -> bool:
    g, u = given.strip().casefold(), unit.strip().casefold()
    return g == u or g == u + "s" or g + "s" == u


def grade_numeric(question: NumericQuestion, response: Any,
                  partial_credit: bool | None) -> Grade:
    raw = "" if response is None else str(response)
    value, problem = parse_number(raw, question.unit)
    unit = f" {question.unit}" if question.unit else ""
    if question.range is not None:
        low, high = question.range
        want = f"{low:g} to {high:g}{unit}"
        ok = value is not None and low <= value <= high
    else:
        assert question.answer is not None
        target, tol = question.answer, question.tolerance
        want = f"{target:g}{unit}" + (f" (± {tol:g})" if tol else "")
        ok = value is not None and abs(value - target) <= tol + 1e-9 * max(1.0, abs(target))
    if value is None:
        return Grade(0.0, False, (problem or "That is not a number.",),
                     (Detail("answer", want, raw.strip()[:100], False),))
    detail = (Detail("answer", want, f"{value:g}{unit}", ok),)
    if ok:
        return Grade(1.0, True, (), detail)
    direction = "high" if (question.range and value > question.range[1]) or (
        question.answer is not None and value > question.answer) else "low"
    return Grade(0.0, False, (f"{value:g}{unit} is too {direction}: the answer is {want}.",),
                 detail)


def check_short_text_key(question: ShortTextQuestion) -> list[str]:
    """Accepted answers must survive the question's own normalisation."""
    problems = []
    for answer in question.answers:
        if not _normal(answer, question):
            problems.append("an accepted short_text answer is empty")
    return problems
