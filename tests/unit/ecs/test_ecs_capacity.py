"""Capacity provider strategies: base and weight, and ECS's validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.ecs import (
    CapacityProviderItem,
    InvalidParameterException,
    parse_capacity_provider_strategy,
    split,
    split_counts,
)
from tutor.ecs.capacity import MIX_MESSAGE, NO_WEIGHT_MESSAGE, NOT_ASSOCIATED_MESSAGE


def items(*raw: dict) -> tuple[CapacityProviderItem, ...]:
    return parse_capacity_provider_strategy(list(raw))


def test_base_first_then_weights() -> None:
    strategy = items({"capacityProvider": "FARGATE", "base": 2, "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 3})
    assert split_counts(strategy, 10) == {"FARGATE": 4, "FARGATE_SPOT": 6}
    assert split(strategy, 3) == ["FARGATE", "FARGATE", "FARGATE_SPOT"]


def test_weights_one_and_four() -> None:
    strategy = items({"capacityProvider": "a", "weight": 1}, {"capacityProvider": "b", "weight": 4})
    assert split_counts(strategy, 5) == {"a": 1, "b": 4}
    assert split_counts(strategy, 50) == {"a": 10, "b": 40}


def test_zero_weight_gets_nothing_beyond_its_base() -> None:
    strategy = items({"capacityProvider": "a", "base": 3, "weight": 0}, {"capacityProvider": "b", "weight": 1})
    assert split_counts(strategy, 10) == {"a": 3, "b": 7}


def test_existing_tasks_count_toward_base_and_share() -> None:
    strategy = items({"capacityProvider": "a", "base": 2, "weight": 1}, {"capacityProvider": "b", "weight": 1})
    assert split_counts(strategy, 2, existing={"a": 2, "b": 0}) == {"a": 1, "b": 1}
    assert split_counts(strategy, 2, existing={"a": 2, "b": 2}) == {"a": 2, "b": 0}  # a has none beyond its base


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([{"capacityProvider": "a", "base": 1, "weight": 1}, {"capacityProvider": "b", "base": 1, "weight": 1}],
         "Only one capacity provider in a capacity provider strategy can have a base defined."),
        ([{"capacityProvider": "a"}, {"capacityProvider": "b", "weight": 0}], NO_WEIGHT_MESSAGE),
        ([{"capacityProvider": "FARGATE", "weight": 1}, {"capacityProvider": "asg", "weight": 1}], MIX_MESSAGE),
        ([{"capacityProvider": "a", "weight": 1001}], "between 0 and 1,000"),
        ([{"capacityProvider": "a", "weight": 1, "base": 100001}], "between 0 and 100,000"),
        ([{"capacityProvider": f"cp{n}", "weight": 1} for n in range(21)], "at most 20"),
        ([{"capacityProvider": "a", "weight": 1}, {"capacityProvider": "a", "weight": 2}], "more than once"),
        ([{"weight": 1}], "capacityProvider is required"),
        ([{"capacityProvider": "a", "weight": "1"}], "whole number"),
    ],
)
def test_validation(raw: list, message: str) -> None:
    with pytest.raises(InvalidParameterException) as info:
        parse_capacity_provider_strategy(raw)
    assert message in info.value.message


def test_providers_must_be_associated_with_the_cluster() -> None:
    with pytest.raises(InvalidParameterException) as info:
        parse_capacity_provider_strategy([{"capacityProvider": "FARGATE", "weight": 1}], associated=["asg"])
    assert info.value.message == NOT_ASSOCIATED_MESSAGE


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=5), st.integers(0, 30), st.integers(0, 300), st.integers(0, 4))
def test_split_honours_base_and_stays_close_to_the_weights(weights, base, count, base_index) -> None:
    if not any(weights):
        weights[0] = 1
    raw = [{"capacityProvider": f"p{n}", "weight": w} for n, w in enumerate(weights)]
    base_index %= len(raw)
    raw[base_index]["base"] = base
    counts = split_counts(items(*raw), count)
    assert sum(counts.values()) == count
    placed_base = min(base, count)
    assert counts[f"p{base_index}"] >= placed_base
    rest = count - placed_base
    total = sum(weights)
    for n, w in enumerate(weights):
        beyond = counts[f"p{n}"] - (placed_base if n == base_index else 0)
        if w == 0:
            assert beyond == 0
        assert abs(beyond - rest * w / total) < 1 + 1e-9 * rest
