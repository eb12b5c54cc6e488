"""Placement: the documented scenarios, every failure reason, strategies, validation, properties."""

from __future__ import annotations

import copy
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.ecs.builders import (
    AZ_SPREAD,
    BINPACK_CPU,
    BINPACK_MEMORY,
    INSTANCE_SPREAD,
    cluster,
    instance,
    tasks_per,
    web,
)
from tutor.ecs import (
    REASON_AGENT,
    REASON_CPU,
    REASON_DISTINCT_INSTANCE,
    REASON_ENI,
    REASON_MEMBER_OF,
    REASON_MEMORY,
    REASON_PORTS,
    ClientException,
    InvalidParameterException,
    PortMapping,
    TaskSpec,
    place,
    stop_task,
)
from tutor.ecs.placement import NO_INSTANCES_MESSAGE, validate_run_task_count
from tutor.ecs.placement_rules import PlacementConstraint, parse_constraints

MEMBER_T3 = {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}
DISTINCT = {"type": "distinctInstance"}


def placed_on(result) -> list[str]:
    return [p.instance_id for p in result.placements]


# -- scenarios --------------------------------------------------------------------------------

def test_spread_over_three_azs_puts_six_tasks_two_two_two() -> None:
    fleet = cluster("abc", 2)
    result = place(web(), fleet, 6, strategies=[AZ_SPREAD])
    assert result.unplaced == 0
    assert tasks_per(fleet) == {"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}


def test_spread_counts_tasks_already_running_in_the_group() -> None:
    fleet = cluster("abc", 1)
    place(web(), fleet[:1], 2, group="service:web")
    result = place(web(), fleet, 4, strategies=[AZ_SPREAD], group="service:web")
    assert Counter(p.availability_zone for p in result.placements) == {"us-east-1b": 2, "us-east-1c": 2}


def test_binpack_memory_fills_one_instance_first() -> None:
    fleet = [instance("i-1"), instance("i-2")]  # t3.large: 7985 MiB each
    result = place(web(cpu=0, memory=1024), fleet, 8, strategies=[BINPACK_MEMORY])
    assert placed_on(result) == ["i-1"] * 7 + ["i-2"]
    assert fleet[0].remaining_memory == 7985 - 7 * 1024


def test_binpack_picks_the_instance_with_least_memory_left_that_still_fits() -> None:
    fleet = [instance("i-big", "m5.xlarge"), instance("i-small", "t3.medium"), instance("i-full", "t3.micro")]
    result = place(web(cpu=0, memory=1024), fleet, 1, strategies=[BINPACK_MEMORY])
    assert placed_on(result) == ["i-small"]  # t3.micro has less left, but 1024 MiB doesn't fit


def test_binpack_cpu() -> None:
    fleet = [instance("i-4vcpu", "t3.xlarge"), instance("i-2vcpu", "t3.large")]
    assert placed_on(place(web(cpu=512, memory=64), fleet, 1, strategies=[BINPACK_CPU])) == ["i-2vcpu"]


def test_member_of_t3_leaves_the_m5_alone() -> None:
    fleet = [instance("i-t3a", "t3.large"), instance("i-m5", "m5.large"), instance("i-t3b", "t3.medium", "us-east-1b")]
    result = place(web(), fleet, 9, strategies=[AZ_SPREAD], constraints=[MEMBER_T3])
    assert result.unplaced == 0
    assert fleet[1].running_tasks_count == 0
    assert {p.instance_id for p in result.placements} == {"i-t3a", "i-t3b"}


def test_eight_dynamic_ports_on_one_instance_are_distinct() -> None:
    fleet = [instance("i-1")]
    spec = web(0, 128, PortMapping(80, 0, container_name="nginx"))
    result = place(spec, fleet, 8)
    ports = [b.host_port for p in result.placements for b in p.bindings]
    assert ports == list(range(32768, 32776))
    assert result.placements[0].network_bindings() == [
        {"bindIP": "0.0.0.0", "containerPort": 80, "hostPort": 32768, "protocol": "tcp", "containerName": "nginx"}
    ]
    same_without_host_port = place(web(0, 128, PortMapping(80)), fleet, 1)
    assert same_without_host_port.placements[0].bindings[0].host_port == 32776


def test_static_host_port_80_with_more_tasks_than_instances_fails_with_ports() -> None:
    fleet = cluster("ab", 1)
    result = place(web(0, 128, PortMapping(80, 80)), fleet, 3)
    assert len(result.placements) == 2 and result.unplaced == 1
    assert {p.instance_id for p in result.placements} == {"i-a0", "i-b0"}
    assert [(f.arn.rsplit("/", 1)[-1], f.reason) for f in result.failures] == [("i-a0", REASON_PORTS), ("i-b0", REASON_PORTS)]
    assert "is already using a port required by your task" in result.service_event("web")


def test_stopping_a_task_frees_its_resources_and_lowest_port_is_reused() -> None:
    fleet = [instance("i-1")]
    result = place(web(512, 1024, PortMapping(80)), fleet, 3)
    middle = result.placements[1]
    assert middle.bindings[0].host_port == 32769
    stopped = stop_task(fleet, middle.task_id)
    assert stopped is not None and fleet[0].used_memory == 2048 and fleet[0].used_cpu == 1024
    assert place(web(512, 1024, PortMapping(80)), fleet, 1).placements[0].bindings[0].host_port == 32769
    assert stop_task(fleet, "no-such-task") is None


def test_dynamic_ports_skip_reserved_ports_in_a_configured_range() -> None:
    fleet = [instance("i-1", ephemeral_range=(51677, 51681))]  # 51678/51679 are reserved
    result = place(web(0, 16, PortMapping(80)), fleet, 4)
    assert [p.bindings[0].host_port for p in result.placements] == [51677, 51680, 51681]
    assert result.failures[0].reason == REASON_PORTS


def test_host_mode_binds_container_port_and_awsvpc_binds_nothing_on_the_host() -> None:
    fleet = [instance("i-1", "m5.xlarge")]
    host = place(web(0, 64, PortMapping(8080), network_mode="host"), fleet, 2)
    assert host.placements[0].bindings[0].host_port == 8080 and host.failures[0].reason == REASON_PORTS
    vpc = place(web(0, 64, PortMapping(8080), network_mode="awsvpc"), fleet, 2)
    assert len(vpc.placements) == 2 and all(p.private_ip for p in vpc.placements)
    assert fleet[0].enis_used == 2


# -- every failure reason ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("spec", "kwargs", "reason"),
    [
        (web(cpu=4096), {}, REASON_CPU),
        (web(memory=8000), {}, REASON_MEMORY),
        (web(0, 64, PortMapping(22, 22)), {}, REASON_PORTS),
        (web(0, 64, PortMapping(51678, 51678)), {}, REASON_PORTS),
        (web(0, 64, PortMapping(80, 80), PortMapping(81, 80)), {}, REASON_PORTS),
        (web(), {"constraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type == m5.large"}]}, REASON_MEMBER_OF),
    ],
)
def test_failure_reasons(spec: TaskSpec, kwargs: dict, reason: str) -> None:
    fleet = [instance("i-1")]
    result = place(spec, fleet, 1, **kwargs)
    assert result.placements == [] and result.unplaced == 1
    assert [f.reason for f in result.failures] == [reason]
    assert result.failures[0].arn == fleet[0].arn
    assert fleet[0].running_tasks_count == 0


