package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CollectorHeaderTest {

    @Test
    void emptyHeaderMeansPythonDAndConfD() {
        assertEquals(new CollectorHeader("python.d", "conf.d"), CollectorHeader.parse(""));
        assertEquals(new CollectorHeader("python.d", "conf.d"), CollectorHeader.parse("  "));
    }

    @Test
    void attributesNameTheFoldersInsideTheJar() {
        CollectorHeader header = CollectorHeader.parse(" modules = collector/py ; config=\"collector/etc/\"");

        assertEquals("collector/py", header.modules());
        assertEquals("collector/etc", header.config());
    }

    @Test
    void oneAttributeKeepsTheOtherDefault() {
        assertEquals(new CollectorHeader("python.d", "etc"), CollectorHeader.parse("config=etc"));
    }

    @Test
    void unknownAttributeIsRefusedNamingIt() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> CollectorHeader.parse("module=python.d"));

        assertTrue(error.getMessage().contains("unknown attribute 'module'"), error.getMessage());
    }

    @Test
    void folderOutsideTheJarIsRefused() {
        for (String value : new String[] {"modules=../python.d", "modules=/python.d", "config=a/./b", "config=a//b",
                "config="}) {
            IllegalArgumentException error =
                    assertThrows(IllegalArgumentException.class, () -> CollectorHeader.parse(value), value);
            assertTrue(error.getMessage().startsWith("Terrarium-Collector: "), error.getMessage());
        }
    }

    @Test
    void attributeGivenTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CollectorHeader.parse("modules=a;modules=b"));
    }

    @Test
    void firstClauseAloneIsTheModulesFolder() {
        assertEquals(new CollectorHeader("collector/py", "conf.d"), CollectorHeader.parse("collector/py"));
        assertEquals(new CollectorHeader("py", "etc"), CollectorHeader.parse("py;config=etc"));
    }

    @Test
    void modulesFolderGivenAloneAndAsAttributeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CollectorHeader.parse("py;modules=python.d"));
    }

    @Test
    void laterClauseWithoutValueIsRefused() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> CollectorHeader.parse("modules=py;conf.d"));
        assertTrue(error.getMessage().contains("'conf.d' is not key=value"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CollectorHeader.parse("modules:=python.d"));
    }
}
