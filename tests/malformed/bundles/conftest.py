"""The cases' ``make.py`` are run by ``test_golden_cli.py``, not collected (as doctest
modules they would all be imported as one module named ``make``)."""

collect_ignore_glob = ["*/make.py"]
