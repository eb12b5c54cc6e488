"""Ordering questions: exact, or partial credit by run or by pairs.

`run`: the longest stretch placed exactly as in the correct order (consecutive and adjacent),
scored (run-1)/(n-1) so a lone item earns nothing. `pairs`: the fraction of item pairs in the
right relative order (a reversed list scores 0). The feedback names the first misplaced step.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from tutor.content.models import OrderingQuestion
from tutor.grading.types import Detail, Grade


def longest_run(correct: list[str], given: list[str]) -> int:
    """Longest stretch of `given` that is also a stretch of `correct`."""
    position = {item: k for k, item in enumerate(correct)}
    best = run = 1 if given else 0
    for a, b in pairwise(given):
        run = run + 1 if position[b] == position[a] + 1 else 1
        best = max(best, run)
    return best


def pair_fraction(correct: list[str], given: list[str]) -> float:
    """Share of pairs in the right relative order."""
    position = {item: k for k, item in enumerate(correct)}
    ranks = [position[g] for g in given]
    n = len(ranks)
    total = n * (n - 1) // 2
    if total == 0:
        return 1.0
    good = sum(1 for i in range(n) for j in range(i + 1, n) if ranks[i] < ranks[j])
    return good / total


def grade_ordering(question: OrderingQuestion, response: Any,
                   partial_credit: bool | None) -> Grade:
    if not isinstance(response, list | tuple):
        from tutor.grading.responses import parse_ordering

        response = parse_ordering(question, "" if response is None else str(response))
    correct = [i.id for i in question.items]
    text = {i.id: i.text for i in question.items}
    given = [str(x).strip().lower() for x in (response or ())]
    unknown = [g for g in given if g not in text]
    if unknown:
        return Grade(0.0, False, (f"{', '.join(map(repr, unknown))} isn't one of the steps "
                                  f"({', '.join(correct)}).",))
    dupes = sorted({g for g in given if given.count(g) > 1})
    if dupes:
        return Grade(0.0, False, (f"Each step goes in once: {', '.join(dupes)} is repeated.",))
    missing = [c for c in correct if c not in given]
    if missing:
        return Grade(0.0, False, (f"Put every step in order: {', '.join(missing)} is missing.",))
    details = tuple(Detail(f"position {k + 1}", c, g, c == g)
                    for k, (c, g) in enumerate(zip(correct, given, strict=True)))
    if given == correct:
        return Grade(1.0, True, (), details)
    first = next(k for k, (c, g) in enumerate(zip(correct, given, strict=True)) if c != g)
    lines = [f"Step {first + 1} should be “{text[correct[first]]}”, not “{text[given[first]]}”.",
             "The right order: " + " → ".join(correct) + "."]
    mode = question.partial_credit
    if partial_credit is False:
        mode = "none"
    elif partial_credit is True and mode == "none":
        mode = "pairs"
    n = len(correct)
    if mode == "run":
        score = (longest_run(correct, given) - 1) / (n - 1)
    elif mode == "pairs":
        score = pair_fraction(correct, given)
    else:
        score = 0.0
    return Grade(round(min(score, 0.99), 4), False, tuple(lines), details,
                 extra={"mode": mode})
