"""Snippets: parse errors point at the learner's text, each expectation is a detail."""

from __future__ import annotations

from typing import Any

from tutor.content.models import SnippetQuestion
from tutor.grading import check_answer_key, grade

ANSWER = '{"family": "web", "networkMode": "awsvpc", "cpu": "256", "memory": "512"}'


def snippet(**extra: Any) -> SnippetQuestion:
    return SnippetQuestion.model_validate({
        "id": "s", "topic": "ecs", "type": "snippet", "stem": "Write it.", "explanation": "!",
        "source": "https://docs.aws.amazon.com/", "answer": ANSWER,
        "expect": [{"path": "networkMode", "equals": "awsvpc"},
                   {"path": "cpu", "equals": 256},
                   {"path": "memory", "in": [512, 1024], "message": "Fargate needs 512 or 1024."},
                   {"path": "family", "exists": True}], **extra})


def test_all_pass() -> None:
    result = grade(snippet(), ANSWER)
    assert result.correct and result.score == 1.0 and len(result.details) == 4


def test_fraction_and_messages() -> None:
    result = grade(snippet(), '{"family": "web", "networkMode": "bridge", "cpu": 256, '
                              '"memory": 2048}')
    assert not result.correct and result.score == 0.5
    assert "Fargate needs 512 or 1024." in result.feedback
    assert result.feedback[-1] == "2 of 4 checks pass."
    assert [d.ok for d in result.details] == [False, True, False, True]
    assert grade(snippet(), '{"family": "x"}', partial_credit=False).score == 0.0


def test_json_error_points_at_line_and_column() -> None:
    text = '{\n  "family": "web",\n  "cpu" 256\n}'
    result = grade(snippet(), text)
    assert not result.correct
    assert "line 3, column 9" in result.feedback[0]
    assert result.feedback[0].endswith('"cpu" 256\n          ^')


def test_yaml_format_and_errors() -> None:
    question = snippet(format="yaml", answer="family: web\nnetworkMode: awsvpc\ncpu: 256\n"
                       "memory: 512\n")
    assert grade(question, question.answer).correct
    result = grade(question, "family: web\n  networkMode: awsvpc\n")
    assert "line 2" in result.feedback[0] and "YAML" in result.feedback[0]
    assert grade(question, "family: [web\n").feedback[0].startswith("The YAML doesn't parse")


def test_hostile_documents() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    question = snippet(format="yaml", answer="family: web\nnetworkMode: awsvpc\ncpu: 256\n"
                       "memory: 512\n")
    assert "too many values" in grade(question, bomb).feedback[0]
    for text in ("", "   ", "[" * 100_000, "x" * 300_000, "\x00", "!!python/object:os.system x",
                 "null", "42"):
        result = grade(question, text)
        assert not result.correct and result.gradable and "error" not in result.extra
    assert not grade(snippet(), "[" * 100_000).correct


def test_answer_key_checks() -> None:
    assert check_answer_key(snippet()) == []
    problems = check_answer_key(snippet(answer='{"family": "web", "networkMode": "bridge"}'))
    assert any("networkMode" in p for p in problems)
    assert "doesn't parse" in check_answer_key(snippet(answer="{nope"))[0]
