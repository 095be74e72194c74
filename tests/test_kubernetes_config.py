"""The Kubernetes path (deploy/kubernetes/) as far as it can be checked without a cluster.

Nothing here builds the image or installs the chart. What is checked: the chart's values
and the volume claims parse; the instructor guide's section quotes them exactly as they
are (its YAML blocks, its Dockerfile block, every chart key it names in inline code);
the exchange and the course folder are ReadWriteMany; the Dockerfile copies only what
exists, installs from the lock and starts from a pinned image; the hub's hook is Python
and points at folders the image holds.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "kubernetes"
GUIDE = ROOT / "guides" / "instructor.md"
SECTION = "### Past one machine: Zero to JupyterHub on Kubernetes"
NEXT = "### What students' work can and cannot do"
CLAIMS = ["exchange-pvc.yaml", "course-pvc.yaml"]


def load(name: str):
    return yaml.safe_load((K8S / name).read_text(encoding="utf-8"))


def section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(SECTION)
    return text[start : text.index(NEXT, start)]


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", section(), re.M | re.S)


def contained(part, whole, where: str = "") -> list[str]:
    """Where `part` differs from `whole`: each key of a mapping must be there with the
    same value (recursively); anything else must be equal."""
    if isinstance(part, dict):
        if not isinstance(whole, dict):
            return [f"{where or '.'}: a mapping in the guide, {whole!r} in the file"]
        problems = []
        for key, value in part.items():
            if key not in whole:
                problems.append(f"{where}.{key}: not in the file")
            else:
                problems += contained(value, whole[key], f"{where}.{key}")
        return problems
    return [] if part == whole else [f"{where}: {part!r} in the guide, {whole!r} in the file"]


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of each Dockerfile instruction, continuation lines joined."""
    text = (K8S / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in joined.splitlines()
        if line.strip()
    ]


def instructions(name: str) -> list[str]:
    return [args for instruction, args in dockerfile() if instruction == name]


def test_the_chart_values_and_the_claims_parse_as_mappings():
    for name in ["values.yaml", *CLAIMS]:
        assert isinstance(load(name), dict), name
    values = load("values.yaml")
    assert {"singleuser", "hub"} <= set(values)


def test_the_exchange_and_the_course_folder_are_read_write_many_claims():
    for name in CLAIMS:
        claim = load(name)
        assert claim["kind"] == "PersistentVolumeClaim", name
        assert claim["spec"]["accessModes"] == ["ReadWriteMany"], name
        assert "CHANGE-ME" in claim["spec"]["storageClassName"], f"{name}: mark the placeholder"


def test_every_user_pod_mounts_the_exchange_where_the_course_looks_for_it():
    singleuser = load("values.yaml")["singleuser"]
    (volume,) = singleuser["storage"]["extraVolumes"]
    (mount,) = singleuser["storage"]["extraVolumeMounts"]
    assert (
        volume["persistentVolumeClaim"]["claimName"]
        == load("exchange-pvc.yaml")["metadata"]["name"]
    )
    assert mount["name"] == volume["name"]
    assert mount["mountPath"] == singleuser["extraEnv"]["CROSSING_BORDERS_EXCHANGE"]
    student = (ROOT / "deploy" / "student" / "nbgrader_config.py").read_text()
    assert 'os.environ.get("CROSSING_BORDERS_EXCHANGE"' in student


def test_the_image_tag_in_the_values_is_the_package_version():
    image = load("values.yaml")["singleuser"]["image"]
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert image["tag"] == version
    assert image["tag"] != "latest"


def test_the_guide_quotes_the_values_and_the_claims_as_they_are():
    quoted = [yaml.safe_load(block) for block in blocks("yaml")]
    assert len(quoted) >= 3, "the section quotes the values and the exchange claim"
    claims = {load(name)["metadata"]["name"]: load(name) for name in CLAIMS}
    values = load("values.yaml")
    problems = []
    for block in quoted:
        if "kind" in block:
            problems += contained(block, claims[block["metadata"]["name"]])
        else:
            problems += contained(block, values)
    assert not problems, "\n".join(problems)
    assert any(b.get("kind") == "PersistentVolumeClaim" for b in quoted)


def test_every_chart_key_the_guide_names_is_in_the_values():
    values = load("values.yaml")
    keys = set(re.findall(r"`((?:singleuser|hub)\.[A-Za-z_.]+)`", section()))
    assert keys, "the section names the chart keys it relies on"
    defaults = {"singleuser.uid", "singleuser.fsGid"}  # the chart's defaults, left alone
    for key in sorted(keys - defaults):
        node = values
        for part in key.split("."):
            assert isinstance(node, dict) and part in node, f"{key} is not in values.yaml"
            node = node[part]


