"""What one run of the tool stands on: where its files are, what the run keeps."""
