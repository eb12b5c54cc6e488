"""Application Auto Scaling for ECS services, on a simulated clock with lab-set metrics.

moto stores scalable targets and policies but never scales (research/moto-audit.md §1). This
module evaluates them minute by minute. A lab sets a metric timeline ("CPU 85 % for 10
minutes"), calls :meth:`AutoScalingSimulator.advance`, and gets the scaling activities.

Formulas and timings (Application Auto Scaling user guide, target-tracking and step-scaling
pages; where the guide gives no number, the number is the one its managed alarms are known to
use and is marked as our choice):

* **Target tracking**: ``desired = ceil(current × metric / target)``. Scale out when the metric
  is above the target for 3 consecutive one-minute datapoints (the managed "AlarmHigh"), scale in
  when it is below 90 % of the target for 15 datapoints ("AlarmLow"). That is "scale out fast,
  scale in conservatively". Scale-out always adds at least one task, scale-in removes at least one.
  Cooldowns default to 300 s each for ECS. Scale-out is blocked only by its own cooldown; scale-in
  waits for both cooldowns (choice: a scale-out restarts the wait before removing capacity).
  ``disable_scale_in`` turns scale-in off.
* **Step scaling**: an alarm (metric, comparison, threshold, evaluation periods) goes to ALARM
  after that many breaching datapoints; while in ALARM the policy runs once per minute outside
  its cooldown. Step bounds are relative to the threshold: above it, the lower bound is
  inclusive and the upper exclusive; below it, the reverse. ``ChangeInCapacity`` adds,
  ``ExactCapacity`` sets, ``PercentChangeInCapacity`` adds ``current × pct / 100`` rounded toward
  zero (but at least 1 in magnitude, and at least ``min_adjustment_magnitude`` when set).
* **Scheduled actions** (``at(...)``, ``rate(...)``, ``cron(...)`` with 6 fields, UTC) set the
  target's min/max capacity; the desired count is then clamped into the new range.
* **Several policies**: the largest scale-out wins; scale-in happens only when every target
  tracking policy wants to scale in, and then by the smallest step.
* The desired count is always clamped to [min, max]; registering a target clamps it too.

Metrics: by default a value is the utilisation *at the desired count when it was set*; when
the service scales, the observed value becomes ``value × reference / current`` (same load, more
tasks). Pass ``scale_with_tasks=False`` to pin the observed value instead. Minutes without data
leave alarms in INSUFFICIENT_DATA, so nothing scales.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tutor.ecs.errors import ValidationException

SERVICE_NAMESPACE = "ecs"
SCALABLE_DIMENSION = "ecs:service:DesiredCount"
PREDEFINED_METRICS = ("ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget")
DEFAULT_COOLDOWN = 300
HIGH_DATAPOINTS = 3
LOW_DATAPOINTS = 15
LOW_RATIO = 0.9
ADJUSTMENT_TYPES = ("ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity")
_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}
_RESOURCE_ID = re.compile(r"service/([A-Za-z0-9_-]{1,255})/([A-Za-z0-9_-]{1,255})")


def resource_id(cluster: str, service: str) -> str:
    """``service/<cluster>/<service>``, the ECS resource ID Application Auto Scaling uses."""
    return f"service/{cluster}/{service}"


def check_resource_id(value: str) -> tuple[str, str]:
    match = _RESOURCE_ID.fullmatch(value)
    if not match:
        raise ValidationException(f"Unsupported resource ID {value!r}; ECS services use service/<cluster-name>/<service-name>.")
    return match.group(1), match.group(2)


@dataclass
class ScalableTarget:
    resource_id: str
    min_capacity: int
    max_capacity: int
    desired: int

    def clamp(self, value: int) -> int:
        return max(self.min_capacity, min(self.max_capacity, value))


@dataclass
class TargetTrackingPolicy:
    name: str
    metric: str
    target_value: float
    scale_out_cooldown: int = DEFAULT_COOLDOWN
    scale_in_cooldown: int = DEFAULT_COOLDOWN
    disable_scale_in: bool = False


@dataclass(frozen=True)
class StepAdjustment:
    """``scaling_adjustment`` applies when threshold + lower <= metric < threshold + upper (above)."""

    scaling_adjustment: int
    lower_bound: float | None = None
    upper_bound: float | None = None


@dataclass
class StepScalingPolicy:
    name: str
    metric: str
    comparison: str
    threshold: float
    steps: tuple[StepAdjustment, ...]
    adjustment_type: str = "ChangeInCapacity"
    evaluation_periods: int = 1
    cooldown: int = DEFAULT_COOLDOWN
    min_adjustment_magnitude: int | None = None

    @property
    def alarm_name(self) -> str:
        return f"{self.name}-alarm"


@dataclass
class ScheduledAction:
    name: str
    schedule: str
    min_capacity: int | None = None
    max_capacity: int | None = None
    created: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    _matcher: Callable[[datetime], bool] | None = field(default=None, repr=False)

    def due(self, moment: datetime) -> bool:
        if self._matcher is None:
            self._matcher = parse_schedule(self.schedule, self.created)
        return self._matcher(moment)


@dataclass(frozen=True)
class ScalingActivity:
    """One entry of DescribeScalingActivities."""

    activity_id: str
    resource_id: str
    start_time: datetime
    description: str
    cause: str
    old_desired: int
    new_desired: int
    status_code: str = "Successful"

    def to_api(self) -> dict[str, object]:
        return {
            "ActivityId": self.activity_id,
            "ServiceNamespace": SERVICE_NAMESPACE,
            "ResourceId": self.resource_id,
            "ScalableDimension": SCALABLE_DIMENSION,
            "Description": self.description,
            "Cause": self.cause,
            "StartTime": self.start_time,
            "EndTime": self.start_time,
            "StatusCode": self.status_code,
            "StatusMessage": f"Successfully set desired count to {self.new_desired}. Change successfully fulfilled by ecs.",
        }


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    value: float
    reference: int | None


@dataclass
class _State:
    target: ScalableTarget
    policies: list[TargetTrackingPolicy | StepScalingPolicy] = field(default_factory=list)
    scheduled: list[ScheduledAction] = field(default_factory=list)
    segments: dict[str, list[_Segment]] = field(default_factory=dict)
    history: dict[str, deque[float | None]] = field(default_factory=dict)
    last_scale_out: dict[str, int] = field(default_factory=dict)
    last_scale_in: dict[str, int] = field(default_factory=dict)


class AutoScalingSimulator:
    """Scalable targets, policies and metric timelines advanced minute by minute."""

    def __init__(self, start: datetime | None = None,
                 on_change: Callable[[str, int, int], None] | None = None) -> None:
        self.start = start or datetime(2026, 1, 1, tzinfo=UTC)
        self.minute = 0
        self.on_change = on_change
        self.states: dict[str, _State] = {}
        self.activities: list[ScalingActivity] = []
        self._activity_number = 0

    @property
    def now(self) -> datetime:
        return self.start + timedelta(minutes=self.minute)

    # -- registration ------------------------------------------------------------------------
    def register_scalable_target(self, resource: str, min_capacity: int, max_capacity: int, desired: int,
                                 *, service_namespace: str = SERVICE_NAMESPACE,
                                 scalable_dimension: str = SCALABLE_DIMENSION) -> ScalableTarget:
        if service_namespace != SERVICE_NAMESPACE or scalable_dimension != SCALABLE_DIMENSION:
            raise ValidationException("Unsupported service namespace, resource type or scalable dimension")
        check_resource_id(resource)
        if min_capacity < 0 or max_capacity < 0:
            raise ValidationException("Minimum and maximum capacity must be zero or more.")
        if min_capacity > max_capacity:
            raise ValidationException("Minimum capacity cannot be greater than maximum capacity")
        state = self.states.get(resource)
        if state is None:
            state = self.states[resource] = _State(ScalableTarget(resource, min_capacity, max_capacity, desired))
        else:
            state.target.min_capacity, state.target.max_capacity = min_capacity, max_capacity
        self._set_desired(state, state.target.clamp(desired), "registering the scalable target clamped the desired count")
        return state.target

    def target(self, resource: str) -> ScalableTarget:
        return self._state(resource).target

    def _state(self, resource: str) -> _State:
        try:
            return self.states[resource]
        except KeyError:
            raise ValidationException(f"No scalable target registered for service namespace: ecs, resource ID: {resource}, scalable dimension: {SCALABLE_DIMENSION}") from None

    def put_target_tracking_policy(self, resource: str, name: str, metric: str, target_value: float, *,
                                   scale_out_cooldown: int = DEFAULT_COOLDOWN, scale_in_cooldown: int = DEFAULT_COOLDOWN,
                                   disable_scale_in: bool = False) -> TargetTrackingPolicy:
        if metric not in PREDEFINED_METRICS:
            raise ValidationException(f"Unsupported predefined metric {metric!r}; ECS offers {', '.join(PREDEFINED_METRICS)}.")
        if not target_value > 0:
            raise ValidationException("The target value must be greater than 0.")
        policy = TargetTrackingPolicy(name, metric, float(target_value), scale_out_cooldown, scale_in_cooldown, disable_scale_in)
        self._replace_policy(resource, policy)
        return policy

    def put_step_scaling_policy(self, resource: str, name: str, *, metric: str, comparison: str, threshold: float,
                                steps: Sequence[StepAdjustment], adjustment_type: str = "ChangeInCapacity",
                                evaluation_periods: int = 1, cooldown: int = DEFAULT_COOLDOWN,
                                min_adjustment_magnitude: int | None = None) -> StepScalingPolicy:
        if adjustment_type not in ADJUSTMENT_TYPES:
            raise ValidationException(f"AdjustmentType must be one of {', '.join(ADJUSTMENT_TYPES)}.")
        if comparison not in _COMPARISONS:
            raise ValidationException(f"ComparisonOperator must be one of {', '.join(_COMPARISONS)}.")
        if not steps:
            raise ValidationException("Step scaling needs at least one step adjustment.")
        if evaluation_periods < 1:
            raise ValidationException("EvaluationPeriods must be at least 1.")
        _check_steps(steps)
        policy = StepScalingPolicy(name, metric, comparison, float(threshold), tuple(steps), adjustment_type,
                                   evaluation_periods, cooldown, min_adjustment_magnitude)
        self._replace_policy(resource, policy)
        return policy

    def _replace_policy(self, resource: str, policy: TargetTrackingPolicy | StepScalingPolicy) -> None:
        state = self._state(resource)
        state.policies = [p for p in state.policies if p.name != policy.name] + [policy]

    def put_scheduled_action(self, resource: str, name: str, schedule: str, *, min_capacity: int | None = None,
                             max_capacity: int | None = None) -> ScheduledAction:
        state = self._state(resource)
        action = ScheduledAction(name, schedule, min_capacity, max_capacity, self.now)
        action._matcher = parse_schedule(schedule, self.now)
        state.scheduled = [a for a in state.scheduled if a.name != name] + [action]
        return action

    def set_metric(self, resource: str, metric: str, value: float, minutes: int, *,
                   scale_with_tasks: bool = True, start_in: int = 0) -> None:
        """The metric reads ``value`` for the next ``minutes`` minutes (from now + ``start_in``)."""
        state = self._state(resource)
        if minutes <= 0:
            raise ValidationException("minutes must be at least 1.")
        start = self.minute + start_in
        reference = state.target.desired if scale_with_tasks else None
        segments = [s for s in state.segments.get(metric, []) if s.end <= start or s.start >= start + minutes]
        segments.append(_Segment(start, start + minutes, float(value), reference))
        state.segments[metric] = sorted(segments, key=lambda s: s.start)

    def metric_value(self, resource: str, metric: str, minute: int | None = None) -> float | None:
        state = self._state(resource)
        minute = self.minute if minute is None else minute
        for segment in state.segments.get(metric, []):
            if segment.start <= minute < segment.end:
                if segment.reference is None or state.target.desired == 0:
                    return segment.value
                return segment.value * segment.reference / state.target.desired
        return None

    # -- the clock ---------------------------------------------------------------------------
    def advance(self, minutes: int) -> list[ScalingActivity]:
        """Move the clock forward, evaluating every target once per minute; returns activities."""
        if minutes < 0:
            raise ValidationException("The clock only moves forward.")
        first = len(self.activities)
        for _ in range(minutes):
            self.minute += 1
            for state in self.states.values():
                self._tick(state)
        return self.activities[first:]

    def _tick(self, state: _State) -> None:
        target = state.target
        for action in state.scheduled:
            if action.due(self.now):
                if action.min_capacity is not None:
                    target.min_capacity = action.min_capacity
                if action.max_capacity is not None:
                    target.max_capacity = action.max_capacity
                target.min_capacity = min(target.min_capacity, target.max_capacity)
                self._set_desired(state, target.clamp(target.desired),
                                  f"scheduled action {action.name} set min capacity {target.min_capacity}, max capacity {target.max_capacity}",
                                  always=action.min_capacity is not None or action.max_capacity is not None)
        sample_minute = self.minute - 1  # the datapoint of the minute that just ended
        for metric in {p.metric for p in state.policies}:
            history = state.history.setdefault(metric, deque(maxlen=LOW_DATAPOINTS))
            history.append(self.metric_value(target.resource_id, metric, sample_minute))
        current = target.desired
        outs: list[tuple[int, str, str]] = []
        ins: list[tuple[int, str, str]] = []
        tracking_total = tracking_in = 0
        for policy in state.policies:
            history = state.history[policy.metric]
            if isinstance(policy, TargetTrackingPolicy):
                tracking_total += 1
                proposal = self._tracking_proposal(state, policy, history, current)
                if proposal is None:
                    continue
                new, alarm = proposal
                if new > current:
                    outs.append((new, policy.name, alarm))
                elif new < current:
                    ins.append((new, policy.name, alarm))
                    tracking_in += 1
            else:
                step = self._step_proposal(state, policy, history, current)
                if step is not None and step != current:
                    (outs if step > current else ins).append((step, policy.name, policy.alarm_name))
        if outs:
            new, name, alarm = max(outs)
            state.last_scale_out[name] = self.minute
        elif ins and tracking_in == tracking_total:
            new, name, alarm = max(ins)
            state.last_scale_in[name] = self.minute
        else:
            return
        new = target.clamp(new)
        if new != current:
            self._set_desired(state, new, f"monitor alarm {alarm} in state ALARM triggered policy {name}")

    def _cooling(self, state: _State, name: str, seconds: int, table: dict[str, int]) -> bool:
        last = table.get(name)
        return last is not None and (self.minute - last) * 60 < seconds

    def _tracking_proposal(self, state: _State, policy: TargetTrackingPolicy, history: deque[float | None],
                           current: int) -> tuple[int, str] | None:
        recent = list(history)
        resource = state.target.resource_id
        value = recent[-1] if recent else None
        if value is None:
            return None
        high = recent[-HIGH_DATAPOINTS:]
        if len(high) == HIGH_DATAPOINTS and all(v is not None and v > policy.target_value for v in high):
            if self._cooling(state, policy.name, policy.scale_out_cooldown, state.last_scale_out):
                return None
            wanted = max(current + 1, math.ceil(current * value / policy.target_value - 1e-9))
            return wanted, f"TargetTracking-{resource}-AlarmHigh"
        low_line = policy.target_value * LOW_RATIO
        if (not policy.disable_scale_in and len(recent) == LOW_DATAPOINTS
                and all(v is not None and v < low_line for v in recent)):
            if (self._cooling(state, policy.name, policy.scale_in_cooldown, state.last_scale_in)
                    or self._cooling(state, policy.name, policy.scale_out_cooldown, state.last_scale_out)):
                return None
            wanted = min(current - 1, math.ceil(current * value / policy.target_value - 1e-9))
            return max(wanted, 0), f"TargetTracking-{resource}-AlarmLow"
        return None

    def _step_proposal(self, state: _State, policy: StepScalingPolicy, history: deque[float | None],
                       current: int) -> int | None:
        recent = list(history)[-policy.evaluation_periods:]
        compare = _COMPARISONS[policy.comparison]
        if len(recent) < policy.evaluation_periods or any(v is None or not compare(v, policy.threshold) for v in recent):
            return None
        last = max(state.last_scale_out.get(policy.name, -10**9), state.last_scale_in.get(policy.name, -10**9))
        if (self.minute - last) * 60 < policy.cooldown:
            return None
        breach = recent[-1] - policy.threshold  # type: ignore[operator]
        step = _matching_step(policy.steps, breach)
        if step is None:
            return None
        return _apply_adjustment(policy, current, step.scaling_adjustment)

    def _set_desired(self, state: _State, new: int, cause: str, *, always: bool = False) -> None:
        old = state.target.desired
        if new == old and not always:
            return
        state.target.desired = new
        self._activity_number += 1
        description = f"Setting desired count to {new}." if new != old else f"Desired count stays {new}."
        activity = ScalingActivity(f"{self._activity_number:08d}-0000-4000-8000-{self.minute:012d}", state.target.resource_id,
                                   self.now, description, f"At {self.now:%Y-%m-%dT%H:%M:%SZ} {cause}.", old, new)
        self.activities.append(activity)
        if self.on_change is not None and new != old:
            self.on_change(state.target.resource_id, old, new)


def _check_steps(steps: Sequence[StepAdjustment]) -> None:
    for step in steps:
        if step.lower_bound is None and step.upper_bound is None and len(steps) > 1:
            raise ValidationException("Only one step adjustment can have both bounds unset.")
        if step.lower_bound is not None and step.upper_bound is not None and step.lower_bound >= step.upper_bound:
            raise ValidationException("A step adjustment's lower bound must be below its upper bound.")
    ordered = sorted(steps, key=lambda s: -math.inf if s.lower_bound is None else s.lower_bound)
    for left, right in itertools.pairwise(ordered):
        if left.upper_bound is None or right.lower_bound is None or left.upper_bound > right.lower_bound:
            raise ValidationException("Step adjustments must not overlap.")


def _matching_step(steps: Sequence[StepAdjustment], breach: float) -> StepAdjustment | None:
    for step in steps:
        low = -math.inf if step.lower_bound is None else step.lower_bound
        high = math.inf if step.upper_bound is None else step.upper_bound
        if breach >= 0 and low <= breach < high:
            return step
        if breach < 0 and low < breach <= high:
            return step
    return None


def _apply_adjustment(policy: StepScalingPolicy, current: int, adjustment: int) -> int:
    if policy.adjustment_type == "ExactCapacity":
        return adjustment
    if policy.adjustment_type == "ChangeInCapacity":
        return current + adjustment
    delta = current * adjustment / 100
    change = math.trunc(delta)
    if change == 0 and delta != 0:
        change = 1 if delta > 0 else -1
    magnitude = policy.min_adjustment_magnitude
    if magnitude and abs(change) < magnitude:
        change = magnitude if change > 0 else -magnitude
    return current + change


# -- schedules -------------------------------------------------------------------------------
_AT = re.compile(r"at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)")
_RATE = re.compile(r"rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)")
_CRON = re.compile(r"cron\((.+)\)")
_DAY_NAMES = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
_MONTH_NAMES = {name: n for n, name in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}


def parse_schedule(schedule: str, created: datetime) -> Callable[[datetime], bool]:
    """A predicate "is this minute due?" for ``at()``, ``rate()`` and a ``cron()`` subset."""
    text = schedule.strip()
    match = _AT.fullmatch(text)
    if match:
        when = datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
        return lambda moment: moment.replace(second=0, microsecond=0) == when.replace(second=0)
    match = _RATE.fullmatch(text)
    if match:
        amount = int(match.group(1))
        if amount <= 0:
            raise ValidationException("The rate must be at least 1.")
        unit = match.group(2).rstrip("s")
        if (amount == 1) != (match.group(2) == unit):
            raise ValidationException(f"Use rate(1 {unit}) or rate(N {unit}s).")
        step = amount * {"minute": 1, "hour": 60, "day": 1440}[unit]
        origin = created.replace(second=0, microsecond=0)
        return lambda moment: (moment - origin) >= timedelta(minutes=step) and int((moment - origin).total_seconds() // 60) % step == 0
    match = _CRON.fullmatch(text)
    if match:
        return _cron(match.group(1))
    raise ValidationException(f"Unsupported schedule {schedule!r}; use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields).")


def _cron(body: str) -> Callable[[datetime], bool]:
    fields = body.split()
    if len(fields) != 6:
        raise ValidationException("A cron expression has 6 fields: minutes hours day-of-month month day-of-week year.")
    minute, hour, dom, month, dow, year = fields
    if (dom == "?") == (dow == "?"):
        raise ValidationException("Use ? in exactly one of day-of-month and day-of-week.")
    sets = [
        _cron_field(minute, 0, 59, {}),
        _cron_field(hour, 0, 23, {}),
        None if dom == "?" else _cron_field(dom, 1, 31, {}),
        _cron_field(month, 1, 12, _MONTH_NAMES),
        None if dow == "?" else _cron_field(dow, 1, 7, _DAY_NAMES),
        _cron_field(year, 1970, 2199, {}),
    ]

    def due(moment: datetime) -> bool:
        weekday = moment.isoweekday() % 7 + 1  # cron: SUN=1 … SAT=7
        values = (moment.minute, moment.hour, moment.day, moment.month, weekday, moment.year)
        return all(allowed is None or value in allowed for allowed, value in zip(sets, values, strict=True))

    return due


def _cron_field(text: str, low: int, high: int, names: dict[str, int]) -> frozenset[int]:
    allowed: set[int] = set()
    for part in text.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise ValidationException(f"Invalid cron step in {text!r}.")
            step = int(step_text)
        if part == "*":
            start, end = low, high
        elif "-" in part:
            first, last = part.split("-", 1)
            start, end = _cron_value(first, names, text), _cron_value(last, names, text)
        else:
            start = _cron_value(part, names, text)
            end = high if step > 1 else start
        if not low <= start <= end <= high:
            raise ValidationException(f"Cron field {text!r} is out of range {low}-{high}.")
        allowed.update(range(start, end + 1, step))
    return frozenset(allowed)


def _cron_value(text: str, names: dict[str, int], field_text: str) -> int:
    if text.upper() in names:
        return names[text.upper()]
    if not text.isdigit():
        raise ValidationException(f"Unsupported cron field {field_text!r} (supported: numbers, names, *, -, / and ,).")
    return int(text)
