# @title Setup, the same in every lab: find the course (on Colab, fetch it once), seed, report
import subprocess
import sys
from pathlib import Path


class CourseNotFetched(Exception):  # an error output of one line: Run All stops at this cell
    def _render_traceback_(self):  # IPython's hook: no traceback, which would hide the reason
        return [f"CourseNotFetched: {self}"]


# the course's public home (git address; branch or tag), stamped by the course's instructors
COURSE_HOME = "", ""
try:
    import google.colab  # noqa: F401  (only Colab has it)
except ImportError:  # Jupyter: the course is this notebook's folder or one above it
    course = next((p for p in [Path.cwd(), *Path.cwd().parents] if (p / "utils").is_dir()), None)
else:  # Colab: fetch the course beside this notebook, unless an earlier run did
    url, ref = COURSE_HOME
    course, partial = Path("mnist-keras-labs").resolve(), Path(".mnist-keras-labs.partial")
    if not url:
        raise CourseNotFetched(
            "The course's instructors have not set its public home (COURSE_HOME above): ask them "
            "for the lab's Colab link, or open the lab in Jupyter from the course's labs/ folder."
        )
    if not course.is_dir():  # clone under another name first: a cut-off clone never counts
        subprocess.run(["rm", "-rf", partial])
        git = subprocess.run(
            ["git", "clone", "-q", "--depth=1", "-b", ref, url, partial],
            capture_output=True,
            text=True,
        )
        if git.returncode:
            reason = " ".join(git.stderr.split())
            raise CourseNotFetched(
                f"Can't fetch the course from {url!r} ({ref!r}): {reason}. Check the internet "
                "connection and run this cell again; if it still fails, tell the instructors."
            )
        partial.rename(course)
if course is not None:
    sys.path.insert(0, str(course))
import utils  # noqa: E402

utils.setup()
