// self-assessment: see its feature issue
