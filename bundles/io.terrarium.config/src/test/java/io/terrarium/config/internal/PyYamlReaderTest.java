package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected values are what PyYAML 6's SafeLoader (python.d's loader) gives for the same text. */
class PyYamlReaderTest {

    @TempDir
    Path dir;

    private Object read(String yaml) throws Exception {
        Path file = dir.resolve("x.conf");
        PythonDLayout.write(file, yaml);
        return new PyYamlReader().read(file);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readMap(String yaml) throws Exception {
        return (Map<String, Object>) read(yaml);
    }

    @Test
    void yesNoOnOffAreBooleansAsInYaml11() throws Exception {
        Map<String, Object> map = readMap("a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: 'yes'\n");

        assertEquals(true, map.get("a"));
        assertEquals(false, map.get("b"));
        assertEquals(true, map.get("c"));
        assertEquals(false, map.get("d"));
        assertEquals("y", map.get("e"));
        assertEquals("yes", map.get("f"));
    }

    @Test
    void integersResolveAsPyYamlDoes() throws Exception {
        Map<String, Object> map = readMap("octal: 017\nnot_octal: 0o17\nhex: 0x1F\nsexagesimal: 1:30\n"
                + "big: 123456789012345678901234567890\nunderscore: 1_000\n");

        assertEquals(15, map.get("octal"));
        assertEquals("0o17", map.get("not_octal"));
        assertEquals(31, map.get("hex"));
        assertEquals(90, map.get("sexagesimal"));
        assertEquals(new BigInteger("123456789012345678901234567890"), map.get("big"));
        assertEquals(1000, map.get("underscore"));
    }

    @Test
    void timestampsAndBinaryStayTheirText() throws Exception {
        Map<String, Object> map = readMap("d: 2024-01-02\nt: 2001-12-14t21:59:43.10-05:00\nb: !!binary aGVsbG8=\n");

        assertEquals("2024-01-02", map.get("d"));
        assertEquals("2001-12-14t21:59:43.10-05:00", map.get("t"));
        assertEquals("aGVsbG8=", map.get("b"));
    }

    @Test
    void duplicateKeyKeepsTheLastValueAtTheFirstPlace() throws Exception {
        Map<String, Object> map = readMap("c: 1\nd: 0\nc: 2\n");

        assertEquals(List.of("c", "d"), List.copyOf(map.keySet()));
        assertEquals(2, map.get("c"));
    }

    @Test
    void emptyFileIsNull() throws Exception {
        assertNull(read("# only a comment\n"));
    }

    @Test
    void badYamlNamesFileLineAndColumn() {
        PyYamlReader.UnreadableFileException e =
                assertThrows(PyYamlReader.UnreadableFileException.class, () -> read("ok: 1\nlist: [1, 2\nnext: 3\n"));

        assertTrue(e.getMessage().startsWith(dir.resolve("x.conf") + ":3:5: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void twoDocumentsAreAnError() {
        assertThrows(PyYamlReader.UnreadableFileException.class, () -> read("a: 1\n---\nb: 2\n"));
    }

    @Test
    void selfReferencingAliasIsAnErrorNotAHang() {
        PyYamlReader.UnreadableFileException e =
                assertThrows(PyYamlReader.UnreadableFileException.class, () -> read("a: &x [1, *x]\n"));

        assertTrue(e.getMessage().contains("recursive"), e.getMessage());
    }

    @Test
    void unreadableFileIsAnErrorNamingIt() {
        PyYamlReader.UnreadableFileException e = assertThrows(PyYamlReader.UnreadableFileException.class,
                () -> new PyYamlReader().read(dir.resolve("missing.conf")));

        assertTrue(e.getMessage().startsWith(dir.resolve("missing.conf").toString()), e.getMessage());
    }
}
