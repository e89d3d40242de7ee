// catalogue: see its feature issue
