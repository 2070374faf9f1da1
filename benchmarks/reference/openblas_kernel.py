"""Gives Debian's OpenBLAS the CPU's kernel before torch loads it: import this module before torch.

Debian's torch links the system OpenBLAS (0.3.21 in bookworm), whose start-up CPU detection falls back to its generic
Prescott (SSE3) kernel on CPU models newer than it knows: seen on family 6 model 207, where torch's GEMMs then ran 5x
slower. On import this module asks the OpenBLAS that torch would load which kernel it chose; when that is Prescott on
a CPU with AVX-512 (or AVX2) it runs the script again with OPENBLAS_CORETYPE=SkylakeX (or Haswell), the kernel of the
instruction set the CPU reports (the same GEMM speed as the Cooperlake kernel that OpenBLAS's feature-based detection
picks on that CPU, measured here). An OPENBLAS_CORETYPE already set is kept. `kernel()` names the kernel the process
ended up with.
"""
import ctypes
import os
import sys

_LIBRARY = "libblas.so.3"   # what torch links; the alternatives system points it at OpenBLAS or the reference BLAS


def _corename(library):
    try:
        lib = ctypes.CDLL(library)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return None   # not loadable, or not OpenBLAS


def _kernel_for_cpu():
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    except OSError:
        return None
    return "SkylakeX" if "avx512f" in flags else "Haswell" if "avx2" in flags else None


def kernel():
    """The OpenBLAS kernel of this process ('Prescott', 'SkylakeX', ...), or None when its BLAS is not OpenBLAS."""
    return _corename(_LIBRARY)


# Only a script run from its file can be run again; torch already loaded would keep the kernel it has.
if ("OPENBLAS_CORETYPE" not in os.environ and "torch" not in sys.modules and sys.argv and os.path.isfile(sys.argv[0])
        and kernel() == "Prescott"):
    _core = _kernel_for_cpu()
    if _core is not None:
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, OPENBLAS_CORETYPE=_core))
