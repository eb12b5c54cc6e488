"""Target registration per task: instance + host port, or ENI IP for awsvpc."""

from __future__ import annotations

import re

import pytest

from tests.unit.ecs.builders import instance, web
from tutor.ecs import (
    InvalidParameterException,
    LoadBalancerRef,
    PortMapping,
    TargetGroup,
    TargetRegistry,
    place,
    validate_load_balancers,
)

NGINX = PortMapping(80, 0, container_name="nginx")


def test_many_targets_on_one_instance_with_dynamic_ports() -> None:
    registry = TargetRegistry()
    registry.add_group(TargetGroup("tg", "instance"))
    ref = LoadBalancerRef("tg", "nginx", 80)
    result = place(web(0, 64, NGINX), [instance("i-1")], 4)
    for placement in result.placements:
        registry.register_placement(ref, placement, "bridge")
    health = registry.describe_target_health("tg")
    assert [h["Target"]["Port"] for h in health] == [32768, 32769, 32770, 32771]
    assert {h["Target"]["Id"] for h in health} == {"i-1"}
    assert health[0]["TargetHealth"] == {"State": "healthy"} and health[0]["HealthCheckPort"] == "32768"
    removed = registry.deregister_task(result.placements[1].task_id)
    assert [t.port for t in removed] == [32769] and len(registry.targets_of("tg")) == 3


def test_awsvpc_tasks_register_their_ip_and_container_port() -> None:
    registry = TargetRegistry()
    registry.add_group(TargetGroup("tg-ip", "ip"))
    result = place(web(0, 64, PortMapping(8080, container_name="nginx"), network_mode="awsvpc"), [instance("i-1", "m5.large")], 2)
    for placement in result.placements:
        registry.register_placement(LoadBalancerRef("tg-ip", "nginx", 8080), placement, "awsvpc")
    targets = registry.targets_of("tg-ip")
    assert sorted(t.target_id for t in targets) == sorted(p.private_ip for p in result.placements)
    assert {t.port for t in targets} == {8080}


def test_mismatched_target_type_is_rejected_with_ecs_wording() -> None:
    groups = {"tg": TargetGroup("tg", "instance"), "tg-ip": TargetGroup("tg-ip", "ip")}
    awsvpc = web(0, 64, PortMapping(80, container_name="nginx"), network_mode="awsvpc")
    with pytest.raises(InvalidParameterException) as info:
        validate_load_balancers(awsvpc, [LoadBalancerRef("tg", "nginx", 80)], groups)
    assert info.value.message == ("The provided target group tg has target type instance, which is incompatible "
                                  "with the awsvpc network mode specified in the task definition.")
    with pytest.raises(InvalidParameterException, match="target type ip, which is incompatible with the bridge"):
        validate_load_balancers(web(0, 64, NGINX), [LoadBalancerRef("tg-ip", "nginx", 80)], groups)
    validate_load_balancers(awsvpc, [LoadBalancerRef("tg-ip", "nginx", 80)], groups)


def test_unknown_container_port_and_target_group() -> None:
    groups = {"tg": TargetGroup("tg")}
    with pytest.raises(InvalidParameterException, match=re.escape("The container nginx did not have a container port 443 defined.")):
        validate_load_balancers(web(0, 64, NGINX), [LoadBalancerRef("tg", "nginx", 443)], groups)
    with pytest.raises(InvalidParameterException, match="Unable to find the target group"):
        validate_load_balancers(web(0, 64, NGINX), [LoadBalancerRef("other", "nginx", 80)], groups)
    with pytest.raises(InvalidParameterException, match="containerName and containerPort"):
        LoadBalancerRef.from_api({"targetGroupArn": "tg"})


def test_manual_register_and_deregister() -> None:
    registry = TargetRegistry()
    registry.register("tg", "i-1", 32768)
    registry.register("tg", "i-1", 32769)
    assert registry.deregister("tg", "i-1", 32768) is not None
    assert registry.deregister("tg", "i-1", 1) is None
    assert [(t.target_id, t.port) for t in registry.targets_of("tg")] == [("i-1", 32769)]
