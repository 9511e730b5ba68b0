package io.terrarium.sink.prometheus.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A configuration annotation instance as DS builds one: the given values, the annotation's defaults for the rest. */
final class Configs {

    private Configs() {
    }

    /** Loopback with a port the system picks, unless the test says otherwise. */
    static PrometheusSinkConfig prometheus(Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        values.put("address", "127.0.0.1:0");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return (PrometheusSinkConfig) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] { PrometheusSinkConfig.class }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "PrometheusSinkConfig" + values;
                        };
                    }
                    if (method.getName().equals("annotationType")) {
                        return PrometheusSinkConfig.class;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }

    /** The component properties of factory configuration {@code io.terrarium.sink.prometheus~<name>}. */
    static Map<String, Object> factoryProperties(String name) {
        return Map.of("service.pid", "io.terrarium.sink.prometheus~" + name,
                "service.factoryPid", "io.terrarium.sink.prometheus", "component.name",
                PrometheusSink.class.getName());
    }
}
