"""Command-line tools: the ``render`` CLI, set-up and benchmark scripts."""
