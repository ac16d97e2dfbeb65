"""Textual app and the `rasd` command line."""
