"""The cases' ``make.py`` generators are run by ``tests/malformed/test_golden_cli.py``; they
are not test modules (and share one basename), so pytest does not collect them."""

collect_ignore_glob = ["*/make.py"]
