package io.terrarium.source.git.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Terrarium git repository",
        description = "A git repository of collectors (conf.d/ and python.d/, as a collector bundle holds them), pulled"
                + " on an interval and run as a job source of its name; one per factory configuration")
@interface GitRepositoryConfig {

    @AttributeDefinition(description = "The repository: https://, http://, git://, ssh:// or git@host:path (a user"
            + " name may be part of it; a password belongs in passwordFile)")
    String url();

    @AttributeDefinition(description = "The branch to follow; a force push is followed too")
    String branch() default "master";

    @AttributeDefinition(description = "How often to pull: seconds, or a duration such as 30s, 1m, 1h30m")
    String pullInterval() default "1m";

    @AttributeDefinition(description = "How long one pull may take on the network before it fails")
    String timeout() default "30s";

    @AttributeDefinition(description = "The user name for http(s) (else the one in the url)")
    String username() default "";

    @AttributeDefinition(description = "A file holding the password or access token for http(s); read at each pull,"
            + " never logged")
    String passwordFile() default "";

    @AttributeDefinition(description = "For ssh: the private key file (OpenSSH or PEM; RSA or ECDSA)")
    String sshKeyFile() default "";

    @AttributeDefinition(description = "For ssh: a file holding the private key's passphrase; read at each pull,"
            + " never logged")
    String sshKeyPasswordFile() default "";

    @AttributeDefinition(description = "For ssh: the known_hosts file the server's host key must be in")
    String knownHostsFile() default "";

    @AttributeDefinition(description = "false: the repository is neither pulled nor run (its checkout is kept)")
    boolean enable() default true;

    @AttributeDefinition(description = "The job source's name; else the factory configuration's name")
    String name() default "";
}
