# SPDX-License-Identifier: MIT
# CoreScope's helper inside a recorded Python program. CoreScope puts this folder first on
# PYTHONPATH; Python imports it at start-up, in the program and in every process it starts
# (multiprocessing's spawn and forkserver start new interpreters with the same environment).
# It writes the Python names of threads and processes, which the kernel does not know (it keeps
# 15 characters of a thread's name, and Python does not tell it), one line each:
#     <pid> TAB <tid> TAB thread|process TAB <name>
# and, once per process, what the interpreter is, so that the recorder can tell a Python whose
# GIL it could not find from one that has none (a free-threaded build):
#     <pid> TAB <tid> TAB interpreter TAB CPython 3.13.0 [free-threaded]
# Then it runs the sitecustomize it hides, if there is one.
import os
import sys

_FOLDER = os.environ.get("CORESCOPE_PY_NAMES_DIR")


def _write(kind, name):
    if not _FOLDER:
        return
    try:
        import threading
        # get_native_id is 3.8's; before it only the interpreter's line, which needs no tid,
        # can be written.
        tid = getattr(threading, "get_native_id", os.getpid)()
        line = "%d\t%d\t%s\t%s\n" % (os.getpid(), tid, kind, " ".join(str(name).split()))
        # Opened for each line: spawn closes inherited descriptors, and fork copies buffers.
        with open(os.path.join(_FOLDER, "names-%d.txt" % os.getpid()), "a") as out:
            out.write(line)
    except Exception:
        pass  # naming must never break the program


def interpreter_description(sys_module=sys, config_var=None):
    """ "CPython 3.11.2", or "CPython 3.13.0 free-threaded" for a build running without a GIL.

    A free-threaded build (3.13+) answers sys._is_gil_enabled(), which is False unless
    PYTHON_GIL=1 or an extension module turned the GIL back on; where that is missing, the build's
    Py_GIL_DISABLED says (config_var stands for sysconfig.get_config_var, for tests)."""
    implementation = sys_module.implementation.name
    name = "CPython" if implementation == "cpython" else implementation
    version = "%d.%d.%d" % tuple(sys_module.version_info[:3])
    is_gil_enabled = getattr(sys_module, "_is_gil_enabled", None)
    if is_gil_enabled is not None:
        free_threaded = not is_gil_enabled()
    elif tuple(sys_module.version_info[:2]) >= (3, 13):
        if config_var is None:
            import sysconfig
            config_var = sysconfig.get_config_var
        free_threaded = bool(config_var("Py_GIL_DISABLED"))
    else:
        free_threaded = False  # no free-threaded build before 3.13
    return name + " " + version + (" free-threaded" if free_threaded else "")


def _name_threads():
    import threading
    start = threading.Thread._bootstrap_inner

    def named_start(self):
        _write("thread", self.name)
        return start(self)

    threading.Thread._bootstrap_inner = named_start
    _write("thread", threading.current_thread().name)


def _name_processes():
    # Imported lazily by multiprocessing itself; patch it once it is.
    import importlib.abc
    import importlib.machinery

    def patch(module):
        bootstrap = module.BaseProcess._bootstrap

        def named_bootstrap(self, *args, **kwargs):
            _write("process", self.name)
            _write("thread", "MainThread")
            return bootstrap(self, *args, **kwargs)

        module.BaseProcess._bootstrap = named_bootstrap

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name != "multiprocessing.process":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec and spec.loader:
                exec_module = spec.loader.exec_module

                def exec_and_patch(module):
                    exec_module(module)
                    patch(module)

                spec.loader.exec_module = exec_and_patch
            return spec

    if "multiprocessing.process" in sys.modules:
        patch(sys.modules["multiprocessing.process"])
    else:
        sys.meta_path.insert(0, Finder())


def _run_hidden_sitecustomize():
    import importlib.machinery
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec and spec.loader and spec.origin != os.path.abspath(__file__):
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


if _FOLDER:
    _write("interpreter", interpreter_description())
    _name_threads()
    _name_processes()
_run_hidden_sitecustomize()
