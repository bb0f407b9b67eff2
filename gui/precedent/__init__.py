"""The precedent pane: how other companies answered the selected comment (storage.precedent)."""
