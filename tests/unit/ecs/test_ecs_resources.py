"""Instance type table, registered resources, host ports and task definition parsing."""

from __future__ import annotations

import pytest

from tutor.ecs import (
    INSTANCE_TYPES,
    ClientException,
    ContainerInstance,
    HostPorts,
    TaskSpec,
    UnknownInstanceTypeError,
    get_instance_type,
    registered_resources,
)


def test_table_covers_the_common_families() -> None:
    assert len(INSTANCE_TYPES) >= 40
    for family in ("t2", "t3", "t3a", "t4g"):
        for size in ("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"):
            assert f"{family}.{size}" in INSTANCE_TYPES
    for family in ("m5", "m6i", "m7g", "c5", "c6i", "r5"):
        for size in ("large", "xlarge", "2xlarge", "4xlarge"):
            assert f"{family}.{size}" in INSTANCE_TYPES


def test_registered_resources_follow_the_documented_rules() -> None:
    m4 = registered_resources("m4.large")
    assert (m4.cpu, m4.memory) == (2048, 7985)  # the ECS memory-management page's example
    assert registered_resources("m5.4xlarge").cpu == 16 * 1024
    assert registered_resources("t3.micro").memory < 1024
    assert registered_resources("m4.large", reserved_memory=256).memory == 7985 - 256
    assert registered_resources("m5.large").awsvpc_task_slots == 2
    assert get_instance_type("m7g.large").architecture == "arm64"


def test_unknown_type_lists_near_matches() -> None:
    with pytest.raises(UnknownInstanceTypeError) as info:
        get_instance_type("t3.mediun")
    assert "t3.medium" in info.value.suggestions
    assert "Did you mean" in str(info.value)
    with pytest.raises(UnknownInstanceTypeError) as info:
        get_instance_type("m5.24xlarge")
    assert info.value.suggestions and all(s.startswith("m5.") for s in info.value.suggestions)
    assert get_instance_type(" T3.Large ".strip().lower()).name == "t3.large"


def test_container_instance_gets_the_built_in_attributes() -> None:
    inst = ContainerInstance.create("i-1", "t4g.small", "eu-west-1b", attributes={"stack": "prod"})
    assert inst.attributes["ecs.instance-type"] == "t4g.small"
    assert inst.attributes["ecs.availability-zone"] == "eu-west-1b"
    assert inst.attributes["ecs.cpu-architecture"] == "arm64"
    assert inst.attributes["ecs.os-type"] == "linux" and inst.attributes["stack"] == "prod"
    remaining = {r["name"]: r for r in inst.remaining_resources()}
    assert remaining["CPU"]["integerValue"] == 2048
    assert remaining["PORTS"]["stringSetValue"] == ["22", "2375", "2376", "51678", "51679"]


def test_host_ports_static_dynamic_and_release() -> None:
    ports = HostPorts(reserved=(22,), ephemeral_range=(40000, 40003))
    assert not ports.is_free(22)
    ports.take(40001)
    assert ports.dynamic_available() == 3
    assert [ports.take_dynamic() for _ in range(3)] == [40000, 40002, 40003]
    assert ports.dynamic_available() == 0
    ports.release(40002)
    assert ports.take_dynamic() == 40002
    assert ports.take_dynamic("udp") == 40000  # protocols are separate
    with pytest.raises(ValueError):
        HostPorts(ephemeral_range=(5, 1))


FARGATE_TD = {
    "family": "api",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "256",
    "memory": "512",
    "containerDefinitions": [{"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}]}],
}


def test_task_level_memory_only_is_a_valid_task_definition() -> None:
    spec = TaskSpec.from_task_definition(FARGATE_TD)
    assert (spec.cpu, spec.memory, spec.network_mode) == (256, 512, "awsvpc")
    assert "FARGATE" in spec.compatibilities and spec.port_mappings[0].container_name == "app"


def test_container_level_resources_are_summed_preferring_memory_reservation() -> None:
    spec = TaskSpec.from_task_definition({
        "family": "web",
        "containerDefinitions": [
            {"name": "a", "cpu": 128, "memory": 512, "memoryReservation": 256, "portMappings": [{"containerPort": 80, "hostPort": 0}]},
            {"name": "b", "cpu": 64, "memory": 128, "portMappings": [{"containerPort": 53, "hostPort": 53, "protocol": "UDP"}]},
        ],
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}],
    })
    assert (spec.cpu, spec.memory, spec.network_mode) == (192, 384, "bridge")
    assert spec.static_ports() == [(53, "udp")]
    assert spec.dynamic_ports() == {"tcp": 1}
    assert spec.placement_constraints[0].expr is not None
    assert spec.default_group == "family:web"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"containerDefinitions": [{"name": "a"}], "memory": None}, "At least one of 'memory' or 'memoryReservation'"),
        ({"networkMode": "bridge"}, "Fargate only supports network mode 'awsvpc'."),
        ({"containerDefinitions": [{"name": "a", "portMappings": [{"containerPort": 80, "hostPort": 8080}]}]},
         "When networkMode=awsvpc, the host ports and container ports in port mappings must match."),
        ({"containerDefinitions": []}, "Container list cannot be empty."),
        ({"family": ""}, "Family must be specified"),
        ({"cpu": "lots"}, "Invalid 'cpu' setting"),
        ({"placementConstraints": [{"type": "distinctInstance"}]}, "constraint.type 'distinctInstance' is not supported."),
        ({"networkMode": "none", "requiresCompatibilities": ["EC2"]}, "not supported with the 'none' network mode"),
    ],
)
def test_task_definition_errors(change: dict, words: str) -> None:
    with pytest.raises(ClientException, match=words.replace("(", r"\(").replace(".", r"\.")):
        TaskSpec.from_task_definition({**FARGATE_TD, **change})
