"""See the package's docstring."""
from tests.storage.precedent_judged import _main

_main()
