"""Task placement on EC2 container instances, following the four steps ECS documents.

1. **Resources**: CPU, memory, host ports (static, reserved and enough free dynamic ports) and,
   for awsvpc tasks, a free ENI.
2. **Constraints**: every ``memberOf`` expression (task definition's AND the request's) and
   ``distinctInstance`` (no task of the same group on the instance).
3. **Strategies**, in order: each keeps the best instances and passes ties on to the next.
   ``binpack`` keeps the least remaining CPU/memory; ``spread`` keeps the field values (AZ,
   instance, any attribute) holding the fewest tasks of the group; ``random`` picks one.
4. **Select**: the first of the remaining ties in registration order.

Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html
and the pages cited in aws-facts.md §7. Tasks of one call are placed one at a time, each seeing
the state the previous one left.

Two code paths give the same answer: a plain scan that can record an explanation trace, and an
index (a tree of heaps, one level per strategy) for ``explain=False`` that keeps placing 10,000
tasks on 5,000 instances well inside the 2 s budget. A property test checks they agree.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from tutor.ecs import fargate
from tutor.ecs.errors import InvalidParameterException
from tutor.ecs.explain import (
    STEP_CONSTRAINTS,
    STEP_RESOURCES,
    STEP_SELECT,
    STEP_STRATEGY,
    Dropped,
    StepTrace,
    TaskTrace,
)
from tutor.ecs.model import (
    REASON_AGENT,
    REASON_CPU,
    REASON_DISTINCT_INSTANCE,
    REASON_ENI,
    REASON_MEMBER_OF,
    REASON_MEMORY,
    REASON_PORTS,
    ContainerInstance,
    Failure,
    InstanceStatus,
    NetworkMode,
    Placement,
    PlacementResult,
    PortBinding,
    RunningTask,
    TaskSpec,
)
from tutor.ecs.placement_rules import (
    PlacementConstraint,
    PlacementStrategy,
    check_fargate,
    combine_constraints,
    parse_constraints,
    parse_strategies,
)

DEFAULT_RUN_TASK_STRATEGY: tuple[PlacementStrategy, ...] = (PlacementStrategy("random"),)
"""Choice: standalone RunTask without a strategy places randomly (2023 ECS docs; the current
pages no longer say, see aws-facts.md §7). Services default to spread over AZs instead."""

NO_INSTANCES_MESSAGE = "No Container Instances were found in your cluster."  # ECS wording
MAX_RUN_TASK_COUNT = 10

_REASON_STAGE = {REASON_AGENT: 0, REASON_CPU: 1, REASON_MEMORY: 2, REASON_PORTS: 3, REASON_ENI: 4,
                 REASON_MEMBER_OF: 5, REASON_DISTINCT_INSTANCE: 6}


def _default_task_ids() -> Iterator[str]:
    """Deterministic 32-hex-digit ids (ECS task ids have this shape)."""
    for number in itertools.count(1):
        yield f"{number:032x}"


_TASK_IDS = _default_task_ids()
_IP_COUNTER = itertools.count(10)


def _fake_private_ip(instance: ContainerInstance) -> str:
    number = next(_IP_COUNTER)
    return f"10.0.{(number // 250) % 250}.{number % 250 + 4}"


class _Checker:
    """Steps 1 and 2 for one task spec: which instances can take it, and if not, why."""

    def __init__(self, spec: TaskSpec, constraints: Sequence[PlacementConstraint], group: str) -> None:
        self.spec = spec
        self.group = group
        self.static_ports = spec.static_ports()
        self.static_clash = len(set(self.static_ports)) != len(self.static_ports)
        self.dynamic_ports = spec.dynamic_ports()
        member_of = [c.expr for c in constraints if c.type == "memberOf" and c.expr is not None]
        self.static_exprs = [e for e in member_of if not e.is_dynamic]
        self.dynamic_exprs = [e for e in member_of if e.is_dynamic]
        self.distinct = any(c.type == "distinctInstance" for c in constraints)
        self._static_ok: dict[int, bool] = {}

    def resource_reason(self, inst: ContainerInstance) -> str | None:
        if not inst.agent_connected:
            return REASON_AGENT
        if inst.remaining_cpu < self.spec.cpu:
            return REASON_CPU
        if inst.remaining_memory < self.spec.memory:
            return REASON_MEMORY
        if self.static_clash:
            return REASON_PORTS
        ports = inst.ports
        for port, proto in self.static_ports:
            if not ports.is_free(port, proto):
                return REASON_PORTS
        for proto, needed in self.dynamic_ports.items():
            if ports.dynamic_available(proto) < needed:
                return REASON_PORTS
        if self.spec.uses_eni and inst.enis_used >= inst.eni_limit:
            return REASON_ENI
        return None

    def constraint_reason(self, inst: ContainerInstance) -> str | None:
        key = id(inst)
        ok = self._static_ok.get(key)
        if ok is None:
            ok = all(expr.matches(inst) for expr in self.static_exprs)
            self._static_ok[key] = ok
        if not ok or not all(expr.matches(inst) for expr in self.dynamic_exprs):
            return REASON_MEMBER_OF
        if self.distinct and inst.group_count(self.group):
            return REASON_DISTINCT_INSTANCE
        return None

    def reason(self, inst: ContainerInstance) -> str | None:
        return self.resource_reason(inst) or self.constraint_reason(inst)

    def detail(self, inst: ContainerInstance, reason: str) -> str:
        spec = self.spec
        if reason == REASON_CPU:
            return f"{reason}: needs {spec.cpu} CPU units, {inst.remaining_cpu} free"
        if reason == REASON_MEMORY:
            return f"{reason}: needs {spec.memory} MiB, {inst.remaining_memory} MiB free"
        if reason == REASON_PORTS:
            taken = [f"{p}/{proto}" for p, proto in self.static_ports if not inst.ports.is_free(p, proto)]
            if taken:
                return f"{reason}: host port {', '.join(taken)} already in use or reserved"
            if self.static_clash:
                return f"{reason}: the task asks for the same host port twice"
            return f"{reason}: not enough free ports in the ephemeral range"
        if reason == REASON_ENI:
            return f"{reason}: all {inst.eni_limit} ENI attachment points for awsvpc tasks are in use"
        if reason == REASON_AGENT:
            return f"{reason}: the container agent is disconnected"
        if reason == REASON_MEMBER_OF:
            failed = [e.to_text() for e in (*self.static_exprs, *self.dynamic_exprs) if not e.matches(inst)]
            return f"{reason} ({'; '.join(failed)} is false here)"
        return f"{reason} (already runs a task of group {self.group})"


def _spread_value(strategy: PlacementStrategy, inst: ContainerInstance) -> str | None:
    key = strategy.spread_key
    if key == "instanceId":
        return inst.ec2_instance_id
    # Choice: instances without the attribute form their own bucket (value None).
    return inst.attributes.get(key[len("attribute:") :])


def _binpack_value(strategy: PlacementStrategy, inst: ContainerInstance) -> int:
    return inst.remaining_cpu if strategy.binpack_resource == "cpu" else inst.remaining_memory


def _spread_counts(strategies: Sequence[PlacementStrategy], instances: Sequence[ContainerInstance], group: str) -> list[Counter[str | None]]:
    """Tasks of the group per field value, counted over every ACTIVE instance (eligible or not)."""
    counts: list[Counter[str | None]] = []
    for strategy in strategies:
        counter: Counter[str | None] = Counter()
        if strategy.type == "spread":
            for inst in instances:
                if inst.status == InstanceStatus.ACTIVE:
                    counter[_spread_value(strategy, inst)] += inst.group_count(group)
        counts.append(counter)
    return counts


class _Node:
    """One bucket of the index: instances sharing the labels of all levels above."""

    __slots__ = ("best", "child_key", "children", "heap", "label", "level", "parent")

    def __init__(self, level: int, label: object, parent: _Node | None) -> None:
        self.level = level
        self.label = label
        self.parent = parent
        self.children: dict[object, _Node] = {}
        self.child_key: dict[object, tuple[int, ...] | None] = {}
        self.heap: list[tuple] = []
        self.best: tuple[int, ...] | None = None


class _Index:
    """Finds the instance the scan would pick in O(levels · log n) per task.

    Level j of the tree groups instances by strategy j's label (spread: the field value;
    binpack: the remaining amount). A node's key for a child is (level key, child's best key),
    so the root's best is the lexicographic minimum of (key_1, …, key_k, registration order)
    over eligible instances, which is exactly what filtering ties strategy by strategy keeps.
    Placing a task changes one instance and one spread bucket per level, so only those paths
    are refreshed; heaps are validated lazily.
    """

    def __init__(self, strategies: Sequence[PlacementStrategy], instances: Sequence[ContainerInstance],
                 checker: _Checker, counts: list[Counter[str | None]]) -> None:
        self.strategies = list(strategies)
        self.depth = len(self.strategies)
        self.instances = instances
        self.checker = checker
        self.counts = counts
        self.has_binpack = any(s.type == "binpack" for s in self.strategies)
        self.root = _Node(0, None, None)
        self.leaf_of: dict[int, _Node] = {}
        self.eligible: dict[int, bool] = {}
        self.registry: defaultdict[tuple[int, object], list[_Node]] = defaultdict(list)
        self.seq = itertools.count()
        for idx, inst in enumerate(instances):
            if inst.status == InstanceStatus.ACTIVE:
                self.eligible[idx] = checker.reason(inst) is None
                self._insert(idx)

    def _labels(self, inst: ContainerInstance) -> list[object]:
        return [_spread_value(s, inst) if s.type == "spread" else _binpack_value(s, inst) for s in self.strategies]

    def _insert(self, idx: int) -> None:
        node = self.root
        for level, label in enumerate(self._labels(self.instances[idx])):
            child = node.children.get(label)
            if child is None:
                child = _Node(level + 1, label, node)
                node.children[label] = child
                if self.strategies[level].type == "spread":
                    self.registry[(level, label)].append(node)
            node = child
        self.leaf_of[idx] = node
        if self.eligible[idx]:
            heapq.heappush(node.heap, (self.instances[idx].order, idx))
        self._refresh(node)

    def _best(self, node: _Node) -> tuple[int, ...] | None:
        heap = node.heap
        if node.level == self.depth:
            while heap:
                order, idx = heap[0]
                if self.eligible.get(idx) and self.leaf_of.get(idx) is node:
                    return (order,)
                heapq.heappop(heap)
            return None
        while heap:
            key, _, label = heap[0]
            if node.child_key.get(label) == key:
                return key
            heapq.heappop(heap)
        return None

    def _level_key(self, level: int, label: object) -> int:
        if self.strategies[level].type == "spread":
            return self.counts[level][label]  # type: ignore[index]
        return label  # type: ignore[return-value]

    def _set_child(self, parent: _Node, child: _Node) -> bool:
        key = None if child.best is None else (self._level_key(parent.level, child.label), *child.best)
        if parent.child_key.get(child.label) == key:
            return False
        parent.child_key[child.label] = key
        if key is not None:
            heapq.heappush(parent.heap, (key, next(self.seq), child.label))
        return True

    def _refresh(self, node: _Node) -> None:
        while True:
            node.best = self._best(node)
            parent = node.parent
            if parent is None or not self._set_child(parent, node):
                return
            node = parent

    def select(self) -> int | None:
        node = self.root
        if self._best(node) is None:
            return None
        while node.level < self.depth:
            self._best(node)  # drops stale heap tops
            node = node.children[node.heap[0][2]]
        self._best(node)
        return node.heap[0][1]

    def placed(self, idx: int) -> None:
        """Update the index after a task went to instance ``idx``."""
        inst = self.instances[idx]
        for level, strategy in enumerate(self.strategies):
            if strategy.type != "spread":
                continue
            label = _spread_value(strategy, inst)
            self.counts[level][label] += 1
            for parent in self.registry[(level, label)]:
                child = parent.children[label]
                if self._set_child(parent, child):
                    self._refresh(parent)
        self.eligible[idx] = self.checker.reason(inst) is None
        if self.has_binpack:
            old = self.leaf_of.pop(idx)
            self._refresh(old)
            self._insert(idx)
        else:
            self._refresh(self.leaf_of[idx])


def _commit(spec: TaskSpec, inst: ContainerInstance, task_id: str, group: str,
            ip_allocator: Callable[[ContainerInstance], str]) -> Placement:
    bindings: list[PortBinding] = []
    for mapping in spec.port_mappings:
        if spec.network_mode == NetworkMode.AWSVPC:
            host_port = mapping.container_port
        else:
            static = mapping.static_host_port(spec.network_mode)
            if static is None:
                host_port = inst.ports.take_dynamic(mapping.protocol)
            else:
                inst.ports.take(static, mapping.protocol)
                host_port = static
        bindings.append(PortBinding(mapping.container_port, host_port, mapping.protocol, mapping.container_name))
    ip = ip_allocator(inst) if spec.uses_eni else None
    task = RunningTask(task_id, group, spec.family, spec.cpu, spec.memory, tuple(bindings), spec.uses_eni, private_ip=ip)
    inst.add_task(task)
    return Placement(task_id, inst.ec2_instance_id, inst.arn, group, tuple(bindings), spec.uses_eni,
                     inst.availability_zone, private_ip=ip)


def _failures(checker: _Checker, instances: Sequence[ContainerInstance]) -> tuple[list[Failure], tuple[ContainerInstance, str] | None]:
    """One failure per ACTIVE instance with the first check it fails, and the closest match."""
    failures: list[Failure] = []
    closest: tuple[ContainerInstance, str] | None = None
    for inst in instances:
        if inst.status != InstanceStatus.ACTIVE:
            continue
        reason = checker.reason(inst)
        if reason is None:
            continue
        failures.append(Failure(inst.arn, reason))
        if closest is None or _REASON_STAGE[reason] > _REASON_STAGE[closest[1]]:
            closest = (inst, reason)
    return failures, closest


def _scan_one(spec: TaskSpec, checker: _Checker, strategies: Sequence[PlacementStrategy],
              instances: Sequence[ContainerInstance], counts: list[Counter[str | None]], rng: random.Random,
              trace: TaskTrace | None) -> ContainerInstance | None:
    active = [inst for inst in instances if inst.status == InstanceStatus.ACTIVE]
    fit: list[ContainerInstance] = []
    dropped: list[Dropped] = []
    for inst in active:
        reason = checker.resource_reason(inst)
        if reason is None:
            fit.append(inst)
        elif trace is not None:
            dropped.append(Dropped(inst.ec2_instance_id, reason, checker.detail(inst, reason)))
    if trace is not None:
        step = StepTrace(STEP_RESOURCES, f"Resources (CPU {spec.cpu}, memory {spec.memory} MiB, ports, ENI)",
                         [i.ec2_instance_id for i in fit], dropped)
        skipped = len(instances) - len(active)
        if skipped:
            step.notes.append(f"{skipped} instance(s) not ACTIVE were not considered")
        trace.steps.append(step)
    candidates: list[ContainerInstance] = []
    dropped = []
    for inst in fit:
        reason = checker.constraint_reason(inst)
        if reason is None:
            candidates.append(inst)
        elif trace is not None:
            dropped.append(Dropped(inst.ec2_instance_id, reason, checker.detail(inst, reason)))
    if trace is not None:
        names = [e.to_text() for e in (*checker.static_exprs, *checker.dynamic_exprs)]
        title = "Constraints" + (f" (memberOf {'; '.join(names)})" if names else "")
        if checker.distinct:
            title += " (distinctInstance)"
        trace.steps.append(StepTrace(STEP_CONSTRAINTS, title, [i.ec2_instance_id for i in candidates], dropped))
    if not candidates:
        return None
    for level, strategy in enumerate(strategies):
        before = candidates
        if strategy.type == "random":
            candidates = [rng.choice(candidates)]
            keys: dict[int, object] = {}
        elif strategy.type == "binpack":
            keys = {id(i): _binpack_value(strategy, i) for i in candidates}
            low = min(keys.values())  # type: ignore[type-var]
            candidates = [i for i in candidates if keys[id(i)] == low]
        else:
            keys = {id(i): counts[level][_spread_value(strategy, i)] for i in candidates}
            low = min(keys.values())  # type: ignore[type-var]
            candidates = [i for i in candidates if keys[id(i)] == low]
        if trace is not None:
            trace.steps.append(_strategy_step(level, strategy, before, candidates, keys, checker.group))
    chosen = min(candidates, key=lambda i: i.order)
    if trace is not None:
        note = [f"{len(candidates)} tie(s) left; the first registered wins"] if len(candidates) > 1 else []
        trace.steps.append(StepTrace(STEP_SELECT, "Select", [chosen.ec2_instance_id], [], note))
    return chosen


def _strategy_step(level: int, strategy: PlacementStrategy, before: list[ContainerInstance],
                   after: list[ContainerInstance], keys: dict[int, object], group: str) -> StepTrace:
    kept = {id(i) for i in after}
    dropped = []
    for inst in before:
        if id(inst) in kept:
            continue
        if strategy.type == "random":
            detail = "not the random pick"
        elif strategy.type == "binpack":
            unit = "CPU units" if strategy.binpack_resource == "cpu" else "MiB"
            detail = f"{keys[id(inst)]} {unit} would remain; another instance leaves less"
        else:
            value = _spread_value(strategy, inst)
            detail = f"{strategy.spread_key}={value} already has {keys[id(inst)]} task(s) of group {group}"
        dropped.append(Dropped(inst.ec2_instance_id, strategy.type, detail))
    step = StepTrace(STEP_STRATEGY, f"Strategy {level + 1}: {strategy.describe()}", [i.ec2_instance_id for i in after], dropped)
    if strategy.type == "spread" and after:
        step.notes.append(f"fewest tasks of the group: {keys[id(after[0])]} ({strategy.spread_key}={_spread_value(strategy, after[0])})")
    if strategy.type == "binpack" and after:
        step.notes.append(f"least remaining {strategy.binpack_resource}: {keys[id(after[0])]}")
    return step


def place(
    spec: TaskSpec,
    instances: Sequence[ContainerInstance],
    count: int = 1,
    *,
    strategies: object = None,
    constraints: object = None,
    group: str | None = None,
    launch_type: str = "EC2",
    explain: bool = False,
    rng: random.Random | None = None,
    seed: int | None = 0,
    task_ids: Iterable[str] | None = None,
    default_strategies: Sequence[PlacementStrategy] = DEFAULT_RUN_TASK_STRATEGY,
    require_instances: bool = True,
    ip_allocator: Callable[[ContainerInstance], str] = _fake_private_ip,
    subnets: Sequence[tuple[str, str]] = (),
) -> PlacementResult:
    """Place ``count`` tasks of ``spec`` and update ``instances`` in place.

    ``strategies``/``constraints`` take the API JSON (or parsed items) and are validated like
    ECS validates them; an empty or missing strategy means ``default_strategies``. ``group``
    defaults to ``family:<family>``. With ``explain=True`` every task gets a :class:`TaskTrace`
    (this uses the scan, O(instances) per task). ``launch_type="FARGATE"`` rejects strategies
    and constraints as ECS does and spreads tasks over ``subnets`` (``(subnet_id, az)`` pairs).
    """
    parsed_strategies = parse_strategies(strategies)
    request_constraints = parse_constraints(constraints)
    group = group or spec.default_group
    if launch_type == "FARGATE":
        check_fargate(parsed_strategies, (*spec.placement_constraints, *request_constraints))
        return fargate.place_fargate(spec, count, subnets, group=group, task_ids=task_ids)
    all_constraints = combine_constraints(spec.placement_constraints, request_constraints)
    chain = parsed_strategies or tuple(default_strategies)
    ids = iter(task_ids) if task_ids is not None else _TASK_IDS
    rng = rng or random.Random(seed)
    result = PlacementResult()
    if count <= 0:
        return result
    if not any(inst.status == InstanceStatus.ACTIVE for inst in instances):
        if require_instances:
            raise InvalidParameterException(NO_INSTANCES_MESSAGE)
        result.unplaced = count
        return result
    checker = _Checker(spec, all_constraints, group)
    counts = _spread_counts(chain, instances, group)
    use_index = not explain and all(s.type != "random" for s in chain)
    index = _Index(chain, instances, checker, counts) if use_index else None
    for task_index in range(count):
        trace = TaskTrace(task_index, group) if explain else None
        if index is not None:
            idx = index.select()
            chosen = None if idx is None else instances[idx]
        else:
            chosen = _scan_one(spec, checker, chain, instances, counts, rng, trace)
        if chosen is None:
            result.failures, result.closest = _failures(checker, instances)
            result.unplaced = count - task_index
            if trace is not None:
                result.traces.append(trace)
            break
        placement = _commit(spec, chosen, next(ids), group, ip_allocator)
        if index is not None:
            index.placed(idx)  # type: ignore[arg-type]
        else:
            for level, strategy in enumerate(chain):
                if strategy.type == "spread":
                    counts[level][_spread_value(strategy, chosen)] += 1
        if trace is not None:
            trace.chosen = chosen.ec2_instance_id
            placement.trace = trace
            result.traces.append(trace)
        result.placements.append(placement)
    return result


def validate_run_task_count(count: object) -> int:
    """RunTask starts 1 to 10 tasks per call."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_RUN_TASK_COUNT:
        raise InvalidParameterException(f"count must be between 1 and {MAX_RUN_TASK_COUNT}, found {count!r}.")
    return count


def stop_task(instances: Sequence[ContainerInstance], task_id: str) -> RunningTask | None:
    """Stop a task wherever it runs, freeing its resources; None if no instance has it."""
    for inst in instances:
        task = inst.remove_task(task_id)
        if task is not None:
            return task
    return None


def explain_resources(spec: TaskSpec, instances: Sequence[ContainerInstance], constraints: object = None,
                      group: str | None = None) -> dict[str, str | None]:
    """For each instance, the reason it can't take the task now (None when it can)."""
    checker = _Checker(spec, combine_constraints(spec.placement_constraints, parse_constraints(constraints)),
                       group or spec.default_group)
    return {inst.ec2_instance_id: checker.reason(inst) for inst in instances}


__all__ = [
    "DEFAULT_RUN_TASK_STRATEGY",
    "MAX_RUN_TASK_COUNT",
    "NO_INSTANCES_MESSAGE",
    "PlacementResult",
    "explain_resources",
    "place",
    "stop_task",
    "validate_run_task_count",
]
