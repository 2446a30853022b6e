"""The HTTP front doors: one package per dialect, plus what they share."""
