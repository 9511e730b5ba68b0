package io.terrarium.sink.netdata.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Terrarium Netdata sink",
        description = "Writes Netdata's external-plugin protocol to the process's original stdout")
@interface NetdataSinkConfig {

    @AttributeDefinition(description = "Plugin name written in the CHART lines")
    String pluginName() default "terrarium.plugin";

    @AttributeDefinition(description = "Per-job runtime charts (netdata.runtime_<job>); the framework property "
            + "terrarium.netdata.internals=false (NETDATA_INTERNALS_MONITORING=NO) turns them off too")
    boolean runtimeCharts() default true;
}
