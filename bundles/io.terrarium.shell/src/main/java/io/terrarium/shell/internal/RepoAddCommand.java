package io.terrarium.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code terrarium:repo-add ...}: {@link TerrariumCommands#repoAdd}. */
@Component(service = Function.class, property = {
        "osgi.command.scope=terrarium",
        "osgi.command.function=repo-add" })
public final class RepoAddCommand extends HyphenatedCommand {

    static final String USAGE = "usage: repo-add <name> url=<url> [key=value ...]";

    private final TerrariumCommands commands;

    @Activate
    public RepoAddCommand(@Reference TerrariumCommands commands) {
        this.commands = commands;
    }

    @Override
    String run(List<String> arguments) {
        if (arguments.size() < 2) {
            return USAGE;
        }
        return commands.repoAdd(arguments.get(0), rest(arguments, 1));
    }
}
