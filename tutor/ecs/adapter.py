"""``EcsControlPlane``: the WSGI middleware that makes the sandbox's ECS behave like ECS.

It sits in front of moto's server app (``tutor.sandbox.wsgi.MIDDLEWARES``) in the same process
as moto, intercepts the operations moto gets wrong (research/moto-audit.md §1–2), decides with
the pure engine, writes the result into moto's backend objects, and lets moto render the
answer (a DescribeTasks or DescribeServices call made internally) so shapes stay exact.

Intercepted:

* ECS: RegisterTaskDefinition (ECS's checks), RunTask, StartTask, StopTask, CreateService,
  UpdateService, DeleteService, DescribeServices (catch-up scheduling), ListTasks (serviceName,
  default desiredStatus RUNNING), ListContainerInstances (``filter`` in the cluster query
  language), DescribeCapacityProviders (all, plus FARGATE/FARGATE_SPOT), PutAttributes (ARN with
  targetType), ListAttributes (name only), RegisterContainerInstance (resources from the type),
  UpdateContainerInstancesState and DeregisterContainerInstance (services replace tasks).
* EC2 RunInstances: user data with ``ECS_CLUSTER=NAME`` registers the instance in that cluster
  (no setting means ``default``, when that cluster exists); TerminateInstances deregisters it.
* ELBv2 RegisterTargets/DeregisterTargets/DescribeTargetHealth: targets keyed by (Id, Port).
* Application Auto Scaling: targets, policies and scheduled actions are mirrored into a
  simulator; DescribeScalingActivities answers from it.

Control endpoints for labs (JSON in, JSON out; the account comes from ``x-moto-account-id`` or
the ``account`` field, default 123456789012; ``region`` defaults to us-east-1):

* ``POST /_awstutor/ecs/metric`` ``{"cluster", "service", "metric", "value", "minutes",
  "scaleWithTasks"?, "startIn"?}``: set a metric timeline (e.g. CPU 85 for 10 minutes).
* ``POST /_awstutor/ecs/advance`` ``{"minutes"}``: move the simulated clock; returns the scaling
  activities and every service's desired and running counts.
* ``GET /_awstutor/ecs/explain?cluster=NAME``: the placement trace of the last RunTask,
  StartTask or service placement in that cluster.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from tutor.ecs import capacity
from tutor.ecs.adapter_http import (
    StartResponse,
    WSGIApp,
    call_app,
    form_params,
    json_error,
    json_response,
    raw_response,
    read_body,
    request_account,
    signing_scope,
    xml_escape,
    xml_response,
)
from tutor.ecs.adapter_state import (
    ClusterView,
    ServiceConfig,
    apply_registration,
    awsvpc_configuration,
    cluster_view,
    create_moto_task,
    decode_user_data,
    new_task_ids,
    parse_user_data,
    running_tasks,
    stop_moto_task,
    subnets_by_az,
    sync_cluster,
    task_spec,
)
from tutor.ecs.autoscaling import AutoScalingSimulator, StepAdjustment, check_resource_id
from tutor.ecs.cql import CQLSyntaxError
from tutor.ecs.cql import parse as parse_cql
from tutor.ecs.errors import (
    ClientException,
    EcsApiError,
    InvalidParameterException,
    ValidationException,
)
from tutor.ecs.fargate import NETWORK_CONFIGURATION_MESSAGE, check_fargate_size
from tutor.ecs.loadbalancing import (
    LoadBalancerRef,
    TargetGroup,
    TargetRegistry,
    validate_load_balancers,
)
from tutor.ecs.model import Placement, PlacementResult
from tutor.ecs.placement import place, validate_run_task_count
from tutor.ecs.placement_rules import check_fargate
from tutor.ecs.services import DAEMON, Service, reconcile

ECS_PREFIX = "AmazonEC2ContainerServiceV20141113."
AAS_PREFIX = "AnyScaleFrontendService."
CONTROL_PREFIX = "/_awstutor/ecs/"
EXPLAIN_LIMIT = 300
"""Clusters up to this size get a full placement trace (the scan path); larger ones don't."""

_CLOUDWATCH_METRICS = {"CPUUtilization": "ECSServiceAverageCPUUtilization",
                       "MemoryUtilization": "ECSServiceAverageMemoryUtilization",
                       "RequestCountPerTarget": "ALBRequestCountPerTarget"}


@dataclass
class _AccountState:
    """What the adapter keeps per account and region beyond moto's objects."""

    targets: TargetRegistry = field(default_factory=TargetRegistry)
    simulator: AutoScalingSimulator | None = None
    traces: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    step_policies: dict[str, tuple[str, str]] = field(default_factory=dict)  # policy ARN -> (resource, name)


class _Request:
    """One intercepted request: parsed body, account, region and the moto backends it needs."""

    def __init__(self, environ: dict[str, Any], start_response: StartResponse) -> None:
        self.environ = environ
        self.start_response = start_response
        self.body = read_body(environ)
        self.account = request_account(environ)
        _, self.region, self.signing = signing_scope(environ)
        self._params: dict[str, Any] | None = None

    @property
    def params(self) -> dict[str, Any]:
        if self._params is None:
            try:
                data = json.loads(self.body or b"{}")
            except ValueError:
                raise InvalidParameterException("The request body is not valid JSON.") from None
            self._params = data if isinstance(data, dict) else {}
        return self._params

    @property
    def ecs(self) -> Any:
        from moto.ecs.models import ecs_backends

        return ecs_backends[self.account][self.region]

    @property
    def ec2(self) -> Any:
        from moto.ec2.models import ec2_backends

        return ec2_backends[self.account][self.region]

    @property
    def elbv2(self) -> Any:
        from moto.elbv2.models import elbv2_backends

        return elbv2_backends[self.account][self.region]


