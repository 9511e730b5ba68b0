package io.terrarium.launcher;

import static io.terrarium.launcher.RuntimeProperties.CONF_DIRS;
import static io.terrarium.launcher.RuntimeProperties.DEBUG;
import static io.terrarium.launcher.RuntimeProperties.HOME;
import static io.terrarium.launcher.RuntimeProperties.LIB_DIR;
import static io.terrarium.launcher.RuntimeProperties.LOCK_DIR;
import static io.terrarium.launcher.RuntimeProperties.MODE;
import static io.terrarium.launcher.RuntimeProperties.MODULES;
import static io.terrarium.launcher.RuntimeProperties.NETDATA_INTERNALS;
import static io.terrarium.launcher.RuntimeProperties.NOLOCK;
import static io.terrarium.launcher.RuntimeProperties.PYTHON_CORE;
import static io.terrarium.launcher.RuntimeProperties.PYTHON_DIRS;
import static io.terrarium.launcher.RuntimeProperties.PYTHON_INTERPRETER;
import static io.terrarium.launcher.RuntimeProperties.TRACE;
import static io.terrarium.launcher.RuntimeProperties.UPDATE_EVERY_DEFAULT;
import static io.terrarium.launcher.RuntimeProperties.UPDATE_EVERY_MIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The properties and folder rules of docs/runtime-properties.md. */
class RuntimePropertiesTest {

    private static final Path INSTALL = Path.of("/opt/terrarium");

    private static Map<String, String> build(Map<String, String> env, String... args) throws UsageException {
        return new RuntimeProperties(INSTALL, env).build(new ArgumentParser().parse(List.of(args)));
    }

    private static Map<String, String> plugin(Map<String, String> env, String... argv) throws UsageException {
        List<String> args = new ArrayList<>(List.of("--netdata"));
        args.addAll(List.of(argv));
        return build(env, args.toArray(String[]::new));
    }

    @Test
    void shellDefaultsComeFromTheDistributionFolder() throws UsageException {
        Map<String, String> p = build(Map.of());
        assertEquals("/opt/terrarium", p.get(HOME));
        assertEquals("shell", p.get(MODE));
        assertEquals("/opt/terrarium/python.d/core", p.get(PYTHON_CORE));
        assertEquals("python3", p.get(PYTHON_INTERPRETER));
        assertEquals("/opt/terrarium/conf.d", p.get(CONF_DIRS));
        assertEquals("/opt/terrarium/python.d", p.get(PYTHON_DIRS));
        assertEquals("", p.get(MODULES));
        assertEquals("1", p.get(UPDATE_EVERY_MIN));
        assertEquals("1", p.get(UPDATE_EVERY_DEFAULT));
        assertFalse(p.containsKey(LOCK_DIR));
        assertEquals("/opt/terrarium/data", p.get(LIB_DIR));
        assertEquals("false", p.get(NOLOCK));
        assertEquals("false", p.get(DEBUG));
        assertEquals("false", p.get(TRACE));
        assertEquals("true", p.get(NETDATA_INTERNALS));
    }

    @Test
    void headlessIsItsOwnMode() throws UsageException {
        assertEquals("headless", build(Map.of(), "--headless").get(MODE));
    }

    @Test
    void homeMovesConfigModulesAndStateButNotThePythonCore() throws UsageException {
        Map<String, String> p = build(Map.of(), "--home", "/srv/t");
        assertEquals("/srv/t", p.get(HOME));
        assertEquals("/srv/t/conf.d", p.get(CONF_DIRS));
        assertEquals("/srv/t/python.d", p.get(PYTHON_DIRS));
        assertEquals("/srv/t/data", p.get(LIB_DIR));
        assertEquals("/opt/terrarium/python.d/core", p.get(PYTHON_CORE));
    }

    @Test
    void confDirAndPythonDirAreExactlyThoseFolders() throws UsageException {
        Map<String, String> p = build(Map.of(), "--conf-dir", "/c1", "--conf-dir", "/c2", "--python-dir", "/m");
        assertEquals("/c1:/c2", p.get(CONF_DIRS));
        assertEquals("/m", p.get(PYTHON_DIRS));
    }

    @Test
    void pluginWithoutNetdataEnvironmentUsesTheHomeFolders() throws UsageException {
        Map<String, String> p = plugin(Map.of("NETDATA_USER_PLUGINS_DIRS", "/x"), "1");
        assertEquals("plugin", p.get(MODE));
        assertEquals("/opt/terrarium/conf.d", p.get(CONF_DIRS));
        assertEquals("/opt/terrarium/python.d", p.get(PYTHON_DIRS));
    }

    @Test
    void underNetdataConfigComesFromTheUserThenTheStockFolder() throws UsageException {
        Map<String, String> p = plugin(Map.of("NETDATA_USER_CONFIG_DIR", "/u",
                "NETDATA_STOCK_CONFIG_DIR", "/s", "NETDATA_PLUGINS_DIR", "/usr/libexec/netdata/plugins.d"));
        assertEquals("/u:/s", p.get(CONF_DIRS));
    }

    @Test
    void underNetdataAnUnsetConfigFolderTakesPythonDsDefault() throws UsageException {
        assertEquals("/etc/netdata:/s", plugin(Map.of("NETDATA_STOCK_CONFIG_DIR", "/s")).get(CONF_DIRS));
        assertEquals("/u:/usr/lib/netdata/conf.d", plugin(Map.of("NETDATA_USER_CONFIG_DIR", "/u")).get(CONF_DIRS));
        assertEquals("/etc/netdata:/usr/lib/netdata/conf.d",
                plugin(Map.of("NETDATA_PLUGINS_DIR", "/p/plugins.d")).get(CONF_DIRS));
    }

