package io.terrarium.validation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Terrarium DataKit validation",
        description = "Rules DataKit points and events keep before any sink sends them")
@interface DataKitValidatorConfig {

    @AttributeDefinition(description = "Events (keyevent): warnings refuse the event too, not only errors")
    boolean strictEvents() default true;

    @AttributeDefinition(description = "Other points: warnings (what DataKit would truncate or trim) refuse the point "
            + "too, not only errors")
    boolean strictPoints() default false;
}
