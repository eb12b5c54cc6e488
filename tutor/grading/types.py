"""What a grader returns: one `Grade` shape for every question type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Detail:
    """One compared part: a pipeline stage, an option, a choice, an expectation."""

    part: str
    expected: str
    given: str
    ok: bool


@dataclass(frozen=True)
class Grade:
    """Score 0..1, the verdict, the lines the learner reads and expected-vs-given details.

    `gradable` is False when this build cannot grade the type (never a fake pass).
    """

    score: float
    correct: bool
    feedback: tuple[str, ...] = ()
    details: tuple[Detail, ...] = ()
    gradable: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["feedback"] = list(self.feedback)
        data["details"] = [asdict(d) for d in self.details]
        return data


# What a learner's answer is, per question type (the TUI, plain mode and `pack try` build these):
#   single: str (choice id)          multiple: list[str] (choice ids)     true_false: bool
#   ordering: list[str] (item ids)   short_text / numeric / command / snippet: str
#   placement: str (instance id, or "none")
#   lab: Sequence[CheckOutcome] (from tutor.sandbox's lab engine)
Response = str | bool | Sequence[Any]
