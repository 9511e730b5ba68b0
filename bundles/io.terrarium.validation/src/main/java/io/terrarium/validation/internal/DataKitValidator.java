package io.terrarium.validation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.Rejection;
import io.terrarium.api.Validator;
import io.terrarium.api.Verdict;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

/**
 * DataKit's rules on every point of a result, and the keyevent table of the pythond documentation on every event
 * ({@link DataKitRules}). A refused point is left out of its batch; the rest of the batch goes on. Warnings (what
 * DataKit would correct by itself) are logged and, in strict mode, refuse the point too; strict is the default for
 * events.
 */
@Component(service = Validator.class, property = "terrarium.validator=datakit",
        configurationPid = "io.terrarium.validation.datakit")
@Designate(ocd = DataKitValidatorConfig.class)
public final class DataKitValidator implements Validator {

    private static final Logger LOG = LoggerFactory.getLogger(DataKitValidator.class);

    private volatile DataKitValidatorConfig config;
    private final WarningThrottle throttle = new WarningThrottle();
    private final LongSupplier clock;
    private final Consumer<String> warnings;

    @Activate
    public DataKitValidator(DataKitValidatorConfig config) {
        this(config, System::currentTimeMillis, LOG::warn);
    }

    /** For tests: the clock the throttle reads and where warning lines go. */
    DataKitValidator(DataKitValidatorConfig config, LongSupplier clock, Consumer<String> warnings) {
        this.config = config;
        this.clock = clock;
        this.warnings = warnings;
    }

    @Modified
    void modified(DataKitValidatorConfig changed) {
        this.config = changed;
    }

    @Override
    public Verdict validate(CollectionResult result) {
        if (result.batches().isEmpty()) {
            return Verdict.pass(result);
        }
        DataKitValidatorConfig settings = config;
        List<Rejection> rejections = new ArrayList<>();
        List<PointBatch> batches = new ArrayList<>(result.batches().size());
        boolean changed = false;
        for (PointBatch batch : result.batches()) {
            boolean event = batch.category() == PointCategory.KEYEVENT;
            boolean strict = event ? settings.strictEvents() : settings.strictPoints();
            List<Point> kept = new ArrayList<>(batch.points().size());
            for (Point point : batch.points()) {
                List<DataKitRules.Problem> problems = new ArrayList<>(DataKitRules.point(point));
                if (event) {
                    problems.addAll(DataKitRules.event(point));
                }
                boolean refused = false;
                for (DataKitRules.Problem problem : problems) {
                    if (problem.error() || strict) {
                        refused = true;
                        rejections.add(new Rejection(result.job(), batch.category().path(), describe(point),
                                problem.rule()));
                    } else {
                        warn(result, batch.category(), point, problem.rule());
                    }
                }
                if (refused) {
                    changed = true;
                } else {
                    kept.add(point);
                }
            }
            if (!kept.isEmpty()) {
                batches.add(kept.size() == batch.points().size() ? batch : new PointBatch(batch.category(),
                        batch.input(), batch.ignoreGlobalTags(), batch.destination(), kept));
            }
        }
        return changed ? new Verdict(result.withBatches(batches), rejections) : new Verdict(result, rejections);
    }

    /** Logs the first warning of a kind (job, category, rule), then at most one a minute. */
    private void warn(CollectionResult result, PointCategory category, Point point, String rule) {
        long suppressed = throttle.admit(result.job() + "\u0000" + category.path() + "\u0000" + rule,
                clock.getAsLong());
        if (suppressed < 0) {
            return;
        }
        warnings.accept(result.job() + ": " + category.path() + " " + describe(point) + ": " + rule
                + " (sent anyway: DataKit will correct it)"
                + (suppressed == 0 ? "" : " (and " + suppressed + " more like it since the last such line)"));
    }

    /** The point as one log-friendly line, cut short. */
    static String describe(Point point) {
        String text = point.measurement() + " " + point.tags() + " " + point.fields();
        text = text.replace("\n", "\\n").replace("\r", "\\r");
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
