"""The cases' ``make.py`` files are run by the golden runner, not collected by pytest (they
share one basename, and ``--doctest-modules`` would import each)."""

collect_ignore_glob = ["*/*/make.py"]
