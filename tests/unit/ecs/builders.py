"""Builders shared by the ECS engine tests (a module, not a conftest, to keep names unique)."""

from __future__ import annotations

from tutor.ecs import ContainerInstance, PortMapping, TaskSpec

AZ_SPREAD = {"type": "spread", "field": "attribute:ecs.availability-zone"}
INSTANCE_SPREAD = {"type": "spread", "field": "instanceId"}
BINPACK_MEMORY = {"type": "binpack", "field": "memory"}
BINPACK_CPU = {"type": "binpack", "field": "cpu"}


def instance(name: str, instance_type: str = "t3.large", az: str = "us-east-1a", **kwargs: object) -> ContainerInstance:
    return ContainerInstance.create(name, instance_type, az, **kwargs)  # type: ignore[arg-type]


def cluster(azs: str = "abc", per_az: int = 2, instance_type: str = "t3.large") -> list[ContainerInstance]:
    """``per_az`` instances in each of the given us-east-1 zones, named i-<az><n>."""
    return [instance(f"i-{az}{n}", instance_type, f"us-east-1{az}") for az in azs for n in range(per_az)]


def web(cpu: int = 256, memory: int = 512, *ports: PortMapping, network_mode: str = "bridge", family: str = "web") -> TaskSpec:
    return TaskSpec(family, cpu=cpu, memory=memory, network_mode=network_mode, port_mappings=tuple(ports))


def tasks_per(instances: list[ContainerInstance], key: str = "az") -> dict[str, int]:
    out: dict[str, int] = {}
    for inst in instances:
        name = inst.availability_zone if key == "az" else inst.ec2_instance_id
        out[name] = out.get(name, 0) + inst.running_tasks_count
    return out
