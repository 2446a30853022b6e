"""Operating a server: its metrics for Prometheus."""
