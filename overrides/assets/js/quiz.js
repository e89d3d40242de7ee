// quiz: see its feature issue
