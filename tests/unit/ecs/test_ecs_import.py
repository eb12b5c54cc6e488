"""The engine stays pure: importing it must not pull in moto, boto3, botocore or Textual."""

import subprocess
import sys


def test_import_tutor_ecs_loads_no_heavy_dependency() -> None:
    code = (
        "import sys, tutor.ecs, tutor.ecs.cql, tutor.ecs.placement, tutor.ecs.services, "
        "tutor.ecs.autoscaling, tutor.ecs.capacity, tutor.ecs.loadbalancing\n"
        "print(','.join(m for m in ('moto', 'boto3', 'botocore', 'textual') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_package_does_not_import_the_adapter() -> None:
    code = "import sys, tutor.ecs\nprint('tutor.ecs.adapter' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
