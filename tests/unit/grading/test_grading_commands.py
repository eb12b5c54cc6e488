"""Command questions, table-driven: accepted variants and near-misses with the mistake named.

Each family has at least ten accepted rewrites and ten rejected near-misses; a rejected case
asserts the feedback names the actual mistake (a specific phrase, case-insensitive).
"""

from __future__ import annotations

from typing import Any

import pytest

from tutor.content.models import CommandQuestion
from tutor.grading import check_answer_key, grade

ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def cmd(answer: str, **extra: Any) -> CommandQuestion:
    return CommandQuestion.model_validate({
        "id": "cmd", "topic": "ecr", "type": "command", "answer": answer,
        "stem": "Account 123456789012, region us-east-1.", "explanation": "See the docs.",
        "source": "https://docs.aws.amazon.com/AmazonECR/latest/userguide/", **extra,
    })


LOGIN_V2 = cmd("aws ecr get-login-password --region <region> | docker login --username AWS "
               "--password-stdin <account-id>.dkr.ecr.<region>.amazonaws.com")
LOGIN_V1 = cmd("$(aws ecr get-login --no-include-email --region <region>)", cli_version="v1")
PUSH = cmd("docker push <account-id>.dkr.ecr.<region>.amazonaws.com/web:v1")
PULL = cmd("docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0")
BUILD_TAG = cmd(
    "docker build -t web . && docker tag web:latest <account-id>.dkr.ecr.<region>.amazonaws.com/"
    "web:latest",
    alternatives=["docker build -t <account-id>.dkr.ecr.<region>.amazonaws.com/web:latest ."],
)
CREATE_REPO = cmd("aws ecr create-repository --repository-name web "
                  "--image-scanning-configuration scanOnPush=true")
CREATE_CLUSTER = cmd("aws ecs create-cluster --cluster-name demo")
UPDATE_SERVICE = cmd("aws ecs update-service --cluster prod --service web --desired-count 3")
REGISTER = cmd("aws ecs register-task-definition --cli-input-json file://taskdef.json")

