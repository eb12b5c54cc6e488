"""The service scheduler: what to start or stop so a service reaches its desired state.

moto never starts a service's tasks (research/moto-audit.md §2); :func:`reconcile` does what
the ECS service scheduler does, using :func:`tutor.ecs.placement.place`:

* **REPLICA** keeps ``desired_count`` tasks running. Tasks on DRAINING instances are stopped
  and replaced. The default placement strategy is spread over Availability Zones.
* **DAEMON** runs one task on every ACTIVE instance that meets the constraints and stops tasks
  on instances that no longer do. It takes no desired count, no strategy, no Fargate.
* **Scale-in** walks the strategies in reverse sense: ``spread`` stops tasks in the field value
  (e.g. AZ) that holds the most, ``binpack`` stops tasks on the instance with the most of that
  resource left (freeing it), ``random`` picks any (ECS docs, task-placement-strategies.html;
  aws-facts.md §7). Remaining ties are broken at random with the service's seeded generator,
  as ECS "picks randomly within an AZ".

The task group of a service is ``service:<name>``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tutor.ecs import capacity
from tutor.ecs.errors import InvalidParameterException
from tutor.ecs.fargate import place_fargate
from tutor.ecs.loadbalancing import LoadBalancerRef, TargetRegistry
from tutor.ecs.model import (
    ContainerInstance,
    Failure,
    InstanceStatus,
    Placement,
    RunningTask,
    TaskSpec,
)
from tutor.ecs.placement import place
from tutor.ecs.placement_rules import (
    DEFAULT_SERVICE_STRATEGY,
    PlacementConstraint,
    PlacementStrategy,
    check_fargate,
    parse_constraints,
    parse_strategies,
)

REPLICA, DAEMON = "REPLICA", "DAEMON"

DAEMON_STRATEGY_MESSAGE = "The daemon scheduling strategy does not support placement strategies. Remove the placement strategy and try again"  # ECS wording
DAEMON_DESIRED_MESSAGE = "The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again"  # ECS wording
DAEMON_CAPACITY_MESSAGE = "Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy."  # ECS wording
DAEMON_FARGATE_MESSAGE = "The DAEMON scheduling strategy is not supported with the FARGATE launch type."
FARGATE_TASK_DEFINITION_MESSAGE = "Task definition does not support launch_type FARGATE."  # ECS wording


@dataclass
class Service:
    """A service as the scheduler sees it; build with :meth:`create` to get ECS's checks."""

    name: str
    spec: TaskSpec
    desired_count: int = 0
    strategies: tuple[PlacementStrategy, ...] = ()
    constraints: tuple[PlacementConstraint, ...] = ()
    launch_type: str | None = "EC2"
    capacity_provider_strategy: tuple[capacity.CapacityProviderItem, ...] = ()
    scheduling_strategy: str = REPLICA
    load_balancers: tuple[LoadBalancerRef, ...] = ()
    subnets: tuple[tuple[str, str], ...] = ()
    fargate_tasks: dict[str, Placement] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)
    seed: int = 0
    _rng: random.Random | None = field(default=None, repr=False)

    @property
    def group(self) -> str:
        return f"service:{self.name}"

    @property
    def placement_chain(self) -> tuple[PlacementStrategy, ...]:
        return self.strategies or DEFAULT_SERVICE_STRATEGY

    @property
    def rng(self) -> random.Random:
        if self._rng is None:
            self._rng = random.Random(self.seed)
        return self._rng

    @property
    def uses_fargate(self) -> bool:
        if self.capacity_provider_strategy:
            return all(item.is_fargate for item in self.capacity_provider_strategy)
        return self.launch_type == "FARGATE"

    @classmethod
    def create(
        cls,
        name: str,
        spec: TaskSpec,
        desired_count: int | None = None,
        *,
        placement_strategy: object = None,
        placement_constraints: object = None,
        launch_type: str | None = None,
        capacity_provider_strategy: object = None,
        scheduling_strategy: str = REPLICA,
        load_balancers: Iterable[LoadBalancerRef | Mapping[str, object]] = (),
        subnets: Sequence[tuple[str, str]] = (),
        associated_providers: Sequence[str] | None = None,
        seed: int = 0,
    ) -> Service:
        """Validate CreateService parameters the way ECS does and build the service."""
        strategies = parse_strategies(placement_strategy)
        constraints = parse_constraints(placement_constraints)
        providers = capacity.parse_capacity_provider_strategy(capacity_provider_strategy, associated=associated_providers)
        if launch_type and providers:
            raise InvalidParameterException(capacity.LAUNCH_TYPE_AND_STRATEGY_MESSAGE)
        if scheduling_strategy not in (REPLICA, DAEMON):
            raise InvalidParameterException(f"schedulingStrategy must be REPLICA or DAEMON, found {scheduling_strategy!r}.")
        if scheduling_strategy == DAEMON:
            if launch_type == "FARGATE":
                raise InvalidParameterException(DAEMON_FARGATE_MESSAGE)
            if strategies:
                raise InvalidParameterException(DAEMON_STRATEGY_MESSAGE)
            if desired_count:
                raise InvalidParameterException(DAEMON_DESIRED_MESSAGE)
            if providers:
                raise InvalidParameterException(DAEMON_CAPACITY_MESSAGE)
        if desired_count is not None and (isinstance(desired_count, bool) or desired_count < 0):
            raise InvalidParameterException("desiredCount must be zero or more.")
        service = cls(
            name=name,
            spec=spec,
            desired_count=desired_count or 0,
            strategies=strategies,
            constraints=constraints,
            launch_type=None if providers else (launch_type or "EC2"),
            capacity_provider_strategy=providers,
            scheduling_strategy=scheduling_strategy,
            load_balancers=tuple(lb if isinstance(lb, LoadBalancerRef) else LoadBalancerRef.from_api(lb) for lb in load_balancers),
            subnets=tuple(subnets),
            seed=seed,
        )
        if service.uses_fargate:
            check_fargate(strategies, (*spec.placement_constraints, *constraints))
            if "FARGATE" not in spec.compatibilities:
                raise InvalidParameterException(FARGATE_TASK_DEFINITION_MESSAGE)
        return service