def test_eni_limit_gives_resource_eni() -> None:
    fleet = [instance("i-1", "t3.micro")]  # 2 ENIs: the primary plus one task ENI
    result = place(web(0, 64, network_mode="awsvpc"), fleet, 2)
    assert len(result.placements) == 1
    assert [f.reason for f in result.failures] == [REASON_ENI]


def test_distinct_instance_failure_after_every_instance_has_one() -> None:
    fleet = cluster("ab", 1)
    result = place(web(), fleet, 3, constraints=[DISTINCT], group="service:web")
    assert len(result.placements) == 2
    assert {f.reason for f in result.failures} == {REASON_DISTINCT_INSTANCE}
    again = place(web(), fleet, 1, constraints=[DISTINCT], group="service:other")
    assert len(again.placements) == 1  # distinctInstance is per task group


def test_disconnected_agent_gives_agent_and_draining_instances_are_skipped() -> None:
    fleet = [instance("i-off", agent_connected=False), instance("i-drain", status="DRAINING")]
    result = place(web(), fleet, 1)
    assert [(f.arn.rsplit("/", 1)[-1], f.reason) for f in result.failures] == [("i-off", REASON_AGENT)]
    assert fleet[1].running_tasks_count == 0


def test_closest_match_is_the_instance_that_passed_most_checks() -> None:
    fleet = [instance("i-memory", "t3.micro"), instance("i-member", "m5.large")]
    result = place(web(cpu=1024, memory=2048), fleet, 1, constraints=[MEMBER_T3])
    assert [f.reason for f in result.failures] == [REASON_MEMORY, REASON_MEMBER_OF]
    assert result.closest is not None and result.closest[0].ec2_instance_id == "i-member"
    assert result.closest[1] == REASON_MEMBER_OF


