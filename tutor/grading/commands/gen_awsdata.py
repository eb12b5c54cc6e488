"""Regenerate `awsdata/*.json`, the AWS CLI command table the command grader checks against.

Run once by a maintainer (`python -m tutor.grading.commands.gen_awsdata`) with the AWS CLI v1
package installed; the grader itself only reads the JSON, so neither awscli nor botocore is
imported at runtime. The table records, per operation, each option's kind so the parser knows
which options are flags, which take one word and which take a list.

Kinds: s string, i integer, f float, t timestamp, B blob, S structure, M map, l list of scalars,
L list of structures, +name / -name a boolean flag setting `name` to true / false.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SERVICES = ("ecs", "ecr", "iam", "ec2", "elbv2", "logs", "application-autoscaling", "sts")
# Options every operation accepts; the grader adds them itself, so the table leaves them out.
COMMON = {"cli-input-json", "generate-cli-skeleton", "starting-token", "page-size", "max-items"}
OUT = Path(__file__).with_name("awsdata")
SCALARS = {"string": "s", "integer": "i", "long": "i", "float": "f", "double": "f",
           "timestamp": "t", "blob": "B", "structure": "S", "map": "M", "boolean": "s"}
# CLI v2 commands missing from the v1 package the table is generated from.
V2_EXTRA: dict[str, dict[str, dict[str, str]]] = {
    "logs": {"tail": {"follow": "+follow", "no-follow": "-follow", "since": "s", "format": "s",
                      "filter-pattern": "s", "log-stream-names": "l",
                      "log-stream-name-prefix": "s"}},
}


def _kind(arg: Any) -> str:
    """One short code for an argument of the CLI's arg table."""
    action = getattr(arg, "_action", None)
    if action in ("store_true", "store_false"):
        group = getattr(arg, "group_name", None) or arg.name
        return ("+" if action == "store_true" else "-") + group
    if getattr(arg, "nargs", None) == "+":
        return "l"
    model = getattr(arg, "argument_model", None)
    if model is None:
        return "s"
    if model.type_name == "list":
        return "L" if model.member.type_name in ("structure", "list", "map") else "l"
    return SCALARS.get(model.type_name, "s")


def _ops(table: dict[str, Any]) -> dict[str, dict[str, str]]:
    ops: dict[str, dict[str, str]] = {}
    for name, command in sorted(table.items()):
        if name == "wait":
            for waiter, sub in sorted(command.subcommand_table.items()):
                ops[f"wait {waiter}"] = _args(sub.arg_table)
            continue
        ops[name] = _args(command.arg_table)
    return ops


def _args(arg_table: dict[str, Any]) -> dict[str, str]:
    return {n: _kind(a) for n, a in sorted(arg_table.items()) if n not in COMMON}


def main() -> int:
    from awscli.clidriver import create_clidriver  # maintainer-only dependency

    driver = create_clidriver()
    commands = driver._get_command_table()
    OUT.mkdir(exist_ok=True)
    index = {"services": sorted(commands), "tables": list(SERVICES)}
    (OUT / "services.json").write_text(json.dumps(index, separators=(",", ":")) + "\n")
    for service in SERVICES:
        ops = _ops(commands[service]._get_command_table())
        ops.update(V2_EXTRA.get(service, {}))
        text = json.dumps(dict(sorted(ops.items())), separators=(",", ":"), sort_keys=True)
        (OUT / f"{service}.json").write_text(text + "\n")
        print(f"{service}: {len(ops)} operations", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
