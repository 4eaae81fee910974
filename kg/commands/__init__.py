"""CLI commands grouped by subject; each module exposes ``COMMANDS``, a list of click commands."""
