// checklist: see its feature issue
