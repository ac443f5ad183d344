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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.nvrtc.nvrtcResult;

/**
 * The kernels module's code on one context, loaded the first way the driver accepts:
 * <ol>
 *   <li>the packaged CUBIN for the device's own architecture ({@code dev/myelin/kernels/sm_XY/*.cubin},
 *       built by NVRTC 11.8 for sm_75, 80, 86, 89 and 90);</li>
 *   <li>else the packaged PTX ({@code dev/myelin/kernels/*.ptx}, {@code compute_75}, PTX ISA 7.8, which
 *       every driver from R520 JIT-compiles for its device);</li>
 *   <li>else, when the driver answers {@code CUDA_ERROR_UNSUPPORTED_PTX_VERSION}, the packaged {@code .cu}
 *       sources compiled by the run-time NVRTC ({@code libnvrtc.so.12}) to a CUBIN for the device.</li>
 * </ol>
 * {@link #path()} says which was taken and why the earlier ones were not. Functions are looked up once
 * and cached. Not thread-safe: the owning backend serialises its calls.
 */
final class KernelModules {
    /** The .cu files of the kernels module, without extension. */
    static final List<String> FILES = List.of("activations", "dropout", "elementwise", "layers", "losses", "optimizers", "reductions", "training");
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
        String ptxVersion = "?";
        Map<String, String> ptx = new LinkedHashMap<>();
        for (String file : FILES) {
            String text = resourceText(file + ".ptx");
            ptx.put(file, text);
            Matcher e = ENTRY.matcher(text);
            while (e.find()) {
                fileOfEntry.put(e.group(1), file);
            }
            Matcher v = VERSION.matcher(text);
            if (v.find()) {
                ptxVersion = v.group(1);
            }
        }
        String cubinRefused;
        if (!hasResource(arch + "/" + FILES.get(0) + ".cubin")) {
            cubinRefused = "no packaged CUBIN for " + arch;
        } else {
            int r = loadAll(file -> resourceBytes(arch + "/" + file + ".cubin"));
            if (r == CUresult.CUDA_SUCCESS) {
                path = "CUBIN " + arch + " (packaged)";
                return;
            }
            cubinRefused = "the driver refused the packaged " + arch + " CUBIN: " + CUresult.stringFor(r);
        }
        int r = loadAll(file -> nulTerminated(ptx.get(file).getBytes(StandardCharsets.UTF_8)));
        if (r == CUresult.CUDA_SUCCESS) {
            path = "PTX ISA " + ptxVersion + " (" + cubinRefused + ")";
            return;
        }
        if (r != CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
            throw CudaException.driver("cuModuleLoadData(packaged PTX ISA " + ptxVersion + "; " + cubinRefused + ")", r);
        }
        r = loadAll(file -> CUBINS.computeIfAbsent(arch + "/" + file, k -> compile(file, arch)));
        if (r != CUresult.CUDA_SUCCESS) {
            throw CudaException.driver("cuModuleLoadData(.cu compiled by NVRTC for " + arch + ")", r);
        }
        path = "NVRTC → " + arch + " CUBIN (" + cubinRefused + "; the driver refused PTX ISA " + ptxVersion + ")";
    }

    /** Loads one image per file; on the first failure unloads what it loaded and returns the driver's answer. */
    private int loadAll(Function<String, byte[]> image) {
        boolean loaded = false;
        try {
            for (String file : FILES) {
                CUmodule module = new CUmodule();
                int r = cuModuleLoadData(module, image.apply(file));
                if (r != CUresult.CUDA_SUCCESS) {
                    return r;
                }
                modules.put(file, module);
            }
            loaded = true;
            return CUresult.CUDA_SUCCESS;
        } finally {
            if (!loaded) {
                unload();
            }
        }
    }

    /**
     * How the code was loaded and why the earlier ways were not taken, e.g. {@code CUBIN sm_86 (packaged)},
     * {@code PTX ISA 7.8 (no packaged CUBIN for sm_61)} or {@code NVRTC → sm_75 CUBIN (…)}.
     */
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

    /**
     * NVRTC: {@code file}.cu with the packaged headers, with the options the packaged kernels are built with,
     * to a CUBIN for a real architecture ({@code sm_75}) or to NUL-terminated PTX for a virtual one
     * ({@code compute_75}).
     */
    static byte[] compile(String file, String arch) {
        boolean ptx = arch.startsWith("compute_");
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
            String kind = ptx ? "PTX" : "CUBIN";
            long[] size = new long[1];
            r = ptx ? JNvrtc.nvrtcGetPTXSize(program, size) : JNvrtc.nvrtcGetCUBINSize(program, size);
            if (r != nvrtcResult.NVRTC_SUCCESS || size[0] <= 0) {
                throw CudaException.nvrtc("nvrtcGet" + kind + "Size(" + file + ".cu, " + arch + ")", r, log(program));
            }
            byte[] image = new byte[(int) size[0]];
            String[] text = new String[1];
            r = ptx ? JNvrtc.nvrtcGetPTX(program, text) : JNvrtc.nvrtcGetCUBIN(program, image);
            if (r != nvrtcResult.NVRTC_SUCCESS) {
                throw CudaException.nvrtc("nvrtcGet" + kind + "(" + file + ".cu)", r, null);
            }
            return ptx ? nulTerminated(text[0].replace("\0", "").getBytes(StandardCharsets.UTF_8)) : image;
        } finally {
            JNvrtc.nvrtcDestroyProgram(program);
        }
    }

    private static String log(nvrtcProgram program) {
        String[] log = new String[1];
        return JNvrtc.nvrtcGetProgramLog(program, log) == nvrtcResult.NVRTC_SUCCESS ? log[0] : null;
    }

    static String resourceText(String name) {
        return new String(resourceBytes(name), StandardCharsets.UTF_8);
    }

    static byte[] resourceBytes(String name) {
        try (InputStream in = KernelModules.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCES + name + " on the class path: add the myelin-kernels jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasResource(String name) {
        return KernelModules.class.getResource(RESOURCES + name) != null;
    }

    private static byte[] nulTerminated(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
