"""Action Items rules (A001-A006): the table, its kinds, statuses and due dates, and what it covers."""