ACCEPTED: dict[str, tuple[CommandQuestion, list[str]]] = {
    "login_v2": (LOGIN_V2, [
        f"aws ecr get-login-password --region us-east-1 | docker login --username AWS "
        f"--password-stdin {ECR}",
        f"aws ecr get-login-password --region=us-east-1 | docker login --username=AWS "
        f"--password-stdin {ECR}",
        f"aws --region us-east-1 ecr get-login-password | docker login -u AWS --password-stdin {ECR}",
        f"aws ecr get-login-password --region us-east-1 | docker login --password-stdin "
        f"--username AWS https://{ECR}",
        f"aws ecr get-login-password --region us-east-1 |\n  docker login -u AWS --password-stdin "
        f"{ECR}/",
        f"aws ecr get-login-password \\\n  --region us-east-1 \\\n  | docker login -u AWS "
        f"--password-stdin {ECR}",
        "aws ecr get-login-password --region eu-central-1 | docker login --username AWS "
        "--password-stdin 111122223333.dkr.ecr.eu-central-1.amazonaws.com",
        f"AWS_REGION=us-east-1 aws ecr get-login-password | docker login -u AWS --password-stdin "
        f"{ECR}",
        f"aws ecr get-login-password --region us-east-1 --output text --no-cli-pager | docker "
        f"login -u AWS --password-stdin {ECR}",
        f'aws ecr get-login-password --region "us-east-1" | docker login -u "AWS" '
        f'--password-stdin "{ECR}"',
        f"aws ecr get-login-password --region us-east-1 | sudo docker login -u AWS "
        f"--password-stdin {ECR}",
        f"   aws   ecr   get-login-password   --region us-east-1|docker login -u AWS "
        f"--password-stdin {ECR}   ",
    ]),
    "login_v1": (LOGIN_V1, [
        "$(aws ecr get-login --no-include-email --region us-east-1)",
        "eval $(aws ecr get-login --no-include-email --region us-east-1)",
        'eval "$(aws ecr get-login --no-include-email --region us-east-1)"',
        "`aws ecr get-login --no-include-email --region us-east-1`",
        "$(aws ecr get-login --region us-east-1 --no-include-email)",
        "$(aws ecr get-login --no-include-email --region=eu-west-1)",
        "$(aws --region us-east-1 ecr get-login --no-include-email)",
        "$(  aws ecr get-login   --no-include-email --region us-east-1  )",
        "$(aws ecr get-login --no-include-email --region us-east-1 --profile dev)",
        "$(AWS_DEFAULT_REGION=us-west-2 aws ecr get-login --no-include-email)",
        "$(aws ecr get-login \\\n --no-include-email \\\n --region us-east-1)",
    ]),
    "push": (PUSH, [
        f"docker push {ECR}/web:v1",
        f"docker image push {ECR}/web:v1",
        "docker push 111122223333.dkr.ecr.ap-southeast-2.amazonaws.com/web:v1",
        f"docker push --quiet {ECR}/web:v1",
        f"docker push -q {ECR}/web:v1",
        f'docker push "{ECR}/web:v1"',
        f"sudo docker push {ECR}/web:v1",
        f"  docker    push     {ECR}/web:v1",
        f"docker\tpush\t{ECR}/web:v1",
        f"docker push {ECR}/web:v1  # send it",
        f"DOCKER_BUILDKIT=1 docker push {ECR}/web:v1",
        f"docker push {ECR.upper()}/web:v1",
    ]),
    "pull": (PULL, [
        "docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
        "docker image pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
        "docker pull -q 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
        "docker pull --quiet 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
        "docker pull '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0'",
        "sudo docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
        "docker   pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
        "docker pull \\\n 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
        "docker pull 123456789012.DKR.ECR.eu-west-1.amazonaws.com/api:2.0",
        "docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0 # latest release",
        "/usr/bin/docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
    ]),
    "build_tag": (BUILD_TAG, [
        f"docker build -t web . && docker tag web:latest {ECR}/web:latest",
        f"docker build --tag web:latest . && docker tag web {ECR}/web",
        f"docker build -t {ECR}/web:latest .",
        f"docker build . -t web && docker tag web {ECR}/web:latest",
        f"docker image build -t web . && docker image tag web:latest {ECR}/web:latest",
        f"docker build -t web -f Dockerfile . && docker tag web:latest {ECR}/web:latest",
        f"docker build -f ./Dockerfile -t web ./ && docker tag web {ECR}/web:latest",
        f"docker build -t web . ; docker tag web:latest {ECR}/web:latest",
        f"docker build -t web . \\\n  && docker tag web:latest {ECR}/web:latest",
        f"docker build --tag={ECR}/web .",
        f"docker build -t web .\ndocker tag web:latest {ECR}/web:latest",
        "docker build -t 111122223333.dkr.ecr.eu-north-1.amazonaws.com/web:latest .",
    ]),
    "create_repo": (CREATE_REPO, [
        "aws ecr create-repository --repository-name web --image-scanning-configuration "
        "scanOnPush=true",
        "aws ecr create-repository --repository-name web --image-scanning-configuration "
        "'{\"scanOnPush\":true}'",
        "aws ecr create-repository --image-scanning-configuration scanOnPush=true "
        "--repository-name web",
        "aws ecr create-repository --repository-name=web --image-scanning-configuration="
        "scanOnPush=true",
        "aws ecr create-repository --repository-name web --image-scanning-configuration "
        "scanOnPush=true --region us-east-1",
        "aws ecr create-repository --repository-name web --image-scanning-configuration "
        "scanOnPush=True",
        "aws ecr create-repository --repository-name web --image-scanning-configuration "
        "'{ \"scanOnPush\" : true }'",
        "aws ecr create-repository --repository-name web --image-scanning-configuration "
        '"{\\"scanOnPush\\": true}"',
        "aws ecr create-repository --repository-name web --image-scanning-configuration "
        "scanOnPush=true --output json --no-cli-pager",
        "aws --profile dev ecr create-repository --repository-name web "
        "--image-scanning-configuration scanOnPush=true",
        "aws ecr create-repository \\\n  --repository-name web \\\n  "
        "--image-scanning-configuration scanOnPush=true",
        "aws ecr create-repository --repository-name 'web' --image-scanning-configuration "
        "'scanOnPush=true'",
    ]),
    "create_cluster": (CREATE_CLUSTER, [
        "aws ecs create-cluster --cluster-name demo",
        "aws ecs create-cluster --cluster-name=demo",
        "aws --region us-east-1 ecs create-cluster --cluster-name demo",
        'aws ecs create-cluster --cluster-name "demo"',
        "aws ecs create-cluster --cluster-name 'demo' --output table",
        "AWS_REGION=us-east-1 aws ecs create-cluster --cluster-name demo",
        "aws ecs create-cluster \\\n  --cluster-name demo",
        "/usr/local/bin/aws ecs create-cluster --cluster-name demo",
        "aws ecs create-cluster --cluster-name demo --no-cli-pager",
        "aws ecs create-cluster --cluster-name demo --profile sandbox --region eu-west-1",
        "aws ecs create-cluster --cluster-name demo  # a new cluster",
        "aws ecs create-cluster --cluster-name d'em'o",
    ]),
    "update_service": (UPDATE_SERVICE, [
        "aws ecs update-service --cluster prod --service web --desired-count 3",
        "aws ecs update-service --service web --desired-count=3 --cluster prod",
        "aws ecs update-service --desired-count 3 --cluster=prod --service=web",
        'aws ecs update-service --cluster prod --service web --desired-count "3"',
        "aws ecs update-service --cluster prod --service web --desired-count 03",
        "aws ecs update-service --cluster prod --service web --desired-count 3 --region us-east-1",
        "aws --profile dev ecs update-service --cluster prod --service web --desired-count 3",
        "aws ecs update-service --cluster prod --service web --desired-count 3 --output json",
        "aws ecs update-service \\\n --cluster prod \\\n --service web \\\n --desired-count 3",
        "AWS_DEFAULT_REGION=us-east-1 aws ecs update-service --cluster prod --service web "
        "--desired-count 3",
        "aws ecs update-service --cluster prod --service web --desired-count 3 --no-cli-pager",
    ]),
    "register": (REGISTER, [
        "aws ecs register-task-definition --cli-input-json file://taskdef.json",
        "aws ecs register-task-definition --cli-input-json=file://taskdef.json",
        "aws ecs register-task-definition --cli-input-json file://./taskdef.json",
        "aws ecs register-task-definition --cli-input-json 'file://taskdef.json'",
        'aws ecs register-task-definition --cli-input-json "file://taskdef.json" --output text',
        "aws --region us-east-1 ecs register-task-definition --cli-input-json file://taskdef.json",
        "aws ecs register-task-definition \\\n  --cli-input-json file://taskdef.json",
        "AWS_PROFILE=dev aws ecs register-task-definition --cli-input-json file://taskdef.json",
        "aws ecs register-task-definition --cli-input-json file://taskdef.json --no-cli-pager",
        "aws ecs register-task-definition --cli-input-json file://././taskdef.json",
        "aws ecs register-task-definition --region eu-west-1 --cli-input-json file://taskdef.json",
    ]),
}

