package dev.myelin.modelfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.backend.DType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors layout: an 8-byte little-endian header length N, N bytes of JSON mapping each tensor
 * name to {@code {"dtype": "F64"|"F32", "shape": [rows, cols], "data_offsets": [begin, end]}} (offsets in
 * bytes from the start of the data), then the tensors' raw little-endian values back to back. Readable by
 * the safetensors library and by plain numpy ({@code np.frombuffer}).
 *
 * <p>{@link #decode} is strict, for untrusted bytes: the header length, every offset and every shape are
 * checked against the bytes actually present before anything is allocated, the data must be covered
 * exactly once with no gaps, and the header is at most {@value #MAX_HEADER_BYTES} bytes.
 * Stateless; thread-safe.
 */
public final class SafeTensors {
    /** Largest JSON header accepted (the safetensors library allows 100 MB; a Myelin header is a few kB). */
    public static final int MAX_HEADER_BYTES = 16 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown by {@link #decode}: says what in the bytes is wrong. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    private SafeTensors() {
    }

    /** The safetensors bytes of {@code tensors} in order, each value stored as {@code dtype}. */
    public static byte[] encode(List<HostTensor> tensors, DType dtype) {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (HostTensor t : tensors) {
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", code(dtype));
            entry.putArray("shape").add(t.rows()).add(t.cols());
            long end = offset + (long) t.size() * dtype.bytes();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces to 8-byte alignment
        if (8L + padded + offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensors of " + offset + " bytes do not fit in one safetensors entry (limit 2 GiB)");
        }
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (HostTensor t : tensors) {
            double[] values = t.values();
            if (dtype == DType.FLOAT64) {
                out.asDoubleBuffer().put(values);
                out.position(out.position() + values.length * 8);
            } else {
                for (double v : values) {
                    out.putFloat((float) v);
                }
            }
        }
        return out.array();
    }

    /**
     * The tensors of {@code bytes}, in the order of their data, values widened to double.
     *
     * @param required the dtype every tensor must have, or null to accept F64 and F32
     */
    public static List<HostTensor> decode(byte[] bytes, DType required) throws FormatException {
        if (bytes.length < 8) {
            throw new FormatException("only " + bytes.length + " bytes; a safetensors entry starts with an 8-byte header length");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8) {
            throw new FormatException("header length " + Long.toUnsignedString(headerLength) + " is impossible for " + bytes.length
                    + " bytes (limit " + MAX_HEADER_BYTES + ")");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - dataStart;
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FormatException("the header is not valid JSON: " + ModelArchive.firstLine(e.getMessage()));
        }
        if (header == null || !header.isObject()) {
            throw new FormatException("the header is not a JSON object");
        }
        record Slot(String name, DType dtype, int rows, int cols, long begin, long end) {
        }
        List<Slot> slots = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode entry = field.getValue();
            if (!entry.isObject()) {
                throw new FormatException("tensor '" + name + "' is not described by an object");
            }
            DType dtype = dtype(name, entry.get("dtype"));
            if (required != null && dtype != required) {
                throw new FormatException("tensor '" + name + "' is " + code(dtype) + " but the file declares " + code(required));
            }
            long[] shape = longs(name, "shape", entry.get("shape"), 1, 2);
            long[] offsets = longs(name, "data_offsets", entry.get("data_offsets"), 2, 2);
            long rows = shape.length == 2 ? shape[0] : 1;
            long cols = shape.length == 2 ? shape[1] : shape[0];
            if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
                throw new FormatException("tensor '" + name + "' has shape " + entry.get("shape") + ", larger than Myelin handles");
            }
            if (offsets[0] > offsets[1] || offsets[1] > dataLength) {
                throw new FormatException("tensor '" + name + "' has data_offsets " + entry.get("data_offsets") + " outside the " + dataLength
                        + " data bytes");
            }
            long elements = rows * cols;
            if (elements > Integer.MAX_VALUE - 8 || elements * dtype.bytes() != offsets[1] - offsets[0]) {
                throw new FormatException("tensor '" + name + "' has shape " + entry.get("shape") + " (" + elements + " values of " + code(dtype)
                        + ") but " + (offsets[1] - offsets[0]) + " bytes of data");
            }
            slots.add(new Slot(name, dtype, (int) rows, (int) cols, offsets[0], offsets[1]));
        }
        slots.sort(Comparator.comparingLong(Slot::begin).thenComparingLong(Slot::end));
        long expected = 0;
        for (Slot s : slots) {
            if (s.begin != expected) {
                throw new FormatException("tensor '" + s.name + "' starts at data byte " + s.begin + " where byte " + expected
                        + " was expected (tensors must cover the data without gaps or overlaps)");
            }
            expected = s.end;
        }
        if (expected != dataLength) {
            throw new FormatException("the tensors cover " + expected + " data bytes but the entry has " + dataLength);
        }
        List<HostTensor> tensors = new ArrayList<>();
        for (Slot s : slots) {
            double[] values = new double[s.rows * s.cols];
            int at = dataStart + (int) s.begin;
            for (int i = 0; i < values.length; i++) {
                values[i] = s.dtype == DType.FLOAT64 ? in.getDouble(at + 8 * i) : in.getFloat(at + 4 * i);
            }
            tensors.add(new HostTensor(s.name, s.rows, s.cols, values));
        }
        return tensors;
    }

    /** {@code F64} or {@code F32}: a model's dtype is its backend's compute type. */
    public static String code(DType dtype) {
        return dtype == DType.FLOAT64 ? "F64" : "F32";
    }

    private static DType dtype(String name, JsonNode node) throws FormatException {
        String text = node != null && node.isTextual() ? node.asText() : String.valueOf(node);
        return switch (text) {
            case "F64" -> DType.FLOAT64;
            case "F32" -> DType.FLOAT32;
            default -> throw new FormatException("tensor '" + name + "' has dtype " + text + "; Myelin reads F64 and F32");
        };
    }

    private static long[] longs(String name, String field, JsonNode node, int min, int max) throws FormatException {
        if (!(node instanceof ArrayNode array) || array.size() < min || array.size() > max) {
            throw new FormatException("tensor '" + name + "': " + field + " must be an array of " + (min == max ? "" + min : min + " to " + max)
                    + " non-negative integers, got " + node);
        }
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = array.get(i);
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                throw new FormatException("tensor '" + name + "': " + field + " must hold non-negative integers, got " + node);
            }
            values[i] = v.asLong();
        }
        return values;
    }

    /** The tensors of {@code tensors} by name (for lookups after {@link #decode}). */
    public static Map<String, HostTensor> byName(List<HostTensor> tensors) {
        Map<String, HostTensor> map = new LinkedHashMap<>();
        tensors.forEach(t -> map.put(t.name(), t));
        return map;
    }
}