@dataclass
class ReconcileResult:
    """What one scheduler pass did; ``events`` use ECS's service event wording."""

    started: list[Placement] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.started or self.stopped)


def service_tasks(service: Service, instances: Sequence[ContainerInstance]) -> list[tuple[ContainerInstance | None, RunningTask | Placement]]:
    """Every running task of the service: (instance, task) on EC2, (None, placement) on Fargate."""
    found: list[tuple[ContainerInstance | None, RunningTask | Placement]] = []
    for inst in instances:
        if inst.group_count(service.group):
            found.extend((inst, task) for task in inst.tasks.values() if task.group == service.group)
    found.extend((None, placement) for placement in service.fargate_tasks.values())
    return found


def running_count(service: Service, instances: Sequence[ContainerInstance]) -> int:
    """Tasks that count toward the desired count (not those on DRAINING instances)."""
    return sum(1 for inst, _ in service_tasks(service, instances)
               if inst is None or inst.status == InstanceStatus.ACTIVE)


def reconcile(
    service: Service,
    instances: Sequence[ContainerInstance],
    *,
    targets: TargetRegistry | None = None,
    task_ids: Iterable[str] | None = None,
) -> ReconcileResult:
    """One pass of the service scheduler; mutates ``instances`` and ``service.fargate_tasks``."""
    result = ReconcileResult()
    ids = iter(task_ids) if task_ids is not None else None
    if service.scheduling_strategy == DAEMON:
        _reconcile_daemon(service, instances, result, ids)
    else:
        for inst, task in service_tasks(service, instances):
            if inst is not None and inst.status != InstanceStatus.ACTIVE:
                _stop(service, instances, inst, task.task_id, result)
        have = running_count(service, instances)
        if have < service.desired_count:
            _start(service, instances, service.desired_count - have, result, ids)
        elif have > service.desired_count:
            for inst, task_id in choose_tasks_to_stop(service, instances, have - service.desired_count):
                _stop(service, instances, inst, task_id, result)
    if targets is not None:
        _sync_targets(service, result, targets)
    if result.started:
        shown = " ".join(f"(task {p.task_id})" for p in result.started)
        result.events.append(f"(service {service.name}) has started {len(result.started)} tasks: {shown}.")
    if result.stopped:
        shown = " ".join(f"(task {task_id})" for task_id in result.stopped)
        result.events.append(f"(service {service.name}) has stopped {len(result.stopped)} running tasks: {shown}.")
    steady = service.scheduling_strategy == DAEMON or running_count(service, instances) == service.desired_count
    if steady and not result.failures and not any("unable to place" in e for e in result.events):
        result.events.append(f"(service {service.name}) has reached a steady state.")
    service.events.extend(result.events)
    return result


def _stop(service: Service, instances: Sequence[ContainerInstance], inst: ContainerInstance | None,
          task_id: str, result: ReconcileResult) -> None:
    if inst is None:
        service.fargate_tasks.pop(task_id, None)
    else:
        inst.remove_task(task_id)
    result.stopped.append(task_id)


def _start(service: Service, instances: Sequence[ContainerInstance], count: int, result: ReconcileResult,
           ids: Iterable[str] | None) -> None:
    if service.capacity_provider_strategy:
        existing = Counter(
            getattr(task, "capacity_provider", None) or (inst.capacity_provider if inst else None) or ""
            for inst, task in service_tasks(service, instances)
        )
        plan = capacity.split_counts(service.capacity_provider_strategy, count, existing)
        for provider, n in plan.items():
            if n:
                pool = [inst for inst in instances if inst.capacity_provider == provider]
                _start_on(service, pool, n, result, ids, provider)
        return
    _start_on(service, instances, count, result, ids, None)


