"""Screens of the rasd app: main timeline, incident, summary, help, dialogs."""
