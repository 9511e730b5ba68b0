package io.terrarium.sink.file.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A configuration annotation instance as DS builds one: the given values, the annotation's defaults for the rest. */
final class Configs {

    private Configs() {
    }

    static FileSinkConfig file(Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return (FileSinkConfig) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] { FileSinkConfig.class }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "FileSinkConfig" + values;
                        };
                    }
                    if (method.getName().equals("annotationType")) {
                        return FileSinkConfig.class;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }

    /** The service properties of factory configuration {@code io.terrarium.sink.file~<name>}. */
    static Map<String, Object> factory(String name) {
        return Map.of("service.pid", FileSink.PID + "~" + name, "service.factoryPid", FileSink.PID);
    }
}
