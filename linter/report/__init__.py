"""Document -> Reports: the report model, template vocabulary and extraction."""

from linter.report.extract import extract_reports, read_indented
from linter.report.model import Factor, Field, Report, Row, Section

__all__ = ["Factor", "Field", "Report", "Row", "Section", "extract_reports", "read_indented"]