def test_the_guide_quotes_the_dockerfile_as_it_is():
    (block,) = blocks("dockerfile")
    text = (K8S / "Dockerfile").read_text(encoding="utf-8")
    file_lines = [line.rstrip() for line in text.splitlines()]
    for line in block.splitlines():
        assert line.rstrip() in file_lines, f"not in the Dockerfile: {line}"
    quoted = [line for line in block.splitlines() if line and not line.startswith(" ")]
    written = [
        line
        for line in file_lines
        if line and not line.startswith((" ", "#")) and not line.startswith("    ")
    ]
    assert quoted == written, "the guide's block leaves out or reorders instructions"


def test_the_section_adds_no_shell_block():
    # Every shell block of the guide must be walked by a journey; this section has none.
    assert not re.search(r"^```(?:bash|console|shell|sh)\n", section(), re.M)


def test_the_image_starts_from_a_pinned_docker_stacks_tag():
    (base,) = instructions("FROM")
    image, _, tag = base.partition(":")
    assert image.startswith("quay.io/jupyter/"), base
    assert tag and tag != "latest" and "@" not in image, base
    # A Python patch version or a date: never a tag that names no release.
    assert re.fullmatch(r"python-3\.11\.\d+|\d{4}-\d{2}-\d{2}", tag), tag


def test_every_path_the_dockerfile_copies_exists():
    copies = instructions("COPY")
    assert copies
    for args in copies:
        words = [w for w in shlex.split(args) if not w.startswith("--")]
        for source in words[:-1]:
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    copied = {w.rstrip("/") for args in copies for w in shlex.split(args)[:-1]}
    for needed in ["pyproject.toml", "README.md", "course.toml", "requirements", "src", "deploy"]:
        assert needed in copied, f"the image needs {needed}"


def test_the_image_installs_the_package_from_the_lock():
    runs = " ".join(instructions("RUN"))
    install = re.search(r"pip install ([^&]*)", runs)
    assert install, runs
    assert "-c requirements/lock.txt" in install.group(1)
    assert re.search(r"\"\.\[[a-z,]*grading[a-z,]*\]\"", install.group(1))
    # Whatever else it installs is pinned exactly.
    for extra in re.findall(r"pip install --no-cache-dir \"([^\"]+)\"", runs):
        assert "==" in extra, extra


def test_the_image_reads_the_student_configuration_it_holds():
    (workdir, *_) = instructions("WORKDIR")
    env = dict(arg.split("=", 1) for arg in instructions("ENV"))
    path = env["JUPYTER_CONFIG_PATH"]
    assert path.startswith(workdir + "/"), path
    folder = ROOT / path[len(workdir) + 1 :]
    assert folder == ROOT / "deploy" / "student"
    assert (folder / "nbgrader_config.py").is_file()


@pytest.fixture(scope="module")
def hook() -> str:
    return load("values.yaml")["hub"]["extraConfig"]["crossing-borders.py"]


def test_the_hubs_hook_is_python_and_is_registered(hook):
    compile(hook, "hub.extraConfig", "exec")
    assert "c.Spawner.pre_spawn_hook = crossing_borders_pre_spawn" in hook


def test_the_hook_gives_instructors_folders_the_image_holds(hook):
    (workdir, *_) = instructions("WORKDIR")
    assert f'IMAGE_COPY = "{workdir}"' in hook
    folders = re.findall(r"\{IMAGE_COPY\}/([\w/]+)", hook)
    assert sorted(folders) == ["deploy/instructor", "deploy/kubernetes/instructor"]
    for folder in folders:
        assert (ROOT / folder).is_dir(), folder
    config = (ROOT / "deploy/kubernetes/instructor/nbgrader_config.py").read_text()
    assert 'c.CourseDirectory.db_url = os.environ["CROSSING_BORDERS_DB_URL"]' in config
    assert "c.CourseDirectory.groupshared = True" in config


def test_the_hook_mounts_the_course_claim_and_the_group_loads_instructors(hook):
    values = load("values.yaml")
    course = load("course-pvc.yaml")["metadata"]["name"]
    assert f'"claimName": "{course}"' in hook
    assert "cb-instructors" in values["hub"]["config"]["JupyterHub"]["load_groups"]
    assert '"cb-instructors" not in' in hook
    secret = values["hub"]["extraEnv"]["CROSSING_BORDERS_DB_URL"]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": "crossing-borders-gradebook", "key": "url"}
