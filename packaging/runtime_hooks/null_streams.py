"""A windowed program on Windows has no console: Python starts it with sys.stdout and sys.stderr
set to None and file descriptors 0-2 closed. Rejoinder writes there (a bug's traceback, the
letter readers' `os.dup2(2, 1)`), so where they are missing they go to the null device instead.
Elsewhere, and in the console program, the streams exist and nothing changes."""
import os
import sys

if sys.stdout is None or sys.stderr is None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.dup2(null, fd)
    if sys.stdout is None:
        sys.stdout = open(1, "w", closefd=False)  # kept open for the program's life
    if sys.stderr is None:
        sys.stderr = open(2, "w", closefd=False)