def test_empty_cluster_is_an_invalid_parameter() -> None:
    with pytest.raises(InvalidParameterException) as info:
        place(web(), [], 1)
    assert info.value.message == NO_INSTANCES_MESSAGE
    assert place(web(), [], 2, require_instances=False).unplaced == 2


def test_running_tasks_count_constraint_is_rechecked_between_tasks() -> None:
    for explain in (False, True):
        fleet = [instance("i-1")]
        constraint = [{"type": "memberOf", "expression": "runningTasksCount < 2"}]
        result = place(web(), fleet, 3, constraints=constraint, strategies=[BINPACK_MEMORY], explain=explain)
        assert len(result.placements) == 2
        assert [f.reason for f in result.failures] == [REASON_MEMBER_OF]


def test_task_definition_and_request_constraints_both_apply() -> None:
    fleet = [instance("i-t3-a", "t3.large", "us-east-1a"), instance("i-t3-b", "t3.large", "us-east-1b"),
             instance("i-m5-a", "m5.large", "us-east-1a")]
    spec = TaskSpec("web", 256, 512, placement_constraints=parse_constraints([MEMBER_T3], in_task_definition=True))
    result = place(spec, fleet, 4, constraints=[{"type": "memberOf", "expression": "attribute:ecs.availability-zone == us-east-1a"}])
    assert {p.instance_id for p in result.placements} == {"i-t3-a"}


# -- strategies ---------------------------------------------------------------------------

def test_spread_instance_id_and_host_are_the_same() -> None:
    for field in ("instanceId", "host"):
        fleet = cluster("a", 3)
        place(web(), fleet, 7, strategies=[{"type": "spread", "field": field}])
        assert sorted(tasks_per(fleet, "id").values()) == [2, 2, 3]


def test_spread_on_a_custom_attribute() -> None:
    fleet = [instance(f"i-{n}", attributes={"rack": "r1" if n < 3 else "r2"}) for n in range(4)]
    place(web(), fleet, 4, strategies=[{"type": "spread", "field": "attribute:rack"}])
    per_rack = Counter()
    for inst in fleet:
        per_rack[inst.attributes["rack"]] += inst.running_tasks_count
    assert per_rack == {"r1": 2, "r2": 2}


def test_spread_az_then_binpack_memory_packs_within_each_az() -> None:
    fleet = cluster("ab", 2)
    result = place(web(0, 1024), fleet, 4, strategies=[AZ_SPREAD, BINPACK_MEMORY])
    assert placed_on(result) == ["i-a0", "i-b0", "i-a0", "i-b0"]