REJECTED: dict[str, tuple[CommandQuestion, list[tuple[str, str]]]] = {
    "login_v2": (LOGIN_V2, [
        (f"aws ecr get-login-password --region us-east-1 | docker login --username aws "
         f"--password-stdin {ECR}", "must be AWS in capitals"),
        (f"aws ecr get-login-password --region us-east-1 | docker login --username AWS {ECR}",
         "missing --password-stdin"),
        (f"docker login -u AWS -p $(aws ecr get-login-password --region us-east-1) {ECR}",
         "leaks into your shell history"),
        ("aws ecr get-login-password --region us-east-1 | docker login -u AWS --password-stdin "
         "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "must be the same everywhere"),
        ("aws ecr get-login-password --region us-east-1 | docker login -u AWS --password-stdin "
         "12345.dkr.ecr.us-east-1.amazonaws.com", "12-digit account id"),
        ("$(aws ecr get-login --no-include-email --region us-east-1)", "exists only in AWS CLI v1"),
        (f"aws ecr get-login-pasword --region us-east-1 | docker login -u AWS --password-stdin "
         f"{ECR}", "did you mean get-login-password"),
        (f"docker login -u AWS --password-stdin {ECR} | aws ecr get-login-password --region "
         "us-east-1", "order is wrong"),
        (f"docker login -u AWS --password-stdin {ECR}", "missing pipeline stage"),
        (f"aws ecr get-login-password --region us-east-1 && docker login -u AWS --password-stdin "
         f"{ECR}", "must be piped"),
        ("aws ecr get-login-password --region us-east-1 | docker login -u AWS --password-stdin",
         "logs in to Docker Hub"),
        (f"aws ecr get-login-password --region us-east-1 | docker logon -u AWS --password-stdin "
         f"{ECR}", "did you mean login"),
        (f"aws ecr get-login-password | docker login -u AWS --password-stdin {ECR}",
         "missing --region"),
        ("aws ecr get-login-password --region us-east-1 | docker login -u AWS --password-stdin "
         "<account-id>.dkr.ecr.us-east-1.amazonaws.com", "replace <account-id>"),
        (f"aws ecr get-login-password --region us-east-1 | docker login -u 'AWS --password-stdin "
         f"{ECR}", "never closed"),
        ("aws ecr get-login-password --region us-east-1 | docker login -u AWS --password-stdin "
         "123456789012.ecr.us-east-1.amazonaws.com", "isn't an ECR registry host"),
        (f"aws ecr get-authorization-token --region us-east-1 | docker login -u AWS "
         f"--password-stdin {ECR}", "different command"),
    ]),
    "login_v1": (LOGIN_V1, [
        ("aws ecr get-login --no-include-email --region us-east-1", "wrap it in $( )"),
        ("$(aws ecr get-login --region us-east-1)", "-e none"),
        (f"aws ecr get-login-password --region us-east-1 | docker login -u AWS --password-stdin "
         f"{ECR}", "asks for the AWS CLI v1 form"),
        ("$(aws ecr get-login --include-email --region us-east-1)", "use --no-include-email"),
        ("$(aws ecr get-logn --no-include-email --region us-east-1)", "did you mean get-login"),
        ("$(aws ecr get-login --no-include-email --region useast1)", "region name"),
        ("$(aws ecs get-login --no-include-email --region us-east-1)", "is an ecr command"),
        ("$(aws ecr get-login --no-include-email --region us-east-1", "never closed"),
        ("$(aws ecr get-login --no-include-email --region us-east-1 --registry-ids 123456789012)",
         "--registry-ids 123456789012 isn't asked for here"),
        ("$(aws ecr get-login --no-include-email)", "missing --region"),
        ("$(aws ecr get-login --no-include-email --region us-east-1) | sh",
         "isn't part of the answer"),
        ("$(aws ecr get-login --no-include-email --region)", "--region needs a value"),
    ]),
    "push": (PUSH, [
        ("docker push web:v1", "Docker Hub"),
        (f"docker push {ECR}/web", "no tag means :latest"),
        (f"docker push {ECR}/web:v2", "the tag should be v1"),
        (f"docker push {ECR}/webapp:v1", "the repository should be web"),
        (f"docker pull {ECR}/web:v1", "needs `docker push`"),
        (f"docker psuh {ECR}/web:v1", "did you mean push"),
        ("docker push 1234.dkr.ecr.us-east-1.amazonaws.com/web:v1", "12-digit account id"),
        ("docker push", "needs the image name"),
        (f"docker push {ECR}/Web:v1", "must be lower case"),
        (f"docker push --all-tags {ECR}/web:v1", "--all-tags isn't asked for here"),
        ("docker push 123456789012.dkr.ecr.us-east-1.amazon.com/web:v1",
         "isn't an ECR registry host"),
        (f"aws ecr push {ECR}/web:v1", "needs `docker push`"),
        (f"docker push {ECR}/web:v1 {ECR}/web:v2", "one argument too many"),
        (f"docker push '{ECR}/web:v1", "never closed"),
    ]),
    "pull": (PULL, [
        ("docker pull api:2.0", "Docker Hub"),
        ("docker pull 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:2.0",
         "region should be eu-west-1"),
        ("docker pull 111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
         "account should be 123456789012"),
        ("docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api", "no tag means :latest"),
        ("docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0", "needs `docker pull`"),
        ("docker pul 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0", "did you mean pull"),
        ("docker pull --all-tags 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
         "isn't asked for here"),
        ("docker pull", "needs the image name"),
        ("docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/apii:2.0",
         "repository should be api"),
        ("docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.1", "tag should be 2.0"),
        ("docker pull --platform linux/arm64 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
         "--platform linux/arm64 isn't asked for here"),
        ("docker pull https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
         "no https://"),
        ("docker pull --tag 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0",
         "has no flag --tag"),
    ]),
    "build_tag": (BUILD_TAG, [
        (f"docker build -t web && docker tag web:latest {ECR}/web:latest", "build context"),
        (f"docker build -t web . && docker tag {ECR}/web:latest web:latest", "swapped"),
        (f"docker tag web:latest {ECR}/web:latest && docker build -t web .", "wrong order"),
        ("docker build -t web . && docker tag web:latest "
         "123456789012.dkr.ecr.us-east.amazonaws.com/web:latest", "region name"),
        (f"docker biuld -t web . && docker tag web:latest {ECR}/web:latest", "did you mean build"),
        ("docker build -t web . && docker tag web:latest web:latest", "Docker Hub"),
        ("docker build -t web .", "missing command"),
        (f"docker build --tags web . && docker tag web:latest {ECR}/web:latest",
         "did you mean --tag"),
        (f"docker build -t {ECR}/Web:latest .", "must be lower case"),
        (f"docker build -t web . && docker tag web:latest {ECR}/web:v1", "the tag should be latest"),
        (f"docker build -t web . | docker tag web:latest {ECR}/web:latest", "pipes one into"),
        (f"docker build -t web . && docker push {ECR}/web:latest", "different command"),
        (f"docker build -t web . && docker tag web:latest {ECR}/api:latest",
         "the repository should be web"),
    ]),
    "create_repo": (CREATE_REPO, [
        ("aws ecr create-repository --repository-name web --image-scanning-configuration "
         "scanOnPush=false", "should be true"),
        ("aws ecr create-repository --repository-name web",
         "missing --image-scanning-configuration"),
        ("aws ecr create-repository --repository-name web --image-scanning-configuration "
         "scanonpush=true", "case-sensitive"),
        ("aws ecr create-repository --repository-name web --scan-on-push",
         "has no option --scan-on-push"),
        ("aws ecr create-repo --repository-name web --image-scanning-configuration scanOnPush=true",
         "did you mean create-repository"),
        ("aws ecs create-repository --repository-name web --image-scanning-configuration "
         "scanOnPush=true", "is an ecr command"),
        ("aws ecr create-repository --image-scanning-configuration scanOnPush=true",
         "missing --repository-name"),
        ("aws ecr create-repository web --image-scanning-configuration scanOnPush=true",
         "needs its option name"),
        ("aws ecr create-repository --repository-name api --image-scanning-configuration "
         "scanOnPush=true", "should be web"),
        ("aws ecr create-repository --repository-name web --image-scanning-configuration "
         "'{\"scanOnPush\":true'", "doesn't parse"),
        ("aws ecr create-repository --repository-name web --image-scanning-configuration "
         "scanOnPush=true --image-tag-mutability IMMUTABLE", "isn't asked for here"),
        ("aws ecr create-repository -repository-name web --image-scanning-configuration "
         "scanOnPush=true", "two dashes"),
        ("aws ecr create-repository --repository-name web --image-scanning-configuration",
         "needs a value"),
        ("aws ecr create-repository --repository-name web --image-scanning-configuration "
         "scanOnPush", "neither JSON nor shorthand"),
    ]),
    "create_cluster": (CREATE_CLUSTER, [
        ("aws ecs create-clusters --cluster-name demo", "did you mean create-cluster"),
        ("aws ecs create-cluster demo", "needs its option name"),
        ("aws ecs create-cluster --name demo", "has no option --name"),
        ("aws ecs create-cluster --cluster-name prod", "should be demo"),
        ("aws ecs create-cluster", "missing --cluster-name"),
        ("aws ecr create-cluster --cluster-name demo", "is an ecs command"),
        ("aws ecs create-cluster --clustername demo", "did you mean --cluster-name"),
        ("aws eks create-cluster --name demo", "different command"),
        ("aws ecs create-cluster --cluster-name demo --capacity-providers FARGATE",
         "isn't asked for here"),
        ("ecs create-cluster --cluster-name demo", "needs `aws ecs create-cluster`"),
        ("aws ecs create-cluster --cluster-name demo extra", "unexpected extra"),
        ("aws ecs create-cluster –cluster-name demo", "typographic"),
        ('aws ecs create-cluster --cluster-name "demo', "never closed"),
        ("aws ecs create-cluster --cluster-name my demo", "unexpected demo"),
        ("aws ecs create-cluster --cluster-name Demo", "should be demo"),
    ]),
    "update_service": (UPDATE_SERVICE, [
        ("aws ecs update-service --cluster prod --service web --desired-count 2",
         "should be 3, not 2"),
        ("aws ecs update-service --cluster prod --service web", "missing --desired-count 3"),
        ("aws ecs update-service --cluster prod --service web --desired-count three",
         "takes a number"),
        ("aws ecs update-servce --cluster prod --service web --desired-count 3",
         "did you mean update-service"),
        ("aws ecs update-service --cluster prod --services web --desired-count 3",
         "did you mean --service"),
        ("aws ecs update-cluster --cluster prod --service web --desired-count 3",
         "different command"),
        ("aws ecs update-service --cluster prod --service web --desired-count 3 "
         "--force-new-deployment", "--force-new-deployment isn't asked for here"),
        ("aws ecs update-service -cluster prod --service web --desired-count 3", "two dashes"),
        ("aws ecs update-service --service web --desired-count 3", "missing --cluster prod"),
        ("aws ecs update-service --cluster staging --service web --desired-count 3",
         "should be prod"),
        ("aws ecs update-service --cluster prod --service web --desired-count",
         "needs a value"),
        ("aws ecs scale-service --cluster prod --service web --desired-count 3",
         "has no command scale-service"),
        ("aws ecs update-service --cluster prod --service web --desired-count 3 3",
         "unexpected 3"),
        ("aws ecs update-service --cluster prod --service web --desired-count 3 "
         "--force-new-deployment true", "takes no value"),
    ]),
    "register": (REGISTER, [
        ("aws ecs register-task-definition --cli-input-json taskdef.json", "without file://"),
        ("aws ecs register-task-definition --cli-input-json file:/taskdef.json", "two slashes"),
        ("aws ecs register-task-definition --cli-input-json file://task.json",
         "should read file://taskdef.json"),
        ("aws ecs register-task-definition --cli-input-json fileb://taskdef.json",
         "not fileb://"),
        ("aws ecs register-task-definitions --cli-input-json file://taskdef.json",
         "did you mean register-task-definition"),
        ("aws ecs register-task-definition file://taskdef.json", "needs its option name"),
        ("aws ecs create-task-definition --cli-input-json file://taskdef.json",
         "has no command create-task-definition"),
        ("aws ecs register-task-definition --cli-input-yaml file://taskdef.json",
         "missing --cli-input-json"),
        ("aws ecs register-task-definition --family web --cli-input-json file://taskdef.json",
         "--family web isn't asked for here"),
        ("aws ecs register-task-definition --cli-input-json file://taskdef.json "
         "file://other.json", "unexpected file://other.json"),
        ("aws ecs register-task-definition --cli-input-json '{\"family\": \"web\"}'",
         "should be file://taskdef.json"),
        ("aws ec2 register-task-definition --cli-input-json file://taskdef.json",
         "is an ecs command"),
        ("aws ecs register-task-definition --cli-input-json", "needs a value"),
    ]),
}


def _cases(table: dict[str, tuple[CommandQuestion, list[Any]]]) -> list[Any]:
    return [pytest.param(q, case, id=f"{name}-{k}") for name, (q, cases) in table.items()
            for k, case in enumerate(cases)]


@pytest.mark.parametrize(("question", "text"), _cases(ACCEPTED))
def test_accepted(question: CommandQuestion, text: str) -> None:
    result = grade(question, text)
    assert result.correct, result.feedback
    assert result.score == 1.0
    assert result.gradable


@pytest.mark.parametrize(("question", "case"), _cases(REJECTED))
def test_rejected_names_the_mistake(question: CommandQuestion, case: tuple[str, str]) -> None:
    text, phrase = case
    result = grade(question, text)
    assert not result.correct
    assert result.gradable
    assert result.score == 0.0
    joined = "\n".join(result.feedback).lower()
    assert phrase.lower() in joined, result.feedback


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_each_family_has_enough_cases(name: str) -> None:
    assert len(ACCEPTED[name][1]) >= 10
    assert len(REJECTED[name][1]) >= 10


@pytest.mark.parametrize("question", [q for q, _ in ACCEPTED.values()])
def test_keys_are_clean(question: CommandQuestion) -> None:
    assert check_answer_key(question) == []
