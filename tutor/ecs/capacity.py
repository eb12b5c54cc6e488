"""Capacity provider strategies: validation and the base/weight split of N tasks.

Rules (API_CapacityProviderStrategyItem, aws-facts.md §9): ``base`` 0–100,000 and only one item
may have one; ``weight`` 0–1,000, default 0, at least one item above 0, weight 0 gets no tasks
beyond a base; at most 20 items; Fargate providers (FARGATE, FARGATE_SPOT) and Auto Scaling
group providers never mix in one strategy.

Split: the base provider is filled to its base first (tasks it already runs count). After that
each task goes to the provider furthest below its weighted share of the tasks beyond the base
(smooth weighted round robin), ties to the earlier item, so every provider stays within one
task of ``beyond × weight / total weight``. With weights 1 and 3 that gives 1:3 exactly on every
multiple of 4 tasks, which is what the docs' examples describe; the docs don't say how ECS
rounds in between, so this exact order is our choice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from tutor.ecs.errors import InvalidParameterException

FARGATE_PROVIDERS = frozenset({"FARGATE", "FARGATE_SPOT"})
MAX_ITEMS = 20
MAX_BASE = 100_000
MAX_WEIGHT = 1_000

MIX_MESSAGE = (
    "A capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling "
    "groups and Fargate providers. Specify one or the other and try again."
)  # ECS wording
NO_WEIGHT_MESSAGE = (
    "There are no capacity providers with a weight value greater than zero defined in the capacity "
    "provider strategy. At least one capacity provider must have a weight value greater than zero "
    "specified."
)  # ECS wording (said of the cluster default strategy there)
NOT_ASSOCIATED_MESSAGE = (
    "The specified capacity provider strategy cannot contain a capacity provider that is not "
    "associated with the cluster. Associate the capacity provider with the cluster or specify a "
    "valid capacity provider and try again."
)
LAUNCH_TYPE_AND_STRATEGY_MESSAGE = (
    "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again."
)


@dataclass(frozen=True)
class CapacityProviderItem:
    capacity_provider: str
    base: int = 0
    weight: int = 0

    @property
    def is_fargate(self) -> bool:
        return self.capacity_provider in FARGATE_PROVIDERS

    def to_api(self) -> dict[str, object]:
        return {"capacityProvider": self.capacity_provider, "base": self.base, "weight": self.weight}


def _int(value: object, name: str, index: int, high: int) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidParameterException(f"capacityProviderStrategy item {index}: {name} must be a whole number.")
    if not 0 <= value <= high:
        raise InvalidParameterException(
            f"capacityProviderStrategy item {index}: {name} must be between 0 and {high:,}, found {value}."
        )
    return value


def parse_capacity_provider_strategy(
    value: object, *, associated: Collection[str] | None = None
) -> tuple[CapacityProviderItem, ...]:
    """Validate the API JSON; ``associated`` (the cluster's providers) is checked when given."""
    if value is None:
        return ()
    if isinstance(value, (str, Mapping)) or not isinstance(value, Sequence):
        raise InvalidParameterException("capacityProviderStrategy must be a list of objects.")
    if len(value) > MAX_ITEMS:
        raise InvalidParameterException(
            f"A capacity provider strategy can contain at most {MAX_ITEMS} capacity providers; {len(value)} were given."
        )
    items: list[CapacityProviderItem] = []
    for index, raw in enumerate(value, start=1):
        if isinstance(raw, CapacityProviderItem):
            items.append(raw)
            continue
        if not isinstance(raw, Mapping):
            raise InvalidParameterException(f"capacityProviderStrategy item {index} must be an object.")
        name = raw.get("capacityProvider")
        if not isinstance(name, str) or not name:
            raise InvalidParameterException(f"capacityProviderStrategy item {index}: capacityProvider is required.")
        items.append(CapacityProviderItem(name, _int(raw.get("base"), "base", index, MAX_BASE),
                                          _int(raw.get("weight"), "weight", index, MAX_WEIGHT)))
    names = [item.capacity_provider for item in items]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InvalidParameterException(f"The capacity provider strategy lists {', '.join(duplicates)} more than once.")
    if sum(1 for item in items if item.base > 0) > 1:
        raise InvalidParameterException("Only one capacity provider in a capacity provider strategy can have a base defined.")
    if items and not any(item.weight > 0 for item in items):
        raise InvalidParameterException(NO_WEIGHT_MESSAGE)
    if any(item.is_fargate for item in items) and not all(item.is_fargate for item in items):
        raise InvalidParameterException(MIX_MESSAGE)
    if associated is not None and any(name not in associated for name in names):
        raise InvalidParameterException(NOT_ASSOCIATED_MESSAGE)
    return tuple(items)


def split(items: Sequence[CapacityProviderItem], count: int, existing: Mapping[str, int] | None = None) -> list[str]:
    """The provider of each of the next ``count`` tasks, given the tasks each already runs."""
    if not items:
        raise InvalidParameterException("The capacity provider strategy is empty.")
    counts: Counter[str] = Counter({name: n for name, n in (existing or {}).items()})
    base_item = next((item for item in items if item.base > 0), None)
    weighted = [item for item in items if item.weight > 0]
    if not weighted:
        raise InvalidParameterException(NO_WEIGHT_MESSAGE)
    total_weight = sum(item.weight for item in weighted)
    out: list[str] = []
    for _ in range(count):
        if base_item is not None and counts[base_item.capacity_provider] < base_item.base:
            chosen = base_item.capacity_provider
        else:
            beyond = {item.capacity_provider: max(0, counts[item.capacity_provider] - (item.base if item is base_item else 0))
                      for item in items}
            total_after = sum(beyond.values()) + 1
            chosen = max(weighted, key=lambda item: (total_after * item.weight / total_weight
                                                       - beyond[item.capacity_provider], -items.index(item))).capacity_provider
        counts[chosen] += 1
        out.append(chosen)
    return out


def split_counts(items: Sequence[CapacityProviderItem], count: int, existing: Mapping[str, int] | None = None) -> dict[str, int]:
    """How many of ``count`` new tasks each provider gets (every item listed, possibly 0)."""
    totals = {item.capacity_provider: 0 for item in items}
    for name in split(items, count, existing):
        totals[name] += 1
    return totals
