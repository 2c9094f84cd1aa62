"""Reusable widgets: step bar, timer, card board, forms, save status."""