def _start_on(service: Service, pool: Sequence[ContainerInstance], count: int, result: ReconcileResult,
              ids: Iterable[str] | None, provider: str | None) -> None:
    if provider in capacity.FARGATE_PROVIDERS or (provider is None and service.launch_type == "FARGATE"):
        per_az = Counter(p.availability_zone for p in service.fargate_tasks.values())
        placed = place_fargate(service.spec, count, service.subnets, group=service.group, task_ids=ids, existing_per_az=per_az)
        for placement in placed.placements:
            placement.capacity_provider = provider
            service.fargate_tasks[placement.task_id] = placement
        result.started.extend(placed.placements)
        return
    placed = place(service.spec, pool, count, strategies=service.placement_chain, constraints=service.constraints,
                   group=service.group, rng=service.rng, task_ids=ids, require_instances=False)
    for placement in placed.placements:
        placement.capacity_provider = provider
        inst = next(i for i in pool if i.ec2_instance_id == placement.instance_id)
        inst.tasks[placement.task_id].capacity_provider = provider
    result.started.extend(placed.placements)
    result.failures.extend(placed.failures)
    event = placed.service_event(service.name)
    if event:
        result.events.append(event)


def _reconcile_daemon(service: Service, instances: Sequence[ContainerInstance], result: ReconcileResult,
                      ids: Iterable[str] | None) -> None:
    exprs = [c.expr for c in (*service.spec.placement_constraints, *service.constraints) if c.expr is not None]
    for inst in instances:
        wanted = inst.status == InstanceStatus.ACTIVE and all(expr.matches(inst) for expr in exprs)
        mine = [t.task_id for t in inst.tasks.values() if t.group == service.group]
        if not wanted:
            for task_id in mine:
                _stop(service, instances, inst, task_id, result)
        elif not mine:
            placed = place(service.spec, [inst], 1, constraints=service.constraints, group=service.group,
                           strategies=[], rng=service.rng, task_ids=ids, require_instances=False)
            result.started.extend(placed.placements)
            result.failures.extend(placed.failures)
            event = placed.service_event(service.name)
            if event:
                result.events.append(event)
        elif len(mine) > 1:
            for task_id in mine[1:]:
                _stop(service, instances, inst, task_id, result)


def choose_tasks_to_stop(service: Service, instances: Sequence[ContainerInstance], count: int) -> list[tuple[ContainerInstance | None, str]]:
    """The tasks a scale-in by ``count`` stops, keeping the placement strategy's balance."""
    pool: list[tuple[ContainerInstance | None, RunningTask | Placement]] = [
        (inst, task) for inst, task in service_tasks(service, instances)
        if inst is None or inst.status == InstanceStatus.ACTIVE
    ]
    # Resources the earlier picks of this same scale-in will free, per instance: (cpu, memory).
    freed: dict[int, tuple[int, int]] = {}
    chosen: list[tuple[ContainerInstance | None, str]] = []
    for _ in range(min(count, len(pool))):
        candidates = pool
        for strategy in service.placement_chain:
            if len(candidates) == 1:
                break
            if strategy.type == "random":
                candidates = [service.rng.choice(candidates)]
            elif strategy.type == "spread":
                counts = Counter(_task_field(strategy, inst, task) for inst, task in pool)
                top = max(counts[_task_field(strategy, inst, task)] for inst, task in candidates)
                candidates = [c for c in candidates if counts[_task_field(strategy, *c)] == top]
            else:
                lefts = [_left_after(strategy, inst, freed) for inst, _ in candidates]
                top = max(lefts)
                candidates = [c for c, left in zip(candidates, lefts, strict=True) if left == top]
        ordered = sorted(candidates, key=lambda item: _started(item[1]))
        inst, task = ordered[0] if len(ordered) == 1 else service.rng.choice(ordered)
        pool.remove((inst, task))
        if inst is not None and isinstance(task, RunningTask):
            cpu, mem = freed.get(id(inst), (0, 0))
            freed[id(inst)] = (cpu + task.cpu, mem + task.memory)
        chosen.append((inst, task.task_id))
    return chosen


def _left_after(strategy: PlacementStrategy, inst: ContainerInstance | None, freed: Mapping[int, tuple[int, int]]) -> int:
    if inst is None:
        return 0
    cpu, mem = freed.get(id(inst), (0, 0))
    if strategy.binpack_resource == "cpu":
        return inst.remaining_cpu + cpu
    return inst.remaining_memory + mem


def _task_field(strategy: PlacementStrategy, inst: ContainerInstance | None, task: RunningTask | Placement) -> str | None:
    if inst is None:
        return task.availability_zone if isinstance(task, Placement) and strategy.spread_key.endswith("availability-zone") else None
    if strategy.spread_key == "instanceId":
        return inst.ec2_instance_id
    return inst.attributes.get(strategy.spread_key[len("attribute:") :])


def _started(task: RunningTask | Placement) -> int:
    return getattr(task, "started_seq", 0)


def _sync_targets(service: Service, result: ReconcileResult, targets: TargetRegistry) -> None:
    for task_id in result.stopped:
        targets.deregister_task(task_id)
    for placement in result.started:
        for ref in service.load_balancers:
            targets.register_placement(ref, placement, service.spec.network_mode)
