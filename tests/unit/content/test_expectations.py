"""The shared JMESPath expectation evaluator: every test, expected-vs-actual, never raises."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tutor.content.expectations import evaluate
from tutor.content.models import Expectation

TASKDEF = {"networkMode": "bridge", "cpu": "256",
           "containerDefinitions": [{"name": "web", "portMappings": [{"containerPort": 80,
                                                                       "hostPort": 0}]}],
           "policy": '{"Statement": [{"Principal": {"Service": "ecs-tasks.amazonaws.com"}}]}'}


def ok(spec: dict, doc: object = TASKDEF) -> bool:
    return evaluate(Expectation.model_validate(spec), doc).ok


@pytest.mark.parametrize(("spec", "expected"), [
    ({"path": "networkMode", "equals": "bridge"}, True),
    ({"path": "networkMode", "equals": "awsvpc"}, False),
    ({"path": "cpu", "equals": 256}, True),  # ECS stores numbers as strings
    ({"path": "containerDefinitions[0].portMappings[0].hostPort", "in": [0, None]}, True),
    ({"path": "containerDefinitions[0].portMappings[0].missing", "in": [0, None]}, True),
    ({"path": "containerDefinitions[0].portMappings[0].containerPort", "in": [0, None]}, False),
    ({"path": "containerDefinitions[].name", "contains": "web"}, True),
    ({"path": "networkMode", "contains": "bri"}, True),
    ({"path": "executionRoleArn", "exists": True}, False),
    ({"path": "executionRoleArn", "absent": True}, True),
    ({"path": "networkMode", "matches": "^br"}, True),
    ({"path": "containerDefinitions", "length": 1}, True),
    ({"path": "cpu", "gte": 256, "lte": 512}, True),
    ({"path": "cpu", "gte": 512}, False),
    ({"path": "from_json(policy).Statement[0].Principal.Service",
      "equals": "ecs-tasks.amazonaws.com"}, True),
    ({"path": "from_json(networkMode).x", "exists": True}, False),
])
def test_each_test(spec: dict, expected: bool) -> None:
    assert ok(spec) is expected


def test_failure_reads_expected_and_actual() -> None:
    r = evaluate(Expectation.model_validate({"path": "networkMode", "equals": "awsvpc"}), TASKDEF)
    assert (r.expected, r.actual) == ('equal to "awsvpc"', '"bridge"')
    assert r.message == '`networkMode` should be equal to "awsvpc", but is "bridge"'
    custom = Expectation.model_validate({"path": "networkMode", "equals": "awsvpc",
                                         "message": "Fargate needs awsvpc."})
    assert evaluate(custom, TASKDEF).message == "Fargate needs awsvpc."


def test_missing_value_is_named() -> None:
    r = evaluate(Expectation.model_validate({"path": "nope", "equals": 1}), TASKDEF)
    assert r.actual == "nothing (the path selects no value)"


def test_expectation_needs_exactly_one_test() -> None:
    with pytest.raises(ValidationError, match="needs one test"):
        Expectation.model_validate({"path": "a"})
    with pytest.raises(ValidationError, match="has one test"):
        Expectation.model_validate({"path": "a", "equals": 1, "exists": True})
    with pytest.raises(ValidationError, match="invalid regular expression"):
        Expectation.model_validate({"path": "a", "matches": "("})


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c,
                                                                        max_size=3)))
def test_never_raises_on_any_document(doc: object) -> None:
    for spec in ({"path": "a.b[0]", "equals": 1}, {"path": "length(@)", "gte": 1},
                 {"path": "[*].x", "contains": "y"}, {"path": "a", "length": 2},
                 {"path": "from_json(a)", "exists": True}, {"path": "a", "matches": "x"}):
        evaluate(Expectation.model_validate(spec), doc)
