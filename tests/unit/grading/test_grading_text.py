"""Short text and numeric answers."""

from __future__ import annotations

from typing import Any

import pytest

from tutor.content.models import NumericQuestion, ShortTextQuestion
from tutor.grading import check_answer_key, grade

BASE = {"id": "t", "topic": "ecs", "stem": "?", "explanation": "!",
        "source": "https://docs.aws.amazon.com/"}


def short(**extra: Any) -> ShortTextQuestion:
    return ShortTextQuestion.model_validate({**BASE, "type": "short_text",
                                             "answers": ["awsvpc", "aws vpc"], **extra})


def numeric(**extra: Any) -> NumericQuestion:
    data = {**BASE, "type": "numeric", **extra}
    if "range" not in extra:
        data.setdefault("answer", 1024)
    return NumericQuestion.model_validate(data)


@pytest.mark.parametrize(("response", "correct"), [
    ("awsvpc", True), ("  AWSVPC ", True), ("ａｗｓｖｐｃ", True), ("aws   vpc", True),
    ("aws\tvpc", True), ("bridge", False), ("", False), ("awsvpx", False),
])
def test_short_text_defaults(response: str, correct: bool) -> None:
    assert grade(short(), response).correct is correct


def test_short_text_options() -> None:
    assert not grade(short(case_sensitive=True), "AWSVPC").correct
    assert "case-sensitive" in grade(short(case_sensitive=True), "AWSVPC").feedback[0]
    assert not grade(short(collapse_whitespace=False), "aws  vpc").correct
    assert grade(short(regex=r"aws-?vpc mode"), "AWS-VPC mode").correct
    assert not grade(short(regex=r"aws-?vpc"), "xawsvpc").correct  # full match only


def test_short_text_near_miss_and_accepted() -> None:
    result = grade(short(), "awsvcp")
    assert "Close" in result.feedback[0] and "Accepted: awsvpc." in result.feedback


@pytest.mark.parametrize(("extra", "response", "correct"), [
    ({}, "1024", True), ({}, "1,024", True), ({}, "1024.0", True), ({}, "1.024e3", True),
    ({"unit": "MiB"}, "1024 MiB", True), ({"unit": "MiB"}, "1024mib", True),
    ({"unit": "second"}, "1024 seconds", True), ({}, "1000", False),
    ({"tolerance": 30}, "1000", True), ({"range": (512, 2048)}, "2,048", True),
    ({"range": (512, 2048)}, "4096", False),
])
def test_numeric(extra: dict[str, Any], response: str, correct: bool) -> None:
    assert grade(numeric(**extra), response).correct is correct


@pytest.mark.parametrize(("extra", "response", "phrase"), [
    ({}, "abc", "is not a number"),
    ({}, "", "Type a number"),
    ({}, "nan", "not a number"),
    ({}, "inf", "not a number"),
    ({}, "1,02", "commas only group thousands"),
    ({"unit": "MiB"}, "1 GB", "different unit"),
    ({}, "1024 MiB", "without 'MiB'"),
    ({}, "9" * 5000, "not a number"),
    ({}, "1e999", "finite"),
    ({}, "2000", "too high"),
])
def test_numeric_messages(extra: dict[str, Any], response: str, phrase: str) -> None:
    result = grade(numeric(**extra), response)
    assert not result.correct and result.gradable and phrase in result.feedback[0]


def test_short_text_key_check() -> None:
    assert check_answer_key(short()) == []
    assert check_answer_key(short(answers=["  "]))
