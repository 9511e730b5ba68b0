package io.terrarium.source.git.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link GitRepositoryConfig} as DS would make it from properties: given keys, else the defaults. */
final class Configs {

    private Configs() {
    }

    static GitRepositoryConfig of(Map<String, ?> values) {
        return (GitRepositoryConfig) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] {GitRepositoryConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return GitRepositoryConfig.class;
                    }
                    Object value = values.get(method.getName());
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    return method.getReturnType() == boolean.class ? Boolean.valueOf(value.toString()) : value;
                });
    }
}
