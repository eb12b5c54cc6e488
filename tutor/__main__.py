"""`python -m tutor` runs the same CLI as the `awstutor` console script."""

from tutor.cli import main

if __name__ == "__main__":
    main()
