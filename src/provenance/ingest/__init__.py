"""Input: case files (:mod:`.casefile`) and CSV/JSON exports with mapping profiles."""
