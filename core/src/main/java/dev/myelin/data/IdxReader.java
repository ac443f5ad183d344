package dev.myelin.data;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, ...), plain or gzip-compressed.
 *
 * <p>Compression is detected from the first two bytes ({@code 1f 8b}), not the file name. The
 * header is checked: magic bytes {@code 00 00}, a known data-type byte, a dimension count of 1
 * to 255, non-negative big-endian int32 dimensions, and exactly {@code product(dims) * size}
 * data bytes after it. Any failure is an {@link IdxFormatException} naming the file and what is
 * wrong. Images are returned as {@code [n, rows * cols]} doubles in 0..255 (unscaled: use a
 * {@link MinMaxScaler} or divide by 255).
 *
 * <p>Debian's {@code dataset-fashion-mnist} package installs the Fashion-MNIST files in
 * {@code /usr/share/datasets/fashion-mnist/} ({@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz},
 * {@code t10k-labels-idx1-ubyte.gz}).
 *
 * <p>Stateless; thread-safe.
 */
public final class IdxReader {
    /** Type byte of unsigned bytes, used by MNIST images and labels. */
    public static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** Reads any IDX file. */
    public static IdxArray read(Path file) {
        byte[] bytes = readBytes(file);
        return parse(bytes, file.toString());
    }

    /** Reads images {@code [n, rows, cols]} as an array of {@code n} items of {@code rows * cols} values. */
    public static IdxArray readImages(Path file) {
        IdxArray array = read(file);
        if (array.dims().length != 3) {
            throw new IdxFormatException(file + ": expected an image file with 3 dimensions [n, rows, cols], found "
                    + array.dims().length + " " + Arrays.toString(array.dims()) + "; is this a labels file?");
        }
        return array;
    }

