package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.myelin.util.MessageMatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvReaderTest {
    @TempDir
    Path dir;

    private static Dataset read(CsvReader reader, String text) {
        return reader.read(new StringReader(text), "test.csv", "test");
    }

    @Test
    void lastColumnIsTheLabelByDefault() {
        Dataset d = read(CsvReader.classification(3), "1.5,2,0\n3,4,2\n\n5,6e-1,1\n");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.featureCount()).isEqualTo(2);
        assertThat(d.features()).containsExactly(1.5, 2, 3, 4, 5, 0.6);
        assertThat(d.labels()).containsExactly(0, 2, 1);
        assertThat(d.numClasses()).isEqualTo(3);
    }

    @Test
    void headerDelimiterAndLabelColumnByName() {
        String text = "species; petal ; sepal\n1; 0.2; 5.1\n0; 1.4; 7.0\n";
        Dataset d = read(CsvReader.classification(0).withHeader(true).withDelimiter(';').withLabelColumn("species"),
                text);
        assertThat(d.features()).containsExactly(0.2, 5.1, 1.4, 7.0);
        assertThat(d.labels()).containsExactly(1, 0);
        assertThat(d.numClasses()).isEqualTo(2);
    }

    @Test
    void labelColumnByIndexAndInferredClassCount() {
        Dataset d = read(CsvReader.classification(0).withLabelColumn(0), "4,10,20\n0,30,40\n");
        assertThat(d.numClasses()).isEqualTo(5);
        assertThat(d.features()).containsExactly(10, 20, 30, 40);
    }

    @Test
    void regressionKeepsRealTargets() {
        Dataset d = read(CsvReader.regression().withLabelColumn(1), "1,2.5,3\n4,-0.25,6\n");
        assertThat(d.isClassification()).isFalse();
        assertThat(d.targets()).containsExactly(2.5, -0.25);
        assertThat(d.features()).containsExactly(1, 3, 4, 6);
    }

    @Test
    void readsGzipFilesDetectedByMagicBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("1,2,1\n3,4,0\n".getBytes(StandardCharsets.UTF_8));
        }
        Path p = Files.write(dir.resolve("small.csv.gz"), out.toByteArray());
        Dataset d = CsvReader.classification(2).read(p);
        assertThat(d.name()).isEqualTo("small.csv.gz");
        assertThat(d.labels()).containsExactly(1, 0);
    }

    /** Files the reader rejects as bad arguments, each with the reader, the text and a part of the message, which names the place and the fault. */
    static Stream<Arguments> rejectedFiles() {
        return Stream.of(
                arguments("unparsable cell: line, column and header", CsvReader.classification(2).withHeader(true), "a,b,y\n1,2,0\n3,x4,1\n",
                        "test.csv line 3, column 2 ('b'): cannot parse 'x4' as a number"),
                arguments("ragged line", CsvReader.classification(2), "1,2,0\n3,1\n", "line 2: 2 cells where earlier lines have 3"),
                arguments("fractional label", CsvReader.classification(2), "1,2,0\n3,4,1.5\n", "line 2, column 3: label '1.5' is not a class index"),
                arguments("label out of range", CsvReader.classification(2), "1,2,0\n3,4,2\n", "line 2, column 3: label 2 is outside [0, 2)"),
                arguments("missing named label column", CsvReader.classification(2).withHeader(true).withLabelColumn("y"), "a,b\n1,2\n",
                        "no column named 'y'"),
                arguments("missing label column index", CsvReader.classification(2).withLabelColumn(5), "1,2\n",
                        "label column 5 (0-based) does not exist"),
                arguments("header only", CsvReader.classification(2).withHeader(true), "a,b\n", "no data rows after the header line"),
                arguments("label column by name without a header", CsvReader.classification(2).withLabelColumn("y"), "1,0\n", "use withHeader(true)"),
                arguments("non-finite cell", CsvReader.regression(), "1,NaN\n", "line 1, column 2: 'NaN' is not a finite number"),
                arguments("physical line after multi-line fields, blank lines and a byte order mark", CsvReader.classification(0).withDetectedHeader(),
                        "\uFEFFa,b,label\n1,2,\"two\nlines\"\n\n3,oops,x\n", "test.csv line 5, column 2 ('b'): cannot parse 'oops' as a number"),
                arguments("one string class", CsvReader.classification(0), "1,cat\n2,cat\n",
                        "column 2 holds 1 class names [cat] but a classifier needs at least 2"),
                arguments("fewer string classes than a fixed count", CsvReader.classification(3), "1,cat\n2,dog\n",
                        "holds 2 class names [cat, dog] but 3 classes were expected"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedFiles")
    void badFilesAreReportedWithThePlaceAndTheFault(String description, CsvReader reader, String text, String message) {
        MessageMatch.PART.assertRejected(() -> read(reader, text), message);
    }

    @Test
    void anUnclosedQuoteIsReportedWithTheSource() {
        assertThatThrownBy(() -> read(CsvReader.classification(0), "1,2,0\n3,\"4,1\n5,6,0\n"))
                .hasMessageContaining("test.csv: ");
    }

    @Test
    void classNamesMapToTheirPosition() {
        CsvReader reader = CsvReader.classNames("Iris-setosa", "Iris-versicolor", "Iris-virginica");
        Dataset d = read(reader, "5.1,3.5,1.4,0.2,Iris-setosa\n6.3,3.3,6.0,2.5,Iris-virginica\n");
        assertThat(d.labels()).containsExactly(0, 2);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(d.classNames()).containsExactly("Iris-setosa", "Iris-versicolor", "Iris-virginica");
        assertThat(d.features()).containsExactly(5.1, 3.5, 1.4, 0.2, 6.3, 3.3, 6.0, 2.5);
        assertThatThrownBy(() -> read(reader, "1,2,3,4,Iris-setosa\n1,2,3,4,Iris-nova\n"))
                .hasMessageContaining("line 2, column 5: unknown class 'Iris-nova'; expected one of [Iris-setosa");
        assertThatThrownBy(() -> CsvReader.classNames("a", "a")).hasMessageContaining("2 distinct names");
    }

    @Test
    void quotedFieldsMayHoldTheDelimiterQuotesAndLineBreaks() {
        String text = "\"x,1\",\"label\"\n\"1.5\",\"big, \"\"red\"\" one\"\n2,\"small\nblue\"\n3,\"big, \"\"red\"\" one\"\n";
        Dataset d = read(CsvReader.classification(0).withDetectedHeader(), text);
        assertThat(d.features()).containsExactly(1.5, 2, 3);
        assertThat(d.classNames()).containsExactly("big, \"red\" one", "small\nblue");
        assertThat(d.labels()).containsExactly(0, 1, 0);
    }

    @Test
    void stringLabelsBecomeClassesInSortedOrderWithTheirNamesKept() {
        Dataset d = read(CsvReader.classification(0).withDetectedHeader().withLabelColumn("species"),
                "sepal,species,petal\n5.1,setosa,0.2\n7.0,versicolor,1.4\n6.3,virginica,2.5\n4.9,setosa,0.1\n");
        assertThat(d.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.labels()).containsExactly(0, 1, 2, 0);
        assertThat(d.features()).containsExactly(5.1, 0.2, 7.0, 1.4, 6.3, 2.5, 4.9, 0.1);
    }

    @Test
    void aTestFileReadWithTheTrainingClassNamesUsesTheirOrder() {
        CsvReader reader = CsvReader.classification(0).withDetectedHeader().withClassNames(java.util.List.of("setosa", "versicolor", "virginica"));
        Dataset d = read(reader, "a,species\n1,virginica\n2,virginica\n");
        assertThat(d.labels()).containsExactly(2, 2);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThatThrownBy(() -> read(reader, "a,species\n1,virginica\n2,iris-nova\n"))
                .hasMessageContaining("test.csv line 3, column 2 ('species'): unknown class 'iris-nova'");
    }

    @Test
    void headerIsDetectedWhenAFirstLineCellIsNotANumberButTheOneBelowIs() {
        assertThat(read(CsvReader.classification(0).withDetectedHeader(), "x,y,label\n1,2,0\n3,4,1\n").size()).isEqualTo(2);
        assertThat(read(CsvReader.classification(0).withDetectedHeader(), "1,2,0\n3,4,1\n").size()).isEqualTo(2);
        Dataset named = read(CsvReader.classification(0).withDetectedHeader(), "1,2,cat\n3,4,dog\n");
        assertThat(named.size()).isEqualTo(2);
        assertThat(named.classNames()).containsExactly("cat", "dog");
    }
}
