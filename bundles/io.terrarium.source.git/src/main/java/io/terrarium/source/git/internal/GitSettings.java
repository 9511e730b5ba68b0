package io.terrarium.source.git.internal;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jgit.transport.URIish;

/**
 * One repository's configuration, checked: every problem is an {@link IllegalArgumentException} whose message names
 * the key and what is wrong, for a log line that starts with the repository's label.
 *
 * @param name         the job source's name: letters, digits, {@code .}, {@code _} and {@code -}
 * @param url          as configured (it may hold a password: never log it; {@link #origin()} is what messages show)
 * @param branch       the branch followed
 * @param pullInterval between two pulls that succeeded
 * @param timeout      for one pull's network operations
 * @param username     for http(s); empty for the url's own, or none
 * @param passwordFile for http(s), read at each pull; empty for none
 * @param enabled      whether it is pulled and run
 * @param ssh          for an ssh url, its key and known hosts
 */
record GitSettings(String name, String url, String branch, Duration pullInterval, Duration timeout, String username,
        Optional<Path> passwordFile, boolean enabled, Optional<Ssh> ssh) {

    /**
     * What an ssh url needs.
     *
     * @param keyFile         the private key
     * @param keyPasswordFile its passphrase, read at each pull; empty for a key without one
     * @param knownHostsFile  the host keys the server's must be among (no unknown host is trusted)
     */
    record Ssh(Path keyFile, Optional<Path> keyPasswordFile, Path knownHostsFile) {
    }

    static final String FACTORY_PID = "io.terrarium.config.git";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /**
     * @param name the job source's name, worked out from the configuration's properties
     * @param base what a relative {@code passwordFile} is resolved against
     */
    static GitSettings of(String name, GitRepositoryConfig config, Path base) {
        if (name == null || !NAME.matcher(name).matches() || name.equals("conf.d")) {
            throw new IllegalArgumentException("'name' must be letters, digits, '.', '_' and '-' (and not conf.d),"
                    + " got '" + name + "'");
        }
        String url = config.url() == null ? "" : config.url().strip();
        if (url.isEmpty()) {
            throw new IllegalArgumentException("'url' is missing: the repository to pull, e.g."
                    + " url = https://git.example.com/ops/collectors.git");
        }
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'url' is not a git URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        // git@host:path has no scheme: scp's form of ssh
        boolean ssh = scheme.equals("ssh") || (scheme.isEmpty() && uri.getHost() != null);
        if (!ssh && !scheme.equals("https") && !scheme.equals("http") && !scheme.equals("git")
                && !scheme.equals("file")) {
            throw new IllegalArgumentException("'url' " + redact(uri) + ": only https://, http://, git://, ssh://"
                    + " (or git@host:path) and file:// are pulled");
        }
        String branch = config.branch() == null ? "" : config.branch().strip();
        if (branch.startsWith("refs/heads/")) {
            branch = branch.substring("refs/heads/".length());
        }
        if (branch.isEmpty() || branch.contains("..") || branch.startsWith("-") || branch.contains(" ")) {
            throw new IllegalArgumentException("'branch' must be a branch name, got '" + config.branch() + "'");
        }
        Duration interval = duration("pullInterval", config.pullInterval());
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("'pullInterval' must be at least 1s, got '" + config.pullInterval()
                    + "'");
        }
        Duration timeout = duration("timeout", config.timeout());
        if (timeout.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("'timeout' must be at least 1s, got '" + config.timeout() + "'");
        }
        String passwordFile = config.passwordFile() == null ? "" : config.passwordFile().strip();
        Optional<Path> password = passwordFile.isEmpty() ? Optional.empty()
                : Optional.of(base.resolve(passwordFile));
        String username = config.username() == null ? "" : config.username().strip();
        if (password.isPresent() && username.isEmpty() && uri.getUser() == null) {
            throw new IllegalArgumentException("'passwordFile' needs a user name: set 'username' (for a token, any"
                    + " name the server accepts, e.g. oauth2 or git)");
        }
        Optional<Ssh> sshSettings = Optional.empty();
        if (ssh) {
            String key = text(config.sshKeyFile());
            String hosts = text(config.knownHostsFile());
            if (key.isEmpty() || hosts.isEmpty()) {
                throw new IllegalArgumentException("an ssh url needs 'sshKeyFile' (the private key) and"
                        + " 'knownHostsFile' (the server's host key, e.g. from ssh-keyscan): no unknown host is"
                        + " trusted");
            }
            String keyPassword = text(config.sshKeyPasswordFile());
            sshSettings = Optional.of(new Ssh(base.resolve(key),
                    keyPassword.isEmpty() ? Optional.empty() : Optional.of(base.resolve(keyPassword)),
                    base.resolve(hosts)));
        }
        return new GitSettings(name, url, branch, interval, timeout, username, password, config.enable(),
                sshSettings);
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    /** The url without a password, for messages and the shell. */
    String origin() {
        try {
            return redact(new URIish(url));
        } catch (URISyntaxException e) {
            return "(a url that does not parse)";
        }
    }

    /** Whether the url itself holds a password (a warning: it belongs in a file). */
    boolean passwordInUrl() {
        try {
            return new URIish(url).getPass() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Seconds, or a duration such as {@code 30s}, {@code 1m}, {@code 1h30m}, {@code 500ms}. */
    static Duration duration(String key, String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher part = DURATION_PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            end = part.end();
        }
        if (value.isEmpty() || end != value.length()) {
            throw new IllegalArgumentException("'" + key + "' must be seconds or a duration such as 30s, 1m, 1h30m;"
                    + " got '" + text + "'");
        }
        return total;
    }

    private static String redact(URIish uri) {
        return uri.setPass(null).toString();
    }
}
