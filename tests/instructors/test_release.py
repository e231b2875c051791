"""The student release: what students may see, and nothing of the solutions or hidden tests."""

import errno
import inspect
import os
import shlex
import shutil
import subprocess
import sys

import pytest
from otter.test_files import ExceptionTestFile

import killed_runs
from conftest import ROOT
from instructors import badges, build, release
from utils.layout import Home

LABS = [master.stem for master in build.graded_notebooks()]


def files(tree) -> list[str]:
    return sorted(
        str(path.relative_to(tree))
        for path in tree.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(tree).parts
    )


def test_release_holds_what_students_need_and_nothing_else(course_home, assigned_labs):
    tree = course_home.tree
    expected = {
        ".gitignore",
        "LICENSE",
        "README.md",
        "pyproject.toml",
        "requirements.txt",
        "data/README.md",
        "data/mnist_sample.npz",
    }
    expected |= {str(p.relative_to(ROOT)) for p in (ROOT / "utils").glob("*.py")}
    for lab in LABS:
        student = assigned_labs[lab] / "student"
        expected |= {f"labs/{lab}/student/{p.relative_to(student)}" for p in student.rglob("*.py")}
        expected.add(f"labs/{lab}/student/{lab}.ipynb")
    assert files(tree) == sorted(expected)
    for lab in LABS:  # the public tests, exactly as otter wrote them for students
        for test in (assigned_labs[lab] / "student" / "tests").glob("*.py"):
            assert (tree / "labs" / lab / "student" / "tests" / test.name).read_text() == (
                test.read_text()
            )
    assert (tree / "requirements.txt").read_text() == (ROOT / "requirements.txt").read_text()


def test_release_holds_no_solution_or_hidden_test(course_home, assigned_labs):
    assert release.find_leaks(course_home.tree, assigned_labs) == []
    # and, counted independently of find_leaks, no hidden test case's code anywhere
    texts = [
        (course_home.tree / name).read_text(encoding="utf-8", errors="replace")
        for name in files(course_home.tree)
        if not name.endswith(".npz")
    ]
    hidden = 0
    for lab in LABS:
        for path in (assigned_labs[lab] / "autograder" / "tests").glob("*.py"):
            cases = ExceptionTestFile.from_file(str(path)).test_cases
            sources = [(case.hidden, inspect.getsource(case.body.test_func)) for case in cases]
            public = "\n".join(source for is_hidden, source in sources if not is_hidden)
            for source in [source for is_hidden, source in sources if is_hidden]:
                hidden += 1
                for line in source.splitlines():  # e.g. "    assert f(27, 5) == 12"
                    code = line.strip()
                    if code.startswith("assert ") and len(code) >= 24 and code not in public:
                        assert not any(code in text for text in texts), (lab, path.stem, code)
    assert hidden >= len(LABS)


@pytest.mark.parametrize(
    "planted",
    ["an autograder test", "the master notebook", "an autograder notebook", "a solution pasted"],
)
def test_the_scan_finds_a_planted_leak(course_home, assigned_labs, tmp_path, planted):
    tree = tmp_path / "tree"
    shutil.copytree(course_home.tree, tree, ignore=shutil.ignore_patterns(".git"))
    lab = "03_cnn"
    autograder = assigned_labs[lab] / "autograder"
    target = tree / "labs" / lab / "student"
    if planted == "an autograder test":
        shutil.copy(autograder / "tests" / "q1_output_size.py", target / "tests")
    elif planted == "the master notebook":
        shutil.copy(ROOT / "notebooks" / f"{lab}.ipynb", tree / "solutions.ipynb")
    elif planted == "an autograder notebook":
        shutil.copy(autograder / f"{lab}.ipynb", target / f"{lab}.ipynb")
    else:
        (tree / "utils" / "hints.py").write_text("return (n - k) // stride + 1\n")
    leaks = release.find_leaks(tree, assigned_labs)
    assert leaks, planted


def test_build_refuses_a_folder_that_is_not_a_release(tmp_path):
    folder = tmp_path / "my_documents"
    folder.mkdir()
    (folder / "thesis.tex").write_text("precious")
    with pytest.raises(SystemExit, match="is not empty and not an earlier student release"):
        release.build_release(folder, None)
    assert (folder / "thesis.tex").read_text() == "precious"
    with pytest.raises(SystemExit):
        release.build_release(ROOT, None)


def test_a_leaking_build_leaves_the_earlier_release_as_it_was(tmp_path, monkeypatch):
    destination = release.build_release(tmp_path / "course", None)
    before = files(destination)
    (destination / "README.md").write_text("the earlier release")
    monkeypatch.setattr(release, "find_leaks", lambda tree, assigned: ["README.md: 'x'"])
    with pytest.raises(SystemExit, match="the release would give students:\n  README.md"):
        release.build_release(destination, None)
    assert files(destination) == before
    assert (destination / "README.md").read_text() == "the earlier release"
    assert [p.name for p in tmp_path.iterdir()] == ["course"]  # no half-built tree left


