"""The bridge between moto's ECS objects and the engine's: build one from the other, write back.

moto stays the state store, so every describe_* keeps working. Each request rebuilds the
engine's view of a cluster from moto (instances, running tasks and the host ports they hold);
what the engine decides is written back as real moto objects: ``Task`` objects on the chosen
instances with ``networkBindings``, and ``remainingResources`` recomputed. Extra facts moto has
no field for live in attributes named ``_awstutor_*`` on moto's own objects, so they vanish with
them on reset. moto is imported inside functions only.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from tutor.ecs.errors import InvalidParameterException, UnknownInstanceTypeError
from tutor.ecs.instance_types import get_instance_type, registered_memory
from tutor.ecs.model import (
    ContainerInstance,
    NetworkMode,
    Placement,
    PortBinding,
    RunningTask,
    TaskSpec,
)
from tutor.ecs.ports import DEFAULT_EPHEMERAL_RANGE, DEFAULT_RESERVED_PORTS, HostPorts

_ECS_CLUSTER = re.compile(r"""ECS_CLUSTER\s*=\s*["']?([A-Za-z0-9_-]{1,255})""")
_ECS_ATTRIBUTES = re.compile(r"""ECS_INSTANCE_ATTRIBUTES\s*=\s*'?(\{[^\n']*\})""")
_ECS_RESERVED_MEMORY = re.compile(r"ECS_RESERVED_MEMORY\s*=\s*(\d+)")
_ECS_RESERVED_PORTS = re.compile(r"ECS_RESERVED_PORTS\s*=\s*'?(\[[0-9,\s]*\])")
_MOTO_CPU, _MOTO_MEMORY = 4096, 7482  # what moto registers for any type


@dataclass
class InstanceMeta:
    """What the agent would register for one container instance (kept on moto's object)."""

    cpu: int
    memory: int
    eni_limit: int
    reserved_ports: tuple[int, ...] = DEFAULT_RESERVED_PORTS
    ephemeral_range: tuple[int, int] = DEFAULT_EPHEMERAL_RANGE
    capacity_provider: str | None = None


@dataclass
class ServiceConfig:
    """The CreateService parameters moto drops (research/moto-audit.md §1), kept on the service."""

    strategies: list[dict[str, Any]] = field(default_factory=list)
    constraints: list[dict[str, Any]] = field(default_factory=list)
    capacity_provider_strategy: list[dict[str, Any]] = field(default_factory=list)
    launch_type: str | None = "EC2"
    scheduling_strategy: str = "REPLICA"
    load_balancers: list[dict[str, Any]] = field(default_factory=list)
    network_configuration: dict[str, Any] | None = None
    seed: int = 0


@dataclass
class AgentConfig:
    """The ECS agent settings read from EC2 user data (``/etc/ecs/ecs.config`` lines)."""

    cluster: str = "default"
    attributes: dict[str, str] = field(default_factory=dict)
    reserved_memory: int = 0
    reserved_ports: tuple[int, ...] = DEFAULT_RESERVED_PORTS


def parse_user_data(text: str | None) -> AgentConfig:
    """``ECS_CLUSTER``, ``ECS_INSTANCE_ATTRIBUTES``, ``ECS_RESERVED_MEMORY``/``_PORTS``; default cluster."""
    config = AgentConfig()
    if not text:
        return config
    if match := _ECS_CLUSTER.search(text):
        config.cluster = match.group(1)
    if match := _ECS_ATTRIBUTES.search(text):
        try:
            raw = json.loads(match.group(1))
            config.attributes = {str(k): str(v) for k, v in raw.items()}
        except (ValueError, AttributeError):
            pass
    if match := _ECS_RESERVED_MEMORY.search(text):
        config.reserved_memory = int(match.group(1))
    if match := _ECS_RESERVED_PORTS.search(text):
        with contextlib.suppress(ValueError):
            config.reserved_ports = tuple(int(p) for p in json.loads(match.group(1)))
    return config


