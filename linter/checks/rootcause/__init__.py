"""Root-cause rules that need more than phrases: computed from the Report."""
