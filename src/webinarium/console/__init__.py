"""The organiser console: pages under /console (docs/console.md)."""
