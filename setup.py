"""Build hook: the wheel ships the bundled graph prebuilt (``wpkld/prebuilt.py`` says why).

Everything else about the package is declared in pyproject.toml.
"""

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithGraph(build_py):
    """Copy the package as usual, then build ``wpkld/prebuilt-graph`` from the copied files."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the source tree: it builds at start
            return
        target = Path(self.build_lib) / "wpkld" / "prebuilt-graph"
        shutil.rmtree(target, ignore_errors=True)  # a previous build's output, never a source file
        sys.path.insert(0, self.build_lib)  # the wpkld just copied, with its data files
        from wpkld.prebuilt import write

        write(target)


setup(cmdclass={"build_py": BuildPyWithGraph})
