"""A real WordPress on loopback, scored like the generated world (``python -m bench.wordpress``)."""
