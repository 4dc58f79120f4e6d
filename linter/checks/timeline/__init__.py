"""Timeline and deadline rules (T001-T007, D001-D003), read from the report's structured timeline."""
