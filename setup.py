"""The package list, derived: every package under linter/ (a new rule family needs no entry), plus the two
data folders pyproject.toml maps into it (schemas/ as linter.schemas, rules/ as linter.rules). Everything else
is declared in pyproject.toml; TOML cannot add mapped packages to a discovered list."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["linter", "linter.*"]), "linter.schemas", "linter.rules"])
