package io.terrarium.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.terrarium.api.Rejection;
import io.terrarium.api.Validator;
import io.terrarium.api.Verdict;
import io.terrarium.api.data.CollectionResult;

class ValidatorsTest {

    /** Takes every chart out and says so once per result; counts its calls. */
    static final class DropCharts implements Validator {
        final AtomicInteger calls = new AtomicInteger();
        final String rule;

        DropCharts(String rule) {
            this.rule = rule;
        }

        @Override
        public Verdict validate(CollectionResult result) {
            calls.incrementAndGet();
            if (result.charts().isEmpty()) {
                return Verdict.pass(result);
            }
            return new Verdict(result.withCharts(List.of()), List.of(new Rejection(result.job(), "chart", "all", rule)));
        }
    }

    @Test
    void aValidatorForSomeSinkTypesLeavesTheOthersTheirData() {
        Validators validators = new Validators();
        DropCharts forNetdata = new DropCharts("not for netdata");
        validators.add(forNetdata, Map.of(Validator.SINK_TYPES, List.of("netdata", "remote")));
        CollectionResult result = Results.values("m/a", 7);

        Validators.Pass pass = validators.validate(result);
        assertSame(result, pass.common());
        assertSame(result, pass.forType("file"));
        assertSame(result, pass.forType(""));
        assertEquals(List.of(), pass.forType("netdata").charts());
        // two types with the same validators share one pass through them: one call, one rejection
        assertSame(pass.forType("netdata"), pass.forType("remote"));
        assertEquals(1, forNetdata.calls.get());
        assertEquals(List.of("not for netdata"), pass.rejections().stream().map(Rejection::rule).toList());
    }

    @Test
    void validatorsForEverySinkComeFirstAndEachRejectionIsCountedOnce() {
        Validators validators = new Validators();
        DropCharts typed = new DropCharts("typed");
        DropCharts everyone = new DropCharts("every sink");
        validators.add(typed, Map.of(Validator.SINK_TYPES, "netdata"));
        validators.add(everyone, Map.of());
        Validators.Pass pass = validators.validate(Results.values("m/a", 1));
        // the common validator already took the charts: the typed one has nothing to refuse
        assertEquals(List.of(), pass.forType("netdata").charts());
        assertEquals(List.of("every sink"), pass.rejections().stream().map(Rejection::rule).toList());

        validators.remove(everyone);
        Validators.Pass after = validators.validate(Results.values("m/a", 2));
        assertEquals(1, after.common().charts().size());
        after.forType("netdata");
        assertEquals(List.of("typed"), after.rejections().stream().map(Rejection::rule).toList());
    }

    @Test
    void sinkTypesAreAStringAListOrAnArrayCommaSeparatedOrNot() {
        assertEquals(Set.of(), Validators.types(null));
        assertEquals(Set.of("netdata"), Validators.types("netdata"));
        assertEquals(Set.of("netdata", "file"), Validators.types(" netdata , file "));
        assertEquals(Set.of("netdata", "file"), Validators.types(new String[] {"netdata", "file"}));
        assertEquals(Set.of("netdata", "file"), Validators.types(List.of("netdata", "file")));
        assertEquals(Set.of(), Validators.types(""));
    }
}
