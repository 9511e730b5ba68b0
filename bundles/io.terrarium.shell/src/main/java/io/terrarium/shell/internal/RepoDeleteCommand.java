package io.terrarium.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code terrarium:repo-delete ...}: {@link TerrariumCommands#repoDelete}. */
@Component(service = Function.class, property = {
        "osgi.command.scope=terrarium",
        "osgi.command.function=repo-delete" })
public final class RepoDeleteCommand extends HyphenatedCommand {

    static final String USAGE = "usage: repo-delete <name>";

    private final TerrariumCommands commands;

    @Activate
    public RepoDeleteCommand(@Reference TerrariumCommands commands) {
        this.commands = commands;
    }

    @Override
    String run(List<String> arguments) {
        if (arguments.size() != 1) {
            return USAGE;
        }
        return commands.repoDelete(arguments.get(0));
    }
}
