package io.terrarium.config.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's content in 16 hex digits (the start of its SHA-256): a job's {@code revision} (its module's source, so an
 * edited module restarts exactly its jobs) and the identity of a bad file's content (so the same error about new
 * content is news). Equal bytes, equal fingerprint; stateless.
 */
final class SourceFingerprint {

    private static final int HEX_DIGITS = 16;

    private SourceFingerprint() {
    }

    /** The fingerprint of the file's bytes; {@code ""} when it cannot be read (gone meanwhile: the next scan tells). */
    static String of(Path file) {
        try {
            return of(Files.readAllBytes(file));
        } catch (IOException e) {
            return "";
        }
    }

    static String of(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
