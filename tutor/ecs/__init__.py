"""The ECS control plane that moto lacks, as a pure engine (no moto, boto3 or Textual here).

* :mod:`~tutor.ecs.cql` parses and evaluates the cluster query language (``memberOf``).
* :mod:`~tutor.ecs.placement` places tasks on container instances in ECS's four steps
  (resources → constraints → strategies → select) and can explain each decision.
* :mod:`~tutor.ecs.services` reconciles services (REPLICA and DAEMON, scale-in choice).
* :mod:`~tutor.ecs.capacity` splits tasks over a capacity provider strategy (base/weight).
* :mod:`~tutor.ecs.autoscaling` simulates Application Auto Scaling on a simulated clock.
* :mod:`~tutor.ecs.loadbalancing` keeps target registrations per task host port.

The sandbox hooks the engine into moto's server through ``tutor.ecs.adapter``, which is
deliberately not imported here.
"""

from tutor.ecs.autoscaling import AutoScalingSimulator, ScalingActivity, StepAdjustment, resource_id
from tutor.ecs.capacity import (
    CapacityProviderItem,
    parse_capacity_provider_strategy,
    split,
    split_counts,
)
from tutor.ecs.cql import CQLSyntaxError, Expr, evaluate, parse
from tutor.ecs.errors import (
    ClientException,
    EcsApiError,
    EcsError,
    InvalidParameterException,
    UnknownInstanceTypeError,
    ValidationException,
)
from tutor.ecs.explain import StepTrace, TaskTrace
from tutor.ecs.fargate import check_fargate_size, place_fargate
from tutor.ecs.instance_types import INSTANCE_TYPES, get_instance_type, registered_resources
from tutor.ecs.loadbalancing import (
    LoadBalancerRef,
    TargetGroup,
    TargetRegistry,
    validate_load_balancers,
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
    Placement,
    PlacementResult,
    PortBinding,
    PortMapping,
    RunningTask,
    TaskSpec,
)
from tutor.ecs.placement import explain_resources, place, stop_task, validate_run_task_count
from tutor.ecs.placement_rules import (
    DEFAULT_SERVICE_STRATEGY,
    PlacementConstraint,
    PlacementStrategy,
    parse_constraints,
    parse_strategies,
)
from tutor.ecs.ports import DEFAULT_EPHEMERAL_RANGE, DEFAULT_RESERVED_PORTS, HostPorts
from tutor.ecs.services import (
    ReconcileResult,
    Service,
    choose_tasks_to_stop,
    reconcile,
    running_count,
)

__all__ = [
    "DEFAULT_EPHEMERAL_RANGE",
    "DEFAULT_RESERVED_PORTS",
    "DEFAULT_SERVICE_STRATEGY",
    "INSTANCE_TYPES",
    "REASON_AGENT",
    "REASON_CPU",
    "REASON_DISTINCT_INSTANCE",
    "REASON_ENI",
    "REASON_MEMBER_OF",
    "REASON_MEMORY",
    "REASON_PORTS",
    "AutoScalingSimulator",
    "CQLSyntaxError",
    "CapacityProviderItem",
    "ClientException",
    "ContainerInstance",
    "EcsApiError",
    "EcsError",
    "Expr",
    "Failure",
    "HostPorts",
    "InvalidParameterException",
    "LoadBalancerRef",
    "Placement",
    "PlacementConstraint",
    "PlacementResult",
    "PlacementStrategy",
    "PortBinding",
    "PortMapping",
    "ReconcileResult",
    "RunningTask",
    "ScalingActivity",
    "Service",
    "StepAdjustment",
    "StepTrace",
    "TargetGroup",
    "TargetRegistry",
    "TaskSpec",
    "TaskTrace",
    "UnknownInstanceTypeError",
    "ValidationException",
    "check_fargate_size",
    "choose_tasks_to_stop",
    "evaluate",
    "explain_resources",
    "get_instance_type",
    "parse",
    "parse_capacity_provider_strategy",
    "parse_constraints",
    "parse_strategies",
    "place",
    "place_fargate",
    "reconcile",
    "registered_resources",
    "resource_id",
    "running_count",
    "split",
    "split_counts",
    "stop_task",
    "validate_load_balancers",
    "validate_run_task_count",
]
