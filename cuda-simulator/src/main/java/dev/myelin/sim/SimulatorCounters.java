package dev.myelin.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the counters the simulated driver keeps in a memory-mapped file (layout in
 * {@code src/main/native/driver/counters.h}). Counters are found by the names the file
 * carries, so this reader needs no list of its own. Also the controls a test has over the
 * running simulator: the driver version it reports, fault injection and the schedule.
 */
public final class SimulatorCounters {

    private static final int HEADER_BYTES = 1024;
    private static final int NAME_BYTES = 56;
    private static final int ENTRY_BYTES = NAME_BYTES + 8;

    private final MappedByteBuffer map;
    private final Map<String, Integer> offsets = new LinkedHashMap<>();

    private SimulatorCounters(MappedByteBuffer map) {
        this.map = map;
        byte[] magic = new byte[8];
        map.get(0, magic);
        if (!"MYSIMCT1".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new IllegalStateException("not a simulator counters file");
        }
        int count = map.getInt(12);
        for (int i = 0; i < count; i++) {
            int at = HEADER_BYTES + i * ENTRY_BYTES;
            offsets.put(text(at, NAME_BYTES), at + NAME_BYTES);
        }
    }

    /** Maps the counters file the simulated driver of this process writes. */
    public static SimulatorCounters open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            map.order(ByteOrder.LITTLE_ENDIAN);
            return new SimulatorCounters(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The current value of one counter, e.g. {@code "allocations"}. */
    public long get(String name) {
        Integer at = offsets.get(name);
        if (at == null) {
            throw new IllegalArgumentException("no counter " + name + "; known: " + offsets.keySet());
        }
        return map.getLong(at);
    }

    /** Every counter now, to subtract from a later snapshot. */
    public Snapshot snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        offsets.keySet().forEach(name -> values.put(name, get(name)));
        return new Snapshot(values);
    }

    /** The last function called that the simulator does not implement ("" if none). */
    public String lastUnsupported() {
        return text(64, 128);
    }

    /** The last error the simulator reported, with its reason. */
    public String lastError() {
        return text(192, 832);
    }

    /**
     * Makes cuDriverGetVersion report {@code version} (e.g. 12060, 13000) and module loading
     * accept the PTX ISA that driver would; 0 restores the MYELIN_SIM_DRIVER_VERSION default.
     */
    public void setDriverVersion(int version) {
        map.putLong(16, version);
    }

    /**
     * Makes the simulated device report compute capability {@code major.minor} (e.g. 86 for 8.6) and load only
     * CUBINs for that architecture; 0 restores 7.5.
     */
    public void setComputeCapability(int majorMinor) {
        map.putLong(48, majorMinor);
    }

    /**
     * Makes the {@code n}-th kernel launch from now fail with {@code CUDA_ERROR_LAUNCH_FAILED}, as a faulting
     * kernel would (the context is then unusable, as on a GPU); 0 cancels.
     */
    public void failLaunch(int n) {
        map.putLong(24, n);
    }

    /**
     * How the simulator orders blocks and threads from the next launch on (see
     * {@code native/driver/schedule.h}); {@link Schedule#DEFAULT} returns to MYELIN_SIM_SCHEDULE.
     * {@code seed} picks the permutations of {@link Schedule#RANDOM} and {@link Schedule#CHECK}.
     */
    public void setSchedule(Schedule schedule, long seed) {
        map.putLong(40, seed);
        map.putLong(32, schedule.ordinal());
    }

    /** Block and thread orders of the simulator; the ordinal is the code the driver reads. */
    public enum Schedule {
        /** Whatever MYELIN_SIM_SCHEDULE says (forward when unset). */
        DEFAULT,
        /** Blocks x-fastest, threads by ascending id. */
        FORWARD,
        /** Blocks and threads in descending order. */
        REVERSE,
        /** Random blocks, and threads reshuffled after every barrier or warp release. */
        RANDOM,
        /** Every launch runs forward and random on the same memory; the first differing byte fails it. */
        CHECK
    }

    private String text(int offset, int length) {
        byte[] bytes = new byte[length];
        map.get(offset, bytes);
        int end = 0;
        while (end < length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    /** Counter values at one moment. */
    public record Snapshot(Map<String, Long> values) {
        /** How much each counter grew since {@code before}. */
        public Snapshot minus(Snapshot before) {
            Map<String, Long> delta = new LinkedHashMap<>();
            values.forEach((name, value) -> delta.put(name, value - before.values.getOrDefault(name, 0L)));
            return new Snapshot(delta);
        }

        public long get(String name) {
            Long value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no counter " + name);
            }
            return value;
        }
    }
}
