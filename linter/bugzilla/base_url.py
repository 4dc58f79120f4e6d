"""The Bugzilla irlint asks unless ``--base-url`` names another.

A module of its own, importing nothing: the bug model, the REST client, the command line, the generators, the
review and the formatters all link to this instance, and none of them should load another module to know it.
"""

DEFAULT_BASE_URL = "https://bugzilla.mozilla.org"
