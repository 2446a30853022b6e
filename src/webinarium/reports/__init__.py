"""Reports: dialect-neutral rows of what happened in conferences."""
