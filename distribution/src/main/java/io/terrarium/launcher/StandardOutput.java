package io.terrarium.launcher;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Keeps stdout for what it is meant to carry: the Netdata protocol in plugin mode, the shell's output in shell mode,
 * nothing when headless. Whatever else prints to System.out (SCR's own log when there is no log service, a stray
 * println in a bundle, Gogo's runtime for threads outside a session) goes to stderr from the start.
 */
final class StandardOutput {

    private StandardOutput() {
    }

    /** Points System.out at stderr and returns System.out as it was. */
    static PrintStream divertToStderr() {
        PrintStream original = System.out;
        original.flush();
        System.setOut(System.err);
        return original;
    }

    /** The process's real stdout (file descriptor 1), buffered: the Netdata sink's alone in plugin mode. */
    static OutputStream raw() {
        return new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
    }
}