    /** Reads a label file {@code [n]} of unsigned bytes as class indices. */
    public static int[] readLabels(Path file) {
        IdxArray array = read(file);
        if (array.dims().length != 1 || array.typeCode() != UNSIGNED_BYTE) {
            throw new IdxFormatException(file + ": expected a label file of 1 dimension of unsigned bytes, found "
                    + array.dims().length + " dimensions " + Arrays.toString(array.dims()) + " of type 0x"
                    + Integer.toHexString(array.typeCode()) + "; is this an images file?");
        }
        double[] v = array.values();
        int[] labels = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            labels[i] = (int) v[i];
        }
        return labels;
    }

    /**
     * A classification data set {@code [n, rows * cols]} from an images file and its labels file
     * (pixels 0..255, unscaled); {@code numClasses} 0 means the largest label + 1 (at least 2).
     */
    public static Dataset dataset(String name, Path images, Path labels, int numClasses) {
        IdxArray img = readImages(images);
        int[] lab = readLabels(labels);
        if (img.count() != lab.length) {
            throw new IdxFormatException(images + " holds " + img.count() + " images but " + labels + " holds "
                    + lab.length + " labels; pair each images file with its own labels file");
        }
        int classes = numClasses != 0 ? numClasses : Math.max(2, Arrays.stream(lab).max().orElse(0) + 1);
        return Dataset.classification(name, img.values(), img.itemSize(), lab, classes);
    }

    /**
     * A classification data set {@code [n, rows * cols]} stored in float32 ({@link Dataset#classificationFloat32}),
     * each pixel multiplied by {@code scale} (e.g. {@code 1 / 255.0}), read without a float64 copy of the images.
     */
    public static Dataset datasetFloat32(String name, Path images, Path labels, int numClasses, double scale) {
        byte[] bytes = readBytes(images);
        int[] dims = header(bytes, images.toString());
        if (dims.length != 3) {
            throw new IdxFormatException(images + ": expected an image file with 3 dimensions [n, rows, cols], found "
                    + dims.length + " " + Arrays.toString(dims) + "; is this a labels file?");
        }
        int type = bytes[2] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        buf.position(4 + 4 * dims.length);
        float[] values = new float[dims[0] * dims[1] * dims[2]];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (readElement(buf, type) * scale);
        }
        int[] lab = readLabels(labels);
        if (dims[0] != lab.length) {
            throw new IdxFormatException(images + " holds " + dims[0] + " images but " + labels + " holds "
                    + lab.length + " labels; pair each images file with its own labels file");
        }
        return Dataset.classificationFloat32(name, values, dims[1] * dims[2], lab, numClasses);
    }

    /** Parses IDX content held in memory; {@code source} names it in messages. */
    public static IdxArray parse(byte[] bytes, String source) {
        int[] dims = header(bytes, source);
        int type = bytes[2] & 0xff;
        int elements = 1;
        for (int d : dims) {
            elements *= d;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        double[] values = new double[elements];
        buf.position(4 + 4 * dims.length);
        for (int i = 0; i < values.length; i++) {
            values[i] = readElement(buf, type);
        }
        return new IdxArray(dims, type, values);
    }

    /** Checks the header of IDX content against its length and returns its dimensions. */
    private static int[] header(byte[] bytes, String source) {
        if (bytes.length < 4) {
            throw new IdxFormatException(source + ": file is " + bytes.length
                    + " bytes long, too short for an IDX header (4 bytes of magic); the file is truncated or empty");
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new IdxFormatException(source + ": bad magic: expected the first two bytes to be 00 00, found "
                    + hex(bytes[0]) + " " + hex(bytes[1]) + "; this is not an IDX file");
        }
        int type = bytes[2] & 0xff;
        int elementSize = elementSize(type);
        if (elementSize == 0) {
            throw new IdxFormatException(source + ": unknown data-type byte 0x" + hex(bytes[2])
                    + "; IDX allows 08 (ubyte), 09 (byte), 0B (short), 0C (int), 0D (float), 0E (double)");
        }
        int dimCount = bytes[3] & 0xff;
        if (dimCount == 0) {
            throw new IdxFormatException(source + ": header declares 0 dimensions; an IDX file needs at least 1");
        }
        int headerLength = 4 + 4 * dimCount;
        if (bytes.length < headerLength) {
            throw new IdxFormatException(source + ": truncated header: " + dimCount + " dimensions need "
                    + headerLength + " header bytes but the file has " + bytes.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[dimCount];
        long elements = 1;
        for (int i = 0; i < dimCount; i++) {
            dims[i] = buf.getInt(4 + 4 * i);
            if (dims[i] < 0) {
                throw new IdxFormatException(source + ": dimension " + i + " is negative (" + dims[i]
                        + "); the header is corrupt");
            }
            elements *= dims[i];
            if (elements > Integer.MAX_VALUE) {
                throw new IdxFormatException(source + ": dimensions " + Arrays.toString(dims)
                        + " exceed the 2^31-1 elements a Java array can hold; the header is corrupt or the file too large");
            }
        }
        long expected = headerLength + elements * elementSize;
        if (bytes.length < expected) {
            throw new IdxFormatException(source + ": truncated: header says " + Arrays.toString(dims) + " of "
                    + typeName(type) + " = " + (expected - headerLength) + " data bytes but only "
                    + (bytes.length - headerLength) + " follow the header");
        }
        if (bytes.length > expected) {
            throw new IdxFormatException(source + ": " + (bytes.length - expected)
                    + " unexpected bytes after the data for dimensions " + Arrays.toString(dims) + " of "
                    + typeName(type) + "; the header and the file length disagree");
        }
        return dims;
    }

    private static double readElement(ByteBuffer buf, int type) {
        switch (type) {
            case 0x08: return buf.get() & 0xff;
            case 0x09: return buf.get();
            case 0x0B: return buf.getShort();
            case 0x0C: return buf.getInt();
            case 0x0D: return buf.getFloat();
            case 0x0E: return buf.getDouble();
            default: throw new IllegalStateException("unreachable type " + type);
        }
    }

    private static int elementSize(int type) {
        switch (type) {
            case 0x08:
            case 0x09:
                return 1;
            case 0x0B:
                return 2;
            case 0x0C:
            case 0x0D:
                return 4;
            case 0x0E:
                return 8;
            default:
                return 0;
        }
    }

    private static String typeName(int type) {
        switch (type) {
            case 0x08: return "unsigned bytes";
            case 0x09: return "signed bytes";
            case 0x0B: return "shorts";
            case 0x0C: return "ints";
            case 0x0D: return "floats";
            default: return "doubles";
        }
    }

    private static String hex(byte b) {
        return String.format("%02X", b & 0xff);
    }

    private static byte[] readBytes(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            return gunzip(raw, file);
        }
        return raw;
    }

    private static byte[] gunzip(byte[] raw, Path file) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        } catch (EOFException e) {
            throw new IdxFormatException(file + ": gzip stream ends early (" + e.getMessage()
                    + "); the file is truncated, download it again");
        } catch (ZipException e) {
            throw new IdxFormatException(file + ": corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot decompress: " + e.getMessage(), e);
        }
    }
}
