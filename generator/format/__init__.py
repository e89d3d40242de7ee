"""The content format: models, kinds, ids, French labels and folding, the tool's data."""