class EcsControlPlane:
    """WSGI middleware: ``EcsControlPlane(app)``; answers what it knows, passes the rest on."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self._lock = threading.RLock()
        self._states: dict[tuple[str, str], _AccountState] = {}

    # -- routing -------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        handler: Callable[[_Request], Iterable[bytes]] | None = None
        if path.startswith(CONTROL_PREFIX):
            handler = getattr(self, f"_control_{path[len(CONTROL_PREFIX):].strip('/')}", None)
            if handler is None:
                return json_response(start_response, {"error": f"unknown endpoint {path}"}, "404 Not Found")
        elif target.startswith(ECS_PREFIX):
            handler = getattr(self, f"_ecs_{target[len(ECS_PREFIX):]}", None)
        elif target.startswith(AAS_PREFIX):
            handler = getattr(self, f"_aas_{target[len(AAS_PREFIX):]}", None)
        elif not target and environ.get("REQUEST_METHOD") == "POST":
            _, _, signing = signing_scope(environ)
            if signing in ("ec2", "elasticloadbalancing"):
                action = form_params(read_body(environ), environ).get("Action", "")
                prefix = "_ec2_" if signing == "ec2" else "_elb_"
                handler = getattr(self, f"{prefix}{action}", None)
        if handler is None:
            return self.app(environ, start_response)
        request = _Request(environ, start_response)
        with self._lock:
            try:
                return handler(request)
            except EcsApiError as error:
                return json_error(start_response, error)
            except CQLSyntaxError as error:
                return json_error(start_response, InvalidParameterException(str(error)))
            except Exception as error:
                code = getattr(error, "code", None) or getattr(error, "error_type", None)
                message = getattr(error, "message", None)
                if isinstance(code, str) and isinstance(message, str) and request.signing not in ("ec2", "elasticloadbalancing"):
                    api_error = EcsApiError(message)
                    api_error.code = code
                    return json_error(start_response, api_error)
                raise

    def _state(self, request: _Request) -> _AccountState:
        key = (request.account, request.region)
        state = self._states.get(key)
        if state is None:
            state = self._states[key] = _AccountState()
        return state

    def _pass(self, request: _Request) -> tuple[str, list[tuple[str, str]], bytes]:
        return call_app(self.app, request.environ, request.body)

    def _relay(self, request: _Request, result: tuple[str, list[tuple[str, str]], bytes]) -> list[bytes]:
        return raw_response(request.start_response, *result)

    def _render(self, request: _Request, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        status, _, body = call_app(self.app, request.environ, json.dumps(params).encode(), ECS_PREFIX + operation)
        data = json.loads(body or b"{}")
        if not status.startswith("2"):
            error = EcsApiError(str(data.get("message") or data.get("Message") or body[:200]))
            error.code = str(data.get("__type", "ServerException")).rsplit("#", 1)[-1]
            raise error
        return data

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _cluster(request: _Request, name: object) -> Any:
        cluster_name = str(name or "default").rsplit("/", 1)[-1]
        return request.ecs._get_cluster(cluster_name)

    def _placed_tasks(self, request: _Request, cluster: Any, td: Any, result: PlacementResult, *,
                      launch_type: str, network_configuration: dict[str, Any] | None, started_by: str = "",
                      overrides: dict[str, Any] | None = None, tags: list[dict[str, str]] | None = None,
                      platform_version: str | None = None) -> list[Any]:
        spec = task_spec(td)
        return [create_moto_task(request.ecs, request.ec2, cluster, td, spec, placement, launch_type=launch_type,
                                 network_configuration=network_configuration, started_by=started_by,
                                 overrides=overrides, tags=tags, platform_version=platform_version)
                for placement in result.placements]

    def _remember_traces(self, request: _Request, cluster_name: str, result: PlacementResult) -> None:
        if result.traces:
            self._state(request).traces[cluster_name] = [trace.to_dict() for trace in result.traces]

    def _describe_tasks(self, request: _Request, cluster: Any, tasks: list[Any]) -> list[dict[str, Any]]:
        if not tasks:
            return []
        data = self._render(request, "DescribeTasks", {"cluster": cluster.name, "tasks": [t.task_arn for t in tasks]})
        order = {t.task_arn: n for n, t in enumerate(tasks)}
        return sorted(data.get("tasks", []), key=lambda t: order.get(t.get("taskArn"), 0))

    def _sync(self, request: _Request, cluster_name: str) -> ClusterView:
        view = cluster_view(request.ecs, cluster_name)
        sync_cluster(request.ecs, view)
        return view

    # -- task definitions ----------------------------------------------------------------
    def _ecs_RegisterTaskDefinition(self, request: _Request) -> list[bytes]:
        params = request.params
        spec = task_spec_from_request(params)
        if "FARGATE" in spec.compatibilities:
            for key in ("cpu", "memory"):
                if params.get(key) in (None, ""):
                    raise ClientException(f"Fargate requires that '{key}' be defined at the task level.")
            check_fargate_size(spec.cpu, spec.memory)
        return self._relay(request, self._pass(request))

    # -- standalone tasks ---------------------------------------------------------------------
    def _ecs_RunTask(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        td = request.ecs.describe_task_definition(str(params.get("taskDefinition") or ""))
        spec = task_spec(td)
        count = validate_run_task_count(params.get("count", 1))
        launch_type = params.get("launchType")
        providers_raw = params.get("capacityProviderStrategy")
        if launch_type and providers_raw:
            raise InvalidParameterException(capacity.LAUNCH_TYPE_AND_STRATEGY_MESSAGE)
        if not launch_type and not providers_raw:
            providers_raw = cluster.default_capacity_provider_strategy or None
            launch_type = None if providers_raw else "EC2"
        if launch_type and launch_type not in ("EC2", "FARGATE", "EXTERNAL"):
            raise InvalidParameterException(f"launchType should be one of [EC2,FARGATE,EXTERNAL], found {launch_type!r}.")
        group = params.get("group") or spec.default_group
        netconf = params.get("networkConfiguration")
        common = {"network_configuration": netconf, "started_by": params.get("startedBy") or "",
                  "overrides": params.get("overrides"), "tags": params.get("tags"),
                  "platform_version": params.get("platformVersion")}
        tasks: list[Any] = []
        failures: list[dict[str, Any]] = []
        if providers_raw:
            items = capacity.parse_capacity_provider_strategy(providers_raw, associated=_associated(cluster))
            plan = capacity.split_counts(items, count)
        else:
            plan = {launch_type or "EC2": count}
        for provider, n in plan.items():
            if not n:
                continue
            if provider in ("FARGATE", "FARGATE_SPOT"):
                result = self._fargate(request, spec, n, params, group, provider if providers_raw else None)
                tasks += self._placed_tasks(request, cluster, td, result, launch_type="" if providers_raw else "FARGATE", **common)
                continue
            view = cluster_view(request.ecs, cluster.name)
            pool = view.instances
            if providers_raw:
                pool = [i for i in pool if i.capacity_provider == provider] or pool
            if spec.uses_eni and not netconf:
                raise InvalidParameterException(NETWORK_CONFIGURATION_MESSAGE)
            result = place(spec, pool, n, strategies=params.get("placementStrategy"),
                           constraints=params.get("placementConstraints"), group=group,
                           explain=len(pool) <= EXPLAIN_LIMIT, task_ids=new_task_ids())
            for placement in result.placements:
                placement.capacity_provider = provider if providers_raw else None
            tasks += self._placed_tasks(request, cluster, td, result, launch_type="" if providers_raw else (launch_type or "EC2"), **common)
            failures += [f.to_api() for f in result.failures]
            self._remember_traces(request, cluster.name, result)
            sync_cluster(request.ecs, view)
        return json_response(request.start_response, {"tasks": self._describe_tasks(request, cluster, tasks), "failures": failures})

    def _fargate(self, request: _Request, spec: Any, count: int, params: dict[str, Any], group: str,
                 provider: str | None) -> PlacementResult:
        check_fargate(params.get("placementStrategy") or [], [*spec.placement_constraints, *(params.get("placementConstraints") or [])])
        if "FARGATE" not in spec.compatibilities:
            raise InvalidParameterException("Task definition does not support launch_type FARGATE.")
        netconf = params.get("networkConfiguration") or {}
        subnet_ids = (netconf.get("awsvpcConfiguration") or {}).get("subnets") or []
        if not subnet_ids:
            raise InvalidParameterException(NETWORK_CONFIGURATION_MESSAGE)
        result = place(spec, [], count, launch_type="FARGATE", subnets=subnets_by_az(request.ec2, subnet_ids),
                       group=group, task_ids=new_task_ids())
        for placement in result.placements:
            placement.capacity_provider = provider
        return result

    def _ecs_StartTask(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        td = request.ecs.describe_task_definition(str(params.get("taskDefinition") or ""))
        spec = task_spec(td)
        wanted = params.get("containerInstances") or []
        if not wanted:
            raise ClientException("Container Instances cannot be empty.")  # moto's (and ECS's) wording
        if len(wanted) > 10:
            raise InvalidParameterException("You can specify up to 10 container instances.")
        if spec.uses_eni and not params.get("networkConfiguration"):
            raise InvalidParameterException(NETWORK_CONFIGURATION_MESSAGE)
        view = cluster_view(request.ecs, cluster.name)
        by_id = {i.arn.rsplit("/", 1)[-1]: i for i in view.instances}
        group = params.get("group") or spec.default_group
        tasks, failures = [], []
        for ref in wanted:
            inst = by_id.get(str(ref).rsplit("/", 1)[-1])
            if inst is None:
                failures.append({"arn": ref, "reason": "MISSING"})
                continue
            if inst.status != "ACTIVE":
                failures.append({"arn": inst.arn, "reason": "INACTIVE" if inst.status == "INACTIVE" else inst.status})
                continue
            result = place(spec, [inst], 1, strategies=[{"type": "binpack", "field": "memory"}], group=group,
                           explain=True, task_ids=new_task_ids())
            self._remember_traces(request, cluster.name, result)
            failures += [f.to_api() for f in result.failures]
            tasks += self._placed_tasks(request, cluster, td, result, launch_type="EC2",
                                        network_configuration=params.get("networkConfiguration"),
                                        started_by=params.get("startedBy") or "", overrides=params.get("overrides"),
                                        tags=params.get("tags"))
        sync_cluster(request.ecs, view)
        return json_response(request.start_response, {"tasks": self._describe_tasks(request, cluster, tasks), "failures": failures})

    def _ecs_StopTask(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        task_id = str(params.get("task") or "").rsplit("/", 1)[-1]
        task = next((t for arn, t in request.ecs.tasks.get(cluster.name, {}).items() if arn.endswith(task_id)), None)
        if not task_id or task is None:
            raise InvalidParameterException("The referenced task was not found.")
        self._stop(request, cluster.name, task, params.get("reason") or "Task stopped by user")
        self._reconcile_cluster(request, cluster.name)
        [rendered] = self._describe_tasks(request, cluster, [task])
        return json_response(request.start_response, {"task": rendered})

    def _stop(self, request: _Request, cluster_name: str, task: Any, reason: str) -> None:
        if task.last_status != "STOPPED":
            stop_moto_task(request.ecs, cluster_name, task, reason)
            self._state(request).targets.deregister_task(task.id)
        self._sync(request, cluster_name)

    def _ecs_ListTasks(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        tasks = [t for t in request.ecs.tasks.get(cluster.name, {}).values()]
        desired = params.get("desiredStatus") or "RUNNING"
        tasks = [t for t in tasks if t.desired_status == desired]
        if params.get("serviceName"):
            group = "service:" + str(params["serviceName"]).rsplit("/", 1)[-1]
            tasks = [t for t in tasks if t.group == group]
        if params.get("family"):
            tasks = [t for t in tasks if t.task_definition_arn.rsplit("/", 1)[-1].split(":")[0] == params["family"]]
        if params.get("startedBy"):
            tasks = [t for t in tasks if t.started_by == params["startedBy"]]
        if params.get("containerInstance"):
            wanted = str(params["containerInstance"]).rsplit("/", 1)[-1]
            tasks = [t for t in tasks if (t.container_instance_arn or "").endswith(wanted)]
        if params.get("launchType"):
            tasks = [t for t in tasks if (t.launch_type or "EC2") == params["launchType"]]
        return json_response(request.start_response, {"taskArns": [t.task_arn for t in tasks]})

    # -- services ------------------------------------------------------------------------
    def _engine_service(self, request: _Request, service: Any) -> Service:
        config: ServiceConfig = getattr(service, "_awstutor_config", None) or ServiceConfig()
        td = request.ecs.describe_task_definition(service.task_definition)
        spec = task_spec(td)
        subnets: list[tuple[str, str]] = []
        subnet_ids = ((config.network_configuration or {}).get("awsvpcConfiguration") or {}).get("subnets") or []
        if subnet_ids:
            subnets = subnets_by_az(request.ec2, subnet_ids)
        engine = Service.create(
            service.name, spec, None if config.scheduling_strategy == DAEMON else service.desired_count,
            placement_strategy=config.strategies or None, placement_constraints=config.constraints or None,
            launch_type=config.launch_type, capacity_provider_strategy=config.capacity_provider_strategy or None,
            scheduling_strategy=config.scheduling_strategy, load_balancers=config.load_balancers,
            subnets=subnets, seed=config.seed)
        for task in running_tasks(request.ecs, service.cluster_name):
            if task.group == engine.group and not task.container_instance_arn:
                placement = getattr(task, "_awstutor_placement", None) or Placement(
                    task.id, "", "", engine.group, availability_zone=getattr(task, "availability_zone", "") or "")
                engine.fargate_tasks[task.id] = placement
        return engine

    def _reconcile(self, request: _Request, service: Any) -> None:
        """One scheduler pass for a moto service; writes tasks, counts and events back."""
        if service.status != "ACTIVE" or not service.task_definition:
            return
        cluster = request.ecs.clusters[service.cluster_name]
        td = request.ecs.describe_task_definition(service.task_definition)
        config: ServiceConfig = getattr(service, "_awstutor_config", None) or ServiceConfig()
        service._awstutor_config = config
        view = cluster_view(request.ecs, cluster.name)
        engine = self._engine_service(request, service)
        state = self._state(request)
        for ref in engine.load_balancers:
            if ref.target_group_arn not in state.targets.groups:
                group = request.elbv2.target_groups.get(ref.target_group_arn)
                state.targets.add_group(TargetGroup(ref.target_group_arn, getattr(group, "target_type", None) or "instance"))
        moto_tasks = {t.id: t for t in view.tasks}
        result = reconcile(engine, view.instances, targets=state.targets, task_ids=new_task_ids())
        deployment = service.deployments[0]["id"] if service.deployments else "ecs-svc/0000000000000000000"
        launch_type = "" if config.capacity_provider_strategy else (config.launch_type or "EC2")
        for placement in result.started:
            create_moto_task(request.ecs, request.ec2, cluster, td, engine.spec, placement, launch_type=launch_type,
                             network_configuration=config.network_configuration, started_by=deployment,
                             platform_version=service.platform_version)
        for task_id in result.stopped:
            task = moto_tasks.get(task_id)
            if task is not None:
                stop_moto_task(request.ecs, cluster.name, task, f"Scaling activity initiated by (deployment {deployment})")
        sync_cluster(request.ecs, view)
        if config.scheduling_strategy == DAEMON:
            service.desired_count = len([t for t in running_tasks(request.ecs, cluster.name) if t.group == engine.group])
        running = sum(1 for t in running_tasks(request.ecs, cluster.name) if t.group == engine.group)
        service.running_count = running
        service.pending_count = max(0, service.desired_count - running)
        if service.deployments:
            primary = service.deployments[0]
            primary.update(desiredCount=service.desired_count, runningCount=running, pendingCount=service.pending_count,
                           taskDefinition=td.arn, rolloutState="COMPLETED" if running == service.desired_count else "IN_PROGRESS")
            primary["rolloutStateReason"] = f"ECS deployment {primary['id']} {'completed' if running == service.desired_count else 'in progress'}."
            primary["launchType"] = launch_type or None
        from moto.core.utils import utcnow

        last = service.events[0]["message"] if service.events else None
        for message in result.events:
            if message == last:
                continue
            service.events.insert(0, {"id": str(uuid.uuid4()), "createdAt": utcnow(), "message": message})
            last = message
        del service.events[100:]

    def _reconcile_cluster(self, request: _Request, cluster_name: str) -> None:
        for service in list(request.ecs.services.values()):
            if service.cluster_name == cluster_name:
                try:
                    self._reconcile(request, service)
                except EcsApiError:  # a service ECS would reject now (e.g. its task definition) waits
                    continue
        self._sync(request, cluster_name)

    def _service_result(self, request: _Request, service: Any) -> list[bytes]:
        data = self._render(request, "DescribeServices", {"cluster": service.cluster_name, "services": [service.name]})
        return json_response(request.start_response, {"service": data["services"][0]})

    def _apply_config(self, service: Any, config: ServiceConfig) -> None:
        service._awstutor_config = config
        service.placement_strategy = config.strategies
        service.placement_constraints = config.constraints
        service.capacity_provider_strategy = config.capacity_provider_strategy or None
        service.scheduling_strategy = config.scheduling_strategy
        service.launch_type = None if config.capacity_provider_strategy else config.launch_type

    def _ecs_CreateService(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        td = request.ecs.describe_task_definition(str(params.get("taskDefinition") or ""))
        spec = task_spec(td)
        scheduling = params.get("schedulingStrategy") or "REPLICA"
        providers = params.get("capacityProviderStrategy")
        launch_type = params.get("launchType")
        if not launch_type and not providers and cluster.default_capacity_provider_strategy and scheduling != DAEMON:
            providers = cluster.default_capacity_provider_strategy
        netconf = params.get("networkConfiguration")
        if netconf:
            netconf = awsvpc_configuration(request.ec2, netconf)
        engine = Service.create(
            str(params.get("serviceName") or ""), spec, params.get("desiredCount"),
            placement_strategy=params.get("placementStrategy"), placement_constraints=params.get("placementConstraints"),
            launch_type=launch_type, capacity_provider_strategy=providers, scheduling_strategy=scheduling,
            load_balancers=params.get("loadBalancers") or [],
            associated_providers=_associated(cluster) if providers else None)
        if spec.uses_eni and not netconf:
            raise InvalidParameterException(NETWORK_CONFIGURATION_MESSAGE)
        if not engine.name:
            raise InvalidParameterException("serviceName must be specified.")
        if f"{cluster.name}:{engine.name}" in request.ecs.services and request.ecs.services[f"{cluster.name}:{engine.name}"].status == "ACTIVE":
            raise InvalidParameterException("Creation of service was not idempotent.")  # ECS wording
        self._check_load_balancers(request, spec, engine.load_balancers)
        passed = dict(params)
        if netconf:
            passed["networkConfiguration"] = netconf
        passed["launchType"] = "FARGATE" if engine.uses_fargate else "EC2"
        passed.pop("capacityProviderStrategy", None)
        if scheduling == DAEMON:
            passed["desiredCount"] = 0
        status, headers, body = call_app(self.app, request.environ, json.dumps(passed).encode())
        if not status.startswith("2"):
            return raw_response(request.start_response, status, headers, body)
        service = request.ecs.services[f"{cluster.name}:{engine.name}"]
        self._apply_config(service, ServiceConfig(
            strategies=[s.to_api() for s in engine.strategies], constraints=[c.to_api() for c in engine.constraints],
            capacity_provider_strategy=[i.to_api() for i in engine.capacity_provider_strategy],
            launch_type=engine.launch_type, scheduling_strategy=scheduling,
            load_balancers=[{"targetGroupArn": r.target_group_arn, "containerName": r.container_name,
                             "containerPort": r.container_port} for r in engine.load_balancers],
            network_configuration=netconf))
        if engine.capacity_provider_strategy and service.deployments:
            service.deployments[0]["capacityProviderStrategy"] = [i.to_api() for i in engine.capacity_provider_strategy]
        self._reconcile(request, service)
        return self._service_result(request, service)

    def _check_load_balancers(self, request: _Request, spec: Any, refs: Iterable[LoadBalancerRef]) -> None:
        refs = list(refs)
        if not refs:
            return
        groups = {}
        for ref in refs:
            group = request.elbv2.target_groups.get(ref.target_group_arn)
            if group is not None:
                groups[ref.target_group_arn] = TargetGroup(ref.target_group_arn, getattr(group, "target_type", None) or "instance")
        validate_load_balancers(spec, refs, groups)

    def _ecs_UpdateService(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        name = str(params.get("service") or "").rsplit("/", 1)[-1]
        service = request.ecs._get_service(cluster.name, name)
        config: ServiceConfig = getattr(service, "_awstutor_config", None) or ServiceConfig()
        new_td = service.task_definition
        if params.get("taskDefinition"):
            new_td = request.ecs.describe_task_definition(str(params["taskDefinition"])).arn
        spec = task_spec(request.ecs.describe_task_definition(new_td))
        strategies = params.get("placementStrategy", config.strategies)
        constraints = params.get("placementConstraints", config.constraints)
        providers = params.get("capacityProviderStrategy") or config.capacity_provider_strategy or None
        desired = params.get("desiredCount", service.desired_count)
        if config.scheduling_strategy == DAEMON and "desiredCount" in params:
            from tutor.ecs.services import DAEMON_DESIRED_MESSAGE

            raise InvalidParameterException(DAEMON_DESIRED_MESSAGE)
        engine = Service.create(name, spec, None if config.scheduling_strategy == DAEMON else desired,
                                placement_strategy=strategies or None, placement_constraints=constraints or None,
                                launch_type=None if providers else config.launch_type, capacity_provider_strategy=providers,
                                scheduling_strategy=config.scheduling_strategy, load_balancers=config.load_balancers)
        old_td = service.task_definition
        passed = {k: v for k, v in params.items() if k in ("cluster", "service", "desiredCount", "taskDefinition", "forceNewDeployment")}
        status, headers, body = call_app(self.app, request.environ, json.dumps(passed).encode())
        if not status.startswith("2"):
            return raw_response(request.start_response, status, headers, body)
        service.task_definition = new_td
        config.strategies = [s.to_api() for s in engine.strategies]
        config.constraints = [c.to_api() for c in engine.constraints]
        config.capacity_provider_strategy = [i.to_api() for i in engine.capacity_provider_strategy]
        if params.get("networkConfiguration"):
            config.network_configuration = awsvpc_configuration(request.ec2, params["networkConfiguration"])
        self._apply_config(service, config)
        if new_td != old_td or params.get("forceNewDeployment"):
            # A new deployment: replace every task (rolling update, all at once in the sandbox).
            for task in running_tasks(request.ecs, cluster.name):
                if task.group == f"service:{name}":
                    self._stop(request, cluster.name, task, f"Deployment of {new_td.rsplit('/', 1)[-1]}")
        self._reconcile(request, service)
        return self._service_result(request, service)

    def _ecs_DeleteService(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        result = self._pass(request)
        if result[0].startswith("2"):
            name = str(params.get("service") or "").rsplit("/", 1)[-1]
            for task in running_tasks(request.ecs, cluster.name):
                if task.group == f"service:{name}":
                    self._stop(request, cluster.name, task, "Service deleted")
            service = request.ecs.services.get(f"{cluster.name}:{name}")
            if service is not None:
                service.running_count = service.pending_count = service.desired_count = 0
            self._sync(request, cluster.name)
        return self._relay(request, result)

    def _ecs_DescribeServices(self, request: _Request) -> list[bytes]:
        cluster = self._cluster(request, request.params.get("cluster"))
        self._reconcile_cluster(request, cluster.name)
        return self._relay(request, self._pass(request))

    # -- container instances -----------------------------------------------------------------
    def _ecs_RegisterContainerInstance(self, request: _Request) -> list[bytes]:
        result = self._pass(request)
        if not result[0].startswith("2"):
            return self._relay(request, result)
        data = json.loads(result[2])
        arn = data["containerInstance"]["containerInstanceArn"]
        cluster = self._cluster(request, request.params.get("cluster"))
        mci = request.ecs.container_instances[cluster.name][arn.rsplit("/", 1)[-1]]
        try:
            ec2_instance = request.ec2.get_instance(mci.ec2_instance_id)
        except Exception:
            ec2_instance = None
        apply_registration(mci, ec2_instance)
        for attr in request.params.get("attributes") or []:
            if isinstance(attr, dict) and attr.get("name"):
                mci.attributes[str(attr["name"])] = attr.get("value")
        self._reconcile_cluster(request, cluster.name)
        rendered = self._render(request, "DescribeContainerInstances", {"cluster": cluster.name, "containerInstances": [arn]})
        return json_response(request.start_response, {"containerInstance": rendered["containerInstances"][0]})

    def _ecs_DescribeContainerInstances(self, request: _Request) -> list[bytes]:
        self._sync(request, self._cluster(request, request.params.get("cluster")).name)
        return self._relay(request, self._pass(request))

    def _ecs_DescribeClusters(self, request: _Request) -> list[bytes]:
        for name in request.params.get("clusters") or ["default"]:
            cluster_name = str(name).rsplit("/", 1)[-1]
            if cluster_name in request.ecs.clusters:
                self._sync(request, cluster_name)
        return self._relay(request, self._pass(request))

    def _ecs_ListContainerInstances(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        view = self._sync(request, cluster.name)
        instances = view.instances
        if params.get("status"):
            instances = [i for i in instances if i.status == params["status"]]
        if params.get("filter"):
            expr = parse_cql(str(params["filter"]))
            instances = [i for i in instances if expr.matches(i)]
        return json_response(request.start_response, {"containerInstanceArns": [i.arn for i in instances]})

    def _ecs_UpdateContainerInstancesState(self, request: _Request) -> list[bytes]:
        result = self._pass(request)
        if result[0].startswith("2"):
            self._reconcile_cluster(request, self._cluster(request, request.params.get("cluster")).name)
        return self._relay(request, result)

    def _ecs_DeregisterContainerInstance(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        ci_id = str(params.get("containerInstance") or "").rsplit("/", 1)[-1]
        mci = request.ecs.container_instances.get(cluster.name, {}).get(ci_id)
        if mci is not None:
            self._sync(request, cluster.name)
        result = self._pass(request)
        if result[0].startswith("2") and mci is not None:
            mci.status = "INACTIVE"
            for task in running_tasks(request.ecs, cluster.name):
                if (task.container_instance_arn or "").endswith(ci_id):
                    self._stop(request, cluster.name, task, "Container instance deregistered")
            self._reconcile_cluster(request, cluster.name)
            data = json.loads(result[2])
            data.get("containerInstance", {})["status"] = "INACTIVE"
            return json_response(request.start_response, data)
        return self._relay(request, result)

    def _ecs_PutAttributes(self, request: _Request) -> list[bytes]:
        params = request.params
        cluster = self._cluster(request, params.get("cluster"))
        known = request.ecs.container_instances.get(cluster.name, {})
        fixed = []
        for attr in params.get("attributes") or []:
            attr = dict(attr)
            target = str(attr.get("targetId") or "")
            if attr.get("targetType") == "container-instance" and target.startswith("arn:"):
                attr["targetId"] = target.rsplit("/", 1)[-1]
            if attr.get("targetId") and attr.get("targetType") is None and attr["targetId"] in known:
                attr["targetType"] = "container-instance"
            fixed.append(attr)
        result = call_app(self.app, request.environ, json.dumps({**params, "attributes": fixed}).encode())
        if result[0].startswith("2"):
            self._reconcile_cluster(request, cluster.name)
            return json_response(request.start_response, {"attributes": params.get("attributes") or []})
        return self._relay(request, result)

    def _ecs_ListAttributes(self, request: _Request) -> list[bytes]:
        params = request.params
        if params.get("targetType") != "container-instance":
            raise InvalidParameterException("targetType must be container-instance")
        cluster = self._cluster(request, params.get("cluster"))
        name, value = params.get("attributeName"), params.get("attributeValue")
        if value is not None and not name:
            raise InvalidParameterException("attributeValue can only be used together with attributeName.")
        out = []
        for mci in request.ecs.container_instances.get(cluster.name, {}).values():
            for key, val in mci.attributes.items():
                if (name is None or key == name) and (value is None or val == value):
                    item = {"name": key, "targetType": "container-instance", "targetId": mci.container_instance_arn}
                    if val is not None:
                        item["value"] = val
                    out.append(item)
        return json_response(request.start_response, {"attributes": out})

    def _ecs_DescribeCapacityProviders(self, request: _Request) -> list[bytes]:
        names = request.params.get("capacityProviders")
        own = list(request.ecs.capacity_providers) if names is None else [n for n in names if n not in ("FARGATE", "FARGATE_SPOT")]
        fargate = ["FARGATE", "FARGATE_SPOT"] if names is None else [n for n in names if n in ("FARGATE", "FARGATE_SPOT")]
        data: dict[str, Any] = {"capacityProviders": [], "failures": []}
        if own:
            data = self._render(request, "DescribeCapacityProviders", {**request.params, "capacityProviders": own})
        for name in fargate:
            data["capacityProviders"].append({
                "capacityProviderArn": f"arn:aws:ecs:{request.region}:{request.account}:capacity-provider/{name}",
                "name": name, "status": "ACTIVE", "tags": []})
        return json_response(request.start_response, data)

    # -- EC2 ---------------------------------------------------------------------------------
    def _ec2_RunInstances(self, request: _Request) -> list[bytes]:
        result = self._pass(request)
        if not result[0].startswith("2"):
            return self._relay(request, result)
        ids = re.findall(r"<instanceId>(i-[0-9a-f]+)</instanceId>", result[2].decode("utf-8", "replace"))
        touched = set()
        for instance_id in dict.fromkeys(ids):
            try:
                instance = request.ec2.get_instance(instance_id)
            except Exception:
                continue
            agent = parse_user_data(decode_user_data(getattr(instance, "user_data", None)))
            if agent.cluster not in request.ecs.clusters or request.ecs.clusters[agent.cluster].status != "ACTIVE":
                continue
            mci = request.ecs.register_container_instance(agent.cluster, instance_id)
            apply_registration(mci, instance, agent)
            touched.add(agent.cluster)
        for cluster_name in touched:
            self._reconcile_cluster(request, cluster_name)
        return self._relay(request, result)

    def _ec2_TerminateInstances(self, request: _Request) -> list[bytes]:
        params = form_params(request.body, request.environ)
        ids = {v for k, v in params.items() if k.startswith("InstanceId")}
        result = self._pass(request)
        if result[0].startswith("2"):
            for cluster_name, instances in list(request.ecs.container_instances.items()):
                for ci_id, mci in list(instances.items()):
                    if mci.ec2_instance_id in ids:
                        for task in running_tasks(request.ecs, cluster_name):
                            if (task.container_instance_arn or "").endswith(ci_id):
                                self._stop(request, cluster_name, task, "Container instance terminated")
                        mci.status = "INACTIVE"
                        del instances[ci_id]
                        if cluster_name in request.ecs.clusters:
                            self._reconcile_cluster(request, cluster_name)
        return self._relay(request, result)

    # -- ELBv2 -------------------------------------------------------------------------------
    @staticmethod
    def _form_targets(params: dict[str, str]) -> list[tuple[str, int | None]]:
        targets = []
        for n in range(1, 1001):
            target_id = params.get(f"Targets.member.{n}.Id")
            if target_id is None:
                break
            port = params.get(f"Targets.member.{n}.Port")
            targets.append((target_id, int(port) if port and port.isdigit() else None))
        return targets

    def _elb_RegisterTargets(self, request: _Request) -> list[bytes]:
        params = form_params(request.body, request.environ)
        result = self._pass(request)
        if result[0].startswith("2"):
            arn = params.get("TargetGroupArn", "")
            group = request.elbv2.target_groups.get(arn)
            default_port = int(getattr(group, "port", 0) or 0)
            registry = self._state(request).targets
            registry.add_group(TargetGroup(arn, getattr(group, "target_type", None) or "instance", default_port))
            for target_id, port in self._form_targets(params):
                registry.register(arn, target_id, port or default_port)
        return self._relay(request, result)

    def _elb_DeregisterTargets(self, request: _Request) -> list[bytes]:
        params = form_params(request.body, request.environ)
        result = self._pass(request)
        if result[0].startswith("2"):
            arn = params.get("TargetGroupArn", "")
            registry = self._state(request).targets
            default_port = registry.groups[arn].port if arn in registry.groups else 0
            for target_id, port in self._form_targets(params):
                if port is None:
                    for key in [k for k in registry.targets.get(arn, {}) if k[0] == target_id]:
                        registry.deregister(arn, *key)
                else:
                    registry.deregister(arn, target_id, port or default_port)
        return self._relay(request, result)

    def _elb_DescribeTargetHealth(self, request: _Request) -> list[bytes]:
        params = form_params(request.body, request.environ)
        arn = params.get("TargetGroupArn", "")
        registry = self._state(request).targets
        if arn not in request.elbv2.target_groups or arn not in registry.targets:
            return self._relay(request, self._pass(request))
        members = "".join(
            f"<member><HealthCheckPort>{t.port}</HealthCheckPort><Target><Id>{xml_escape(t.target_id)}</Id>"
            f"<Port>{t.port}</Port>{f'<AvailabilityZone>{xml_escape(t.availability_zone)}</AvailabilityZone>' if t.availability_zone else ''}"
            f"</Target><TargetHealth><State>{t.state}</State></TargetHealth></member>"
            for t in registry.targets_of(arn))
        body = ('<DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">'
                f"<DescribeTargetHealthResult><TargetHealthDescriptions>{members}</TargetHealthDescriptions>"
                "</DescribeTargetHealthResult><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000"
                "</RequestId></ResponseMetadata></DescribeTargetHealthResponse>")
        return xml_response(request.start_response, body)

    # -- Application Auto Scaling -------------------------------------------------------
    def _simulator(self, request: _Request) -> AutoScalingSimulator:
        state = self._state(request)
        if state.simulator is None:
            state.simulator = AutoScalingSimulator()
        return state.simulator

    def _ecs_service_for(self, request: _Request, resource: str) -> Any:
        cluster_name, service_name = check_resource_id(resource)
        return request.ecs.services.get(f"{cluster_name}:{service_name}")

    def _aas_RegisterScalableTarget(self, request: _Request) -> list[bytes]:
        params = request.params
        result = self._pass(request)
        if result[0].startswith("2") and params.get("ServiceNamespace") == "ecs":
            resource = str(params.get("ResourceId"))
            service = self._ecs_service_for(request, resource)
            sim = self._simulator(request)
            existing = sim.states.get(resource)
            low = params.get("MinCapacity", existing.target.min_capacity if existing else 0)
            high = params.get("MaxCapacity", existing.target.max_capacity if existing else low)
            sim.register_scalable_target(resource, int(low), int(high), service.desired_count if service else 0)
            self._apply_desired(request, resource, sim.target(resource).desired)
        return self._relay(request, result)

    def _aas_PutScalingPolicy(self, request: _Request) -> list[bytes]:
        params = request.params
        sim = self._simulator(request)
        resource = str(params.get("ResourceId"))
        if params.get("ServiceNamespace") == "ecs" and resource not in sim.states:
            raise ValidationException(f"No scalable target registered for service namespace: ecs, resource ID: {resource}, scalable dimension: ecs:service:DesiredCount")
        result = self._pass(request)
        if not (result[0].startswith("2") and params.get("ServiceNamespace") == "ecs"):
            return self._relay(request, result)
        name = str(params.get("PolicyName"))
        if params.get("PolicyType") == "TargetTrackingScaling":
            cfg = params.get("TargetTrackingScalingPolicyConfiguration") or {}
            metric = (cfg.get("PredefinedMetricSpecification") or {}).get("PredefinedMetricType")
            if not metric:
                metric = _CLOUDWATCH_METRICS.get((cfg.get("CustomizedMetricSpecification") or {}).get("MetricName", ""), "")
            sim.put_target_tracking_policy(resource, name, metric, float(cfg.get("TargetValue", 0)),
                                           scale_out_cooldown=int(cfg.get("ScaleOutCooldown", 300)),
                                           scale_in_cooldown=int(cfg.get("ScaleInCooldown", 300)),
                                           disable_scale_in=bool(cfg.get("DisableScaleIn", False)))
        else:
            arn = json.loads(result[2]).get("PolicyARN", "")
            self._state(request).step_policies[arn] = (resource, name)
            state = sim.states[resource]
            state.policies = [p for p in state.policies if p.name != name]
            sim._pending_steps = getattr(sim, "_pending_steps", {})  # type: ignore[attr-defined]
            sim._pending_steps[(resource, name)] = (params.get("StepScalingPolicyConfiguration") or {}, arn)  # type: ignore[attr-defined]
        return self._relay(request, result)

    def _attach_step_alarms(self, request: _Request, sim: AutoScalingSimulator) -> None:
        """Step policies act through CloudWatch alarms whose actions name the policy ARN."""
        pending = getattr(sim, "_pending_steps", {})
        if not pending:
            return
        from moto.cloudwatch.models import cloudwatch_backends

        alarms = list(cloudwatch_backends[request.account][request.region].alarms.values())
        for (resource, name), (cfg, arn) in list(pending.items()):
            alarm = next((a for a in alarms if arn in (a.alarm_actions or [])), None)
            if alarm is None or resource not in sim.states:
                continue
            steps = [StepAdjustment(int(s["ScalingAdjustment"]), s.get("MetricIntervalLowerBound"), s.get("MetricIntervalUpperBound"))
                     for s in cfg.get("StepAdjustments") or []]
            metric = _CLOUDWATCH_METRICS.get(alarm.metric_name, alarm.metric_name)
            sim.put_step_scaling_policy(resource, name, metric=metric, comparison=alarm.comparison_operator,
                                        threshold=float(alarm.threshold), steps=steps,
                                        adjustment_type=cfg.get("AdjustmentType", "ChangeInCapacity"),
                                        evaluation_periods=int(alarm.evaluation_periods or 1),
                                        cooldown=int(cfg.get("Cooldown", 300)),
                                        min_adjustment_magnitude=cfg.get("MinAdjustmentMagnitude"))
            del pending[(resource, name)]

    def _aas_DeleteScalingPolicy(self, request: _Request) -> list[bytes]:
        result = self._pass(request)
        if result[0].startswith("2"):
            state = self._simulator(request).states.get(str(request.params.get("ResourceId")))
            if state is not None:
                state.policies = [p for p in state.policies if p.name != request.params.get("PolicyName")]
        return self._relay(request, result)

    def _aas_DeregisterScalableTarget(self, request: _Request) -> list[bytes]:
        result = self._pass(request)
        if result[0].startswith("2"):
            self._simulator(request).states.pop(str(request.params.get("ResourceId")), None)
        return self._relay(request, result)

    def _aas_PutScheduledAction(self, request: _Request) -> list[bytes]:
        params = request.params
        sim = self._simulator(request)
        resource = str(params.get("ResourceId"))
        result = self._pass(request)
        if result[0].startswith("2") and resource in sim.states:
            action = params.get("ScalableTargetAction") or {}
            sim.put_scheduled_action(resource, str(params.get("ScheduledActionName")), str(params.get("Schedule")),
                                     min_capacity=action.get("MinCapacity"), max_capacity=action.get("MaxCapacity"))
        return self._relay(request, result)

    def _aas_DescribeScalingActivities(self, request: _Request) -> list[bytes]:
        params = request.params
        sim = self._simulator(request)
        resource = params.get("ResourceId")
        items = [a.to_api() for a in reversed(sim.activities) if resource in (None, a.resource_id)]
        return json_response(request.start_response, {"ScalingActivities": items[: int(params.get("MaxResults", 50))]})

    def _apply_desired(self, request: _Request, resource: str, desired: int) -> None:
        service = self._ecs_service_for(request, resource)
        if service is None or service.desired_count == desired:
            return
        service.desired_count = desired
        self._reconcile(request, service)

    # -- control endpoints --------------------------------------------------------------
    def _control_body(self, request: _Request) -> dict[str, Any]:
        data = request.params if request.body else {}
        if "account" in data:
            request.account = str(data["account"])
        if "region" in data:
            request.region = str(data["region"])
        return data

    def _control_metric(self, request: _Request) -> list[bytes]:
        data = self._control_body(request)
        resource = f"service/{data.get('cluster', 'default')}/{data.get('service', '')}"
        sim = self._simulator(request)
        if resource not in sim.states:
            raise ValidationException(f"No scalable target is registered for {resource}.")
        service = self._ecs_service_for(request, resource)
        if service is not None:
            sim.target(resource).desired = service.desired_count
        metric = str(data.get("metric", "ECSServiceAverageCPUUtilization"))
        metric = _CLOUDWATCH_METRICS.get(metric, metric)
        sim.set_metric(resource, metric, float(data.get("value", 0)), int(data.get("minutes", 1)),
                       scale_with_tasks=bool(data.get("scaleWithTasks", True)), start_in=int(data.get("startIn", 0)))
        return json_response(request.start_response, {"resource": resource, "metric": metric, "minute": sim.minute})

    def _control_advance(self, request: _Request) -> list[bytes]:
        data = self._control_body(request)
        sim = self._simulator(request)
        self._attach_step_alarms(request, sim)
        for resource in sim.states:
            service = self._ecs_service_for(request, resource)
            if service is not None:
                sim.target(resource).desired = service.desired_count
        sim.on_change = lambda resource, old, new: self._apply_desired(request, resource, new)
        try:
            activities = sim.advance(int(data.get("minutes", 1)))
        finally:
            sim.on_change = None
        services = {}
        for resource in sim.states:
            service = self._ecs_service_for(request, resource)
            if service is not None:
                self._reconcile(request, service)
                services[resource] = {"desiredCount": service.desired_count, "runningCount": service.running_count}
        return json_response(request.start_response, {
            "minute": sim.minute, "now": sim.now.isoformat(),
            "activities": [a.to_api() | {"OldDesiredCount": a.old_desired, "NewDesiredCount": a.new_desired} for a in activities],
            "services": services})

    def _control_explain(self, request: _Request) -> list[bytes]:
        query = {k: v[-1] for k, v in parse_qs(request.environ.get("QUERY_STRING", "")).items()}
        if "account" in query:
            request.account = query["account"]
        if "region" in query:
            request.region = query["region"]
        cluster = query.get("cluster", "default")
        return json_response(request.start_response, {"cluster": cluster, "traces": self._state(request).traces.get(cluster, [])})


def _associated(cluster: Any) -> list[str]:
    return list(cluster.capacity_providers or [])


def task_spec_from_request(params: dict[str, Any]) -> Any:
    """RegisterTaskDefinition parameters checked as ECS checks them (ClientException if not)."""
    from tutor.ecs.model import TaskSpec

    return TaskSpec.from_task_definition(params)


