"""Certificate rules: whether a report identifies the certificates it says are affected (X001)."""
