"""Grading a class's submissions: read each file, run it in its own kernel, score it.

- :mod:`grading.submission` reads what was handed in as a notebook to grade, or says why not;
- :mod:`grading.engine` runs one notebook under limits and scores it with the lab's tests;
- :mod:`grading.sandbox` starts each kernel in a Landlock sandbox (what it may read and write);
- :mod:`grading.kernels` knows the kernels running, to kill them on a stop (and if the grader dies);
- :mod:`grading.gradebook` keeps the class's rows in a CSV file, merging each in under a lock;
- :mod:`grading.scrub` keeps hidden-test text out of what Gradescope shows students at once
  (copied into every autograder zip).
"""
