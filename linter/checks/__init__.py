"""Python rules, one module per rule, in families (one subpackage each); the rule base is checks.base."""
