package io.terrarium.sink.file.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Why a file operation failed, in words an operator can act on (NIO's messages are often only the path). */
final class IoReason {

    private IoReason() {
    }

    /** @param target the file being written, left out of the reason when the failure is about that file itself */
    static String of(IOException e, Path target) {
        if (e instanceof FileSystemException failure) {
            String file = failure.getFile() == null || failure.getFile().equals(String.valueOf(target)) ? ""
                    : failure.getFile() + ": ";
            String reason = failure.getReason();
            if (reason == null) {
                reason = defaultReason(failure);
            }
            return file + reason;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String defaultReason(FileSystemException failure) {
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (failure instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (failure instanceof FileAlreadyExistsException) {
            // what createDirectories says when a part of the folder path is a file
            return "exists and is not a folder";
        }
        return failure.getClass().getSimpleName();
    }
}
