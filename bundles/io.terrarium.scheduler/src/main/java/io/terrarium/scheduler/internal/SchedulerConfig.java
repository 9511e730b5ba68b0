package io.terrarium.scheduler.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Terrarium scheduler", description = "Timing of collector jobs")
@interface SchedulerConfig {

    @AttributeDefinition(description = "Seconds a job's load and check() may take before its worker is killed; "
            + "a job's own check_timeout key overrides it")
    int checkTimeoutSeconds() default 60;

    @AttributeDefinition(description = "Seconds one collection may take before its worker is killed; 0 means "
            + "max(10, 2 x update_every); a job's own collect_timeout key overrides it")
    int collectTimeoutSeconds() default 0;
}