def decode_user_data(value: object) -> str:
    """moto keeps user data base64-encoded (a Base64EncodedString, a str, or a list of them)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(decode_user_data(v) for v in value)
    decode = getattr(value, "decode", None)
    if callable(decode) and not isinstance(value, (str, bytes)):
        try:
            return str(decode())
        except (ValueError, UnicodeDecodeError):
            return ""
    try:
        return base64.b64decode(str(value)).decode("utf-8", "replace")
    except ValueError:
        return str(value)


# -- container instances -------------------------------------------------------------------

def meta_for(mci: Any) -> InstanceMeta:
    """The instance's registered resources: from our instance type table, else moto's numbers."""
    meta = getattr(mci, "_awstutor_meta", None)
    if meta is None:
        meta = meta_from_type(mci.attributes.get("ecs.instance-type") or "")
        mci._awstutor_meta = meta
    return meta


def meta_from_type(instance_type: str, reserved_memory: int = 0,
                   reserved_ports: tuple[int, ...] = DEFAULT_RESERVED_PORTS) -> InstanceMeta:
    try:
        itype = get_instance_type(instance_type)
    except UnknownInstanceTypeError:
        return InstanceMeta(_MOTO_CPU, max(0, _MOTO_MEMORY - reserved_memory), 2, reserved_ports)
    return InstanceMeta(itype.cpu_units, registered_memory(itype.memory_mib, reserved_memory),
                        max(0, itype.max_enis - 1), reserved_ports)


def apply_registration(mci: Any, ec2_instance: Any | None, agent: AgentConfig | None = None) -> None:
    """Give a freshly registered moto container instance the resources and attributes ECS would."""
    agent = agent or AgentConfig()
    itype = mci.attributes.get("ecs.instance-type") or ""
    mci._awstutor_meta = meta_from_type(itype, agent.reserved_memory, agent.reserved_ports)
    try:
        arch = get_instance_type(itype).architecture
    except UnknownInstanceTypeError:
        arch = getattr(ec2_instance, "architecture", None) or "x86_64"
    mci.attributes.setdefault("ecs.cpu-architecture", arch)
    mci.attributes.setdefault("ecs.os-family", "WINDOWS_SERVER_2022_FULL" if mci.attributes.get("ecs.os-type") == "windows" else "LINUX")
    if ec2_instance is not None:
        for name, attr in (("ecs.vpc-id", "vpc_id"), ("ecs.subnet-id", "subnet_id")):
            value = getattr(ec2_instance, attr, None)
            if value:
                mci.attributes.setdefault(name, value)
    mci.attributes.update(agent.attributes)
    mci.version_info = {"agentVersion": "1.89.0", "agentHash": "f6ee3f1b", "dockerVersion": "DockerVersion: 25.0.8"}


def running_tasks(ecs: Any, cluster_name: str) -> list[Any]:
    """moto tasks of the cluster that still count as running (not stopped, not asked to stop)."""
    return [t for t in ecs.tasks.get(cluster_name, {}).values()
            if t.desired_status == "RUNNING" and t.last_status != "STOPPED"]


def running_task_of(task: Any) -> RunningTask:
    """The engine's record of a moto task; tasks moto created itself are described from moto."""
    record = getattr(task, "_awstutor_task", None)
    if record is None:
        needs = task.resource_requirements or {}
        bindings = tuple(PortBinding(int(p), int(p)) for p in needs.get("PORTS") or [] if str(p).isdigit() and int(p))
        record = RunningTask(task.id, task.group or "", task.task_definition_arn.rsplit("/", 1)[-1].split(":")[0],
                             int(needs.get("CPU") or 0), int(needs.get("MEMORY") or 0), bindings)
        task._awstutor_task = record
    return record


@dataclass
class ClusterView:
    """A cluster as the engine sees it, with the moto objects behind each instance."""

    name: str
    instances: list[ContainerInstance]
    moto_instances: dict[str, Any]
    tasks: list[Any]

    def moto_of(self, instance_id: str) -> Any:
        return self.moto_instances[instance_id]


