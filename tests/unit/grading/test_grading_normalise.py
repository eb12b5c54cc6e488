"""How aws and docker lines are read by meaning: shorthand, lists, flags, images, fallbacks."""

from __future__ import annotations

import pytest

from tutor.content.models import CommandQuestion
from tutor.grading import grade
from tutor.grading.commands.docker import ImageRef, normalise_port
from tutor.grading.commands.shorthand import ShorthandError, parse_scalar_list, parse_structure


def cmd(answer: str) -> CommandQuestion:
    return CommandQuestion.model_validate({
        "id": "c", "topic": "ecs", "type": "command", "answer": answer, "stem": "s",
        "explanation": "e", "source": "https://docs.aws.amazon.com/"})


@pytest.mark.parametrize(("text", "value"), [
    ("scanOnPush=true", {"scanOnPush": "true"}),
    ("a=1,b=2", {"a": "1", "b": "2"}),
    ("k=[x,y],z=1", {"k": ["x", "y"], "z": "1"}),
    ("k=x,y,z=1", {"k": ["x", "y"], "z": "1"}),
    ("o={a=1,b={c=2}}", {"o": {"a": "1", "b": {"c": "2"}}}),
    ('k="a,b",m=\'c=d\'', {"k": "a,b", "m": "c=d"}),
    ("k=[]", {"k": []}),
    ("k={}", {"k": {}}),
])
def test_shorthand(text: str, value: object) -> None:
    assert parse_structure(text) == value


@pytest.mark.parametrize("text", ["noequals", "a=1,a=2", "k={a=1", "k=[a", 'k="x', "=1"])
def test_shorthand_errors(text: str) -> None:
    with pytest.raises(ShorthandError):
        parse_structure(text)


def test_scalar_list() -> None:
    assert parse_scalar_list('a,b,"c,d"') == ["a", "b", "c,d"]


NETWORK = ("aws ecs create-service --cluster prod --service-name web --task-definition web:3 "
           "--network-configuration 'awsvpcConfiguration={subnets=[subnet-a,subnet-b],"
           "securityGroups=[sg-1],assignPublicIp=ENABLED}'")


@pytest.mark.parametrize(("answer", "text", "correct"), [
    (NETWORK, NETWORK.replace("'awsvpcConfiguration={subnets=[subnet-a,subnet-b],securityGroups"
                              "=[sg-1],assignPublicIp=ENABLED}'",
                              '\'{"awsvpcConfiguration": {"assignPublicIp": "ENABLED", '
                              '"securityGroups": ["sg-1"], "subnets": ["subnet-b", '
                              '"subnet-a"]}}\''), True),
    (NETWORK, NETWORK.replace("subnet-a,subnet-b", "subnet-a"), False),
    ("aws ec2 describe-subnets --subnet-ids subnet-a subnet-b",
     "aws ec2 describe-subnets --subnet-ids subnet-b,subnet-a", True),
    ("aws ec2 describe-subnets --subnet-ids subnet-a subnet-b",
     "aws ec2 describe-subnets --subnet-ids '[\"subnet-a\", \"subnet-b\"]'", True),
    ("aws ecs update-service --cluster c --service s --enable-execute-command",
     "aws ecs update-service --cluster c --service s --disable-execute-command", False),
    ("aws ecs update-service --cluster c --service s --force-new-deployment",
     "aws ecs update-service --force-new-deployment --service s --cluster c --output json", True),
    ("aws ecs run-task --cluster c --task-definition t --count 2",
     "aws ecs run-task --count 2.0 --task-definition t --cluster c", True),
    ("aws ecs wait services-stable --cluster c --services s",
     "aws ecs wait services-stable --services s --cluster c --region eu-west-1", True),
    ("aws logs tail /ecs/web --follow", "aws logs tail --follow /ecs/web", True),
    ("aws s3 cp a.json s3://b/a.json", "aws s3 cp a.json s3://b/a.json --region us-east-1",
     True),
    ("aws ecs list-tasks --cluster c --query 'taskArns[0]' --output text",
     "aws ecs list-tasks --cluster c --output text", False),
    ("kubectl get pods -n prod", "kubectl get pods -n prod", True),
    ("kubectl get pods -n prod --output=wide", "kubectl get pods -n prod --output wide", True),
    ("jq -r .taskDefinitionArn out.json", "jq -r '.taskDefinitionArn' out.json", True),
    ("jq -r .taskDefinitionArn out.json", "jq .taskDefinitionArn out.json", False),
    ("docker run -d -p 8080:80 nginx", "docker run -p 8080:80 -d docker.io/library/nginx", True),
    ("docker run --rm -e A=1 -e B=2 nginx", "docker run -e B=2 --rm -e A=1 nginx:latest", True),
    ("docker run --rm nginx sh -c 'echo hi'", "docker run --rm nginx sh -c 'echo bye'", False),
    ("docker images", "docker image ls", True),
    ("docker rmi web:1 web:2", "docker image rm web:2 web:1", True),
    ("docker pull nginx@sha256:abc", "docker pull docker.io/library/nginx@sha256:abc", True),
    ("docker pull nginx@sha256:abc", "docker pull nginx", False),
    ("docker logout 123456789012.dkr.ecr.us-east-1.amazonaws.com",
     "docker logout https://123456789012.dkr.ecr.us-east-1.amazonaws.com/", True),
    ("docker build -t app:1 .", "docker buildx build --tag=app:1 ./", True),
    ("docker run -it --rm alpine", "docker run -ti --rm alpine:latest", True),
])
def test_meaning_not_spelling(answer: str, text: str, correct: bool) -> None:
    assert grade(cmd(answer), text).correct is correct


@pytest.mark.parametrize(("text", "shown"), [
    ("nginx", "nginx:latest"), ("library/nginx:1", "nginx:1"), ("user/app", "user/app:latest"),
    ("index.docker.io/library/nginx", "nginx:latest"),
    ("localhost:5000/app", "localhost:5000/app:latest"),
    ("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v2",
     "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v2"),
    ("public.ecr.aws/nginx/nginx@sha256:ab", "public.ecr.aws/nginx/nginx@sha256:ab"),
])
def test_image_refs(text: str, shown: str) -> None:
    assert ImageRef(text).show() == shown


@pytest.mark.parametrize(("text", "port"), [("8080:80", "8080:80"), ("0.0.0.0:8080:80/tcp",
                                            "8080:80"), ("80", "80"), ("53:53/udp", "53:53/udp"),
                                           ("127.0.0.1:80:80", "127.0.0.1:80:80")])
def test_ports(text: str, port: str) -> None:
    assert normalise_port(text) == port
