package io.terrarium.api.data;

import java.util.List;

/**
 * One chart's values of one collection.
 *
 * @param chart           the chart's current definition
 * @param sinceLastMicros microseconds since this chart's previous update, 0 when it was not updated last time
 * @param values          dimension values
 * @param variables       chart variables
 */
public record ChartUpdate(Chart chart, long sinceLastMicros, List<DimensionValue> values,
        List<DimensionValue> variables) {

    public ChartUpdate {
        values = List.copyOf(values);
        variables = List.copyOf(variables);
    }
}
