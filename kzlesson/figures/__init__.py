"""Figures with a text description: shared style, charts (``kz.plots``), the map, and display."""
