"""Grading a class's submissions: read each file, run it in its own kernel, score it.

- :mod:`grading.engine` grades one submission as a list of stages (read, check lab, execute
  notebook, run tests, score), each a function of what the stage before it gave;
- :mod:`grading.submission` reads a file once (bytes and hash), as a notebook of the lab or not;
- :mod:`grading.answers` tells a submission with no cell of its own (the student version as handed
  out) from one with work in it;
- :mod:`grading.cells` says which cells run, names them, logs what each did, keeps the outputs;
- :mod:`grading.session` runs one kernel in its scratch folder, with its environment and limits;
- :mod:`grading.sandbox` starts each kernel in a Landlock sandbox (what it may read and write);
- :mod:`grading.kernels` knows the kernels running, to kill them on a stop (and if the grader dies);
- :mod:`grading.testing` loads the lab's questions and runs their tests, and the canaries, in the
  kernel;
- :mod:`grading.kernel_side` holds the code that runs inside the kernel, as files sent as text;
- :mod:`grading.otter_tests` reads otter's test files into their cases (either format);
- :mod:`grading.result` is one submission's verdict, its totals and its gradebook row;
- :mod:`grading.gradebook` keeps the class's rows in a CSV file, merging each in under a lock;
- :mod:`grading.ignored` says where git would commit students' work and grades (a gradebook,
  submissions, executed copies inside the course's repository, not git-ignored);
- :mod:`grading.scrub` keeps hidden-test text out of what Gradescope shows students at once
  (copied, with :mod:`grading.otter_tests`, into every autograder zip).

Nothing here imports the instructors' commands (:mod:`instructors.grade` and the others): they
import this package.
"""
