// planner: see its feature issue
