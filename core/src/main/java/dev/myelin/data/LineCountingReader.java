package dev.myelin.data;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * A reader that drops a leading byte-order mark and remembers where each line starts, so that a
 * character position (as Commons CSV reports a record's start) can be turned into a 1-based line
 * number for error messages. Line breaks are {@code \n} (so {@code \r\n} too). A position in a
 * blank line counts as the next line with content (where the parser, which skips blank lines, found
 * the record).
 */
final class LineCountingReader extends FilterReader {
    private long position;
    private long[] newlines = new long[256];
    private int newlineCount;
    private final java.util.BitSet linesWithContent = new java.util.BitSet();
    private boolean started;

    LineCountingReader(Reader in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0 && !started) {
            started = true;
            if (buffer[offset] == '\uFEFF') {
                System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
                n--;
                if (n == 0) {
                    return read(buffer, offset, length);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            char c = buffer[offset + i];
            if (!Character.isWhitespace(c)) {
                linesWithContent.set(newlineCount);
            }
            if (c == '\n') {
                if (newlineCount == newlines.length) {
                    newlines = Arrays.copyOf(newlines, newlineCount * 2);
                }
                newlines[newlineCount++] = position + i;
            }
        }
        if (n > 0) {
            position += n;
        }
        return n;
    }

    /** The 1-based line of the character at {@code charPosition} (0-based, after the byte-order mark). */
    int lineOf(long charPosition) {
        int index = Arrays.binarySearch(newlines, 0, newlineCount, charPosition);
        int line = index >= 0 ? index : -index - 1;
        int next = linesWithContent.nextSetBit(line);
        return 1 + (next >= 0 ? next : line);
    }
}
