"""Host port bookkeeping for one container instance: reserved, static and dynamic ports.

ECS gives a bridge-mode container with ``hostPort`` 0 or unset a port from the instance's
ephemeral range; moto treats "0" as a literal reserved port instead (research/moto-audit.md §2).

Choice: dynamic ports are handed out **lowest free first**, which is deterministic (tests and
lessons can predict 32768, 32769, …). The real agent lets Docker pick any free port.
"""

from __future__ import annotations

import heapq

DEFAULT_RESERVED_PORTS: tuple[int, ...] = (22, 2375, 2376, 51678, 51679)
"""``ECS_RESERVED_PORTS`` default on Linux (amazon-ecs-agent README)."""

DEFAULT_EPHEMERAL_RANGE: tuple[int, int] = (32768, 61000)
"""Inclusive range from the ECS ALB page for current ECS-optimized AMIs; the agent's own
fallback without ``ip_local_port_range`` is 49153–65535."""

PROTOCOLS = ("tcp", "udp")


class HostPorts:
    """Which host ports are taken on one instance, per protocol, with O(log n) dynamic picks."""

    __slots__ = ("_cursor", "_freed", "_in_range_used", "high", "low", "reserved", "used")

    def __init__(
        self,
        reserved: tuple[int, ...] | frozenset[int] = DEFAULT_RESERVED_PORTS,
        ephemeral_range: tuple[int, int] = DEFAULT_EPHEMERAL_RANGE,
    ) -> None:
        low, high = ephemeral_range
        if not 0 < low <= high <= 65535:
            raise ValueError(f"invalid ephemeral port range {low}-{high}")
        self.reserved = frozenset(reserved)
        self.low, self.high = low, high
        self.used: dict[str, set[int]] = {proto: set() for proto in PROTOCOLS}
        self._cursor = dict.fromkeys(PROTOCOLS, low)
        self._freed: dict[str, list[int]] = {proto: [] for proto in PROTOCOLS}
        reserved_in_range = sum(1 for port in self.reserved if low <= port <= high)
        self._in_range_used = dict.fromkeys(PROTOCOLS, reserved_in_range)

    def is_free(self, port: int, protocol: str = "tcp") -> bool:
        return port not in self.reserved and port not in self.used[protocol]

    def dynamic_available(self, protocol: str = "tcp") -> int:
        """How many more dynamic ports this protocol can still hand out."""
        return (self.high - self.low + 1) - self._in_range_used[protocol]

    def take(self, port: int, protocol: str = "tcp") -> None:
        """Mark a static host port as used (the caller checked :meth:`is_free`)."""
        self.used[protocol].add(port)
        if self.low <= port <= self.high:
            self._in_range_used[protocol] += 1

    def take_dynamic(self, protocol: str = "tcp") -> int:
        """Hand out the lowest free port of the ephemeral range."""
        heap = self._freed[protocol]
        while heap:
            port = heapq.heappop(heap)
            if self.is_free(port, protocol):
                self.take(port, protocol)
                return port
        cursor = self._cursor[protocol]
        while cursor <= self.high:
            port = cursor
            cursor += 1
            if self.is_free(port, protocol):
                self._cursor[protocol] = cursor
                self.take(port, protocol)
                return port
        self._cursor[protocol] = cursor
        raise RuntimeError("no free port in the ephemeral range")  # callers check dynamic_available

    def release(self, port: int, protocol: str = "tcp") -> None:
        if port not in self.used[protocol]:
            return
        self.used[protocol].discard(port)
        if self.low <= port <= self.high:
            self._in_range_used[protocol] -= 1
            if port < self._cursor[protocol]:
                heapq.heappush(self._freed[protocol], port)

    def snapshot(self) -> dict[str, list[int]]:
        """Reserved plus used ports per protocol, sorted (what ECS shows as the PORTS resource)."""
        return {proto: sorted(self.reserved | self.used[proto]) for proto in PROTOCOLS}
