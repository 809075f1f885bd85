"""Build the snmpx package with setuptools: the pure-Python layer and the
_snmpx extension, which compiles libsnmpx's own sources in (../src/**/*.c
of this checkout, or libsnmpx/src/**/*.c of the sdist), so nothing but
Python's headers, a C compiler and OpenSSL (libssl, libcrypto) is needed, and no
network.  The metadata is snmpx_build.py's (the PEP 517 backend that
pyproject.toml names; pip uses that one).

    python/build.sh OUT                               (tests, bench)
    /usr/bin/python3 setup.py build --build-base OUT  (by hand)
"""
import glob
import os
import sys

from setuptools import Extension, find_packages, setup
from setuptools.command.build_py import build_py

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import snmpx_build as meta  # noqa: E402

LIB = meta.lib_root()
# Absolute paths: setuptools then keeps the objects inside its build tree.
LIB_SOURCES = sorted(glob.glob(os.path.join(LIB, "src", "**", "*.c"),
                               recursive=True))
EXT_SOURCES = sorted(glob.glob(os.path.join(HERE, "src", "*.c")))

ext = Extension(
    "snmpx._snmpx",
    sources=EXT_SOURCES + LIB_SOURCES,
    include_dirs=[os.path.join(LIB, "include"), os.path.join(LIB, "src"),
                  os.path.join(HERE, "src")],
    define_macros=[("_POSIX_C_SOURCE", "200809L"), ("_DEFAULT_SOURCE", None)]
    + meta.mib_macros(),
    extra_compile_args=["-std=c11", "-O2", "-fvisibility=hidden",
                        "-Wall", "-Wno-unused-parameter",
                        "-Wno-missing-field-initializers"],
    libraries=["ssl", "crypto", "m"],
)
if os.environ.get("SNMPX_WERROR"):          # the test build (make check)
    ext.extra_compile_args.append("-Werror")

class build_py_with_mibs(build_py):
    """Also puts the shipped MIB modules in the package as snmpx/mibs/
    (as the PEP 517 backend's wheel carries them)."""

    def run(self):
        super().run()
        for arcname, path in meta._mib_files("snmpx/mibs/"):
            dst = os.path.join(self.build_lib, arcname)
            self.mkpath(os.path.dirname(dst))
            self.copy_file(path, dst, preserve_mode=False)

    def get_outputs(self, include_bytecode=1):
        return super().get_outputs(include_bytecode) + [
            os.path.join(self.build_lib, a)
            for a, _ in meta._mib_files("snmpx/mibs/")]


readme = meta._readme()
setup(
    name=meta.NAME,
    version=meta.VERSION,
    description=meta.SUMMARY,
    long_description=open(readme, encoding="utf-8").read() if readme else "",
    long_description_content_type="text/markdown",
    license=meta.LICENSE,
    classifiers=meta.CLASSIFIERS,
    keywords=meta.KEYWORDS,
    packages=find_packages(HERE, include=["snmpx", "snmpx.*"]),
    package_data={"": ["py.typed", "*.pyi"]},
    ext_modules=[ext],
    cmdclass={"build_py": build_py_with_mibs},
    python_requires=meta.REQUIRES_PYTHON,
    zip_safe=False,
)
