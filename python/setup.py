"""Build the snmpx package: the pure-Python layer and the _snmpx extension,
which compiles libsnmpx's own sources (../src/**/*.c of this checkout) in,
so nothing but Python's headers, a C compiler and OpenSSL's libcrypto is
needed, and no network.

    /usr/bin/python3 -m pip install ./python          (from the checkout)
    /usr/bin/python3 setup.py build_ext --inplace     (for development)
"""
import glob
import os

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Absolute paths: setuptools then keeps the objects inside its build tree.
LIB_SOURCES = sorted(glob.glob(os.path.join(ROOT, "src", "**", "*.c"),
                               recursive=True))
EXT_SOURCES = sorted(glob.glob(os.path.join(HERE, "src", "*.c")))

if not LIB_SOURCES:
    raise SystemExit("snmpx: libsnmpx sources not found under %s/src; build "
                     "from a checkout of the snmpx repository" % ROOT)

ext = Extension(
    "snmpx._snmpx",
    sources=EXT_SOURCES + LIB_SOURCES,
    include_dirs=[os.path.join(ROOT, "include"), os.path.join(ROOT, "src"),
                  os.path.join(HERE, "src")],
    define_macros=[("_POSIX_C_SOURCE", "200809L"), ("_DEFAULT_SOURCE", None)],
    extra_compile_args=["-std=c11", "-O2", "-fvisibility=hidden",
                        "-Wall", "-Wno-unused-parameter",
                        "-Wno-missing-field-initializers"],
    libraries=["crypto", "m"],
)
if os.environ.get("SNMPX_WERROR"):          # the test build (make check)
    ext.extra_compile_args.append("-Werror")

setup(
    name="snmpx",
    version="0.1.0",
    description="SNMP v1/v2c/v3 manager over libsnmpx: blocking, "
                "handle-based and asyncio",
    # snmpx and its subpackages (snmpx.pysnmp.*: pysnmp's hlapi paths).
    packages=["snmpx"] + [
        "snmpx." + os.path.relpath(d, os.path.join(HERE, "snmpx")).replace(
            os.sep, ".")
        for d, _, files in sorted(os.walk(os.path.join(HERE, "snmpx",
                                                       "pysnmp")))
        if "__init__.py" in files],
    package_dir={"snmpx": os.path.join("snmpx")},
    package_data={"snmpx": ["py.typed", "*.pyi"]},
    ext_modules=[ext],
    python_requires=">=3.9",
    zip_safe=False,
)
