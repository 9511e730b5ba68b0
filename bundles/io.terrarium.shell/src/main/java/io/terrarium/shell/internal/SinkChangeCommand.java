package io.terrarium.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code terrarium:sink-change <name> key=value ...}: {@link TerrariumCommands#sinkChange}. */
@Component(service = Function.class, property = {
        "osgi.command.scope=terrarium",
        "osgi.command.function=sink-change" })
public final class SinkChangeCommand extends HyphenatedCommand {

    static final String USAGE = "usage: sink-change <name> key=value ... (key= removes the key)";

    private final TerrariumCommands commands;

    @Activate
    public SinkChangeCommand(@Reference TerrariumCommands commands) {
        this.commands = commands;
    }

    @Override
    String run(List<String> arguments) {
        if (arguments.size() < 2) {
            return USAGE;
        }
        return commands.sinkChange(arguments.get(0), rest(arguments, 1));
    }
}
