"""awstutor: a terminal tutor for the container topics of the AWS certification exams.

Importing this package must stay cheap: no Textual, no moto, no boto3 (a test proves it).
"""

__version__ = "0.1.0"
