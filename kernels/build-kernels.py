#!/usr/bin/python3
"""Builds the packaged kernels of every source in src/main/cuda with NVRTC 11.8.

    X.cu  ->  OUT/X.ptx             compute_75 PTX (ISA 7.8: every driver from R520 loads it)
          ->  OUT/sm_YZ/X.cubin     one CUBIN per architecture in ARCHITECTURES

          ->  OUT/SOURCES.sha256    the SHA-256 of every .cu and .cuh file they were built from

OUT defaults to src/main/resources/dev/myelin/kernels (the committed kernels). Run it after
changing a .cu or .cuh file and commit what it wrote. With --check, it builds into OUT and
compares with the committed kernels (check-kernels.sh runs that in the build): of each PTX its
.version, .target and every entry's parameter list, of each CUBIN its architecture, its
sections and every entry's parameter layout. The code itself is not compared: NVRTC 11.8 does
not number registers and order instructions the same way from one process to the next for the
larger sources, so a rebuild of unchanged sources can differ there. That the code is current
is what SOURCES.sha256 says, and check-kernels.sh compares it with the sources everywhere.

The compiler is Debian's libnvrtc11.2 (CUDA 11.8 NVRTC, Debian component non-free), called
through ctypes: no CUDA toolkit is needed. The options are the CUDA backend's own
(KernelModules.compile): -default-device -std=c++17, the headers passed by name.


usage: build-kernels.py [OUT-DIR]
       build-kernels.py --check OUT-DIR
"""
import ctypes
import hashlib
import pathlib
import struct
import sys

LIBRARY = "libnvrtc.so.11.2"
ARCHITECTURES = ["sm_75", "sm_80", "sm_86", "sm_89", "sm_90"]
PTX_ARCHITECTURE = "compute_75"
OPTIONS = ["-default-device", "-std=c++17"]
HEADERS = ["myelin_common.cuh", "philox.cuh"]

here = pathlib.Path(__file__).resolve().parent
sources = here / "src" / "main" / "cuda"


def load():
    try:
        nvrtc = ctypes.CDLL(LIBRARY)
    except OSError as e:
        sys.exit(f"build-kernels.py: {LIBRARY} cannot be loaded ({e}); install Debian's libnvrtc11.2 "
                 "(apt sources with 'contrib non-free')")
    nvrtc.nvrtcGetErrorString.restype = ctypes.c_char_p
    return nvrtc


def compile_to(nvrtc, name, architecture, binary):
    """The PTX (binary=False) or CUBIN (binary=True) NVRTC makes of NAME.cu for ARCHITECTURE."""
    def check(result, call):
        if result != 0:
            log = ""
            size = ctypes.c_size_t()
            if nvrtc.nvrtcGetProgramLogSize(program, ctypes.byref(size)) == 0 and size.value > 1:
                buffer = ctypes.create_string_buffer(size.value)
                nvrtc.nvrtcGetProgramLog(program, buffer)
                log = "\n" + buffer.value.decode(errors="replace")
            sys.exit(f"build-kernels.py: {call}({name}.cu, {architecture}): "
                     f"{nvrtc.nvrtcGetErrorString(result).decode()}{log}")

    program = ctypes.c_void_p()
    headers = (ctypes.c_char_p * len(HEADERS))(*[(sources / h).read_bytes() for h in HEADERS])
    names = (ctypes.c_char_p * len(HEADERS))(*[h.encode() for h in HEADERS])
    check(nvrtc.nvrtcCreateProgram(ctypes.byref(program), (sources / f"{name}.cu").read_bytes(),
                                   f"{name}.cu".encode(), len(HEADERS), headers, names), "nvrtcCreateProgram")
    try:
        options = [f"--gpu-architecture={architecture}"] + OPTIONS
        check(nvrtc.nvrtcCompileProgram(program, len(options),
                                        (ctypes.c_char_p * len(options))(*[o.encode() for o in options])),
              "nvrtcCompileProgram")
        size = ctypes.c_size_t()
        kind = "CUBIN" if binary else "PTX"
        check(getattr(nvrtc, f"nvrtcGet{kind}Size")(program, ctypes.byref(size)), f"nvrtcGet{kind}Size")
        buffer = ctypes.create_string_buffer(size.value)
        check(getattr(nvrtc, f"nvrtcGet{kind}")(program, buffer), f"nvrtcGet{kind}")
        # The PTX is NUL-terminated text; the CUBIN is exactly size bytes.
        return buffer.raw[:size.value] if binary else buffer.value
    finally:
        nvrtc.nvrtcDestroyProgram(ctypes.byref(program))


