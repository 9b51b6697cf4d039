"""Templates of the files ``fin-infra scaffold`` writes (package data, rendered by ``render``)."""