def test_spread_az_then_spread_instance_uses_every_instance() -> None:
    fleet = cluster("ab", 2)
    result = place(web(), fleet, 4, strategies=[AZ_SPREAD, INSTANCE_SPREAD])
    assert sorted(placed_on(result)) == ["i-a0", "i-a1", "i-b0", "i-b1"]


def test_random_is_seedable_and_reproducible() -> None:
    def run(seed: int) -> list[str]:
        return placed_on(place(web(), cluster("abc", 3), 10, strategies=[{"type": "random"}], seed=seed))

    assert run(7) == run(7)
    assert len({tuple(run(seed)) for seed in range(6)}) > 1


def test_default_run_task_strategy_is_random() -> None:
    runs = {tuple(placed_on(place(web(), cluster("abc", 3), 5, seed=s))) for s in range(6)}
    assert len(runs) > 1


def test_explain_trace_names_the_four_steps() -> None:
    fleet = [instance("i-t3"), instance("i-m5", "m5.large"), instance("i-small", "t3.nano")]
    result = place(web(256, 1024), fleet, 1, strategies=[AZ_SPREAD, BINPACK_MEMORY], constraints=[MEMBER_T3], explain=True)
    trace = result.traces[0]
    assert [s.step for s in trace.steps] == ["resources", "constraints", "strategy", "strategy", "select"]
    assert trace.steps[0].dropped[0].instance_id == "i-small" and trace.steps[0].dropped[0].reason == REASON_MEMORY
    assert trace.steps[1].dropped[0].reason == REASON_MEMBER_OF
    assert trace.chosen == "i-t3" and result.placements[0].trace is trace
    text = "\n".join(result.explanation())
    assert "needs 1024 MiB" in text and "memberOf attribute:ecs.instance-type =~ t3.*" in text
    assert trace.to_dict()["steps"][0]["dropped"][0]["instance_id"] == "i-small"


# -- validation ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("strategies", "words"),
    [
        ([{"type": "roundrobin"}], "valid types are random, spread, binpack"),
        ([{"field": "memory"}], "the type is missing"),
        ([{"type": "binpack", "field": "disk"}], "binpack field must be cpu or memory"),
        ([{"type": "binpack"}], "binpack needs a field"),
        ([{"type": "spread"}], "spread needs a field"),
        ([{"type": "spread", "field": "ecs.availability-zone"}], "Did you mean 'attribute:ecs.availability-zone'"),
        ([{"type": "random", "field": "memory"}], "does not take a field"),
        ([{"type": "random"}] * 6, "maximum of 5"),
        ({"type": "random"}, "must be a list"),
        ([{"type": "spread", "field": "instanceId", "extra": 1}], "unknown keys: extra"),
    ],
)
def test_strategy_validation(strategies: object, words: str) -> None:
    with pytest.raises(InvalidParameterException, match=words.replace("(", r"\(")):
        place(web(), [instance("i-1")], 1, strategies=strategies)


def test_binpack_field_is_case_insensitive() -> None:
    assert placed_on(place(web(), [instance("i-1")], 1, strategies=[{"type": "binpack", "field": "MEMORY"}])) == ["i-1"]


@pytest.mark.parametrize(
    ("constraints", "words"),
    [
        ([{"type": "distinctInstance", "expression": ""}], "distinctInstance expression should not be specified."),
        ([{"type": "memberOf"}], "memberOf needs an expression"),
        ([{"type": "memberOf", "expression": "   "}], "memberOf needs an expression"),
        ([{"type": "sameZone"}], "valid types are distinctInstance, memberOf"),
        ([DISTINCT] * 11, "maximum of 10"),
        ([{"type": "memberOf", "expression": "attribute:x = 1"}], "Invalid memberOf expression"),
    ],
)
def test_constraint_validation(constraints: object, words: str) -> None:
    with pytest.raises(InvalidParameterException, match=words):
        place(web(), [instance("i-1")], 1, constraints=constraints)


