package io.terrarium.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code terrarium:sink-delete <name>}: {@link TerrariumCommands#sinkDelete}. */
@Component(service = Function.class, property = {
        "osgi.command.scope=terrarium",
        "osgi.command.function=sink-delete" })
public final class SinkDeleteCommand extends HyphenatedCommand {

    static final String USAGE = "usage: sink-delete <name>";

    private final TerrariumCommands commands;

    @Activate
    public SinkDeleteCommand(@Reference TerrariumCommands commands) {
        this.commands = commands;
    }

    @Override
    String run(List<String> arguments) {
        if (arguments.size() != 1) {
            return USAGE;
        }
        return commands.sinkDelete(arguments.get(0));
    }
}
