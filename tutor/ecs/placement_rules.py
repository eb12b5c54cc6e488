"""Placement strategies and constraints: parsing the API's JSON and validating it like ECS.

Messages quote ECS where a real response could be found (marked "ECS wording"); the others are
ours and say plainly what is wrong. Sources: API_PlacementStrategy, API_PlacementConstraint,
API_RunTask / API_CreateService ("a maximum of 5 strategy rules", "a maximum of 10
constraints ... includes constraints in the task definition and those specified at runtime").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tutor.ecs import cql
from tutor.ecs.errors import ClientException, InvalidParameterException

MAX_STRATEGIES = 5
MAX_CONSTRAINTS = 10
STRATEGY_TYPES = ("random", "spread", "binpack")
CONSTRAINT_TYPES = ("distinctInstance", "memberOf")
BINPACK_FIELDS = ("cpu", "memory")
INSTANCE_ID_FIELDS = ("instanceid", "host")

FARGATE_STRATEGY_MESSAGE = "Placement strategies are not supported with FARGATE launch type."  # ECS wording
FARGATE_CONSTRAINT_MESSAGE = "Placement constraints are not supported with FARGATE launch type."  # ECS wording
DISTINCT_WITH_EXPRESSION_MESSAGE = "distinctInstance expression should not be specified."  # ECS wording


@dataclass(frozen=True)
class PlacementStrategy:
    """One ``{"type": ..., "field": ...}`` item; ``field`` is kept as the caller spelled it."""

    type: str
    field: str | None = None

    @property
    def spread_key(self) -> str:
        """For spread: ``instanceId`` (also for ``host``) or ``attribute:NAME``."""
        assert self.field is not None
        return "instanceId" if self.field.lower() in INSTANCE_ID_FIELDS else self.field

    @property
    def binpack_resource(self) -> str:
        assert self.field is not None
        return self.field.lower()

    def to_api(self) -> dict[str, str]:
        return {"type": self.type} if self.field is None else {"type": self.type, "field": self.field}

    def describe(self) -> str:
        return self.type if self.field is None else f"{self.type}({self.field})"


@dataclass(frozen=True)
class PlacementConstraint:
    """One constraint; ``expr`` is the parsed CQL for memberOf."""

    type: str
    expression: str | None = None
    expr: cql.Expr | None = field(default=None, compare=False)

    def to_api(self) -> dict[str, str]:
        if self.expression is None:
            return {"type": self.type}
        return {"type": self.type, "expression": self.expression}

    def describe(self) -> str:
        return self.type if self.expression is None else f"{self.type}({self.expression})"


DEFAULT_SERVICE_STRATEGY: tuple[PlacementStrategy, ...] = (
    PlacementStrategy("spread", "attribute:ecs.availability-zone"),
)
"""A service without placementStrategy spreads over Availability Zones (aws-facts.md §7)."""


def _items(value: object, what: str) -> list[Mapping[str, object]]:
    if value is None:
        return []
    if isinstance(value, (PlacementStrategy, PlacementConstraint)):
        return [value]  # type: ignore[list-item]
    if isinstance(value, Mapping) or not isinstance(value, Sequence) or isinstance(value, str):
        raise InvalidParameterException(f"{what} must be a list of objects.")
    for item in value:
        if not isinstance(item, (Mapping, PlacementStrategy, PlacementConstraint)):
            raise InvalidParameterException(f"Each item of {what} must be an object, found {item!r}.")
    return list(value)  # type: ignore[arg-type]


def parse_strategies(value: object) -> tuple[PlacementStrategy, ...]:
    """Validate ``placementStrategy`` JSON (a list of dicts, or already parsed items)."""
    items = _items(value, "placementStrategy")
    if len(items) > MAX_STRATEGIES:
        raise InvalidParameterException(
            f"You can specify a maximum of {MAX_STRATEGIES} placement strategies; {len(items)} were given."
        )
    return tuple(_parse_strategy(item, index) for index, item in enumerate(items, start=1))


def _parse_strategy(item: Mapping[str, object] | PlacementStrategy, index: int) -> PlacementStrategy:
    if isinstance(item, PlacementStrategy):
        item = item.to_api()
    unknown = set(item) - {"type", "field"}
    if unknown:
        raise InvalidParameterException(f"placementStrategy item {index} has unknown keys: {', '.join(sorted(unknown))}.")
    kind, fld = item.get("type"), item.get("field")
    if fld is not None and not isinstance(fld, str):
        raise InvalidParameterException(f"placementStrategy item {index}: field must be a string.")
    if kind not in STRATEGY_TYPES:
        shown = "missing" if kind is None else repr(kind)
        raise InvalidParameterException(
            f"placementStrategy item {index}: the type is {shown}; valid types are {', '.join(STRATEGY_TYPES)}."
        )
    if kind == "random":
        if fld:
            raise InvalidParameterException(
                f"placementStrategy item {index}: the random strategy does not take a field (found {fld!r})."
            )
        return PlacementStrategy("random")
    if not fld:
        example = "cpu or memory" if kind == "binpack" else "instanceId, host or attribute:NAME"
        raise InvalidParameterException(f"placementStrategy item {index}: {kind} needs a field ({example}).")
    if kind == "binpack":
        if fld.lower() not in BINPACK_FIELDS:
            raise InvalidParameterException(
                f"placementStrategy item {index}: binpack field must be cpu or memory, found {fld!r}."
            )
        return PlacementStrategy("binpack", fld)
    if fld.lower() in INSTANCE_ID_FIELDS:
        return PlacementStrategy("spread", fld)
    if not fld.startswith("attribute:") or not cql.ATTRIBUTE_NAME.fullmatch(fld[len("attribute:") :]):
        hint = f" Did you mean 'attribute:{fld}'?" if fld.startswith("ecs.") else ""
        raise InvalidParameterException(
            f"placementStrategy item {index}: spread field must be instanceId, host or "
            f"attribute:NAME, found {fld!r}.{hint}"
        )
    return PlacementStrategy("spread", fld)


def parse_constraints(value: object, *, in_task_definition: bool = False) -> tuple[PlacementConstraint, ...]:
    """Validate ``placementConstraints`` JSON; task definitions accept memberOf only."""
    items = _items(value, "placementConstraints")
    if len(items) > MAX_CONSTRAINTS:
        raise InvalidParameterException(
            f"You can specify a maximum of {MAX_CONSTRAINTS} placement constraints; {len(items)} were given."
        )
    return tuple(_parse_constraint(item, index, in_task_definition) for index, item in enumerate(items, start=1))


def _parse_constraint(
    item: Mapping[str, object] | PlacementConstraint, index: int, in_task_definition: bool
) -> PlacementConstraint:
    if isinstance(item, PlacementConstraint):
        item = item.to_api()
    unknown = set(item) - {"type", "expression"}
    if unknown:
        raise InvalidParameterException(f"placementConstraints item {index} has unknown keys: {', '.join(sorted(unknown))}.")
    kind, expression = item.get("type"), item.get("expression")
    if in_task_definition and kind == "distinctInstance":
        raise ClientException("constraint.type 'distinctInstance' is not supported.")  # ECS wording
    if kind not in CONSTRAINT_TYPES:
        shown = "missing" if kind is None else repr(kind)
        valid = "memberOf" if in_task_definition else ", ".join(CONSTRAINT_TYPES)
        raise InvalidParameterException(f"placementConstraints item {index}: the type is {shown}; valid types are {valid}.")
    if expression is not None and not isinstance(expression, str):
        raise InvalidParameterException(f"placementConstraints item {index}: expression must be a string.")
    if kind == "distinctInstance":
        if expression is not None:
            raise InvalidParameterException(DISTINCT_WITH_EXPRESSION_MESSAGE)
        return PlacementConstraint("distinctInstance")
    if not expression or not expression.strip():
        raise InvalidParameterException(f"placementConstraints item {index}: memberOf needs an expression.")
    try:
        parsed = cql.parse(expression)
    except cql.CQLSyntaxError as exc:
        error = InvalidParameterException(f"Invalid memberOf expression {expression!r}: {exc}")
        error.syntax_error = exc  # type: ignore[attr-defined]
        raise error from exc
    return PlacementConstraint("memberOf", expression, parsed)


def combine_constraints(
    task_definition: Iterable[PlacementConstraint], request: Iterable[PlacementConstraint]
) -> tuple[PlacementConstraint, ...]:
    """Task-definition constraints AND request constraints, checked against the shared limit of 10."""
    combined = (*task_definition, *request)
    if len(combined) > MAX_CONSTRAINTS:
        raise InvalidParameterException(
            f"You can specify a maximum of {MAX_CONSTRAINTS} placement constraints, counting the "
            f"task definition's; {len(combined)} were given."
        )
    return combined


def check_fargate(strategies: Sequence[object], constraints: Sequence[object]) -> None:
    """Fargate rejects both: AWS places Fargate tasks across AZs itself (ECS wording)."""
    if strategies:
        raise InvalidParameterException(FARGATE_STRATEGY_MESSAGE)
    if constraints:
        raise InvalidParameterException(FARGATE_CONSTRAINT_MESSAGE)
