"""Grading a class's submissions: read each file, run it in its own kernel, score it.

- :mod:`grading.submission` reads what was handed in as a notebook to grade, or says why not;
- :mod:`grading.engine` runs one notebook under limits and scores it with the lab's tests;
- :mod:`grading.gradebook` keeps the class's rows in a CSV file.
"""
