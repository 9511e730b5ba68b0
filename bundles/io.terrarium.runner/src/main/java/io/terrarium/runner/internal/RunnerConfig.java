package io.terrarium.runner.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Terrarium runner", description = "Python worker processes")
@interface RunnerConfig {

    @AttributeDefinition(description = "Interpreter for workers whose jobs name none; empty: the "
            + "terrarium.python.interpreter framework property, else python3 from PATH")
    String interpreter() default "";

    @AttributeDefinition(description = "Milliseconds a new worker has to report ready")
    long readyTimeoutMillis() default 15000;

    @AttributeDefinition(description = "Delay before the second restart in a row, in ms (the first is immediate); "
            + "it doubles with each further restart")
    long restartDelayMinMillis() default 1000;

    @AttributeDefinition(description = "Longest delay between restarts, in ms")
    long restartDelayMaxMillis() default 60000;

    @AttributeDefinition(description = "A worker that ran this many ms before dying restarts at once again")
    long stableAfterMillis() default 60000;

    @AttributeDefinition(description = "Milliseconds workers get to exit after their input closes, when stopping")
    long stopGraceMillis() default 300;

    @AttributeDefinition(description = "How many of its latest log lines each job keeps for the shell")
    int recentLogLines() default 100;

    @AttributeDefinition(description = "Most threads that complete the runner's calls (and run what callers chain "
            + "onto them), whatever the number of jobs: one always, more only while it falls behind")
    int completionThreads() default 2;
}
