package io.terrarium.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code terrarium:repo-change ...}: {@link TerrariumCommands#repoChange}. */
@Component(service = Function.class, property = {
        "osgi.command.scope=terrarium",
        "osgi.command.function=repo-change" })
public final class RepoChangeCommand extends HyphenatedCommand {

    static final String USAGE = "usage: repo-change <name> key=value ... (key= removes the key)";

    private final TerrariumCommands commands;

    @Activate
    public RepoChangeCommand(@Reference TerrariumCommands commands) {
        this.commands = commands;
    }

    @Override
    String run(List<String> arguments) {
        if (arguments.size() < 2) {
            return USAGE;
        }
        return commands.repoChange(arguments.get(0), rest(arguments, 1));
    }
}
