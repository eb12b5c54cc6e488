"""Service scheduler: desired count, default spread, scale-in choice, DAEMON, validation."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.unit.ecs.builders import AZ_SPREAD, BINPACK_MEMORY, cluster, instance, tasks_per, web
from tutor.ecs import (
    REASON_MEMORY,
    InvalidParameterException,
    LoadBalancerRef,
    PortMapping,
    Service,
    TargetGroup,
    TargetRegistry,
    TaskSpec,
    choose_tasks_to_stop,
    reconcile,
    running_count,
)
from tutor.ecs.services import DAEMON_DESIRED_MESSAGE, DAEMON_STRATEGY_MESSAGE

FARGATE = TaskSpec("api", 256, 512, network_mode="awsvpc", port_mappings=(PortMapping(80, container_name="app"),),
                   compatibilities=frozenset({"EC2", "FARGATE"}))
SUBNETS = [("subnet-a", "us-east-1a"), ("subnet-b", "us-east-1b")]


def test_service_reaches_desired_count_spread_over_azs_by_default() -> None:
    fleet = cluster("abc", 2)
    service = Service.create("web", web(), 6)
    result = reconcile(service, fleet)
    assert len(result.started) == 6 and running_count(service, fleet) == 6
    assert tasks_per(fleet) == {"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}
    assert all(p.group == "service:web" for p in result.started)
    assert result.events[0].startswith("(service web) has started 6 tasks: (task ")
    assert result.events[-1] == "(service web) has reached a steady state."
    assert reconcile(service, fleet).started == []


def test_scale_in_keeps_az_balance() -> None:
    fleet = cluster("abc", 2)
    service = Service.create("web", web(), 7)
    reconcile(service, fleet)
    service.desired_count = 4
    result = reconcile(service, fleet)
    assert len(result.stopped) == 3
    assert sorted(tasks_per(fleet).values()) == [1, 1, 2]
    assert "has stopped 3 running tasks" in result.events[0]


def test_binpack_scale_in_frees_the_emptiest_instance() -> None:
    fleet = [instance("i-1"), instance("i-2")]
    service = Service.create("web", web(0, 1024), 9, placement_strategy=[BINPACK_MEMORY])
    reconcile(service, fleet)
    assert [i.running_tasks_count for i in fleet] == [7, 2]
    service.desired_count = 7
    reconcile(service, fleet)
    assert [i.running_tasks_count for i in fleet] == [7, 0]


def test_choose_tasks_to_stop_does_not_stop_anything_itself() -> None:
    fleet = cluster("ab", 1)
    service = Service.create("web", web(), 4, placement_strategy=[AZ_SPREAD])
    reconcile(service, fleet)
    picks = choose_tasks_to_stop(service, fleet, 2)
    assert len({inst.ec2_instance_id for inst, _ in picks}) == 2 and running_count(service, fleet) == 4


def test_tasks_on_draining_instances_are_replaced() -> None:
    fleet = cluster("ab", 1)
    service = Service.create("web", web(), 2)
    reconcile(service, fleet)
    fleet[0].status = "DRAINING"
    result = reconcile(service, fleet)
    assert len(result.stopped) == 1 and len(result.started) == 1
    assert fleet[0].running_tasks_count == 0 and fleet[1].running_tasks_count == 2


def test_unplaceable_tasks_produce_the_service_event() -> None:
    fleet = [instance("i-1", "t3.micro")]
    service = Service.create("big", web(0, 4096), 1)
    result = reconcile(service, fleet)
    assert result.started == [] and result.failures[0].reason == REASON_MEMORY
    assert result.events == [
        "(service big) was unable to place a task because no container instance met all of its requirements. "
        "The closest matching (container-instance i-1) has insufficient memory available. "
        "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."
    ]
    assert "unable to place a task. Reason: No Container Instances" in reconcile(service, []).events[0]


def test_daemon_runs_one_task_per_eligible_instance() -> None:
    fleet = [instance("i-t3"), instance("i-m5", "m5.large"), instance("i-t3b", "t3.small")]
    service = Service.create("agent", web(64, 64), scheduling_strategy="DAEMON",
                             placement_constraints=[{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}])
    result = reconcile(service, fleet)
    assert sorted(p.instance_id for p in result.started) == ["i-t3", "i-t3b"]
    assert reconcile(service, fleet).started == []
    fleet[2].status = "DRAINING"
    assert reconcile(service, fleet).stopped and fleet[2].running_tasks_count == 0
    fleet.append(instance("i-new", "t3.large"))
    assert [p.instance_id for p in reconcile(service, fleet).started] == ["i-new"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"placement_strategy": [AZ_SPREAD]}, DAEMON_STRATEGY_MESSAGE),
        ({"desired_count": 2}, DAEMON_DESIRED_MESSAGE),
        ({"capacity_provider_strategy": [{"capacityProvider": "cp", "weight": 1}]},
         "Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy."),
        ({"launch_type": "FARGATE"}, "not supported with the FARGATE launch type"),
    ],
)
def test_daemon_validation(kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidParameterException) as info:
        Service.create("d", FARGATE if kwargs.get("launch_type") else web(), scheduling_strategy="DAEMON", **kwargs)
    assert message in info.value.message


def test_service_validation() -> None:
    with pytest.raises(InvalidParameterException, match="Specifying both a launch type and capacity provider strategy"):
        Service.create("s", web(), 1, launch_type="EC2", capacity_provider_strategy=[{"capacityProvider": "cp", "weight": 1}])
    with pytest.raises(InvalidParameterException, match="Placement strategies are not supported with FARGATE"):
        Service.create("s", FARGATE, 1, launch_type="FARGATE", placement_strategy=[AZ_SPREAD])
    with pytest.raises(InvalidParameterException, match=re.escape("Task definition does not support launch_type FARGATE.")):
        Service.create("s", web(), 1, launch_type="FARGATE")
    with pytest.raises(InvalidParameterException, match="desiredCount"):
        Service.create("s", web(), -1)


def test_fargate_service_spreads_over_azs_and_scales_in_evenly() -> None:
    service = Service.create("api", FARGATE, 5, launch_type="FARGATE", subnets=SUBNETS)
    result = reconcile(service, [])
    assert Counter(p.availability_zone for p in result.started) == {"us-east-1a": 3, "us-east-1b": 2}
    service.desired_count = 2
    reconcile(service, [])
    assert Counter(p.availability_zone for p in service.fargate_tasks.values()) == {"us-east-1a": 1, "us-east-1b": 1}


def test_capacity_provider_strategy_splits_tasks_over_providers() -> None:
    fleet = [instance("i-od", capacity_provider="on-demand"), instance("i-spot", capacity_provider="spot")]
    service = Service.create("web", web(), 8, capacity_provider_strategy=[
        {"capacityProvider": "on-demand", "base": 2, "weight": 1}, {"capacityProvider": "spot", "weight": 3}])
    reconcile(service, fleet)
    assert (fleet[0].running_tasks_count, fleet[1].running_tasks_count) == (2 + 2, 4)  # base 2, then 6 split 1:3 (1.5:4.5 rounds to 2:4 here)
    service.desired_count = 12
    reconcile(service, fleet)
    assert (fleet[0].running_tasks_count, fleet[1].running_tasks_count) == (2 + 3, 7)


def test_fargate_and_spot_capacity_providers() -> None:
    service = Service.create("api", FARGATE, 5, subnets=SUBNETS, capacity_provider_strategy=[
        {"capacityProvider": "FARGATE", "base": 1, "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 1}])
    reconcile(service, [])
    assert Counter(p.capacity_provider for p in service.fargate_tasks.values()) == {"FARGATE": 3, "FARGATE_SPOT": 2}


def test_load_balanced_service_registers_every_task_host_port() -> None:
    fleet = [instance("i-1")]
    registry = TargetRegistry()
    registry.add_group(TargetGroup("arn:tg/web", "instance"))
    spec = web(0, 128, PortMapping(80, 0, container_name="nginx"))
    service = Service.create("web", spec, 3, load_balancers=[{"targetGroupArn": "arn:tg/web", "containerName": "nginx", "containerPort": 80}])
    reconcile(service, fleet, targets=registry)
    assert [(t.target_id, t.port) for t in registry.targets_of("arn:tg/web")] == [("i-1", 32768), ("i-1", 32769), ("i-1", 32770)]
    service.desired_count = 1
    reconcile(service, fleet, targets=registry)
    assert len(registry.describe_target_health("arn:tg/web")) == 1
    assert isinstance(service.load_balancers[0], LoadBalancerRef)
