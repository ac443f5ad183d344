package dev.myelin.cuda;

import static dev.myelin.cuda.CudaContext.driver;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;

import java.nio.charset.StandardCharsets;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;

/**
 * What the driver reports of one device: its name, compute capability {@code major.minor}, memory in bytes and the
 * CUDA version the driver supports (e.g. 12060 for 12.6). Immutable.
 */
record DeviceProperties(String name, int ccMajor, int ccMinor, long totalMemory, int driverVersion) {

    /** Asks the driver about {@code device}; a failed call is a {@link CudaException}. */
    static DeviceProperties of(CUdevice device, int driverVersion) {
        byte[] name = new byte[256];
        driver(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        int[] major = new int[1];
        driver(cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "cuDeviceGetAttribute(major)");
        int[] minor = new int[1];
        driver(cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device), "cuDeviceGetAttribute(minor)");
        long[] mem = new long[1];
        driver(cuDeviceTotalMem(mem, device), "cuDeviceTotalMem");
        return new DeviceProperties(new String(name, 0, end, StandardCharsets.UTF_8), major[0], minor[0], mem[0], driverVersion);
    }

    /** {@code sm_XY} of the device. */
    String architecture() {
        return "sm_" + ccMajor + ccMinor;
    }

    /** The CUDA version the driver supports, e.g. {@code 12.6}. */
    String driverRelease() {
        return driverVersion / 1000 + "." + driverVersion % 1000 / 10;
    }
}
