"""Arabic article -> incident records. Pure functions; imports nothing of store/ or tui/."""