def ptx_interface(path):
    """.version, .target and each entry's declaration with its parameter list."""
    interface, inside = [], False
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith((".version", ".target")) or ".entry " in line:
            interface.append(line)
            inside = ".entry " in line and not line.endswith(")")
        elif inside:
            interface.append(line)
            inside = line != ")"
    return interface


def cubin_layout(path):
    """Architecture, section names and each entry's (ordinal, offset, size) parameter records."""
    elf = path.read_bytes()
    if elf[:4] != b"\x7fELF":
        return None
    flags, = struct.unpack_from("<I", elf, 48)
    sections_at, = struct.unpack_from("<Q", elf, 40)
    entry_bytes, count, names_index = struct.unpack_from("<HHH", elf, 58)
    headers = [struct.unpack_from("<IIQQQQ", elf, sections_at + i * entry_bytes) for i in range(count)]
    names_at = headers[names_index][4]
    layout = [flags & 0xff]
    for name_at, _, _, _, at, size in headers:
        name = elf[names_at + name_at:elf.index(b"\0", names_at + name_at)].decode()
        params = []
        if name.startswith(".nv.info."):
            p = at
            while p + 2 <= at + size:
                form, attribute = elf[p], elf[p + 1]
                if form == 4:  # EIFMT_SVAL: u16 length, then the value
                    length, = struct.unpack_from("<H", elf, p + 2)
                    if attribute == 0x17:  # EIATTR_KPARAM_INFO: index, ordinal, offset, flags (size in bits 18..31)
                        _, ordinal, offset, bits = struct.unpack_from("<IHHI", elf, p + 4)
                        params.append((ordinal, offset, bits >> 18))
                    p += 4 + length
                else:
                    p += 4 if form in (2, 3) else 2
        layout.append((name, sorted(params)))
    return sorted(layout[1:]) + [layout[0]]


def stale_kernels(built, committed):
    """The committed kernels that differ from the ones just built, or lack a source."""
    stale = []
    for cu in sorted(sources.glob("*.cu")):
        name = cu.stem
        if not (committed / f"{name}.ptx").is_file() or ptx_interface(built / f"{name}.ptx") != ptx_interface(committed / f"{name}.ptx"):
            stale.append(f"{name}.ptx")
        for arch in ARCHITECTURES:
            kept = committed / arch / f"{name}.cubin"
            if not kept.is_file() or cubin_layout(built / arch / f"{name}.cubin") != cubin_layout(kept):
                stale.append(f"{arch}/{name}.cubin")
    for kernel in sorted(list(committed.glob("*.ptx")) + list(committed.glob("sm_*/*.cubin"))):
        if not (sources / f"{kernel.stem}.cu").is_file():
            stale.append(f"{kernel.relative_to(committed)} (no source)")
    return stale


def main():
    committed = here / "src" / "main" / "resources" / "dev" / "myelin" / "kernels"
    check = len(sys.argv) > 2 and sys.argv[1] == "--check"
    out = pathlib.Path(sys.argv[-1]) if len(sys.argv) > 1 else committed
    nvrtc = load()
    major, minor = ctypes.c_int(), ctypes.c_int()
    nvrtc.nvrtcVersion(ctypes.byref(major), ctypes.byref(minor))
    for arch in ARCHITECTURES:
        (out / arch).mkdir(parents=True, exist_ok=True)
    for cu in sorted(sources.glob("*.cu")):
        name = cu.stem
        (out / f"{name}.ptx").write_bytes(compile_to(nvrtc, name, PTX_ARCHITECTURE, binary=False))
        for arch in ARCHITECTURES:
            (out / arch / f"{name}.cubin").write_bytes(compile_to(nvrtc, name, arch, binary=True))
        print(f"build-kernels.py: {name}.ptx ({PTX_ARCHITECTURE}) and {name}.cubin for {' '.join(ARCHITECTURES)}"
              f" (NVRTC {major.value}.{minor.value})")
    (out / "SOURCES.sha256").write_text(
        "".join(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n" for f in sorted(sources.glob("*.cu*"))))
    if check:
        stale = stale_kernels(out, committed)
        if stale:
            sys.exit(f"build-kernels.py: the committed kernels are not what NVRTC {major.value}.{minor.value} makes from the sources"
                     f" now: {' '.join(stale)}\nbuild-kernels.py: run kernels/build-kernels.py and commit"
                     " src/main/resources/dev/myelin/kernels")
        print(f"build-kernels.py: the committed kernels match their sources (NVRTC {major.value}.{minor.value})")


if __name__ == "__main__":
    main()