def cluster_view(ecs: Any, cluster_name: str) -> ClusterView:
    """Rebuild the engine's instances from moto: resources, attributes, tasks and their ports."""
    tasks = running_tasks(ecs, cluster_name)
    by_instance: dict[str, list[Any]] = {}
    for task in tasks:
        if task.container_instance_arn:
            by_instance.setdefault(task.container_instance_arn.rsplit("/", 1)[-1], []).append(task)
    instances: list[ContainerInstance] = []
    moto_instances: dict[str, Any] = {}
    for ci_id, mci in ecs.container_instances.get(cluster_name, {}).items():
        meta = meta_for(mci)
        inst = ContainerInstance(
            ec2_instance_id=mci.ec2_instance_id,
            instance_type=mci.attributes.get("ecs.instance-type") or "unknown",
            availability_zone=mci.attributes.get("ecs.availability-zone") or "",
            registered_cpu=meta.cpu,
            registered_memory=meta.memory,
            eni_limit=meta.eni_limit,
            attributes=dict(mci.attributes),
            arn=mci.container_instance_arn,
            ports=HostPorts(meta.reserved_ports, meta.ephemeral_range),
            agent_connected=bool(mci.agent_connected),
            agent_version=(mci.version_info or {}).get("agentVersion", "1.0.0"),
            registered_at=mci.registered_at if mci.registered_at.tzinfo else mci.registered_at.replace(tzinfo=UTC),
            status=mci.status,
            capacity_provider=meta.capacity_provider,
        )
        for task in by_instance.get(ci_id, []):
            record = running_task_of(task)
            if not record.uses_eni:
                for binding in record.bindings:
                    inst.ports.take(binding.host_port, binding.protocol)
            inst.add_task(record)
        instances.append(inst)
        moto_instances[inst.ec2_instance_id] = mci
    return ClusterView(cluster_name, instances, moto_instances, tasks)


def sync_cluster(ecs: Any, view: ClusterView) -> None:
    """Write the engine's accounting back to moto: remaining resources, task counts."""
    for inst in view.instances:
        mci = view.moto_instances[inst.ec2_instance_id]
        mci.registered_resources = inst.registered_resources()
        mci.remaining_resources = inst.remaining_resources()
        mci.running_tasks_count = inst.running_tasks_count
        mci.pending_tasks_count = 0
    cluster = ecs.clusters.get(view.name)
    if cluster is not None:
        cluster.running_tasks_count = len(running_tasks(ecs, view.name))
        cluster.pending_tasks_count = 0
        cluster.registered_container_instances_count = len(ecs.container_instances.get(view.name, {}))
        cluster.active_services_count = sum(1 for s in ecs.services.values()
                                            if s.cluster_name == view.name and s.status == "ACTIVE")


# -- task definitions and tasks ------------------------------------------------------------

def task_spec(td: Any) -> TaskSpec:
    """A TaskSpec from a moto TaskDefinition (raises ClientException like ECS on bad ones)."""
    return TaskSpec.from_task_definition({
        "family": td.family,
        "revision": td.revision,
        "cpu": td.cpu,
        "memory": td.memory,
        "networkMode": td.network_mode,
        "containerDefinitions": td.container_definitions,
        "placementConstraints": td.placement_constraints,
        "requiresCompatibilities": td.requires_compatibilities or ["EC2"],
    })


def new_task_ids() -> Iterator[str]:
    """ECS task ids: 32 hex digits."""
    while True:
        yield uuid.uuid4().hex


