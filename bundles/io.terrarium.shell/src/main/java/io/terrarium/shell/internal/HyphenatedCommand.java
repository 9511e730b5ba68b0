package io.terrarium.shell.internal;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/**
 * A command whose name no Java method can have ({@code sink-create}). Gogo calls a command service that is a
 * {@link Function} with the arguments instead of looking for a method of the command's name; this hands them, as
 * strings, to the {@link TerrariumCommands} method that has the help text.
 *
 * <p>Stateless; called from Gogo session threads.
 */
abstract class HyphenatedCommand implements Function {

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        return run(arguments.stream().map(String::valueOf).toList());
    }

    /** The command's output for these arguments, or its usage line when they do not fit. */
    abstract String run(List<String> arguments);

    static String[] rest(List<String> arguments, int from) {
        return arguments.subList(Math.min(from, arguments.size()), arguments.size()).toArray(String[]::new);
    }
}
