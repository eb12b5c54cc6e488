"""The engine's data: container instances, task specs, placements and failures.

Plain dataclasses, no moto: the adapter copies moto's objects into these, the engine decides,
and the adapter writes the result back. Field names follow the ECS API where one exists.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from tutor.ecs.errors import ClientException
from tutor.ecs.explain import TaskTrace
from tutor.ecs.instance_types import get_instance_type, registered_resources
from tutor.ecs.placement_rules import PlacementConstraint, parse_constraints
from tutor.ecs.ports import DEFAULT_EPHEMERAL_RANGE, DEFAULT_RESERVED_PORTS, HostPorts

REASON_CPU = "RESOURCE:CPU"
REASON_MEMORY = "RESOURCE:MEMORY"
REASON_PORTS = "RESOURCE:PORTS"
REASON_ENI = "RESOURCE:ENI"
REASON_AGENT = "AGENT"
REASON_MEMBER_OF = "MemberOf placement constraint unsatisfied."
REASON_DISTINCT_INSTANCE = "DistinctInstance placement constraint unsatisfied."
"""Failure reasons as ECS returns them. The two constraint reasons end with a period in the one
real response found (aws/amazon-ecs-agent#3044: ``"MemberOf placement constraint unsatisfied."``);
the DistinctInstance one follows the same pattern."""

_ORDER = itertools.count()


class NetworkMode(StrEnum):
    BRIDGE = "bridge"
    HOST = "host"
    AWSVPC = "awsvpc"
    NONE = "none"


class InstanceStatus(StrEnum):
    ACTIVE = "ACTIVE"
    DRAINING = "DRAINING"
    INACTIVE = "INACTIVE"


@dataclass(frozen=True)
class PortMapping:
    """A container port and the host port asked for; ``None``/0 in bridge mode means dynamic."""

    container_port: int
    host_port: int | None = None
    protocol: str = "tcp"
    container_name: str = ""

    def is_dynamic(self, network_mode: str) -> bool:
        return network_mode == NetworkMode.BRIDGE and not self.host_port

    def static_host_port(self, network_mode: str) -> int | None:
        """The fixed port this mapping takes on the instance, if any (awsvpc uses the task ENI)."""
        if network_mode == NetworkMode.BRIDGE:
            return self.host_port or None
        if network_mode == NetworkMode.HOST:
            return self.host_port or self.container_port
        return None


@dataclass(frozen=True)
class PortBinding:
    """One entry of a task's ``networkBindings``."""

    container_port: int
    host_port: int
    protocol: str = "tcp"
    container_name: str = ""

    def to_api(self) -> dict[str, object]:
        binding: dict[str, object] = {
            "bindIP": "0.0.0.0",
            "containerPort": self.container_port,
            "hostPort": self.host_port,
            "protocol": self.protocol,
        }
        if self.container_name:
            binding["containerName"] = self.container_name
        return binding


@dataclass(frozen=True)
class TaskSpec:
    """The parts of a task definition that placement needs."""

    family: str
    cpu: int = 0
    memory: int = 0
    network_mode: str = NetworkMode.BRIDGE
    port_mappings: tuple[PortMapping, ...] = ()
    placement_constraints: tuple[PlacementConstraint, ...] = ()
    compatibilities: frozenset[str] = frozenset({"EC2"})
    revision: int = 1
    container_names: tuple[str, ...] = ()

    @property
    def default_group(self) -> str:
        """A standalone task's group when none is given (task-groups page)."""
        return f"family:{self.family}"

    @property
    def uses_eni(self) -> bool:
        return self.network_mode == NetworkMode.AWSVPC

    def static_ports(self) -> list[tuple[int, str]]:
        ports = []
        for mapping in self.port_mappings:
            port = mapping.static_host_port(self.network_mode)
            if port is not None:
                ports.append((port, mapping.protocol))
        return ports

    def dynamic_ports(self) -> Counter[str]:
        return Counter(m.protocol for m in self.port_mappings if m.is_dynamic(self.network_mode))

    @classmethod
    def from_task_definition(cls, task_definition: Mapping[str, object]) -> TaskSpec:
        """Build from RegisterTaskDefinition / DescribeTaskDefinition JSON, checking it like ECS."""
        td = task_definition
        family = str(td.get("family") or "")
        if not family:
            raise ClientException("Family must be specified.")
        containers = td.get("containerDefinitions") or []
        if not isinstance(containers, Sequence) or not containers:
            raise ClientException("Container list cannot be empty.")  # ECS wording
        compat = {str(c) for c in (td.get("requiresCompatibilities") or ["EC2"])}
        network_mode = str(td.get("networkMode") or ("awsvpc" if "FARGATE" in compat else NetworkMode.BRIDGE))
        if network_mode not in {m.value for m in NetworkMode}:
            raise ClientException(f"Invalid networkMode {network_mode!r}; valid modes are bridge, host, awsvpc and none.")
        if "FARGATE" in compat and network_mode != NetworkMode.AWSVPC:
            raise ClientException("Fargate only supports network mode 'awsvpc'.")  # ECS wording
        task_cpu = _int_or_none(td.get("cpu"), "cpu")
        task_memory = _int_or_none(td.get("memory"), "memory")
        cpu_sum = memory_sum = 0
        mappings: list[PortMapping] = []
        names: list[str] = []
        for container in containers:
            if not isinstance(container, Mapping):
                raise ClientException("Each container definition must be an object.")
            name = str(container.get("name") or "")
            names.append(name)
            cpu_sum += _int_or_none(container.get("cpu"), "cpu") or 0
            reservation = _int_or_none(container.get("memoryReservation"), "memoryReservation")
            hard = _int_or_none(container.get("memory"), "memory")
            if reservation is None and hard is None and task_memory is None:
                raise ClientException(
                    f"Invalid setting for container '{name}'. At least one of 'memory' or "
                    "'memoryReservation' must be specified."  # ECS wording
                )
            memory_sum += reservation if reservation is not None else (hard or 0)
            for raw in container.get("portMappings") or []:  # type: ignore[attr-defined]
                mappings.append(_port_mapping(raw, name, network_mode))
        if network_mode == NetworkMode.NONE and mappings:
            raise ClientException("Port mappings are not supported with the 'none' network mode.")
        constraints = parse_constraints(td.get("placementConstraints"), in_task_definition=True)
        revision = td.get("revision") or 1
        return cls(
            family=family,
            cpu=task_cpu if task_cpu is not None else cpu_sum,
            memory=task_memory if task_memory is not None else memory_sum,
            network_mode=network_mode,
            port_mappings=tuple(mappings),
            placement_constraints=constraints,
            compatibilities=frozenset(compat),
            revision=int(revision),  # type: ignore[call-overload]
            container_names=tuple(names),
        )


def _int_or_none(value: object, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ClientException(f"Invalid '{name}' setting.")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.lower().endswith("vcpu"):  # task-level cpu may be written "1 vCPU"
        try:
            return int(float(text[:-4]) * 1024)
        except ValueError:
            pass
    if text.lower().endswith("gb"):
        try:
            return int(float(text[:-2]) * 1024)
        except ValueError:
            pass
    try:
        return int(text)
    except ValueError:
        raise ClientException(f"Invalid '{name}' setting for task.") from None


def _port_mapping(raw: object, container: str, network_mode: str) -> PortMapping:
    if not isinstance(raw, Mapping) or raw.get("containerPort") in (None, ""):
        raise ClientException(f"Container '{container}': each port mapping needs a containerPort.")
    container_port = _int_or_none(raw.get("containerPort"), "containerPort") or 0
    host_port = _int_or_none(raw.get("hostPort"), "hostPort")
    protocol = str(raw.get("protocol") or "tcp").lower()
    if protocol not in ("tcp", "udp"):
        raise ClientException(f"Invalid protocol {protocol!r}; use tcp or udp.")
    if not 0 < container_port <= 65535 or (host_port is not None and not 0 <= host_port <= 65535):
        raise ClientException(f"Container '{container}': ports must be between 1 and 65535.")
    if network_mode in (NetworkMode.HOST, NetworkMode.AWSVPC) and host_port not in (None, container_port):
        raise ClientException(
            f"When networkMode={network_mode}, the host ports and container ports in port mappings must match."  # ECS wording
        )
    return PortMapping(container_port, host_port, protocol, container)


@dataclass(eq=False)
class RunningTask:
    """A task the engine has placed and not yet stopped."""

    task_id: str
    group: str
    family: str
    cpu: int
    memory: int
    bindings: tuple[PortBinding, ...] = ()
    uses_eni: bool = False
    started_seq: int = field(default_factory=lambda: next(_ORDER))
    private_ip: str | None = None
    capacity_provider: str | None = None


@dataclass(eq=False)
class ContainerInstance:
    """A container instance as placement sees it. Mutable: placing a task changes it."""

    ec2_instance_id: str
    instance_type: str
    availability_zone: str
    registered_cpu: int
    registered_memory: int
    eni_limit: int
    attributes: dict[str, str | None] = field(default_factory=dict)
    arn: str = ""
    used_cpu: int = 0
    used_memory: int = 0
    enis_used: int = 0
    ports: HostPorts = field(default_factory=HostPorts)
    agent_connected: bool = True
    agent_version: str = "1.89.0"
    registered_at: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    status: str = InstanceStatus.ACTIVE
    tasks: dict[str, RunningTask] = field(default_factory=dict)
    capacity_provider: str | None = None
    order: int = field(default_factory=lambda: next(_ORDER))
    _groups: Counter[str] = field(default_factory=Counter, repr=False)

    @classmethod
    def create(
        cls,
        ec2_instance_id: str,
        instance_type: str = "t3.medium",
        availability_zone: str = "us-east-1a",
        *,
        attributes: Mapping[str, str | None] | None = None,
        reserved_memory: int = 0,
        reserved_ports: Collection[int] = DEFAULT_RESERVED_PORTS,
        ephemeral_range: tuple[int, int] = DEFAULT_EPHEMERAL_RANGE,
        arn: str = "",
        ami_id: str = "ami-0ecs00000000000",
        **kwargs: object,
    ) -> ContainerInstance:
        """An instance with the resources and built-in attributes its type would register."""
        resources = registered_resources(instance_type, reserved_memory)
        itype = get_instance_type(instance_type)
        attrs: dict[str, str | None] = {
            "ecs.ami-id": ami_id,
            "ecs.availability-zone": availability_zone,
            "ecs.instance-type": itype.name,
            "ecs.os-type": "linux",
            "ecs.os-family": "LINUX",
            "ecs.cpu-architecture": itype.architecture,
        }
        attrs.update(attributes or {})
        return cls(
            ec2_instance_id=ec2_instance_id,
            instance_type=itype.name,
            availability_zone=availability_zone,
            registered_cpu=resources.cpu,
            registered_memory=resources.memory,
            eni_limit=resources.awsvpc_task_slots,
            attributes=attrs,
            arn=arn or f"arn:aws:ecs:us-east-1:123456789012:container-instance/default/{ec2_instance_id}",
            ports=HostPorts(frozenset(reserved_ports), ephemeral_range),
            **kwargs,  # type: ignore[arg-type]
        )

    # -- facts read by CQL and strategies ---------------------------------------------------
    @property
    def id(self) -> str:
        return self.ec2_instance_id

    @property
    def remaining_cpu(self) -> int:
        return self.registered_cpu - self.used_cpu

    @property
    def remaining_memory(self) -> int:
        return self.registered_memory - self.used_memory

    @property
    def running_tasks_count(self) -> int:
        return len(self.tasks)

    @property
    def task_groups(self) -> Collection[str]:
        return self._groups.keys()

    def group_count(self, group: str) -> int:
        return self._groups.get(group, 0)

    def label(self) -> str:
        """Short text for traces: ``i-123 (t3.large, us-east-1a)``."""
        return f"{self.ec2_instance_id} ({self.instance_type}, {self.availability_zone})"

    # -- state changes -----------------------------------------------------------------------
    def add_task(self, task: RunningTask) -> None:
        """Record a placed task; its ports must already be taken in :attr:`ports`."""
        self.tasks[task.task_id] = task
        self.used_cpu += task.cpu
        self.used_memory += task.memory
        self.enis_used += 1 if task.uses_eni else 0
        self._groups[task.group] += 1

    def remove_task(self, task_id: str) -> RunningTask | None:
        """Stop a task: frees its CPU, memory, host ports and ENI."""
        task = self.tasks.pop(task_id, None)
        if task is None:
            return None
        self.used_cpu -= task.cpu
        self.used_memory -= task.memory
        self.enis_used -= 1 if task.uses_eni else 0
        for binding in task.bindings:
            if not task.uses_eni:
                self.ports.release(binding.host_port, binding.protocol)
        self._groups[task.group] -= 1
        if self._groups[task.group] <= 0:
            del self._groups[task.group]
        return task

    def remaining_resources(self) -> list[dict[str, object]]:
        """``remainingResources`` in the DescribeContainerInstances shape."""
        return _resources(self.remaining_cpu, self.remaining_memory, self.ports.snapshot())

    def registered_resources(self) -> list[dict[str, object]]:
        reserved = sorted(self.ports.reserved)
        return _resources(self.registered_cpu, self.registered_memory, {"tcp": reserved, "udp": reserved})


def _resources(cpu: int, memory: int, ports: Mapping[str, list[int]]) -> list[dict[str, object]]:
    def integer(name: str, value: int) -> dict[str, object]:
        return {"name": name, "type": "INTEGER", "integerValue": value, "doubleValue": 0.0, "longValue": 0}

    def string_set(name: str, values: list[int]) -> dict[str, object]:
        return {"name": name, "type": "STRINGSET", "stringSetValue": [str(v) for v in values],
                "integerValue": 0, "doubleValue": 0.0, "longValue": 0}

    return [integer("CPU", cpu), integer("MEMORY", memory), string_set("PORTS", ports["tcp"]),
            string_set("PORTS_UDP", ports["udp"])]


@dataclass(frozen=True)
class Failure:
    """One entry of ``failures`` in a RunTask/StartTask response."""

    arn: str
    reason: str
    detail: str | None = None

    def to_api(self) -> dict[str, str]:
        out = {"arn": self.arn, "reason": self.reason}
        if self.detail:
            out["detail"] = self.detail
        return out


_SERVICE_EVENT_TEXT = {
    REASON_CPU: "has insufficient CPU units available.",
    REASON_MEMORY: "has insufficient memory available.",
    REASON_PORTS: "is already using a port required by your task.",
}


@dataclass
class Placement:
    """Where one task went, with the host ports it got; ``trace`` is set when explaining."""

    task_id: str
    instance_id: str
    container_instance_arn: str
    group: str
    bindings: tuple[PortBinding, ...] = ()
    uses_eni: bool = False
    availability_zone: str = ""
    private_ip: str | None = None
    subnet_id: str | None = None
    capacity_provider: str | None = None
    trace: object | None = None

    def network_bindings(self) -> list[dict[str, object]]:
        return [binding.to_api() for binding in self.bindings]


@dataclass
class PlacementResult:
    """What one call placed, what it could not, and (with ``explain``) why, task by task."""

    placements: list[Placement] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    traces: list[TaskTrace] = field(default_factory=list)
    unplaced: int = 0
    closest: tuple[ContainerInstance, str] | None = None

    def service_event(self, service_name: str) -> str | None:
        """The service event ECS writes when it could not place a task, or None."""
        if not self.unplaced:
            return None
        if self.closest is None:
            return f"(service {service_name}) was unable to place a task. Reason: No Container Instances were found in your cluster."
        instance, reason = self.closest
        what = _SERVICE_EVENT_TEXT.get(reason, f'encountered error "{reason}".')
        return (
            f"(service {service_name}) was unable to place a task because no container instance met all of its "
            f"requirements. The closest matching (container-instance {instance.arn.rsplit('/', 1)[-1]}) {what} "
            "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."
        )

    def explanation(self) -> list[str]:
        return [line for trace in self.traces for line in trace.lines()]