    @Test
    void underNetdataModulesAreBesideThePluginsFolder() throws UsageException {
        Map<String, String> p = plugin(Map.of("NETDATA_PLUGINS_DIR", "/usr/libexec/netdata/plugins.d"));
        assertEquals("/usr/libexec/netdata/python.d", p.get(PYTHON_DIRS));
    }

    @Test
    void userPluginFoldersComeFirstInTheirOrder() throws UsageException {
        Map<String, String> p = plugin(Map.of("NETDATA_PLUGINS_DIR", "/n/plugins.d",
                "NETDATA_USER_PLUGINS_DIRS", " /a  /b/ "));
        assertEquals("/a/python.d:/b/python.d:/n/python.d", p.get(PYTHON_DIRS));
    }

    @Test
    void underNetdataWithoutAPluginsFolderTheHomesModulesComeLast() throws UsageException {
        Map<String, String> p = plugin(Map.of("NETDATA_USER_CONFIG_DIR", "/u", "NETDATA_USER_PLUGINS_DIRS", "/a"));
        assertEquals("/a/python.d:/opt/terrarium/python.d", p.get(PYTHON_DIRS));
    }

    @Test
    void emptyNetdataVariablesCountAsUnset() throws UsageException {
        Map<String, String> p = plugin(Map.of("NETDATA_USER_CONFIG_DIR", "", "NETDATA_LOCK_DIR", ""));
        assertEquals("/opt/terrarium/conf.d", p.get(CONF_DIRS));
        assertFalse(p.containsKey(LOCK_DIR));
    }

    @Test
    void commandLineFoldersWinOverNetdatasPlaces() throws UsageException {
        Map<String, String> p = plugin(Map.of("NETDATA_USER_CONFIG_DIR", "/u", "NETDATA_PLUGINS_DIR", "/p"),
                "--conf-dir", "/mine");
        assertEquals("/mine", p.get(CONF_DIRS));
        assertEquals("/python.d", p.get(PYTHON_DIRS));
    }

    @Test
    void libAndLockFoldersComeFromNetdata() throws UsageException {
        Map<String, String> p = plugin(Map.of("NETDATA_LIB_DIR", "/var/lib/netdata",
                "NETDATA_LOCK_DIR", "/var/lib/netdata/lock"));
        assertEquals("/var/lib/netdata", p.get(LIB_DIR));
        assertEquals("/var/lib/netdata/lock", p.get(LOCK_DIR));
    }

    @Test
    void netdataUpdateEveryIsTheJobsDefault() throws UsageException {
        assertEquals("5", plugin(Map.of("NETDATA_UPDATE_EVERY", "5")).get(UPDATE_EVERY_DEFAULT));
    }

    @Test
    void anUnusableNetdataUpdateEveryFallsBackToOne() throws UsageException {
        assertEquals("1", plugin(Map.of("NETDATA_UPDATE_EVERY", "soon")).get(UPDATE_EVERY_DEFAULT));
        assertEquals("1", plugin(Map.of("NETDATA_UPDATE_EVERY", "0")).get(UPDATE_EVERY_DEFAULT));
    }

    @Test
    void internalsMonitoringIsOffOnlyForExactlyNo() throws UsageException {
        assertEquals("false", plugin(Map.of("NETDATA_INTERNALS_MONITORING", "NO")).get(NETDATA_INTERNALS));
        assertEquals("true", plugin(Map.of("NETDATA_INTERNALS_MONITORING", "no")).get(NETDATA_INTERNALS));
        assertEquals("true", plugin(Map.of("NETDATA_INTERNALS_MONITORING", "YES")).get(NETDATA_INTERNALS));
    }

    @Test
    void netdataEnvironmentIsIgnoredOutsidePluginMode() throws UsageException {
        Map<String, String> p = build(Map.of("NETDATA_USER_CONFIG_DIR", "/u", "NETDATA_PLUGINS_DIR", "/p",
                "NETDATA_LIB_DIR", "/l", "NETDATA_LOCK_DIR", "/k", "NETDATA_UPDATE_EVERY", "5",
                "NETDATA_INTERNALS_MONITORING", "NO"), "--headless");
        assertEquals("/opt/terrarium/conf.d", p.get(CONF_DIRS));
        assertEquals("/opt/terrarium/python.d", p.get(PYTHON_DIRS));
        assertEquals("/opt/terrarium/data", p.get(LIB_DIR));
        assertFalse(p.containsKey(LOCK_DIR));
        assertEquals("1", p.get(UPDATE_EVERY_DEFAULT));
        assertEquals("true", p.get(NETDATA_INTERNALS));
    }

    @Test
    void thePluginsArgumentsBecomeProperties() throws UsageException {
        Map<String, String> p = plugin(Map.of(), "10", "example", "apache", "debug", "trace", "nolock");
        assertEquals("10", p.get(UPDATE_EVERY_MIN));
        assertEquals("example,apache", p.get(MODULES));
        assertEquals("true", p.get(DEBUG));
        assertEquals("true", p.get(TRACE));
        assertEquals("true", p.get(NOLOCK));
    }
}