def test_bad_cql_carries_the_syntax_error() -> None:
    with pytest.raises(InvalidParameterException) as info:
        parse_constraints([{"type": "memberOf", "expression": "attribute:x == 1 and"}])
    assert info.value.syntax_error.column == 21  # type: ignore[attr-defined]


def test_constraint_limit_counts_task_definition_constraints() -> None:
    spec = TaskSpec("web", 1, 1, placement_constraints=tuple(PlacementConstraint("memberOf", "attribute:a") for _ in range(6)))
    with pytest.raises(InvalidParameterException, match="counting the task definition"):
        place(spec, [instance("i-1")], 1, constraints=[DISTINCT] * 5)


def test_task_definition_rejects_distinct_instance() -> None:
    with pytest.raises(ClientException, match=re.escape("constraint.type 'distinctInstance' is not supported.")):
        parse_constraints([DISTINCT], in_task_definition=True)


def test_run_task_count_limits() -> None:
    assert validate_run_task_count(10) == 10
    for bad in (0, 11, True, "3"):
        with pytest.raises(InvalidParameterException):
            validate_run_task_count(bad)


# -- Fargate ------------------------------------------------------------------------------

FARGATE_SPEC = TaskSpec("api", 256, 512, network_mode="awsvpc", port_mappings=(PortMapping(80),),
                        compatibilities=frozenset({"EC2", "FARGATE"}))
SUBNETS = [("subnet-a", "us-east-1a"), ("subnet-b", "us-east-1b"), ("subnet-c", "us-east-1c")]


def test_fargate_rejects_strategies_and_constraints_like_ecs() -> None:
    with pytest.raises(InvalidParameterException) as info:
        place(FARGATE_SPEC, [], 1, launch_type="FARGATE", strategies=[AZ_SPREAD], subnets=SUBNETS)
    assert info.value.message == "Placement strategies are not supported with FARGATE launch type."
    assert str(info.value) == "InvalidParameterException: " + info.value.message
    with pytest.raises(InvalidParameterException) as info:
        place(FARGATE_SPEC, [], 1, launch_type="FARGATE", constraints=[DISTINCT], subnets=SUBNETS)
    assert info.value.message == "Placement constraints are not supported with FARGATE launch type."


def test_fargate_spreads_tasks_over_the_subnets_azs() -> None:
    result = place(FARGATE_SPEC, [], 5, launch_type="FARGATE", subnets=SUBNETS)
    assert [p.availability_zone for p in result.placements] == ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a", "us-east-1b"]
    assert all(p.instance_id == "" and p.private_ip and p.bindings[0].host_port == 80 for p in result.placements)


def test_fargate_checks_size_and_network_configuration() -> None:
    with pytest.raises(ClientException, match="No Fargate configuration exists for given values: 256 CPU, 4096 memory"):
        place(TaskSpec("x", 256, 4096, network_mode="awsvpc"), [], 1, launch_type="FARGATE", subnets=SUBNETS)
    with pytest.raises(InvalidParameterException, match="Network Configuration must be provided"):
        place(FARGATE_SPEC, [], 1, launch_type="FARGATE")


# -- properties ---------------------------------------------------------------------------

_types = st.sampled_from(["t3.micro", "t3.small", "t3.large", "m5.large", "c5.large", "t2.medium"])
_fleets = st.lists(st.tuples(_types, st.sampled_from("abc")), min_size=1, max_size=8)
_specs = st.builds(
    lambda cpu, mem, port, mode: TaskSpec("p", cpu, mem, mode, () if port is None else (PortMapping(80, port),)),
    st.sampled_from([0, 128, 512, 1024, 2048]),
    st.sampled_from([64, 256, 1024, 3000]),
    st.sampled_from([None, 0, 80, 8080]),
    st.sampled_from(["bridge", "bridge", "awsvpc", "host"]),
).filter(lambda s: s.network_mode == "bridge" or not s.port_mappings or s.port_mappings[0].host_port in (None, 80))
_chains = st.lists(st.sampled_from([AZ_SPREAD, INSTANCE_SPREAD, BINPACK_MEMORY, BINPACK_CPU]), max_size=3)
_constraint_sets = st.lists(st.sampled_from([
    DISTINCT, MEMBER_T3,
    {"type": "memberOf", "expression": "runningTasksCount < 3"},
    {"type": "memberOf", "expression": "not(task:group == family:q)"},
    {"type": "memberOf", "expression": "attribute:ecs.availability-zone != us-east-1c"},
]), max_size=2, unique_by=lambda c: str(c))


