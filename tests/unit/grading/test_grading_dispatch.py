"""The entry points: dispatch, totality on any input for every type, key checks, cheap import."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.content.models import (
    CommandQuestion,
    LabQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    PlacementQuestion,
    ShortTextQuestion,
    SingleQuestion,
    SnippetQuestion,
    TrueFalseQuestion,
)
from tutor.grading import Grade, check_answer_key, grade, parse_response

BASE = {"id": "q", "topic": "ecs", "stem": "Account 123456789012 in us-east-1.",
        "explanation": "!", "source": "https://docs.aws.amazon.com/"}
CHOICES = [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"},
           {"id": "c", "text": "C", "correct": True}, {"id": "d", "text": "D"}]

QUESTIONS: list[Any] = [
    SingleQuestion.model_validate({**BASE, "type": "single", "choices": [
        {"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"}]}),
    MultipleQuestion.model_validate({**BASE, "type": "multiple", "choose": 2,
                                     "choices": CHOICES, "partial_credit": True}),
    TrueFalseQuestion.model_validate({**BASE, "type": "true_false", "answer": True}),
    OrderingQuestion.model_validate({**BASE, "type": "ordering", "items": [
        {"id": "x", "text": "X"}, {"id": "y", "text": "Y"}, {"id": "z", "text": "Z"}]}),
    ShortTextQuestion.model_validate({**BASE, "type": "short_text", "answers": ["bridge"],
                                      "regex": "br(i|y)dge"}),
    NumericQuestion.model_validate({**BASE, "type": "numeric", "answer": 512, "unit": "MiB"}),
    CommandQuestion.model_validate({**BASE, "type": "command", "answer":
                                    "aws ecs list-clusters --region <region>"}),
    SnippetQuestion.model_validate({**BASE, "type": "snippet", "answer": '{"a": 1}',
                                    "expect": [{"path": "a", "equals": 1}]}),
    SnippetQuestion.model_validate({**BASE, "type": "snippet", "format": "yaml",
                                    "answer": "a: 1", "expect": [{"path": "a", "equals": 1}]}),
    PlacementQuestion.model_validate({**BASE, "type": "placement", "scenario": {"instances": [
        {"id": "i-1", "type": "t3.medium", "az": "us-east-1a"}]}}),
    LabQuestion.model_validate({**BASE, "type": "lab", "lab": "lab-1"}),
]

ANY_RESPONSE = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.sampled_from(list("abxyz 123,|&;$()`'\"\\<>\n{}[]:-")), max_size=60),
    st.lists(st.text(max_size=5), max_size=5),
    st.booleans(), st.none(), st.integers(), st.floats(allow_nan=True),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_RESPONSE)
def test_every_grader_is_total_and_deterministic(response: Any) -> None:
    for question in QUESTIONS:
        first = grade(question, response)
        assert isinstance(first, Grade)
        assert "error" not in first.extra, (question.type, first.extra)
        assert 0.0 <= first.score <= 1.0
        assert first.correct is (first.score == 1.0) or not first.correct
        if question.type != "lab":
            assert first.gradable
        assert grade(question, response).to_dict() == first.to_dict()
        text = parse_response(question, response if isinstance(response, str) else "")
        grade(question, text)


@pytest.mark.parametrize("text", ["", "x" * 1_000_000, "\x00\x01\xff", "|", "'\"", "\ud800"])
def test_hostile_strings_for_every_type(text: str) -> None:
    for question in QUESTIONS:
        result = grade(question, text)
        assert not result.correct
        assert "error" not in result.extra
        assert result.feedback


def test_unknown_type_and_grader_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not grade(object(), "x").gradable
    import tutor.grading as grading

    grade(QUESTIONS[0], "a")  # fill the table

    def broken(question: Any, response: Any, partial: bool | None) -> Grade:
        raise RuntimeError("boom")

    monkeypatch.setitem(grading._GRADERS, "single", broken)
    result = grade(QUESTIONS[0], "a")
    assert not result.gradable and not result.correct and "boom" in result.extra["error"]


@pytest.mark.parametrize(("index", "text", "expected"), [
    (0, "A", "a"), (0, "2", "b"), (0, " (b) ", "b"), (0, "zz", "zz"),
    (1, "a, c", ["a", "c"]), (1, "a c", ["a", "c"]), (1, "1 3", ["a", "c"]), (1, "ac", ["a", "c"]),
    (1, "a;c", ["a", "c"]),
    (2, "true", True), (2, "T", True), (2, "yes", True), (2, "no", False), (2, "f", False),
    (2, "perhaps", "perhaps"),
    (3, "z x y", ["z", "x", "y"]), (3, "3 1 2", ["z", "x", "y"]), (3, "312", ["z", "x", "y"]),
    (3, "z > x > y", ["z", "x", "y"]),
    (5, " 512 MiB ", " 512 MiB "), (6, "aws ecs", "aws ecs"), (9, " i-1 ", "i-1"),
])
def test_parse_response(index: int, text: str, expected: Any) -> None:
    assert parse_response(QUESTIONS[index], text) == expected


def command(answer: str, **extra: Any) -> CommandQuestion:
    return CommandQuestion.model_validate({**BASE, "type": "command", "answer": answer, **extra})


@pytest.mark.parametrize(("question", "phrase"), [
    (command("aws ecs list-clusters 'x"), "doesn't parse"),
    (command("aws ecs list-clusters", alternatives=["aws ecs list-clusters |"]),
     "alternative 1 doesn't parse"),
    (command("dockr push web"), "unknown tool 'dockr'"),
    (command("aws ecs lst-clusters"), "did you mean list-clusters"),
    (command("aws ecs list-clusters --clustr x"), "has no option --clustr"),
    (command("aws ecz list-clusters"), "no service 'ecz'"),
    (command("aws ecs create-cluster demo"), "takes no bare words"),
    (command("aws ecs describe-clusters --clusters <cluster>"),
     "placeholder <cluster> is used but not defined"),
    (command("aws ecs describe-clusters --clusters <cluster>", placeholders={"cluster": "(x"}),
     "invalid regex"),
    (command("aws ecs list-clusters", placeholders={"cluster": "x"}), "no answer uses it"),
    (command("$(aws ecr get-login --no-include-email)"), "AWS CLI v2 doesn't have"),
    (command("aws ecr create-repository --repository-name x --image-scanning-configuration "
             "'{bad'"), "doesn't parse"),
    (command("docker build --tagg x ."), "did you mean --tag"),
])
def test_command_key_problems(question: CommandQuestion, phrase: str) -> None:
    problems = check_answer_key(question)
    assert any(phrase in p for p in problems), problems


def test_clean_keys_have_no_problems() -> None:
    for question in QUESTIONS:
        assert check_answer_key(question) == [], question.type
    assert check_answer_key(command("$(aws ecr get-login --no-include-email)",
                                    cli_version="v1")) == []


def test_command_placeholders_from_the_question() -> None:
    question = command("aws ecs describe-clusters --clusters <cluster>",
                       placeholders={"cluster": "[a-z]+"})
    assert grade(question, "aws ecs describe-clusters --clusters prod").correct
    result = grade(question, "aws ecs describe-clusters --clusters PROD_1")
    assert not result.correct and "matching /[a-z]+/" in result.feedback[0]
    stem_value = command("aws ecs describe-clusters --clusters <cluster>",
                         placeholders={"cluster": "[a-z]+"}, stem="Describe cluster Blue_1.")
    assert grade(stem_value, "aws ecs describe-clusters --clusters Blue_1").correct


def test_command_rules_feedback_only_when_wrong() -> None:
    question = command("aws ecs list-clusters", feedback=[
        {"when": {"contains": "list-cluster "}, "say": "It is list-clusters, plural."},
        {"when": {"missing": "aws"}, "say": "Start with aws."},
        {"when": {"regex": "--regi?on"}, "say": "No region needed."}])
    assert grade(question, "aws ecs list-clusters --region us-east-1").feedback == ()
    assert "It is list-clusters, plural." in grade(question, "aws ecs list-cluster ").feedback
    assert "Start with aws." in grade(question, "ecs list-clusters").feedback


def test_import_loads_no_heavy_modules() -> None:
    code = ("import sys, tutor.grading, tutor.grading.commands; "
            "heavy = [m for m in ('textual', 'moto', 'boto3', 'botocore', 'awscli') "
            "if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
