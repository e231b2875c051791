"""Where the instructors' tools do their work, so that a kill at any point leaves nothing behind.

- :mod:`instructors.workspace.scratch`: scratch folders and the sweeper process that removes
  them (and kills registered process groups) even after a SIGKILL;
- :mod:`instructors.workspace.staging`: staging folders beside their targets, swapped in as one
  step from a journal, and leftovers of killed runs finished or removed;
- :mod:`instructors.workspace.committer`: the process that makes a journal's moves (standard
  library only: it runs as a script).
"""
