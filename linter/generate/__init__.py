"""Writing reports: ``new`` (a blank draft in the current CCADB template, prefilled from a bug) and ``render``
(a report from a facts file), plus the affected-certificates CSV that goes with a full report.
"""

from linter.generate.csv import certificates_csv
from linter.generate.facts import FactsError, load_facts, validate_facts
from linter.generate.new import ca_owner, certificate_links, new
from linter.generate.render import example_facts, render, utc_minute
from linter.generate.templates import KINDS

__all__ = [
    "KINDS", "FactsError", "ca_owner", "certificate_links", "certificates_csv", "example_facts", "load_facts",
    "new", "render", "utc_minute", "validate_facts",
]
