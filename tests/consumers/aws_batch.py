"""Runs several AWS CLI commands in one process, for ward's consumer tests.

Each command is exactly what the `aws` script runs (`awscli.clidriver.main`:
a fresh driver per command, the arguments as on the command line); only
Python's start-up and botocore's model loading are shared, which is most
of the time a command takes. Reads a JSON array of argument lists on
standard input and writes a JSON array of `{"rc", "stdout", "stderr"}`.
"""

import contextlib
import io
import json
import sys

import awscli.clidriver


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["aws", *argv]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = awscli.clidriver.create_clidriver().main(argv)
            except SystemExit as e:
                rc = e.code if isinstance(e.code, int) else 1
    finally:
        sys.argv = saved
    return {"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()}


json.dump([run(argv) for argv in json.load(sys.stdin)], sys.stdout)