def test_publishing_an_unchanged_release_adds_no_commit(course_home, tmp_path):
    home, bare = course_home.private_copy(tmp_path)
    assert release.publish(home.clone_url, "main", course_home.home) == course_home.commit
    log = subprocess.run(
        ["git", "--git-dir", str(bare), "log", "--oneline", "main"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(log.stdout.splitlines()) == 1
    assert "Student release built from" in log.stdout


def test_publishing_to_an_unreachable_home_is_a_clear_error(tmp_path):
    nowhere = (tmp_path / "nowhere.git").as_uri()
    with pytest.raises(SystemExit, match=f"can't reach {nowhere}"):
        release.publish(nowhere, "main", None)


def test_build_refuses_a_git_clone_and_a_file(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    with pytest.raises(SystemExit, match="is a git repository"):
        release.build_release(clone, None)
    assert (clone / ".git").is_dir()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(SystemExit, match="is a file, not a folder"):
        release.build_release(a_file, None)
    with pytest.raises(SystemExit, match=r"can't write the release to .*notes.txt/release"):
        release.build_release(a_file / "release", None)


def test_build_into_a_read_only_folder_is_a_clear_error(tmp_path, monkeypatch):
    def read_only(destination, home):  # as on a read-only mount (root can write a 0o555 folder)
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(destination.parent))

    monkeypatch.setattr(release, "swap_in_release", read_only)
    with pytest.raises(SystemExit, match=r"can't write the release to .*: Read-only file system"):
        release.build_release(tmp_path / "release", None)


def test_publishing_over_a_tag_is_refused(course_home, tmp_path):
    home, bare = course_home.private_copy(tmp_path)
    subprocess.run(["git", "--git-dir", str(bare), "tag", "v1", "main"], check=True)
    with pytest.raises(SystemExit, match="v1 is a tag of .*: a tag stays where it is"):
        release.publish(home.clone_url, "v1", course_home.home)


def test_publish_warns_when_the_notebooks_would_fetch_from_elsewhere():
    home = Home("a/b", "v1")
    assert release.publish_warnings(home, home.clone_url, "v1") == []
    assert "no public home is set" in release.publish_warnings(None, "file:///x", "main")[0]
    warnings = release.publish_warnings(home, "file:///mirror.git", "v2")
    assert len(warnings) == 2 and "'v1', not 'v2'" in warnings[0]


# --- a release build killed part way leaves the earlier release, and nothing beside it --------


@pytest.fixture(scope="module")
def course_template(tmp_path_factory):
    """A small copy of the course (the tiny lab only), built and committed to git."""
    return killed_runs.make_course(tmp_path_factory.mktemp("template") / "course")


@pytest.fixture
def course(course_template, tmp_path):
    return killed_runs.copy_course(course_template, tmp_path)


def snapshot(tree) -> dict[str, bytes]:
    return {name: (tree / name).read_bytes() for name in files(tree)}


def test_a_release_killed_part_way_leaves_the_earlier_one_and_nothing_beside_it(course):
    destination = course.parent / "published" / "release"
    killed_runs.Run(course, "release", str(destination)).finish()  # the earlier release
    earlier = snapshot(destination)
    before = set(killed_runs.git(course, "status", "--porcelain", "--ignored").splitlines())
    seed, delays = killed_runs.random_delays(2, 2.5)
    for kill_at, delay in [("assigned", 0), *(("", delay) for delay in delays)]:
        why = "killed after otter assign" if kill_at else f"killed after {delay:.2f} s ({seed})"
        run = killed_runs.Run(course, "release", str(destination), kill_at=kill_at)
        if kill_at:
            run.kill_when(kill_at)  # the assigned labs hold solutions and hidden tests
        else:
            run.kill_after(delay)
        killed_runs.assert_no_scratch(course, destination.parent, why=why)
        assert snapshot(destination) == earlier, why  # the same files: the earlier or a new one
        assert killed_runs.new_entries(course, before) == [], why


# --- the README's publishing steps, followed as written, on a local bare repository ------------

STEPS_START, STEPS_END = "<!-- publish-steps:start -->", "<!-- publish-steps:end -->"
MIRROR = "https://git.example.org/mnist-keras-labs.git"  # the README's example address


def readme_publish_steps() -> tuple[list[str], str]:
    """The README's publishing commands (comment-only lines left out) and its TOML tables."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(STEPS_START, 1)[1].split(STEPS_END, 1)[0]
    bash = block.split("```bash\n", 1)[1].split("```", 1)[0]
    toml = block.split("```toml\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in bash.splitlines()]
    return [command for command in commands if command], toml


def run_step(command: str, cwd) -> subprocess.CompletedProcess:
    """Run one of the README's commands as an instructor would, in ``cwd``."""
    command = command.replace(".venv/bin/python", shlex.quote(sys.executable))
    environment = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t"}
    environment |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        command, shell=True, cwd=cwd, env=environment, capture_output=True, text=True
    )


def set_tables(course, toml: str) -> None:
    """Step 2: put the README's [tool.mnist-labs.*] tables into the course's pyproject.toml."""
    pyproject = course / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    start, end = text.index("[tool.mnist-labs.home]"), text.index("[tool.ruff]")
    pyproject.write_text(text[:start] + toml + "\n" + text[end:], encoding="utf-8")


def test_the_readmes_publishing_steps_work_as_written(course, tmp_path):
    commands, toml = readme_publish_steps()
    assert [c.split()[:2] for c in commands] == [
        ["git", "init"],
        [".venv/bin/python", "-m"],
        ["git", "commit"],
        [".venv/bin/python", "-m"],
    ], "the README's steps changed: follow them here too"
    init, stamp, commit, publish = commands
    server = tmp_path / "server"
    server.mkdir()
    assert run_step(init, server).returncode == 0
    bare = server / init.split()[-1]
    assert MIRROR in toml
    set_tables(course, toml.replace(MIRROR, bare.as_uri()))
    done = run_step(stamp, course)
    assert done.returncode == 0, done.stderr
    refused = run_step(publish, course)  # step 4 skipped: the stamp is not committed
    assert refused.returncode != 0 and "uncommitted changes" in refused.stderr
    assert "Commit them" in refused.stderr and "README.md" in refused.stderr
    assert run_step(commit, course).returncode == 0
    done = run_step(publish, course)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "published:" in done.stdout and "Colab opens notebooks from GitHub only" in done.stdout
    head = killed_runs.git(course, "rev-parse", "--short", "HEAD").strip()
    log = subprocess.run(
        ["git", "--git-dir", str(bare), "log", "-1", "--format=%s", "main"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert log.stdout.strip() == f"Student release built from {head}"
    clone = subprocess.run(  # a plain clone, as a student would: the home's HEAD is the release
        ["git", "clone", "-q", bare.as_uri(), str(tmp_path / "student")],
        capture_output=True,
        text=True,
    )
    assert clone.returncode == 0 and "warning" not in clone.stderr, clone.stderr
    assert (tmp_path / "student" / "labs" / killed_runs.LAB).is_dir()
    setup_cell = (tmp_path / "student" / badges.student_path(killed_runs.LAB)).read_text()
    assert bare.as_uri() in setup_cell  # the setup cell clones the mirror ...
    assert badges.colab_url("OWNER/NAME", "main", badges.student_path(killed_runs.LAB)) in (
        setup_cell  # ... and the badge opens the notebook from GitHub, as the README says
    )


def test_a_home_whose_head_names_a_missing_branch_is_a_clear_error(course, tmp_path):
    bare = tmp_path / "home.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "master", str(bare)], check=True)
    command = f".venv/bin/python -m instructors release --publish --remote {bare} --ref main"
    done = run_step(command, course)
    assert done.returncode != 0
    assert "HEAD names a branch it does not have" in done.stderr
    assert "symbolic-ref HEAD refs/heads/main" in done.stderr
    subprocess.run(
        ["git", "--git-dir", str(bare), "symbolic-ref", "HEAD", "refs/heads/main"], check=True
    )
    assert run_step(command, course).returncode == 0  # the step it names fixes it


def test_the_site_and_the_badges_open_github_when_the_course_is_fetched_from_a_mirror(tmp_path):
    from instructors import site

    mirror = Home("a/b", "main", address="https://git.example.org/b.git")
    assert badges.student_badge_url(mirror, "01_mlp") == badges.colab_url(
        "a/b", "main", "labs/01_mlp/student/01_mlp.ipynb"
    )
    assert 'COURSE_HOME = "https://git.example.org/b.git", "main"' in badges.setup_cell_source(
        mirror
    )
    note = site.mirror_note(mirror)
    assert "Colab opens notebooks from GitHub only" in note and "git.example.org/b.git" in note
    assert site.mirror_note(Home("a/b", "main")) == ""
    warnings = release.publish_warnings(mirror, mirror.clone_url, "main")
    assert warnings == [
        "the Colab badges open the notebooks from https://github.com/a/b.git (Colab opens "
        "notebooks from GitHub only): publish there too, with --remote https://github.com/a/b.git"
    ]
    assert release.publish_warnings(mirror, "https://github.com/a/b.git", "main") == []
