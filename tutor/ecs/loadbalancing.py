"""Target registration for services behind a load balancer.

ECS registers each task in the service's target group: ``instance id + host port`` for bridge
and host mode (target type ``instance``), the task ENI's ``private IP + container port`` for
awsvpc (target type ``ip``; alb.html). Dynamic port mapping means many targets on one
instance, which moto's elbv2 cannot hold (it keys targets by Id only, research/moto-audit.md
§2), so this registry keys them by (Id, Port) and answers DescribeTargetHealth itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tutor.ecs.errors import InvalidParameterException
from tutor.ecs.model import NetworkMode, Placement, TaskSpec


@dataclass(frozen=True)
class TargetGroup:
    arn: str
    target_type: str = "instance"
    port: int = 80
    protocol: str = "HTTP"


@dataclass(frozen=True)
class LoadBalancerRef:
    """One ``loadBalancers`` item of a service."""

    target_group_arn: str
    container_name: str
    container_port: int

    @classmethod
    def from_api(cls, raw: Mapping[str, object]) -> LoadBalancerRef:
        arn, name, port = raw.get("targetGroupArn"), raw.get("containerName"), raw.get("containerPort")
        if not isinstance(arn, str) or not arn:
            raise InvalidParameterException("loadBalancers: targetGroupArn is required (classic load balancers are not simulated).")
        if not isinstance(name, str) or not isinstance(port, int) or isinstance(port, bool):
            raise InvalidParameterException("loadBalancers: containerName and containerPort are required.")
        return cls(arn, name, port)


@dataclass
class Target:
    target_id: str
    port: int
    task_id: str = ""
    availability_zone: str = ""
    state: str = "healthy"

    def to_api(self) -> dict[str, object]:
        target: dict[str, object] = {"Id": self.target_id, "Port": self.port}
        if self.availability_zone:
            target["AvailabilityZone"] = self.availability_zone
        return {"Target": target, "HealthCheckPort": str(self.port), "TargetHealth": {"State": self.state}}


def incompatible_message(target_group: TargetGroup, network_mode: str) -> str:
    return (
        f"The provided target group {target_group.arn} has target type {target_group.target_type}, which is "
        f"incompatible with the {network_mode} network mode specified in the task definition."
    )  # ECS wording for instance + awsvpc; the other direction follows the same pattern


def validate_load_balancers(spec: TaskSpec, load_balancers: Sequence[LoadBalancerRef],
                            target_groups: Mapping[str, TargetGroup]) -> None:
    """CreateService checks: the container port exists and the target type fits the network mode."""
    for ref in load_balancers:
        if not any(m.container_name == ref.container_name and m.container_port == ref.container_port
                   for m in spec.port_mappings):
            raise InvalidParameterException(
                f"The container {ref.container_name} did not have a container port {ref.container_port} defined."
            )
        group = target_groups.get(ref.target_group_arn)
        if group is None:
            raise InvalidParameterException(f"Unable to find the target group {ref.target_group_arn}.")
        wants_ip = spec.network_mode == NetworkMode.AWSVPC
        if (group.target_type == "ip") != wants_ip or group.target_type not in ("ip", "instance"):
            raise InvalidParameterException(incompatible_message(group, spec.network_mode))


@dataclass
class TargetRegistry:
    """Targets per target group, keyed by (Id, Port) so one instance can hold many tasks."""

    groups: dict[str, TargetGroup] = field(default_factory=dict)
    targets: dict[str, dict[tuple[str, int], Target]] = field(default_factory=dict)

    def add_group(self, group: TargetGroup) -> None:
        self.groups[group.arn] = group
        self.targets.setdefault(group.arn, {})

    def register(self, target_group_arn: str, target_id: str, port: int, *, task_id: str = "", az: str = "") -> Target:
        target = Target(target_id, port, task_id, az)
        self.targets.setdefault(target_group_arn, {})[(target_id, port)] = target
        return target

    def deregister(self, target_group_arn: str, target_id: str, port: int) -> Target | None:
        return self.targets.get(target_group_arn, {}).pop((target_id, port), None)

    def register_placement(self, ref: LoadBalancerRef, placement: Placement, network_mode: str) -> Target:
        """Register one task: the host port bound to ``ref.container_port`` (or the ENI's IP)."""
        group = self.groups.get(ref.target_group_arn)
        if group is not None and (group.target_type == "ip") != (network_mode == NetworkMode.AWSVPC):
            raise InvalidParameterException(incompatible_message(group, network_mode))
        binding = next((b for b in placement.bindings if b.container_port == ref.container_port
                        and (not b.container_name or b.container_name == ref.container_name)), None)
        if binding is None:
            raise InvalidParameterException(
                f"The container {ref.container_name} did not have a container port {ref.container_port} defined."
            )
        if network_mode == NetworkMode.AWSVPC:
            return self.register(ref.target_group_arn, placement.private_ip or "", ref.container_port,
                                 task_id=placement.task_id, az=placement.availability_zone)
        return self.register(ref.target_group_arn, placement.instance_id, binding.host_port,
                             task_id=placement.task_id, az=placement.availability_zone)

    def deregister_task(self, task_id: str) -> list[Target]:
        """Remove every target of a stopped task, from all groups."""
        removed: list[Target] = []
        for targets in self.targets.values():
            for key in [k for k, t in targets.items() if t.task_id == task_id]:
                removed.append(targets.pop(key))
        return removed

    def describe_target_health(self, target_group_arn: str) -> list[dict[str, object]]:
        targets = self.targets.get(target_group_arn, {})
        return [targets[key].to_api() for key in sorted(targets)]

    def targets_of(self, target_group_arn: str) -> list[Target]:
        targets = self.targets.get(target_group_arn, {})
        return [targets[key] for key in sorted(targets)]
