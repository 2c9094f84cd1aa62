"""One pane per step of a session."""
