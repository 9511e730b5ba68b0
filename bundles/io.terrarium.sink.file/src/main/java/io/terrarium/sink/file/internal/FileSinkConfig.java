package io.terrarium.sink.file.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Terrarium file sink",
        description = "Writes what jobs collect to a file as JSON lines (one object per chart update, DataKit point "
                + "and retired chart), rotated by size; one instance per factory configuration")
@interface FileSinkConfig {

    @AttributeDefinition(required = false, description = "The file to write; a relative path is resolved against the "
            + "framework property terrarium.home (else the working directory); its folder is created")
    String path() default "";

    @AttributeDefinition(description = "Rotate before the file would grow past this many bytes; 0 = never rotate. "
            + "A result is never split: one larger than this is written whole to a fresh file")
    long maxBytes() default 10_485_760;

    @AttributeDefinition(description = "Rotated files kept (path.1 newest ... path.N oldest); 0 = the file is "
            + "truncated and started again instead")
    int keep() default 5;

    @AttributeDefinition(description = "Hand each result to the operating system at once; false buffers up to "
            + "64 KiB in memory (written when full, on a configuration change and on stop)")
    boolean flush() default true;

    // Off by default: a disk sync per result costs milliseconds on spinning disks and is rarely worth it for a
    // debugging or shipping file; operators who need power-cut durability turn it on.
    @AttributeDefinition(description = "Also force each write to the storage device (fsync) before the next result")
    boolean fsync() default false;

    @AttributeDefinition(description = "Which lines to write: chart (python.d chart updates), point (DataKit "
            + "records), obsolete (retired charts)")
    String[] kinds() default { "chart", "point", "obsolete" };
}
