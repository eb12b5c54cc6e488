"""Fargate "placement": no instances, no strategies; tasks are spread over the given subnets' AZs.

Fargate accepts only the task-level CPU/memory pairs of aws-facts.md §5
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html) and
requires awsvpc with a network configuration. Placement strategies and constraints are
rejected before this module is reached (:func:`tutor.ecs.placement_rules.check_fargate`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence

from tutor.ecs.errors import ClientException, InvalidParameterException
from tutor.ecs.model import NetworkMode, Placement, PlacementResult, PortBinding, TaskSpec

NETWORK_CONFIGURATION_MESSAGE = "Network Configuration must be provided when networkMode 'awsvpc' is specified."  # ECS wording

_GIB = 1024
FARGATE_SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1 * _GIB, 2 * _GIB),
    512: tuple(range(1 * _GIB, 4 * _GIB + 1, _GIB)),
    1024: tuple(range(2 * _GIB, 8 * _GIB + 1, _GIB)),
    2048: tuple(range(4 * _GIB, 16 * _GIB + 1, _GIB)),
    4096: tuple(range(8 * _GIB, 30 * _GIB + 1, _GIB)),
    8192: tuple(range(16 * _GIB, 60 * _GIB + 1, 4 * _GIB)),
    16384: tuple(range(32 * _GIB, 120 * _GIB + 1, 8 * _GIB)),
}
"""Valid task CPU units → memory MiB on Linux Fargate (8 and 16 vCPU need platform 1.4.0+)."""

_FARGATE_IDS = (f"{n:032x}" for n in itertools.count(0xFA000000))
_FARGATE_IPS = itertools.count(20)


def check_fargate_size(cpu: int, memory: int) -> None:
    """Reject CPU/memory pairs Fargate does not offer, listing the valid memory for that CPU."""
    if cpu not in FARGATE_SIZES:
        raise ClientException(
            f"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. "
            f"Task CPU must be one of {', '.join(map(str, FARGATE_SIZES))}."
        )
    if memory not in FARGATE_SIZES[cpu]:
        choices = FARGATE_SIZES[cpu]
        raise ClientException(
            f"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. "
            f"With {cpu} CPU, memory must be one of {', '.join(map(str, choices))} MiB."
        )


def place_fargate(
    spec: TaskSpec,
    count: int,
    subnets: Sequence[tuple[str, str]],
    *,
    group: str | None = None,
    task_ids: Iterable[str] | None = None,
    existing_per_az: Counter[str] | None = None,
) -> PlacementResult:
    """Give each task a subnet, balancing tasks over AZs (fewest tasks first, then subnet order)."""
    if spec.network_mode != NetworkMode.AWSVPC:
        raise ClientException("Fargate only supports network mode 'awsvpc'.")  # ECS wording
    check_fargate_size(spec.cpu, spec.memory)
    if not subnets:
        raise InvalidParameterException(NETWORK_CONFIGURATION_MESSAGE)
    ids = iter(task_ids) if task_ids is not None else _FARGATE_IDS
    per_az: Counter[str] = Counter(existing_per_az or {})
    order = {az: n for n, (_, az) in reversed(list(enumerate(subnets)))}
    first_subnet = {}
    for subnet_id, az in subnets:
        first_subnet.setdefault(az, subnet_id)
    result = PlacementResult()
    for _ in range(count):
        az = min(order, key=lambda zone: (per_az[zone], order[zone]))
        per_az[az] += 1
        number = next(_FARGATE_IPS)
        bindings = tuple(PortBinding(m.container_port, m.container_port, m.protocol, m.container_name) for m in spec.port_mappings)
        result.placements.append(
            Placement(next(ids), "", "", group or spec.default_group, bindings, True, az,
                      private_ip=f"10.1.{(number // 250) % 250}.{number % 250 + 4}", subnet_id=first_subnet[az])
        )
    return result
