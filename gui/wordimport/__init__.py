"""Counsel's Word draft brought back: File ▸ Import Word draft… and the review of its answers."""
