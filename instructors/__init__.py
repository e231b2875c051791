"""The instructors' tools: everything that makes, publishes, grades and shows the labs.

One command line, ``python -m instructors COMMAND`` (``--help`` lists the commands):

- :mod:`instructors.build` makes ``labs/<lab>/student/`` and ``labs/<lab>/autograder/`` from a
  master notebook with ``otter assign`` (:mod:`instructors.masters` checks the master first);
- :mod:`instructors.stamp` writes the course's public home into every notebook and the README,
  and the README's lab map (:mod:`instructors.badges` is what it writes into a notebook);
- :mod:`instructors.release` builds and publishes the student release;
- :mod:`instructors.grade` grades a class's submissions into a gradebook
  (:mod:`instructors.grading` is its engine);
- :mod:`instructors.results` runs the labs in full mode into ``results/results.json`` and the
  README's table; :mod:`instructors.site` makes a static site of the executed labs;
- :mod:`instructors.sample` makes ``data/mnist_sample.npz`` from the full MNIST file.

Shared pieces: :mod:`instructors.notebook_json` reads and writes notebook files;
:mod:`instructors.lab_facts` reads each lab's facts from its notebook's metadata, and
:mod:`instructors.course_map` makes the README's, the students' and the site's lab maps of them;
``templates/`` holds the setup cell and the student release's README. The course's own
configuration (root, labs, public home) is :mod:`utils.layout`, which the notebooks need too.
Where things go: a tool an instructor runs is a command here; a benchmark is a script in
``tools/``; what a student's notebook runs is ``utils``, which never imports this package.
"""
