// progress: see its feature issue
