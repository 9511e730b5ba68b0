package io.terrarium.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code terrarium:sink-create <type> <name> [key=value ...]}: {@link TerrariumCommands#sinkCreate}. */
@Component(service = Function.class, property = {
        "osgi.command.scope=terrarium",
        "osgi.command.function=sink-create" })
public final class SinkCreateCommand extends HyphenatedCommand {

    static final String USAGE = "usage: sink-create <type> <name> [key=value ...]";

    private final TerrariumCommands commands;

    @Activate
    public SinkCreateCommand(@Reference TerrariumCommands commands) {
        this.commands = commands;
    }

    @Override
    String run(List<String> arguments) {
        if (arguments.size() < 2) {
            return USAGE;
        }
        return commands.sinkCreate(arguments.get(0), arguments.get(1), rest(arguments, 2));
    }
}
