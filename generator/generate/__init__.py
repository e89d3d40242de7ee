"""The pipeline in one call: content → Catalog → pages → Markdown tree, packages."""
