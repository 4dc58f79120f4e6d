"""Structure rules S001-S007: sections, fields and values against the template the report follows."""
