"""irlint: lint and generate CA incident reports (CCADB Incident Reporting Guidelines)."""

__version__ = "0.1.0"
