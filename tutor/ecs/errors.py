"""Typed errors of the ECS engine.

Every bad input ends in one of these, never in a bare traceback: the sandbox turns
:class:`EcsApiError` subclasses into the JSON error body ECS itself would send, and the TUI
shows ``str(error)``.
"""

from __future__ import annotations


class EcsError(Exception):
    """Base class for everything the engine raises on purpose."""


class EcsApiError(EcsError):
    """An error ECS reports through its API, with the AWS error code as ``code``."""

    code = "ServerException"
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InvalidParameterException(EcsApiError):
    """A parameter ECS rejects (placement rules, capacity strategies, load balancers...)."""

    code = "InvalidParameterException"


class ClientException(EcsApiError):
    """ECS's catch-all for a request that can never succeed (mostly task definition errors)."""

    code = "ClientException"


class ValidationException(EcsApiError):
    """Application Auto Scaling's name for a bad parameter."""

    code = "ValidationException"


class UnknownInstanceTypeError(EcsError, KeyError):
    """An instance type that is not in the shipped table; names the closest known types."""

    def __init__(self, instance_type: str, suggestions: list[str]) -> None:
        super().__init__(instance_type)
        self.instance_type = instance_type
        self.suggestions = suggestions

    def __str__(self) -> str:
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"Unknown instance type {self.instance_type!r}.{hint}"