def awsvpc_configuration(ec2: Any, network_configuration: dict[str, Any] | None) -> dict[str, Any]:
    """The task's awsvpcConfiguration, with the VPC's default security group when none is given."""
    if not network_configuration or not (network_configuration.get("awsvpcConfiguration") or {}).get("subnets"):
        raise InvalidParameterException("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
    config = dict(network_configuration["awsvpcConfiguration"])
    if not config.get("securityGroups"):
        subnet = ec2.get_subnet(config["subnets"][0])
        groups = ec2.describe_security_groups(filters={"group-name": ["default"], "vpc-id": [subnet.vpc_id]})
        config["securityGroups"] = [groups[0].id] if groups else []
    return {"awsvpcConfiguration": config}


def subnets_by_az(ec2: Any, subnet_ids: Sequence[str]) -> list[tuple[str, str]]:
    return [(subnet_id, ec2.get_subnet(subnet_id).availability_zone) for subnet_id in subnet_ids]


def create_moto_task(ecs: Any, ec2: Any, cluster: Any, td: Any, spec: TaskSpec, placement: Placement, *,
                     launch_type: str, network_configuration: dict[str, Any] | None = None,
                     started_by: str = "", overrides: dict[str, Any] | None = None,
                     tags: list[dict[str, str]] | None = None, platform_version: str | None = None) -> Any:
    """A moto Task for one engine placement, registered with the backend and running."""
    from moto.core.utils import utcnow
    from moto.ecs.models import Container, Task

    netconf = None
    if spec.network_mode == NetworkMode.AWSVPC:
        netconf = awsvpc_configuration(ec2, network_configuration)
        subnets = list(netconf["awsvpcConfiguration"]["subnets"])
        wanted = placement.subnet_id
        if wanted is None and placement.availability_zone:
            wanted = next((s for s, az in subnets_by_az(ec2, subnets) if az == placement.availability_zone), None)
        if wanted:
            netconf = {"awsvpcConfiguration": {**netconf["awsvpcConfiguration"], "subnets": [wanted, *(s for s in subnets if s != wanted)]}}
    needs = {"CPU": spec.cpu, "MEMORY": spec.memory, "PORTS": [], "PORTS_UDP": []}
    task = Task(cluster, td, placement.container_instance_arn or None, needs, backend=ecs, group=placement.group,
                launch_type=launch_type, overrides=overrides or {}, started_by=started_by, tags=tags or [],
                networking_configuration=netconf, platform_version=platform_version,
                capacity_provider_name=placement.capacity_provider)
    task.id = placement.task_id
    now = utcnow()
    ip = None
    for attachment in task.attachments:
        for detail in attachment.get("details", []):
            if detail["name"] == "privateIPv4Address":
                ip = detail["value"]
    if ip:
        placement.private_ip = ip
    containers = []
    for definition in td.container_definitions:
        container = Container(td)
        container.container_arn = f"{task.task_arn.replace(':task/', ':container/')}/{uuid.uuid4()}"
        container.task_arn = task.task_arn
        container.name = definition.get("name")
        container.image = definition.get("image")
        container.cpu = str(definition.get("cpu", 0))
        if definition.get("memory") is not None:
            container.memory = str(definition["memory"])
        container.last_status = "RUNNING"
        container.network_bindings = [b.to_api() for b in placement.bindings
                                      if not b.container_name or b.container_name == container.name] \
            if spec.network_mode != NetworkMode.AWSVPC else []
        if ip:
            container.network_interfaces = [{"attachmentId": task.attachments[0]["id"], "privateIpv4Address": ip}]
        containers.append(container)
    task.containers = containers
    task.cpu = str(spec.cpu)
    task.memory = str(spec.memory)
    task.availability_zone = placement.availability_zone
    task.created_at = task.started_at = task.pull_started_at = task.pull_stopped_at = now
    task.connectivity, task.connectivity_at = "CONNECTED", now
    task.health_status = "UNKNOWN"
    task.version = 2
    if launch_type == "FARGATE" or placement.capacity_provider in ("FARGATE", "FARGATE_SPOT"):
        task.platform_version = platform_version or "1.4.0"
        task.platform_family = "Linux"
    record = RunningTask(placement.task_id, placement.group, spec.family, spec.cpu, spec.memory, placement.bindings,
                         spec.uses_eni, private_ip=placement.private_ip, capacity_provider=placement.capacity_provider)
    task._awstutor_task = record
    task._awstutor_placement = placement
    ecs.tasks.setdefault(cluster.name, {})[task.task_arn] = task
    return task


def stop_moto_task(ecs: Any, cluster_name: str, task: Any, reason: str) -> None:
    """Mark a moto task STOPPED without moto's own resource arithmetic (sync_cluster redoes it)."""
    from moto.core.utils import utcnow

    task.last_status = "STOPPED"
    task.desired_status = "STOPPED"
    task.stopped_reason = reason
    task.stopped_at = task.stopping_at = task.execution_stopped_at = utcnow()
    for container in getattr(task, "containers", []):
        container.last_status = "STOPPED"


