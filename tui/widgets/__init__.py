"""Widgets of the rasd app; all text goes through tui/rtl.py."""
