package io.terrarium.source.git.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class GitSettingsTest {

    private static final Path BASE = Path.of("/srv/terrarium");

    private static GitSettings settings(Map<String, ?> values) {
        return GitSettings.of("ops", Configs.of(values), BASE);
    }

    private static String problem(Map<String, ?> values) {
        return assertThrows(IllegalArgumentException.class, () -> settings(values)).getMessage();
    }

    @Test
    void defaultsAreDataKitsBranchAndMinute() {
        GitSettings settings = settings(Map.of("url", "https://git.example.com/ops/collectors.git"));
        assertEquals("master", settings.branch());
        assertEquals(Duration.ofMinutes(1), settings.pullInterval());
        assertEquals(Duration.ofSeconds(30), settings.timeout());
        assertEquals(Optional.empty(), settings.passwordFile());
        assertTrue(settings.enabled());
    }

    @Test
    void durationsAreSecondsOrGoStyle() {
        assertEquals(Duration.ofSeconds(90), GitSettings.duration("pullInterval", "90"));
        assertEquals(Duration.ofSeconds(90), GitSettings.duration("pullInterval", "1m30s"));
        assertEquals(Duration.ofHours(2), GitSettings.duration("pullInterval", "2h"));
        assertEquals(Duration.ofMillis(1500), GitSettings.duration("pullInterval", "1s500ms"));
        assertTrue(problem(Map.of("url", "git://h/x.git", "pullInterval", "soon")).startsWith("'pullInterval' must"));
        assertTrue(problem(Map.of("url", "git://h/x.git", "pullInterval", "1m 30s")).startsWith("'pullInterval'"));
        assertEquals("'pullInterval' must be at least 1s, got '500ms'",
                problem(Map.of("url", "git://h/x.git", "pullInterval", "500ms")));
        assertEquals("'timeout' must be at least 1s, got '0'", problem(Map.of("url", "git://h/x.git", "timeout", "0")));
    }

    @Test
    void badValuesNameTheirKey() {
        assertTrue(problem(Map.of()).startsWith("'url' is missing"));
        assertTrue(problem(Map.of("url", "ssh://git@host/ops.git")).contains("'sshKeyFile'"));
        assertTrue(problem(Map.of("url", "git@host:ops.git", "sshKeyFile", "k")).contains("'knownHostsFile'"));
        assertEquals("'branch' must be a branch name, got 'a..b'",
                problem(Map.of("url", "git://h/x.git", "branch", "a..b")));
        assertTrue(problem(Map.of("url", "https://h/x.git", "passwordFile", "secret")).contains("'username'"));
        assertThrows(IllegalArgumentException.class,
                () -> GitSettings.of("conf.d", Configs.of(Map.of("url", "git://h/x.git")), BASE));
        assertThrows(IllegalArgumentException.class,
                () -> GitSettings.of("../x", Configs.of(Map.of("url", "git://h/x.git")), BASE));
    }

    @Test
    void sshUrlsTakeAKeyAndKnownHosts() {
        for (String url : new String[] {"ssh://git@host:2222/ops.git", "git@host:ops/collectors.git"}) {
            GitSettings settings = settings(Map.of("url", url, "sshKeyFile", "keys/id", "knownHostsFile",
                    "/etc/terrarium/known_hosts", "sshKeyPasswordFile", "keys/passphrase"));
            assertEquals(Optional.of(new GitSettings.Ssh(BASE.resolve("keys/id"),
                    Optional.of(BASE.resolve("keys/passphrase")), Path.of("/etc/terrarium/known_hosts"))),
                    settings.ssh(), url);
        }
        assertEquals(Optional.empty(), settings(Map.of("url", "https://h/x.git", "sshKeyFile", "k")).ssh());
    }

    @Test
    void thePasswordOfAUrlIsNeverShown() {
        GitSettings settings = settings(Map.of("url", "https://ops:s3cret@git.example.com/ops.git"));
        assertTrue(settings.passwordInUrl());
        assertEquals("https://ops@git.example.com/ops.git", settings.origin());
        assertFalse(problem(Map.of("url", "ftp://ops:s3cret@git.example.com/ops.git")).contains("s3cret"));
    }

    @Test
    void aRelativePasswordFileIsUnderTheHome() {
        GitSettings settings = settings(Map.of("url", "https://git.example.com/ops.git", "username", "ops",
                "passwordFile", "secrets/git", "branch", "refs/heads/main"));
        assertEquals(Optional.of(BASE.resolve("secrets/git")), settings.passwordFile());
        assertEquals("main", settings.branch());
    }

    @Test
    void backOffDoublesUpToSixteenTimesAndAQuarterHourBeyond() {
        Duration minute = Duration.ofMinutes(1);
        assertEquals(Duration.ofMinutes(2), GitRepository.backoff(minute, 1));
        assertEquals(Duration.ofMinutes(16), GitRepository.backoff(minute, 4));
        assertEquals(Duration.ofMinutes(16), GitRepository.backoff(minute, 30));
        assertEquals(Duration.ofMinutes(75), GitRepository.backoff(Duration.ofHours(1), 3));
        assertEquals(Duration.ofSeconds(16), GitRepository.backoff(Duration.ofSeconds(1), 9));
    }
}
