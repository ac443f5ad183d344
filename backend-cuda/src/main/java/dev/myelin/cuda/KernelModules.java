package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.nvrtc.nvrtcResult;

/**
 * The kernels module's code on one context: the packaged PTX ({@code dev/myelin/kernels/*.ptx}),
 * or, when the driver answers {@code CUDA_ERROR_UNSUPPORTED_PTX_VERSION} (nvcc 13 writes PTX ISA
 * 9.0, which only an R580+ driver loads), the packaged {@code .cu} sources compiled by NVRTC to a
 * CUBIN for the device's own {@code sm_XY}. Functions are looked up once and cached.
 */
final class KernelModules {
    /** The .cu files of the kernels module, without extension. */
    static final List<String> FILES = List.of("activations", "dropout", "elementwise", "layers", "losses", "optimizers", "reductions");
    /** Headers the sources include, given to NVRTC by name. */
    static final List<String> HEADERS = List.of("myelin_common.cuh", "philox.cuh");
    private static final String RESOURCES = "/dev/myelin/kernels/";
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_][A-Za-z0-9_$]*)");
    private static final Pattern VERSION = Pattern.compile("^\\.version\\s+(\\S+)", Pattern.MULTILINE);

    /** CUBINs NVRTC made in this process, by "sm_XY/file": a second backend does not compile again. */
    private static final Map<String, byte[]> CUBINS = new ConcurrentHashMap<>();

    private final Map<String, CUmodule> modules = new LinkedHashMap<>();
    private final Map<String, String> fileOfEntry = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final String path;

    /** Loads every module on the current context; on failure unloads what was loaded and throws. */
    KernelModules(int ccMajor, int ccMinor) {
        String arch = "sm_" + ccMajor + ccMinor;
        String taken = null;
        try {
            boolean nvrtc = false;
            String ptxVersion = "?";
            for (String file : FILES) {
                String ptx = resourceText(file + ".ptx");
                Matcher e = ENTRY.matcher(ptx);
                while (e.find()) {
                    fileOfEntry.put(e.group(1), file);
                }
                Matcher v = VERSION.matcher(ptx);
                if (v.find()) {
                    ptxVersion = v.group(1);
                }
                CUmodule module = new CUmodule();
                if (!nvrtc) {
                    int r = cuModuleLoadData(module, nulTerminated(ptx.getBytes(StandardCharsets.UTF_8)));
                    if (r == CUresult.CUDA_SUCCESS) {
                        modules.put(file, module);
                        continue;
                    }
                    if (r != CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
                        throw CudaException.driver("cuModuleLoadData(" + file + ".ptx, PTX ISA " + ptxVersion + ")", r);
                    }
                    nvrtc = true;
                }
                byte[] cubin = CUBINS.computeIfAbsent(arch + "/" + file, k -> compile(file, arch));
                int r = cuModuleLoadData(module, cubin);
                if (r != CUresult.CUDA_SUCCESS) {
                    throw CudaException.driver("cuModuleLoadData(" + file + ".cu compiled by NVRTC for " + arch + ")", r);
                }
                modules.put(file, module);
            }
            taken = nvrtc ? "NVRTC → " + arch + " CUBIN (driver refused PTX ISA " + ptxVersion + ")" : "PTX ISA " + ptxVersion;
        } finally {
            if (taken == null) {
                unload();
            }
        }
        this.path = taken;
    }

    /** How the code was loaded, e.g. {@code PTX ISA 9.0} or {@code NVRTC → sm_75 CUBIN}. */
    String path() {
        return path;
    }

    /** The kernel {@code entry}, looked up once. */
    CUfunction function(String entry) {
        CUfunction f = functions.get(entry);
        if (f != null) {
            return f;
        }
        String file = fileOfEntry.get(entry);
        if (file == null) {
            throw new UnsupportedOperationException("kernel " + entry + " is missing: no packaged PTX of the kernels module declares it");
        }
        f = new CUfunction();
        int r = cuModuleGetFunction(f, modules.get(file), entry);
        if (r != CUresult.CUDA_SUCCESS) {
            throw CudaException.driver("cuModuleGetFunction(" + entry + " in " + file + ")", r);
        }
        functions.put(entry, f);
        return f;
    }

    void unload() {
        for (CUmodule m : modules.values()) {
            cuModuleUnload(m);
        }
        modules.clear();
        functions.clear();
    }

    /** NVRTC: {@code file}.cu with the packaged headers to a CUBIN for {@code arch}, NUL-terminated. */
    static byte[] compile(String file, String arch) {
        JNvrtc.setExceptionsEnabled(false);
        nvrtcProgram program = new nvrtcProgram();
        String[] headers = HEADERS.stream().map(h -> resourceText(h)).toArray(String[]::new);
        String[] names = HEADERS.toArray(new String[0]);
        int r = JNvrtc.nvrtcCreateProgram(program, resourceText(file + ".cu"), file + ".cu", headers.length, headers, names);
        if (r != nvrtcResult.NVRTC_SUCCESS) {
            throw CudaException.nvrtc("nvrtcCreateProgram(" + file + ".cu)", r, null);
        }
        try {
            String[] options = {"--gpu-architecture=" + arch, "-default-device", "-std=c++17"};
            r = JNvrtc.nvrtcCompileProgram(program, options.length, options);
            if (r != nvrtcResult.NVRTC_SUCCESS) {
                throw CudaException.nvrtc("nvrtcCompileProgram(" + file + ".cu, " + String.join(" ", options) + ")", r, log(program));
            }
            long[] size = new long[1];
            r = JNvrtc.nvrtcGetCUBINSize(program, size);
            if (r != nvrtcResult.NVRTC_SUCCESS || size[0] <= 0) {
                throw CudaException.nvrtc("nvrtcGetCUBINSize(" + file + ".cu, " + arch + ")", r, log(program));
            }
            byte[] cubin = new byte[(int) size[0]];
            r = JNvrtc.nvrtcGetCUBIN(program, cubin);
            if (r != nvrtcResult.NVRTC_SUCCESS) {
                throw CudaException.nvrtc("nvrtcGetCUBIN(" + file + ".cu)", r, null);
            }
            return cubin;
        } finally {
            JNvrtc.nvrtcDestroyProgram(program);
        }
    }

    private static String log(nvrtcProgram program) {
        String[] log = new String[1];
        return JNvrtc.nvrtcGetProgramLog(program, log) == nvrtcResult.NVRTC_SUCCESS ? log[0] : null;
    }

    static String resourceText(String name) {
        try (InputStream in = KernelModules.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCES + name + " on the class path: add the myelin-kernels jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] nulTerminated(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
