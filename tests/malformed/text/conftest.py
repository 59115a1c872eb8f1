"""The ``make.py`` of each case folder writes a case's inputs; it is not a test module
(collected by ``--doctest-modules``, two of them would clash by basename)."""

collect_ignore_glob = ["*/make.py"]
