"""A shipped table of common EC2 instance types and the resources ECS registers for them.

moto registers every container instance with 4096 CPU units and 7482 MiB whatever its type
(research/moto-audit.md §2); placement lessons need the real shape of a t3.micro or an m5.large.

Rules (all in :func:`registered_resources`):

* **CPU**: ECS registers 1,024 CPU units per vCPU.
* **Memory**: the agent registers what the operating system reports, which is less than the
  advertised memory because of the kernel and platform overhead, minus ``ECS_RESERVED_MEMORY``
  (default 0). The ECS page "Reserving Amazon ECS Linux container instance memory"
  (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html) gives one
  data point: an m4.large with 8 GiB (8,192 MiB) installed reports 8,373,026,816 bytes, i.e.
  7,985 MiB for tasks. We scale that overhead (207 of 8,192 MiB, about 2.5 %) to every type,
  rounding the overhead to the nearest MiB. Real instances vary by a few MiB with the AMI.
* **ENIs**: the EC2 "maximum network interfaces" of the type. The primary interface counts as
  one, so an instance can run ``max_enis - 1`` awsvpc tasks without ENI trunking (the ECS "API
  failure reasons" page under RESOURCE:ENI). Trunking is not modelled.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from tutor.ecs.errors import UnknownInstanceTypeError

CPU_UNITS_PER_VCPU = 1024
_OVERHEAD_NUMERATOR, _OVERHEAD_DENOMINATOR = 207, 8192  # m4.large: 8192 MiB installed, 7985 registered


@dataclass(frozen=True)
class InstanceType:
    """One row of the table: what EC2 advertises for the type."""

    name: str
    vcpus: int
    memory_mib: int
    max_enis: int
    architecture: str = "x86_64"

    @property
    def cpu_units(self) -> int:
        return self.vcpus * CPU_UNITS_PER_VCPU

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass(frozen=True)
class RegisteredResources:
    """What the container instance reports to ECS when it registers."""

    cpu: int
    memory: int
    max_enis: int

    @property
    def awsvpc_task_slots(self) -> int:
        """ENIs free for awsvpc tasks once the primary interface is counted."""
        return max(0, self.max_enis - 1)


# (vCPUs, memory GiB, max ENIs) per size; families share these shapes.
_BURSTABLE_T2 = {
    "nano": (1, 0.5, 2), "micro": (1, 1, 2), "small": (1, 2, 2), "medium": (2, 4, 3),
    "large": (2, 8, 3), "xlarge": (4, 16, 3), "2xlarge": (8, 32, 3),
}
_BURSTABLE_T3 = {
    "nano": (2, 0.5, 2), "micro": (2, 1, 2), "small": (2, 2, 3), "medium": (2, 4, 3),
    "large": (2, 8, 3), "xlarge": (4, 16, 4), "2xlarge": (8, 32, 4),
}
_GENERAL = {"large": (2, 8, 3), "xlarge": (4, 16, 4), "2xlarge": (8, 32, 4), "4xlarge": (16, 64, 8)}
_COMPUTE = {"large": (2, 4, 3), "xlarge": (4, 8, 4), "2xlarge": (8, 16, 4), "4xlarge": (16, 32, 8)}
_MEMORY = {"large": (2, 16, 3), "xlarge": (4, 32, 4), "2xlarge": (8, 64, 4), "4xlarge": (16, 128, 8)}

_FAMILIES: tuple[tuple[str, dict[str, tuple[int, float, int]], str], ...] = (
    ("t2", _BURSTABLE_T2, "x86_64"),
    ("t3", _BURSTABLE_T3, "x86_64"),
    ("t3a", _BURSTABLE_T3, "x86_64"),
    ("t4g", _BURSTABLE_T3, "arm64"),
    ("m5", _GENERAL, "x86_64"),
    ("m6i", _GENERAL, "x86_64"),
    ("m7g", _GENERAL, "arm64"),
    ("c5", _COMPUTE, "x86_64"),
    ("c6i", _COMPUTE, "x86_64"),
    ("r5", _MEMORY, "x86_64"),
)


def _build_table() -> dict[str, InstanceType]:
    table: dict[str, InstanceType] = {}
    for family, sizes, arch in _FAMILIES:
        for size, (vcpus, gib, enis) in sizes.items():
            name = f"{family}.{size}"
            table[name] = InstanceType(name, vcpus, int(gib * 1024), enis, arch)
    # Two older types that the ECS docs use in their own examples.
    table["m4.large"] = InstanceType("m4.large", 2, 8192, 2)
    table["g2.2xlarge"] = InstanceType("g2.2xlarge", 8, 15 * 1024, 4)
    return table


INSTANCE_TYPES: dict[str, InstanceType] = _build_table()


def get_instance_type(name: str) -> InstanceType:
    """Look a type up; an unknown one raises :class:`UnknownInstanceTypeError` with near matches."""
    try:
        return INSTANCE_TYPES[name]
    except KeyError:
        pass
    lowered = name.strip().lower()
    if lowered in INSTANCE_TYPES:
        return INSTANCE_TYPES[lowered]
    family = lowered.split(".", 1)[0]
    same_family = [known for known in INSTANCE_TYPES if known.startswith(f"{family}.")]
    suggestions = difflib.get_close_matches(lowered, same_family, n=4, cutoff=0.0) if same_family else []
    if not suggestions or lowered.split(".", 1)[-1] in {k.split(".", 1)[1] for k in same_family}:
        # A known size with a typo in the family (t3.mediun, m5 vs m6) reads best across families.
        suggestions = difflib.get_close_matches(lowered, list(INSTANCE_TYPES), n=4, cutoff=0.6) or suggestions
    raise UnknownInstanceTypeError(name, suggestions)


def registered_memory(memory_mib: int, reserved_memory: int = 0) -> int:
    """Memory the agent registers: installed memory less kernel overhead and ECS_RESERVED_MEMORY."""
    overhead = (memory_mib * _OVERHEAD_NUMERATOR * 2 + _OVERHEAD_DENOMINATOR) // (2 * _OVERHEAD_DENOMINATOR)
    return max(0, memory_mib - overhead - reserved_memory)


def registered_resources(name: str, reserved_memory: int = 0) -> RegisteredResources:
    """CPU units, memory (MiB) and ENI limit a container instance of this type registers."""
    itype = get_instance_type(name)
    return RegisteredResources(itype.cpu_units, registered_memory(itype.memory_mib, reserved_memory), itype.max_enis)