def _build(fleet_spec: list[tuple[str, str]]):
    return [instance(f"i-{n}", kind, f"us-east-1{az}") for n, (kind, az) in enumerate(fleet_spec)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fleets, st.lists(st.tuples(_specs, st.integers(1, 12), _chains, _constraint_sets), min_size=1, max_size=4))
def test_resources_are_never_oversubscribed(fleet_spec, calls) -> None:
    fleet = _build(fleet_spec)
    for spec, count, chain, constraints in calls:
        place(spec, fleet, count, strategies=chain, constraints=constraints, group="g")
    for inst in fleet:
        assert 0 <= inst.used_cpu <= inst.registered_cpu
        assert 0 <= inst.used_memory <= inst.registered_memory
        assert inst.enis_used <= inst.eni_limit
        host_ports = [(b.host_port, b.protocol) for t in inst.tasks.values() if not t.uses_eni for b in t.bindings]
        assert len(host_ports) == len(set(host_ports))
        assert not {p for p, _ in host_ports} & inst.ports.reserved


@settings(max_examples=60, deadline=None)
@given(_fleets, st.integers(1, 12), _chains)
def test_distinct_instance_never_co_locates(fleet_spec, count, chain) -> None:
    fleet = _build(fleet_spec)
    result = place(TaskSpec("d", 0, 64), fleet, count, strategies=chain, constraints=[DISTINCT], group="service:d")
    ids = [p.instance_id for p in result.placements]
    assert len(ids) == len(set(ids)) == min(count, len(fleet))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from("abcd"), min_size=2, max_size=10), st.integers(1, 30), st.booleans())
def test_spread_never_leaves_a_gap_of_two_when_capacity_allows(azs, count, then_binpack) -> None:
    fleet = [instance(f"i-{n}", "m5.4xlarge", f"us-east-1{az}") for n, az in enumerate(azs)]
    chain = [AZ_SPREAD, BINPACK_MEMORY] if then_binpack else [AZ_SPREAD]
    result = place(TaskSpec("s", 0, 16), fleet, count, strategies=chain)
    assert result.unplaced == 0
    per_az = tasks_per(fleet)
    assert max(per_az.values()) - min(per_az.values()) <= 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fleets, st.lists(st.tuples(_specs, st.integers(1, 10), _constraint_sets), min_size=1, max_size=3),
       st.lists(st.sampled_from([AZ_SPREAD, INSTANCE_SPREAD, BINPACK_MEMORY, BINPACK_CPU,
                                 {"type": "spread", "field": "attribute:ecs.instance-type"}]), min_size=1, max_size=3))
def test_the_index_picks_what_the_explained_scan_picks(fleet_spec, calls, chain) -> None:
    fast = _build(fleet_spec)
    slow = copy.deepcopy(fast)
    for spec, count, constraints in calls:
        group = "g" if count % 2 else "family:q"
        a = place(spec, fast, count, strategies=chain, constraints=constraints, group=group)
        b = place(spec, slow, count, strategies=chain, constraints=constraints, group=group, explain=True)
        assert placed_on(a) == placed_on(b)
        assert [(f.arn, f.reason) for f in a.failures] == [(f.arn, f.reason) for f in b.failures]
        assert len(b.traces) == len(b.placements) + (1 if b.unplaced else 0)
