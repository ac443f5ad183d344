package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** Two 2x3 images: pixel values 0..5 and 250..255 (checks unsigned reading). */
    private static byte[] twoImages() {
        ByteBuffer b = ByteBuffer.allocate(16 + 12);
        b.put(new byte[] {0, 0, 0x08, 3}).putInt(2).putInt(2).putInt(3);
        for (int i = 0; i < 6; i++) {
            b.put((byte) i);
        }
        for (int i = 0; i < 6; i++) {
            b.put((byte) (250 + i));
        }
        return b.array();
    }

    private static byte[] labels(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.put(new byte[] {0, 0, 0x08, 1}).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void float32DatasetHoldsTheScaledPixelsAsFloats() throws IOException {
        Path images = write("img-idx3-ubyte.gz", gzip(twoImages()));
        Path labs = write("lab-idx1-ubyte", labels(1, 0));
        Dataset d = IdxReader.datasetFloat32("tiny", images, labs, 2, 1 / 255.0);
        assertThat(d.isFloat32()).isTrue();
        assertThat(d.featureCount()).isEqualTo(6);
        assertThat(d.labels()).containsExactly(1, 0);
        float[] expected = new float[12];
        for (int i = 0; i < 6; i++) {
            expected[i] = (float) (i / 255.0);
            expected[6 + i] = (float) ((250 + i) / 255.0);
        }
        assertThat(d.featuresFloat32()).containsExactly(expected);
        assertThat(d).isEqualTo(IdxReader.dataset("tiny", images, labs, 2).withFeatures(scaled(twoImagesValues(), 1 / 255.0), 6).toFloat32());
    }

    private static double[] twoImagesValues() {
        return new double[] {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255};
    }

    private static double[] scaled(double[] v, double s) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    @Test
    void readsPlainImagesAsUnsignedRowMajorValues() throws IOException {
        IdxArray a = IdxReader.readImages(write("img-idx3-ubyte", twoImages()));
        assertThat(a.dims()).containsExactly(2, 2, 3);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.itemSize()).isEqualTo(6);
        assertThat(a.values()).containsExactly(0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255);
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() throws IOException {
        IdxArray a = IdxReader.readImages(write("no-extension", gzip(twoImages())));
        assertThat(a.values()).containsExactly(0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255);
    }

    @Test
    void readsLabelsAndBuildsADataSet() throws IOException {
        Path img = write("i.gz", gzip(twoImages()));
        Path lab = write("l", labels(7, 3));
        assertThat(IdxReader.readLabels(lab)).containsExactly(7, 3);
        Dataset d = IdxReader.dataset("tiny", img, lab, 10);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.featureCount()).isEqualTo(6);
        assertThat(d.labels()).containsExactly(7, 3);
        assertThat(d.feature(1, 5)).isEqualTo(255.0);
        assertThat(IdxReader.dataset("tiny", img, lab, 0).numClasses()).as("largest label + 1").isEqualTo(8);
    }

    @Test
    void readsWiderTypesBigEndian() {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 * 8);
        b.put(new byte[] {0, 0, 0x0E, 1}).putInt(2).putDouble(-1.5).putDouble(1e300);
        assertThat(IdxReader.parse(b.array(), "d").values()).containsExactly(-1.5, 1e300);
        ByteBuffer s = ByteBuffer.allocate(8 + 4);
        s.put(new byte[] {0, 0, 0x0B, 1}).putInt(2).putShort((short) -300).putShort((short) 7);
        assertThat(IdxReader.parse(s.array(), "s").values()).containsExactly(-300, 7);
    }

    @Test
    void truncatedDataIsReportedWithFileAndByteCounts() throws IOException {
        byte[] whole = twoImages();
        Path p = write("cut-idx3-ubyte", Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> IdxReader.readImages(p))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(p.toString())
                .hasMessageContaining("truncated: header says [2, 2, 3] of unsigned bytes = 12 data bytes but only 7");
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        byte[] gz = gzip(twoImages());
        Path p = write("cut.gz", Arrays.copyOf(gz, gz.length - 10));
        assertThatThrownBy(() -> IdxReader.read(p))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("gzip stream ends early");
    }

    @Test
    void badMagicIsReported() throws IOException {
        byte[] bytes = twoImages();
        bytes[0] = 0x50;
        bytes[1] = 0x4B;
        Path p = write("zip-not-idx", bytes);
        assertThatThrownBy(() -> IdxReader.read(p))
                .hasMessageContaining(p.toString()).hasMessageContaining("bad magic")
                .hasMessageContaining("found 50 4B");
    }

    @Test
    void unknownDataTypeIsReported() throws IOException {
        byte[] bytes = twoImages();
        bytes[2] = 0x07;
        Path p = write("type", bytes);
        assertThatThrownBy(() -> IdxReader.read(p)).hasMessageContaining("unknown data-type byte 0x07");
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        byte[] whole = twoImages();
        Path p = write("long", Arrays.copyOf(whole, whole.length + 3));
        assertThatThrownBy(() -> IdxReader.read(p)).hasMessageContaining("3 unexpected bytes after the data");
    }

    @Test
    void truncatedHeaderAndTinyFilesAreReported() throws IOException {
        Path header = write("hdr", Arrays.copyOf(twoImages(), 10));
        assertThatThrownBy(() -> IdxReader.read(header))
                .hasMessageContaining("truncated header: 3 dimensions need 16 header bytes but the file has 10");
        Path tiny = write("tiny", new byte[] {0, 0});
        assertThatThrownBy(() -> IdxReader.read(tiny)).hasMessageContaining("too short for an IDX header");
    }

    @Test
    void imagesAndLabelsMustBeTheRightKindAndAgreeInCount() throws IOException {
        Path img = write("img", twoImages());
        Path lab = write("lab", labels(1, 2, 3));
        assertThatThrownBy(() -> IdxReader.readImages(lab)).hasMessageContaining("is this a labels file?");
        assertThatThrownBy(() -> IdxReader.readLabels(img)).hasMessageContaining("is this an images file?");
        assertThatThrownBy(() -> IdxReader.dataset("x", img, lab, 10))
                .hasMessageContaining("holds 2 images but").hasMessageContaining("holds 3 labels");
    }

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("absent");
        assertThatThrownBy(() -> IdxReader.read(p)).hasMessageContaining(p + ": no such file");
    }
}
